package secrets

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"
)

type memRing struct {
	mu sync.Mutex
	m  map[string]string
}

func (r *memRing) Get(svc, user string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.m[svc+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (r *memRing) Set(svc, user, pw string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[svc+"/"+user] = pw
	return nil
}

func (r *memRing) Delete(svc, user string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.m, svc+"/"+user)
	return nil
}

// failingRing is an OS keyring that is not there (no Secret Service on CI).
type failingRing struct{ calls int }

var errNoKeyring = errors.New("org.freedesktop.secrets was not provided by any .service files")

func (f *failingRing) Get(string, string) (string, error) { f.calls++; return "", errNoKeyring }
func (f *failingRing) Set(string, string, string) error   { f.calls++; return errNoKeyring }
func (f *failingRing) Delete(string, string) error        { f.calls++; return errNoKeyring }

func TestStore_KeyringWhenAvailable(t *testing.T) {
	ring := &memRing{m: map[string]string{}}
	dir := t.TempDir()
	s := New(ring, dir)
	if err := s.Set("acc", "tok"); err != nil {
		t.Fatal(err)
	}
	if ring.m[KeyringService+"/acc"] != "tok" {
		t.Fatalf("got keyring %v, want the token there", ring.m)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the token went to the file although the keyring works")
	}
	if got, _ := s.Get("acc"); got != "tok" {
		t.Fatalf("got %q, want tok", got)
	}
	if err := s.Delete("acc"); err != nil || len(ring.m) != 0 {
		t.Fatalf("got %v (%v), want the keyring empty", ring.m, err)
	}
	if got, _ := s.Get("acc"); got != "" {
		t.Fatalf("got %q after delete, want none", got)
	}
}

func TestStore_FileFallbackIs0600(t *testing.T) {
	ring := &failingRing{}
	dir := t.TempDir()
	s := New(ring, dir)
	if err := s.Set("acc", "secret-token"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no secrets file: %v", err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Fatalf("got mode %o, want 600", mode)
	}
	if got, err := s.Get("acc"); err != nil || got != "secret-token" {
		t.Fatalf("got %q (%v), want the token from the file", got, err)
	}
	// The keyring failed once: the rest of the run goes to the file directly.
	if ring.calls != 1 {
		t.Fatalf("the failing keyring was asked %d times, want once", ring.calls)
	}
	if err := s.Set("other", "t2"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("acc"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get("other"); got != "t2" {
		t.Fatalf("got %q, want the other account's token kept", got)
	}
	// The file goes away with its last secret.
	if err := s.Delete("other"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("got %v, want the empty file removed", err)
	}
}

func TestFile_CorruptIsReplacedNotEchoed(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, []byte("not json: hunter2"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := NewFile(path)
	_, err := f.Get("acc")
	if err == nil {
		t.Fatal("read a corrupt file without an error")
	}
	if msg := err.Error(); len(msg) == 0 || contains(msg, "hunter2") {
		t.Fatalf("got %q, want an error that does not echo the file", msg)
	}
	if err := f.Set("acc", "tok"); err != nil {
		t.Fatal(err)
	}
	if got, err := f.Get("acc"); err != nil || got != "tok" {
		t.Fatalf("got %q (%v) after replacing the corrupt file", got, err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
