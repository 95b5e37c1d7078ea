package server

import (
	"context"
	"encoding/json"
	"errors"
	"iescp/backend/store/pgtest"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store"
	"iescp/sync/protocol"
)

func TestCreateAdmin(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	before := e.count(`SELECT version FROM sync_meta`)
	id, err := CreateAdmin(ctx, e.s.db, " Root@Example.com", "Root", testPassword, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if n := e.count(`SELECT COUNT(*) FROM accounts WHERE id = ? AND role = 'admin' AND email = 'root@example.com' AND version = ?`,
		id, before+1); n != 1 {
		t.Errorf("got %d admin rows stamped with version %d, want 1", n, before+1)
	}
	tr := e.mustLogin("root@example.com", testPassword)
	if tr.User.Role != "admin" || tr.User.Approval != "" {
		t.Errorf("got %+v, want an admin without approval", tr.User)
	}

	tests := []struct {
		name, email, display, password string
	}{
		{"taken email", "ROOT@example.com", "Root", testPassword},
		{"bad email", "root", "Root", testPassword},
		{"short password", "r2@example.com", "Root", "short"},
		{"no name", "r3@example.com", " ", testPassword},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CreateAdmin(ctx, e.s.db, tt.email, tt.display, tt.password, e.clock.Now())
			if got := domain.ErrorCode(err); got != domain.CodeInvalidArgument {
				t.Errorf("got %v, want invalid_argument", err)
			}
		})
	}
	if n := e.count(`SELECT COUNT(*) FROM accounts`); n != 1 {
		t.Errorf("got %d accounts, want 1", n)
	}
}

func TestEnsureAdmin(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	email, password, created, err := EnsureAdmin(ctx, e.s.db, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !created || email != DefaultAdminEmail || len(password) < 20 {
		t.Fatalf("got (%q, %d characters, %v), want (%q, at least 20 characters, true)", email, len(password), created, DefaultAdminEmail)
	}
	e.mustLogin(email, password)

	email, password, created, err = EnsureAdmin(ctx, e.s.db, e.clock.Now())
	if err != nil || created || email != "" || password != "" {
		t.Errorf("second call: got (%q, %q, %v, %v), want nothing created", email, password, created, err)
	}
	if n := e.count(`SELECT COUNT(*) FROM accounts WHERE role = 'admin'`); n != 1 {
		t.Errorf("got %d admins, want 1", n)
	}
	var hash string
	if err := e.s.db.R.Get(&hash, `SELECT password_hash FROM credentials`); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$") {
		t.Errorf("got stored password %q, want an argon2id hash", hash)
	}
}

