package server

import (
	"encoding/json"
	"net/http"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/sync/protocol"
)

// The push reads a sponsor's membership with its bookkeeping and hands it to the
// first mutator (mutate.ApplyAs): a teammate's first mutation of a push acts for
// the organisation with the teammate's role, as every later one does, on both
// engines.
func TestPush_PrereadMembership(t *testing.T) {
	e := newEnv(t, Config{})
	owner, ownerTok := e.account(domain.RoleSponsor)
	mate, mateTok := e.account(domain.RoleSponsor)
	var mateEmail string
	if err := e.s.db.R.Get(&mateEmail, `SELECT email FROM accounts WHERE id = ?`, mate); err != nil {
		t.Fatal(err)
	}
	e.mustPush(ownerTok, domain.NewID(), mut(1, "team.invite", mutate.TeamInvite{Email: mateEmail, Role: domain.OrgManager}))
	e.mustPush(mateTok, domain.NewID(), mut(1, "team.accept", mutate.TeamAccept{MemberID: mutate.OrgMemberID(owner, mateEmail)}))

	free, priced := draft(domain.NewID()), draft(domain.NewID())
	free.Budget = 0
	for _, first := range []bool{true, false} {
		client := domain.NewID()
		var muts []protocol.Mutation
		if !first { // the same mutations second in their push: read by the mutator itself
			muts = append(muts, mut(1, "notification.markRead", mutate.NotificationMarkRead{All: true}))
			free.ID, priced.ID = domain.NewID(), domain.NewID()
		}
		n := int64(len(muts))
		muts = append(muts, mut(n+1, "campaign.create", free))
		pr := e.mustPush(mateTok, client, muts...)
		if got := e.count(`SELECT COUNT(*) FROM campaigns WHERE id = ? AND sponsor_id = ?`, free.ID, owner); got != 1 {
			t.Fatalf("first=%v: a manager's campaign is not the organisation's (%+v)", first, pr)
		}
		// A manager may not set a budget: refused, first in its push or not.
		status, body := e.push(mateTok, client, mut(pr.LastMutationID+1, "campaign.create", priced))
		res := pushResults(t, status, body)
		if len(res) != 1 || res[0].Status != protocol.StatusRejected || res[0].Code != string(domain.CodeForbidden) {
			t.Fatalf("first=%v: a manager's budget: %+v, want forbidden", first, res)
		}
	}
	// An owner with no membership of another organisation acts for their own.
	own := draft(domain.NewID())
	e.mustPush(ownerTok, domain.NewID(), mut(1, "campaign.create", own))
	if got := e.count(`SELECT COUNT(*) FROM campaigns WHERE id = ? AND sponsor_id = ?`, own.ID, owner); got != 1 {
		t.Fatal("the owner's campaign is not their organisation's")
	}
}

// A mutator's check that a client-chosen id is free is folded into its insert
// (ON CONFLICT DO NOTHING, no row inserted): a reused id is a recorded rejection that
// undoes only its mutation, on both engines.
func TestPush_ReusedIDRejected(t *testing.T) {
	e := newEnv(t, Config{})
	_, tok := e.account(domain.RoleSponsor)
	d := draft(domain.NewID())
	client := domain.NewID()
	e.mustPush(tok, client, mut(1, "campaign.create", d))
	again := d
	again.Name = "Again"
	other := draft(domain.NewID())
	status, body := e.push(tok, client, mut(2, "campaign.create", again), mut(3, "campaign.create", other))
	res := pushResults(t, status, body)
	if len(res) != 2 || res[0].Status != protocol.StatusRejected || res[0].Code != string(domain.CodeInvalidArgument) ||
		res[1].Status != protocol.StatusApplied {
		t.Fatalf("a reused id then a new one: %+v", res)
	}
	if n := e.count(`SELECT COUNT(*) FROM campaigns WHERE id = ? AND name = ?`, d.ID, d.Name); n != 1 {
		t.Fatal("the reused id's campaign was changed")
	}
	if n := e.count(`SELECT COUNT(*) FROM campaigns`); n != 2 {
		t.Fatalf("%d campaigns, want 2", n)
	}
}

// pushResults decodes a 200 push answer's results.
func pushResults(t *testing.T, status int, body []byte) []protocol.MutationResult {
	t.Helper()
	if status != http.StatusOK {
		t.Fatalf("push: got %d %s", status, body)
	}
	var pr protocol.PushResponse
	if err := json.Unmarshal(body, &pr); err != nil {
		t.Fatal(err)
	}
	return pr.Results
}
