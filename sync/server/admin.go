package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/auth"
	"iescp/backend/domain"
	"iescp/backend/store"
)

// DefaultAdminEmail is the account EnsureAdmin creates on a server with no admin.
const DefaultAdminEmail = "admin@localhost"

// CreateAdmin creates an admin account with the given credentials (validated like a
// registration) and returns its id. An email in use is an invalid_argument error.
func CreateAdmin(ctx context.Context, db *store.Store, email, name, password string, now time.Time) (string, error) {
	e, err := normalizeEmail(email)
	if err != nil {
		return "", err
	}
	if err := checkPassword(password); err != nil {
		return "", err
	}
	a := &newAccount{Role: domain.RoleAdmin, Email: e, Name: name}
	a.Profile.Name = &a.Name
	if err := a.Profile.Validate(); err != nil {
		return "", err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return "", err
	}
	u, _, err := createAccount(ctx, db, a, hash, now)
	if err != nil {
		return "", err
	}
	return u.ID, nil
}

// EnsureAdmin creates DefaultAdminEmail with a random password when the database
// has no admin account at all, and returns the credentials (created true) so the
// caller can show them once. It never stores or logs the password in clear.
func EnsureAdmin(ctx context.Context, db *store.Store, now time.Time) (email, password string, created bool, err error) {
	n, err := countAdmins(ctx, db)
	if err != nil {
		return "", "", false, fmt.Errorf("server: look for an admin: %w", err)
	}
	if n > 0 {
		return "", "", false, nil
	}
	password = rand.Text() // 26 characters of base32: 130 random bits
	if _, err := CreateAdmin(ctx, db, DefaultAdminEmail, "Administrator", password, now); err != nil {
		// Instances started together on a new PostgreSQL database all find no admin;
		// the first to write makes it and the others' email is taken: theirs is done.
		if again, cerr := countAdmins(ctx, db); cerr == nil && again > 0 {
			return "", "", false, nil
		}
		return "", "", false, fmt.Errorf("server: create the first admin: %w", err)
	}
	return DefaultAdminEmail, password, true, nil
}

func countAdmins(ctx context.Context, db *store.Store) (int, error) {
	var n int
	err := db.R.GetContext(ctx, &n, `SELECT COUNT(*) FROM accounts WHERE role = 'admin'`)
	return n, err
}

// Backup writes a consistent copy of the live database to dst (which must not
// exist) with VACUUM INTO, then gives the copy a new random epoch, so that once it
// is restored every desktop that synced against the live server gets reset and
// re-pulls instead of trusting a cursor from a history the backup never saw.
func Backup(ctx context.Context, db *store.Store, dst string) (err error) {
	if dst == "" {
		return errors.New("backup: empty destination path")
	}
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("backup: %s already exists", dst)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	// VACUUM INTO reads one snapshot of the source. It runs on a connection of its
	// own: the readers are query_only (which refuses VACUUM INTO) and the writer would
	// hold up every write for the whole copy; under WAL writers go on meanwhile.
	conn, err := sqlx.Open("sqlite", store.DSN(db.Path, false))
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", db.Path, err)
	}
	defer func() { err = errors.Join(err, conn.Close()) }() // a no-op after the Close below (sql.DB.Close is idempotent)
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return fmt.Errorf("backup: vacuum into %s: %w", dst, err)
	}
	if err := conn.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := newEpoch(ctx, dst); err != nil {
		_ = os.Remove(dst)
		return err
	}
	return nil
}

// newEpoch opens the copy at path on its own (rollback journal, one connection,
// so it stays a single self-contained file), sets a new epoch and syncs it.
func newEpoch(ctx context.Context, path string) (err error) {
	dsn := store.FileDSN(path, "busy_timeout(10000)", "journal_mode(DELETE)", "synchronous(FULL)")
	cp, err := sqlx.Open("sqlite", dsn)
	if err != nil {
		return fmt.Errorf("backup: open copy: %w", err)
	}
	defer func() { err = errors.Join(err, cp.Close()) }() // a no-op after the Close below
	cp.SetMaxOpenConns(1)
	res, err := cp.ExecContext(ctx, `UPDATE sync_meta SET epoch = lower(hex(randomblob(16))) WHERE id = 1`)
	if err != nil {
		return fmt.Errorf("backup: new epoch: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errors.New("backup: the copy has no sync_meta row: is this a sync server database?")
	}
	if err := cp.Close(); err != nil {
		return fmt.Errorf("backup: close copy: %w", err)
	}
	// path is the operator's own --out of `iescp-sync backup` (Backup checked it
	// did not exist and VACUUM INTO just wrote it): no outside input.
	f, err := os.Open(path) //nolint:gosec // G304: the backup file the operator named on the command line, just written
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup: sync %s: %w", path, err)
	}
	return nil
}

// NewEpoch gives the live database a new random epoch and returns it. Run it on a
// database restored from an earlier state (pg_restore, a point-in-time recovery, an
// SQLite file copied back) before any server serves it: desktops that synced past
// the restored state then hold cursors from a history the database no longer has,
// and the new epoch makes each of them reset and pull again instead of trusting
// them (docs/operations.md). Backup does the same for an SQLite copy as it writes it.
func NewEpoch(ctx context.Context, db *store.Store) (string, error) {
	epoch := hex.EncodeToString(randomBytes(16)) // the same form as SQLite's lower(hex(randomblob(16)))
	err := db.Write(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sync_meta SET epoch = ? WHERE id = 1`, epoch)
		if err != nil {
			return fmt.Errorf("new epoch: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errors.New("new epoch: the database has no sync_meta row: is this a sync server database?")
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return epoch, nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+: it panics instead)
	return b
}