func TestEnsureAdmin_ExistingAdmin(t *testing.T) {
	e := newEnv(t, Config{})
	if _, err := CreateAdmin(context.Background(), e.s.db, "boss@example.com", "Boss", testPassword, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	_, _, created, err := EnsureAdmin(context.Background(), e.s.db, e.clock.Now())
	if err != nil || created {
		t.Errorf("got created %v, err %v; want no second admin", created, err)
	}
}

// pullAs pulls once and returns the answer.
func (e *testEnv) pullAs(token, clientID string, cursor int64, epoch string) protocol.PullResponse {
	e.t.Helper()
	status, _, body := e.do("POST", "/sync/v1/pull", token, protocol.PullRequest{ClientID: clientID,
		ProtocolVersion: protocol.ProtocolVersion, SchemaVersion: e.s.cfg.MinSchemaVersion, Cursor: cursor, Epoch: epoch})
	if status != http.StatusOK {
		e.t.Fatalf("pull: got %d %s", status, body)
	}
	var pr protocol.PullResponse
	if err := json.Unmarshal(body, &pr); err != nil {
		e.t.Fatal(err)
	}
	return pr
}

func TestBackup_RestoreResetsDesktops(t *testing.T) {
	if pgtest.Enabled() {
		t.Skip("a PostgreSQL server is backed up with pg_dump and restored with pg_restore: TestPostgresRestoreResetsDesktops")
	}
	e := newEnv(t, Config{})
	ctx := context.Background()
	e.register(influencerReq("ivy@example.com"))
	tr := e.mustLogin("ivy@example.com", testPassword)
	client := domain.NewID()
	before := e.pullAs(tr.AccessToken, client, 0, "")
	if before.Reset || before.Epoch == "" || before.Cursor == 0 {
		t.Fatalf("first pull: got %+v", before)
	}

	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := Backup(ctx, e.s.db, dst); err != nil {
		t.Fatal(err)
	}
	if err := Backup(ctx, e.s.db, dst); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("backup over an existing file: got %v, want an error saying it exists", err)
	}
	for _, side := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(dst + side); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("backup left %s%s (err %v): want one self-contained file", dst, side, err)
		}
	}
	// The live server keeps its epoch.
	if again := e.pullAs(tr.AccessToken, client, before.Cursor, before.Epoch); again.Reset || again.Epoch != before.Epoch {
		t.Errorf("live server after a backup: got reset %v epoch %s, want no reset, epoch %s", again.Reset, again.Epoch, before.Epoch)
	}
	// A change after the backup is lost by the restore.
	e.register(sponsorReq("late@example.com"))

	// Restore: stop, copy the backup over the database, start.
	dbPath := e.s.db.Path
	e.stop()
	for _, side := range []string{"-wal", "-shm"} {
		_ = os.Remove(dbPath + side)
	}
	b, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dbPath, b, 0o600); err != nil {
		t.Fatal(err)
	}
	e.start(Config{DBPath: dbPath})

	if n := e.count(`SELECT COUNT(*) FROM accounts WHERE email = 'ivy@example.com'`); n != 1 {
		t.Errorf("restored database: got %d rows for ivy, want 1", n)
	}
	if n := e.count(`SELECT COUNT(*) FROM accounts WHERE email = 'late@example.com'`); n != 0 {
		t.Errorf("restored database: got %d rows for the later account, want 0", n)
	}
	// The signing key and refresh tokens come back with the backup: the desktop
	// stays signed in, and its first pull after the restore is a reset.
	after := e.pullAs(tr.AccessToken, client, before.Cursor, before.Epoch)
	if !after.Reset || after.Epoch == before.Epoch {
		t.Errorf("pull after restore: got reset %v epoch %s, want reset and a new epoch (old %s)", after.Reset, after.Epoch, before.Epoch)
	}
	if status, _ := e.refresh(tr.RefreshToken); status != http.StatusOK {
		t.Errorf("refresh after restore: got %d, want 200", status)
	}
}

func TestBackup_WhileWriting(t *testing.T) {
	if pgtest.Enabled() {
		t.Skip("a PostgreSQL server is backed up with pg_dump and restored with pg_restore: TestPostgresRestoreResetsDesktops")
	}
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "live.db"), store.SetDomain, store.SetServer)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done, writing := make(chan error, 1), make(chan struct{})
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	go func() {
		for i := 0; ctx.Err() == nil; i++ {
			if i == 10 {
				close(writing) // the writer is well under way: back up now, while it goes on
			}
			a := &newAccount{Role: domain.RoleAdmin, Email: domain.NewID() + "@example.com", Name: "A"}
			if _, _, err := createAccount(ctx, db, a, "$argon2id$x", now); err != nil && ctx.Err() == nil {
				if i < 10 {
					close(writing)
				}
				done <- err
				return
			}
		}
		done <- nil
	}()
	select {
	case <-writing:
	case <-time.After(30 * time.Second):
		t.Fatal("the writer never got going")
	}
	dst := filepath.Join(dir, "copy.db")
	if err := Backup(context.Background(), db, dst); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	cp, err := store.Open(dst, store.SetDomain, store.SetServer)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	var check string
	if err := cp.R.Get(&check, `PRAGMA integrity_check`); err != nil || check != "ok" {
		t.Errorf("integrity_check of the copy: got %q, %v", check, err)
	}
	// Consistent: every account has its credentials and the counter covers every row.
	var orphans, ahead int
	_ = cp.R.Get(&orphans, `SELECT COUNT(*) FROM accounts a LEFT JOIN credentials c ON c.account_id = a.id WHERE c.account_id IS NULL`)
	_ = cp.R.Get(&ahead, `SELECT COUNT(*) FROM accounts WHERE version > (SELECT version FROM sync_meta)`)
	if orphans != 0 || ahead != 0 {
		t.Errorf("copy: got %d accounts without credentials and %d ahead of the counter, want 0 and 0", orphans, ahead)
	}
}
