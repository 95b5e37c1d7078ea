package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/sync/protocol"
)

// A malformed mutation name (huge, or not letters and dots) refuses the push:
// nothing is stored and the name is not echoed. A well-formed unknown name is a
// recorded rejection quoting a name of at most 64 bytes.
func TestPush_MutationNamesBounded(t *testing.T) {
	e := newEnv(t, Config{})
	_, tok := e.account(domain.RoleInfluencer)
	client := domain.NewID()
	for _, name := range []string{
		strings.Repeat("x", 4<<20),
		strings.Repeat("a", maxMutationName+1),
		"campaign.create\u0000",
		"campaign create",
		"<script>",
		"",
	} {
		status, body := e.push(tok, client, protocol.Mutation{ID: 1, Name: name, Args: json.RawMessage(`{}`)})
		e.wantError(status, body, http.StatusBadRequest, domain.CodeInvalidArgument)
		if len(body) > 300 {
			t.Errorf("name of %d bytes: the refusal is %d bytes", len(name), len(body))
		}
	}
	if n := e.count(`SELECT COUNT(*) FROM mutation_results`); n != 0 {
		t.Errorf("%d results stored for refused pushes", n)
	}
	if n := e.count(`SELECT COUNT(*) FROM sync_clients`); n != 0 {
		t.Errorf("%d clients stored for refused pushes", n)
	}
	name := strings.Repeat("a", maxMutationName)
	status, body := e.push(tok, client, protocol.Mutation{ID: 1, Name: name, Args: json.RawMessage(`{}`)})
	if status != http.StatusOK {
		t.Fatalf("push of an unknown 64-byte name: %d %s", status, body)
	}
	var pr protocol.PushResponse
	if err := json.Unmarshal(body, &pr); err != nil {
		t.Fatal(err)
	}
	if len(pr.Results) != 1 || pr.Results[0].Status != protocol.StatusRejected || pr.Results[0].Code != string(domain.CodeInvalidArgument) {
		t.Fatalf("unknown name: results %+v", pr.Results)
	}
}

// A rejection's message is clipped before it is stored and echoed: an unknown
// argument field of 60 KB quoted by the decoder costs at most maxResultMessage
// bytes; oversize arguments are rejected without being stored.
func TestPush_ResultMessagesClipped(t *testing.T) {
	e := newEnv(t, Config{})
	_, tok := e.account(domain.RoleSponsor)
	client := domain.NewID()
	field := strings.Repeat("é", 30_000) // 60 KB, under the 64 KiB argument limit
	status, body := e.push(tok, client,
		protocol.Mutation{ID: 1, Name: "campaign.create", Args: json.RawMessage(`{"` + field + `":1}`)},
		protocol.Mutation{ID: 2, Name: "campaign.create", Args: json.RawMessage(`{"name":"` + strings.Repeat("n", mutate.MaxArgsBytes) + `"}`)})
	if status != http.StatusOK {
		t.Fatalf("push: %d %.300s", status, body)
	}
	if len(body) > 2*maxResultMessage+200 {
		t.Errorf("the answer is %d bytes", len(body))
	}
	var pr protocol.PushResponse
	if err := json.Unmarshal(body, &pr); err != nil {
		t.Fatal(err)
	}
	if len(pr.Results) != 2 || pr.Results[0].Code != string(domain.CodeInvalidArgument) || pr.Results[1].Code != string(domain.CodePayloadTooLarge) {
		t.Fatalf("results %+v", pr.Results)
	}
	for _, r := range pr.Results {
		if len(r.Message) > maxResultMessage || !utf8.ValidString(r.Message) {
			t.Errorf("mutation %d: message of %d bytes (valid UTF-8: %v)", r.ID, len(r.Message), utf8.ValidString(r.Message))
		}
	}
	bytesQ := `SELECT COALESCE(MAX(length(CAST(message AS BLOB)) + length(CAST(name AS BLOB))), 0) FROM mutation_results`
	if e.s.db.IsPostgres() {
		bytesQ = `SELECT COALESCE(MAX(octet_length(message) + octet_length(name)), 0) FROM mutation_results`
	}
	if n := e.count(bytesQ); n > maxResultMessage+maxMutationName {
		t.Errorf("a stored result holds %d bytes", n)
	}
}

// Only the results a retry can ask for are kept: those of the last
// MaxPushMutations mutations of each client. A retry of the last push still gets
// every answer.
func TestPush_ResultsPruned(t *testing.T) {
	e := newEnv(t, Config{})
	_, tok := e.account(domain.RoleInfluencer)
	client := domain.NewID()
	batch := func(from int64) []protocol.Mutation {
		ms := make([]protocol.Mutation, protocol.MaxPushMutations)
		for i := range ms {
			ms[i] = protocol.Mutation{ID: from + int64(i), Name: "no.such", Args: json.RawMessage(`{}`)}
		}
		return ms
	}
	var last []byte
	for _, from := range []int64{1, 501, 1001} {
		status, body := e.push(tok, client, batch(from)...)
		if status != http.StatusOK {
			t.Fatalf("push from %d: %d %.300s", from, status, body)
		}
		last = body
	}
	if n := e.count(`SELECT COUNT(*) FROM mutation_results WHERE client_id = ?`, client); n != protocol.MaxPushMutations {
		t.Errorf("%d results kept, want %d", n, protocol.MaxPushMutations)
	}
	if n := e.count(`SELECT MIN(mutation_id) FROM mutation_results WHERE client_id = ?`, client); n != 1001 {
		t.Errorf("oldest kept result %d, want 1001", n)
	}
	// The answer to the last push was lost: the retry gets the same answers.
	status, body := e.push(tok, client, batch(1001)...)
	if status != http.StatusOK || !bytes.Equal(body, last) {
		t.Fatalf("retry of the last push: %d, same answer %v", status, bytes.Equal(body, last))
	}
}

// An account may sync from MaxClientsPerAccount clients seen within
// clientActiveAfter; a new one past that is refused with quota_exceeded, and
// counts again once the others have been idle that long.
func TestPush_ClientsPerAccountCapped(t *testing.T) {
	e := newEnv(t, Config{MaxClientsPerAccount: 3})
	id, tok := e.account(domain.RoleInfluencer)
	_, other := e.account(domain.RoleInfluencer)
	markRead := mut(1, "notification.markRead", mutate.NotificationMarkRead{All: true})
	var clients []string
	for range 3 {
		c := domain.NewID()
		clients = append(clients, c)
		e.mustPush(tok, c, markRead)
	}
	status, body := e.push(tok, domain.NewID(), markRead)
	e.wantError(status, body, http.StatusForbidden, domain.CodeQuotaExceeded)
	if n := e.count(`SELECT COUNT(*) FROM sync_clients`); n != 3 {
		t.Errorf("%d clients stored, want 3", n)
	}
	// Known clients go on; other accounts are not affected.
	e.mustPush(tok, clients[0], mut(2, "notification.markRead", mutate.NotificationMarkRead{All: true}))
	e.mustPush(other, domain.NewID(), markRead)
	// Two clients unused for the window no longer count.
	e.clock.Advance(clientActiveAfter - time.Hour)
	e.mustPush(e.token(id), clients[0], mut(3, "notification.markRead", mutate.NotificationMarkRead{All: true}))
	e.clock.Advance(2 * time.Hour)
	tok = e.token(id)
	e.mustPush(tok, domain.NewID(), markRead)
	e.mustPush(tok, domain.NewID(), markRead)
	status, body = e.push(tok, domain.NewID(), markRead)
	e.wantError(status, body, http.StatusForbidden, domain.CodeQuotaExceeded)
}
