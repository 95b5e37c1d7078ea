package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
)

// envAdminPasswordFile is the default for serve's --admin-password-file.
const envAdminPasswordFile = "IESCP_SYNC_ADMIN_PASSWORD_FILE"

// pendingSecret is a file that will hold the first admin's password: created (mode
// 0600, in the target's directory) before the admin is, so that a directory the
// server cannot write to stops it before it makes an admin whose password nobody
// could ever read; renamed into place once the admin exists, removed otherwise.
type pendingSecret struct {
	path string
	tmp  *os.File
}

// preparePasswordFile checks path can be written; "" means stdout, no file.
func preparePasswordFile(path string) (*pendingSecret, error) {
	if path == "" {
		return nil, nil
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("--admin-password-file: %s is a directory", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*") // mode 0600
	if err != nil {
		return nil, fmt.Errorf("--admin-password-file: cannot write there: %w", err)
	}
	return &pendingSecret{path: path, tmp: tmp}, nil
}

// commit writes the password (alone on its line) and moves the file into place.
func (p *pendingSecret) commit(password string) error {
	_, err := p.tmp.WriteString(password + "\n")
	if err == nil {
		err = p.tmp.Chmod(0o600)
	}
	if err == nil {
		err = p.tmp.Sync()
	}
	err = errors.Join(err, p.tmp.Close())
	if err == nil {
		err = os.Rename(p.tmp.Name(), p.path)
	}
	if err != nil {
		_ = os.Remove(p.tmp.Name())
		return fmt.Errorf("write the first admin's password to %s: %w", p.path, err)
	}
	return nil
}

// discard removes the unused file (no admin was created).
func (p *pendingSecret) discard() error {
	return errors.Join(p.tmp.Close(), os.Remove(p.tmp.Name()))
}

// announceAdmin tells the operator the first admin's credentials: into the file
// when one was given (the log says where, never the password: under systemd the
// log is the journal, which many can read), else once on standard output.
func (c *cli) announceAdmin(log *slog.Logger, secret *pendingSecret, email, password string) error {
	if secret != nil {
		if err := secret.commit(password); err != nil {
			return err
		}
		log.Info("created the first admin account; its password is in the file named here (readable by the server's user only)",
			"email", email, "password_file", secret.path)
		return nil
	}
	log.Info("created the first admin account; its password is on standard output, once", "email", email)
	fmt.Fprintf(c.stdout, `
================================================================
  First start: created the admin account.

      email:     %s
      password:  %s

  This password is shown only this once. Sign in with it from a
  desktop, and keep it somewhere safe. More admins:
      iescp-sync admin create --email ... --name ...
================================================================

`, email, password)
	return nil
}
