package server

import (
	"net/http"
	"strings"
	"testing"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

// The push checks its access token's sign-in inside the group commit (pushHead),
// not with a query of its own: a push from an ended sign-in is answered as every
// other request is (401, invalid_token) and applies nothing, malformed or not,
// and in a group with a live push only the ended one is refused.
func TestPush_EndedSessionRefused(t *testing.T) {
	e := newEnv(t, Config{})
	sp, ended := e.account(domain.RoleSponsor)
	live := e.token(sp)
	p, err := e.s.verifyAccess(ended)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.db.W.Exec(`UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ?`,
		e.clock.Now().UTC(), p.SessionID); err != nil {
		t.Fatal(err)
	}
	campaigns := `SELECT COUNT(*) FROM campaigns`
	refused := func(what string, muts ...protocol.Mutation) {
		t.Helper()
		client := domain.NewID()
		status, h, body := e.do("POST", "/sync/v1/push", ended, protocol.PushRequest{ClientID: client,
			ProtocolVersion: protocol.ProtocolVersion, SchemaVersion: e.s.cfg.MinSchemaVersion, Mutations: muts})
		e.wantError(status, body, http.StatusUnauthorized, domain.CodeUnauthenticated)
		if !strings.Contains(h.Get("WWW-Authenticate"), "invalid_token") {
			t.Errorf("%s: WWW-Authenticate %q, want invalid_token", what, h.Get("WWW-Authenticate"))
		}
		if n := e.count(`SELECT COUNT(*) FROM sync_clients WHERE client_id = ?`, client); n != 0 {
			t.Errorf("%s: the client was registered", what)
		}
	}
	refused("a push", mut(1, "campaign.create", draft(domain.NewID())))
	refused("a malformed push", mut(2, "campaign.create", draft(domain.NewID())), mut(4, "x", nil))
	refused("an empty push")
	if n := e.count(campaigns); n != 0 {
		t.Fatalf("an ended sign-in's push created %d campaigns", n)
	}

	// One group commit: the ended sign-in's push first, a live one after it.
	a := e.groupJob(ended, domain.NewID(), mut(1, "campaign.create", draft(domain.NewID())))
	b := e.groupJob(live, domain.NewID(), mut(1, "campaign.create", draft(domain.NewID())))
	e.commitGroup(a, b)
	if a.err != errSessionEnded {
		t.Errorf("the ended sign-in's push: err %v, want errSessionEnded", a.err)
	}
	if b.err != nil || b.resp == nil || len(b.resp.Results) != 1 || b.resp.Results[0].Status != protocol.StatusApplied {
		t.Fatalf("the live push beside it: err %v, resp %+v", b.err, b.resp)
	}
	if n := e.count(campaigns); n != 1 {
		t.Fatalf("%d campaigns after the group, want the live push's 1", n)
	}
	e.mustPush(live, domain.NewID(), mut(1, "campaign.create", draft(domain.NewID())))
}
