package server

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/sync/protocol"
)

// One account may have at most MaxMutationsPerDay new mutations applied in a
// sliding day: a push past it applies what fits and leaves the rest pending (its
// last_mutation_id says where it stopped), a push of which nothing fits is 429
// with Retry-After, nothing is stored for it, and the rest goes through once the
// window has moved. Other accounts are not affected; resent duplicates are free.
func TestPush_MutationQuotaPerAccount(t *testing.T) {
	e := newEnv(t, Config{MaxMutationsPerDay: 5})
	id, tok := e.account(domain.RoleInfluencer)
	otherID, _ := e.account(domain.RoleInfluencer) // its token is taken after the clock moves
	client := domain.NewID()
	marks := func(from, to int64) []protocol.Mutation {
		var ms []protocol.Mutation
		for id := from; id <= to; id++ {
			ms = append(ms, mut(id, "notification.markRead", mutate.NotificationMarkRead{All: true}))
		}
		return ms
	}
	resp := e.mustPush(tok, client, marks(1, 3)...)
	if resp.LastMutationID != 3 || len(resp.Results) != 3 {
		t.Fatalf("first push: %+v", resp)
	}
	// A resend of what was applied costs nothing; 4..7 only fits as far as 5.
	resp = e.mustPush(tok, client, marks(1, 7)...)
	if resp.LastMutationID != 5 || len(resp.Results) != 5 {
		t.Fatalf("push past the quota: last %d, %d results; want 5 and 5 (1..3 again, 4, 5)", resp.LastMutationID, len(resp.Results))
	}
	e.clock.Advance(time.Hour)
	tok, other := e.token(id), e.token(otherID)
	status, hdr, body := e.do("POST", "/sync/v1/push", tok, protocol.PushRequest{ClientID: client,
		ProtocolVersion: protocol.ProtocolVersion, SchemaVersion: e.s.cfg.MinSchemaVersion, Mutations: marks(6, 7)})
	e.wantError(status, body, http.StatusTooManyRequests, domain.CodeRateLimited)
	if ra, err := strconv.Atoi(hdr.Get("Retry-After")); err != nil || ra != int((23*time.Hour).Seconds()) {
		t.Errorf("Retry-After %q, want the 23 h until the first push leaves the window", hdr.Get("Retry-After"))
	}
	if n := e.count(`SELECT COUNT(*) FROM mutation_results WHERE client_id = ?`, client); n != 5 {
		t.Errorf("%d results stored, want 5", n)
	}
	// Another account is not affected.
	e.mustPush(other, domain.NewID(), marks(1, 5)...)
	// A day after the first push its three leave the window: 6 and 7 go through.
	e.clock.Advance(23 * time.Hour)
	tok = e.token(id)
	resp = e.mustPush(tok, client, marks(6, 7)...)
	if resp.LastMutationID != 7 {
		t.Fatalf("after the window moved: %+v", resp)
	}
	// The counts that left the window were deleted on the way (bounded growth):
	// the account keeps only this last push's.
	if n := e.count(`SELECT COUNT(*) FROM limit_hits WHERE scope = ? AND subject = ?`, scopePush, id); n != 1 {
		t.Errorf("%d quota rows kept for the account, want 1 (the expired ones swept)", n)
	}
}

// An account's quota is counted per minute: pushes spread over a minute share one
// row (an account pushing all day keeps at most 1,440), the next minute starts
// another, and the limit still holds across them.
func TestPush_MutationQuotaCountsPerMinute(t *testing.T) {
	e := newEnv(t, Config{MaxMutationsPerDay: 6})
	id, tok := e.account(domain.RoleInfluencer)
	client := domain.NewID()
	for i := int64(1); i <= 4; i++ {
		e.mustPush(tok, client, mut(i, "notification.markRead", mutate.NotificationMarkRead{All: true}))
		e.clock.Advance(14 * time.Second)
	}
	if n := e.count(`SELECT COUNT(*) FROM limit_hits WHERE scope = ? AND subject = ?`, scopePush, id); n != 1 {
		t.Fatalf("%d quota rows for four pushes within a minute, want 1", n)
	}
	e.clock.Advance(30 * time.Second) // the next minute
	tok = e.token(id)
	resp := e.mustPush(tok, client, mut(5, "notification.markRead", mutate.NotificationMarkRead{All: true}),
		mut(6, "notification.markRead", mutate.NotificationMarkRead{All: true}),
		mut(7, "notification.markRead", mutate.NotificationMarkRead{All: true}))
	if resp.LastMutationID != 6 {
		t.Fatalf("push past the quota over two minutes: last %d, want 6", resp.LastMutationID)
	}
	if n := e.count(`SELECT COUNT(*) FROM limit_hits WHERE scope = ? AND subject = ?`, scopePush, id); n != 2 {
		t.Fatalf("%d quota rows over two minutes, want 2", n)
	}
}
