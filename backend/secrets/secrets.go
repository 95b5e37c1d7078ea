// Package secrets keeps small secrets of the desktop (refresh tokens, job
// credentials) in the OS keyring, with a 0600 file in the data dir where there
// is no keyring. It implements client.SecretStore.
package secrets

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/google/renameio/v2"
	"github.com/zalando/go-keyring"

	"iescp/sync/client"
)

// KeyringService names IESCP's entries in the OS keyring (one per account ID).
const KeyringService = "iescp-desktop"

// keyringTimeout bounds one keyring call: a locked Secret Service may wait for a
// prompt nobody answers (CI, Xvfb), and sign-in must not hang on it.
const keyringTimeout = 3 * time.Second

// Keyring is the OS keyring as go-keyring exposes it (replaceable in tests).
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

type osKeyring struct{}

func (osKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (osKeyring) Set(service, user, pw string) error       { return keyring.Set(service, user, pw) }
func (osKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

// Store keeps each account's refresh token in the OS keyring (Secret Service,
// macOS Keychain, Windows Credential Manager) and, where there is none or it
// fails, in a 0600 JSON file in the data dir. Tokens are never logged.
type Store struct {
	ring Keyring // nil: file only
	file *File

	mu          sync.Mutex
	unavailable bool // the keyring failed once: use the file for the rest of the run
}

var _ client.SecretStore = (*Store)(nil)

// FileName is the fallback file's name inside the data dir.
const FileName = "secrets.json"

// New stores secrets in ring, falling back to a file under dataDir; a nil ring
// means the file only.
func New(ring Keyring, dataDir string) *Store {
	return &Store{ring: ring, file: NewFile(filepath.Join(dataDir, FileName))}
}

// NewOS stores secrets in the OS keyring with a file fallback under dataDir.
func NewOS(dataDir string) *Store { return New(osKeyring{}, dataDir) }

// withRing runs f against the keyring with a timeout; it reports false when the
// keyring is unavailable (no Secret Service, a timeout), so the caller uses the file.
func (s *Store) withRing(f func(Keyring) error) (bool, error) {
	s.mu.Lock()
	ring, off := s.ring, s.unavailable
	s.mu.Unlock()
	if ring == nil || off {
		return false, nil
	}
	done := make(chan error, 1)
	go func() { done <- f(ring) }()
	select {
	case err := <-done:
		if err == nil || errors.Is(err, keyring.ErrNotFound) {
			return true, err
		}
	case <-time.After(keyringTimeout):
	}
	s.mu.Lock()
	s.unavailable = true
	s.mu.Unlock()
	return false, nil
}

// Get returns the stored secret, or "" when there is none.
func (s *Store) Get(account string) (string, error) {
	var v string
	ok, err := s.withRing(func(r Keyring) error {
		var err error
		v, err = r.Get(KeyringService, account)
		return err
	})
	if ok && err == nil && v != "" {
		return v, nil
	}
	return s.file.Get(account)
}

// Set stores the secret in the keyring, or in the file when there is no keyring.
// Only one of them holds it afterwards.
func (s *Store) Set(account, secret string) error {
	ok, err := s.withRing(func(r Keyring) error { return r.Set(KeyringService, account, secret) })
	if ok && err == nil {
		return s.file.Delete(account)
	}
	return s.file.Set(account, secret)
}

// Delete forgets the secret wherever it is.
func (s *Store) Delete(account string) error {
	_, _ = s.withRing(func(r Keyring) error { return r.Delete(KeyringService, account) })
	return s.file.Delete(account)
}

// File is a SecretStore in one JSON file readable by its owner only (0600,
// in a 0700 directory): the fallback where no OS keyring is available.
type File struct {
	path string
	mu   sync.Mutex
}

var _ client.SecretStore = (*File)(nil)

// NewFile keeps secrets in the file at path.
func NewFile(path string) *File { return &File{path: path} }

// Path is the file's location.
func (f *File) Path() string { return f.path }

func (f *File) load() (map[string]string, error) {
	m := map[string]string{}
	b, err := os.ReadFile(f.path)
	if errors.Is(err, os.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("secrets: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("secrets: %s is corrupt", f.path) // never echo its content
	}
	return m, nil
}

func (f *File) save(m map[string]string) error {
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	if len(m) == 0 {
		if err := os.Remove(f.path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("secrets: %w", err)
		}
		return nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if err := writeAtomic(f.path, b); err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	return nil
}

// writeAtomic writes data to path through a synced 0600 temporary file beside it,
// renamed into place (renameio): readers see the old file or the new one, never
// half of it, and the file is the owner's only whatever was there before.
func writeAtomic(path string, data []byte) (err error) {
	t, err := renameio.NewPendingFile(path, renameio.WithTempDir(filepath.Dir(path)), renameio.WithStaticPermissions(0o600))
	if err != nil {
		return err
	}
	// A no-op once replaced; on failure it removes the temporary file, and a
	// leftover one (holding the secrets) is worth reporting.
	defer func() { err = errors.Join(err, t.Cleanup()) }()
	if _, err := t.Write(data); err != nil {
		return err
	}
	return t.CloseAtomicallyReplace()
}

// Get returns the account's secret, or "" when there is none.
func (f *File) Get(account string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.load()
	if err != nil {
		return "", err
	}
	return m[account], nil
}

// Set stores the account's secret.
func (f *File) Set(account, secret string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.load()
	if err != nil {
		m = map[string]string{} // a corrupt file is replaced, not fatal
	}
	m[account] = secret
	return f.save(m)
}

// Delete forgets the account's secret.
func (f *File) Delete(account string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.load()
	if err != nil {
		return f.save(map[string]string{})
	}
	if _, ok := m[account]; !ok {
		return nil
	}
	delete(m, account)
	return f.save(m)
}
