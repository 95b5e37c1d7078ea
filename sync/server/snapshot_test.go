package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

// TestSnapshot_Endpoint: GET /sync/v1/snapshot serves the caller's class file
// (picked from the role), with its version, epoch, checksum and schema; resumes
// with Range; is brought forward only past SnapshotMaxLag versions or
// SnapshotMaxAge (the injected clock); refuses a flagged account; and a server
// without a snapshot folder offers none.
func TestSnapshot_Endpoint(t *testing.T) {
	off := newEnv(t, Config{})
	_, tok := off.account(domain.RoleInfluencer)
	status, _, body := off.do(http.MethodGet, "/sync/v1/snapshot", tok, nil)
	off.wantError(status, body, http.StatusNotFound, domain.CodeNotFound)

	e := newEnv(t, Config{SnapshotDir: t.TempDir(), SnapshotMaxLag: 2, SnapshotMaxAge: time.Hour})
	inf, tok := e.account(domain.RoleInfluencer)
	status, _, body = e.do(http.MethodGet, "/sync/v1/snapshot", "", nil)
	e.wantError(status, body, http.StatusUnauthorized, domain.CodeUnauthenticated)

	version := func() int64 {
		t.Helper()
		var v int64
		if err := e.s.db.R.Get(&v, `SELECT version FROM sync_meta WHERE id = 1`); err != nil {
			t.Fatal(err)
		}
		return v
	}
	get := func(token string) (http.Header, []byte) {
		t.Helper()
		status, h, body := e.do(http.MethodGet, "/sync/v1/snapshot", token, nil)
		if status != http.StatusOK {
			t.Fatalf("snapshot: %d %s", status, body)
		}
		sum := sha256.Sum256(body)
		if got := hex.EncodeToString(sum[:]); got != h.Get(protocol.HeaderSnapshotSHA256) {
			t.Fatalf("body's sha256 %s, header %s", got, h.Get(protocol.HeaderSnapshotSHA256))
		}
		if h.Get("Content-Type") != protocol.SnapshotContentType || h.Get("Content-Length") != strconv.Itoa(len(body)) {
			t.Fatalf("content type %q, length %q for %d bytes", h.Get("Content-Type"), h.Get("Content-Length"), len(body))
		}
		return h, body
	}
	at := func(h http.Header) int64 {
		v, err := strconv.ParseInt(h.Get(protocol.HeaderSnapshotVersion), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	h, file := get(tok)
	var part []byte
	if at(h) != version() || h.Get(protocol.HeaderSnapshotClass) != "influencer" || h.Get(protocol.HeaderSnapshotEpoch) == "" ||
		h.Get(protocol.HeaderSnapshotRows) == "0" {
		t.Fatalf("snapshot headers %v at server version %d", h, version())
	}
	// A cut download resumes from where it stopped.
	status, _, part = e.doWith(http.MethodGet, "/sync/v1/snapshot", map[string]string{"Authorization": "Bearer " + tok,
		"Range": "bytes=100-", "If-Range": rh(h)}, nil)
	if status != http.StatusPartialContent || string(part) != string(file[100:]) {
		t.Fatalf("a resumed download: %d, %d bytes (want 206, %d)", status, len(part), len(file)-100)
	}

	// Two versions behind: served as it is (the correction pull brings the rest).
	built := at(h)
	e.account(domain.RoleInfluencer)
	e.account(domain.RoleInfluencer)
	if h, _ = get(tok); at(h) != built || version() <= built {
		t.Fatalf("a snapshot %d versions behind was rebuilt (at %d)", version()-built, at(h))
	}
	// Past the lag: brought forward first.
	e.account(domain.RoleInfluencer)
	if h, _ = get(tok); at(h) != version() {
		t.Fatalf("a snapshot %d versions behind its lag was served at %d", version()-built, at(h))
	}
	// One version behind but older than the age: brought forward too.
	e.account(domain.RoleInfluencer)
	e.clock.Advance(2 * time.Hour)
	tok = e.token(inf) // the old one expired meanwhile
	if h, _ = get(tok); at(h) != version() {
		t.Fatalf("a snapshot older than its age was served at %d, server at %d", at(h), version())
	}

	// The class is the caller's role.
	_, spTok := e.account(domain.RoleSponsor)
	if h, _ = get(spTok); h.Get(protocol.HeaderSnapshotClass) != "sponsor" {
		t.Fatalf("a sponsor got the %q class", h.Get(protocol.HeaderSnapshotClass))
	}
	// A flagged account has none.
	if _, err := e.s.db.W.Exec(`UPDATE accounts SET flagged = 1 WHERE id = ?`, inf); err != nil {
		t.Fatal(err)
	}
	status, _, body = e.do(http.MethodGet, "/sync/v1/snapshot", tok, nil)
	e.wantError(status, body, http.StatusForbidden, domain.CodeForbidden)
}

// rh is the If-Range validator of a snapshot answer: its ETag.
func rh(h http.Header) string { return h.Get("ETag") }

// TestSnapshot_CorrectionPullChecks: a correction pull must start at its
// snapshot's version, and one for a snapshot of another epoch is told to reset
// (the desktop then downloads row by row).
func TestSnapshot_CorrectionPullChecks(t *testing.T) {
	e := newEnv(t, Config{SnapshotDir: t.TempDir()})
	_, tok := e.account(domain.RoleInfluencer)
	_, h, _ := e.do(http.MethodGet, "/sync/v1/snapshot", tok, nil)
	v, _ := strconv.ParseInt(h.Get(protocol.HeaderSnapshotVersion), 10, 64)
	pull := func(req protocol.PullRequest) (int, protocol.PullResponse, []byte) {
		t.Helper()
		req.ClientID, req.ProtocolVersion, req.SchemaVersion = domain.NewID(), protocol.ProtocolVersion, e.s.cfg.MinSchemaVersion
		status, _, body := e.do(http.MethodPost, "/sync/v1/pull", tok, req)
		var resp protocol.PullResponse
		if status == http.StatusOK {
			if err := json.Unmarshal(body, &resp); err != nil {
				t.Fatal(err)
			}
		}
		return status, resp, body
	}
	status, _, body := pull(protocol.PullRequest{Cursor: v - 1, SnapshotVersion: v, SnapshotEpoch: h.Get(protocol.HeaderSnapshotEpoch)})
	e.wantError(status, body, http.StatusBadRequest, domain.CodeInvalidArgument)
	if status, resp, body := pull(protocol.PullRequest{Cursor: v, SnapshotVersion: v, SnapshotEpoch: "another"}); status != http.StatusOK || !resp.Reset {
		t.Fatalf("a correction pull for another epoch: %d %s, want reset", status, body)
	}
	status, resp, body := pull(protocol.PullRequest{Cursor: v, SnapshotVersion: v, SnapshotEpoch: h.Get(protocol.HeaderSnapshotEpoch)})
	if status != http.StatusOK || resp.Reset || len(resp.Changes) == 0 {
		t.Fatalf("a correction pull: %d %s; want the account's own rows", status, body)
	}
}
