package blobs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"iescp/backend/domain"
)

// Store is a desktop's local blobs: dir/<sha256> holds the bytes (written
// atomically: a temp file, fsync, rename), dir/<sha256>.uploaded says the
// server has them (uploaded from here, or fetched from there). Bytes are
// verified against their name whenever they are read back.
type Store struct{ dir string }

// Open makes (if needed) and opens the store in dir, readable by its owner only.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("blobs: %w", err)
	}
	return &Store{dir: dir}, nil
}

// Dir is where the store keeps its files.
func (s *Store) Dir() string { return s.dir }

// Put checks b (Sniff) and keeps it under its hash; name is the user's name for
// it, kept in the returned Ref only (clipped to MaxNameLen characters).
func (s *Store) Put(name string, b []byte) (Ref, error) {
	ct, err := Sniff(b)
	if err != nil {
		return Ref{}, err
	}
	ref := Ref{SHA256: Hash(b), Name: CleanName(name), Size: int64(len(b)), ContentType: ct}
	if err := s.write(ref.SHA256, b); err != nil {
		return Ref{}, err
	}
	return ref, nil
}

// Keep stores bytes fetched from the server under sha, after checking that they
// hash to it and are an allowed type, and marks them as on the server.
func (s *Store) Keep(sha string, b []byte) (string, error) {
	if got := Hash(b); got != sha {
		return "", domain.Errorf(domain.CodeInvalidArgument, "the attachment's bytes hash to %s, not %s", got, sha)
	}
	ct, err := Sniff(b)
	if err != nil {
		return "", err
	}
	if err := s.write(sha, b); err != nil {
		return "", err
	}
	return ct, s.MarkUploaded(sha)
}

func (s *Store) write(sha string, b []byte) error {
	path := s.path(sha)
	if _, err := s.Get(sha); err == nil {
		return nil // already here, intact
	}
	tmp, err := os.CreateTemp(s.dir, ".put-*")
	if err != nil {
		return fmt.Errorf("blobs: %w", err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // after the rename: nothing to remove
	if _, err := tmp.Write(b); err != nil {
		return errors.Join(fmt.Errorf("blobs: write %s: %w", sha, err), tmp.Close())
	}
	if err := tmp.Sync(); err != nil {
		return errors.Join(fmt.Errorf("blobs: sync %s: %w", sha, err), tmp.Close())
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("blobs: close %s: %w", sha, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("blobs: %w", err)
	}
	return nil
}

// ErrMissing means the store does not hold the blob (or held a damaged copy,
// which Get removes).
var ErrMissing = errors.New("blobs: not held here")

// Get reads the blob named sha and verifies it: a damaged file (its bytes no
// longer hash to its name) is removed and answers ErrMissing, so it is fetched
// or uploaded again rather than shown.
func (s *Store) Get(sha string) ([]byte, error) {
	if !ValidHash(sha) {
		return nil, domain.Errorf(domain.CodeInvalidArgument, "%q is not a SHA-256 in lowercase hex", clip(sha))
	}
	b, err := os.ReadFile(s.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrMissing
	}
	if err != nil {
		return nil, fmt.Errorf("blobs: %w", err)
	}
	if Hash(b) != sha {
		_ = os.Remove(s.path(sha))
		_ = os.Remove(s.path(sha) + uploadedSuffix)
		return nil, ErrMissing
	}
	return b, nil
}

// Has tells whether the store holds the blob (without reading it).
func (s *Store) Has(sha string) bool {
	if !ValidHash(sha) {
		return false
	}
	_, err := os.Stat(s.path(sha))
	return err == nil
}

const uploadedSuffix = ".uploaded"

// MarkUploaded records that the server holds the blob.
func (s *Store) MarkUploaded(sha string) error {
	if !ValidHash(sha) {
		return domain.Errorf(domain.CodeInvalidArgument, "%q is not a SHA-256 in lowercase hex", clip(sha))
	}
	if err := os.WriteFile(s.path(sha)+uploadedSuffix, nil, 0o600); err != nil {
		return fmt.Errorf("blobs: %w", err)
	}
	return nil
}

// Uploaded tells whether the server is known to hold the blob.
func (s *Store) Uploaded(sha string) bool {
	if !ValidHash(sha) {
		return false
	}
	_, err := os.Stat(s.path(sha) + uploadedSuffix)
	return err == nil
}

func (s *Store) path(sha string) string { return filepath.Join(s.dir, sha) }

func clip(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}
