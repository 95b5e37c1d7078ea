package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iescp/backend/store"
	"iescp/sync/protocol"
)

// With --admin-password-file (here from its environment variable, as the systemd
// unit's /etc/default file sets it) the first start writes the password to the file,
// mode 0600, and only the file's path reaches the log; a later start leaves the file.
func TestRun_ServeAdminPasswordFile(t *testing.T) {
	dir := t.TempDir()
	db, pwFile := filepath.Join(dir, "s.db"), filepath.Join(dir, "initial-admin-password")
	h := newHarness("")
	h.env[envAdminPasswordFile] = pwFile
	url, stop := serve(t, h, "--addr", "127.0.0.1:0", "--db", db)

	fi, err := os.Stat(pwFile)
	if err != nil {
		t.Fatalf("no password file: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("password file mode %v, want 0600", fi.Mode().Perm())
	}
	raw, err := os.ReadFile(pwFile)
	if err != nil {
		t.Fatal(err)
	}
	password := strings.TrimSuffix(string(raw), "\n")
	if len(password) < 20 || strings.ContainsAny(password, " \n") {
		t.Fatalf("password file holds %q, want one line of 20+ characters", raw)
	}
	body, _ := json.Marshal(protocol.LoginRequest{Email: "admin@localhost", Password: password})
	resp, err := http.Post(url+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("admin login with the file's password: got %d, want 200", resp.StatusCode)
	}
	if code := stop(); code != exitOK {
		t.Fatalf("serve: exit %d; stderr %s", code, h.stderr)
	}
	if out := h.stdout.String(); strings.Contains(out, password) || strings.Contains(out, "password") {
		t.Errorf("stdout shows the password: %q", out)
	}
	logs := h.stderr.String()
	if strings.Contains(logs, password) {
		t.Error("the admin password is in the logs")
	}
	if !strings.Contains(logs, `"password_file":"`+pwFile+`"`) {
		t.Errorf("the log does not say where the password is: %s", logs)
	}

	// Second start: the admin exists; the file is left as it was, no temp file stays.
	h2 := newHarness("")
	_, stop2 := serve(t, h2, "--addr", "127.0.0.1:0", "--db", db, "--admin-password-file", pwFile)
	if code := stop2(); code != exitOK {
		t.Fatalf("second serve: exit %d", code)
	}
	if again, _ := os.ReadFile(pwFile); !bytes.Equal(again, raw) {
		t.Errorf("second start changed the password file: %q", again)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".initial-admin-password") {
			t.Errorf("a temporary file was left behind: %s", e.Name())
		}
	}
}

// A password file that cannot be written stops the first start before it creates
// an admin whose password nobody would ever see.
func TestRun_ServeAdminPasswordFileUnwritable(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	h := newHarness("")
	code := h.run(t, "serve", "--addr", "127.0.0.1:0", "--db", db,
		"--admin-password-file", filepath.Join(dir, "missing-dir", "pw"))
	if code != exitError || !strings.Contains(h.stderr.String(), "--admin-password-file") {
		t.Fatalf("got exit %d, stderr %q; want %d naming the flag", code, h.stderr, exitError)
	}
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.R.Get(&n, `SELECT COUNT(*) FROM accounts WHERE role = 'admin'`); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d admin accounts were created without a readable password", n)
	}
}
