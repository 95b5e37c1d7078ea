package client_test

import (
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// TestTeam_MembershipUnderSync: through a real server and real desktops, a teammate
// invited by email joins by registering with that address, pulls the
// organisation's campaign and request, works it (their counter is recorded as
// theirs and reaches the influencer), a viewer's change is refused on their own
// desktop and never reaches the server, and once removed, the teammate's desktop
// loses every row of the organisation at its next pull.
func TestTeam_MembershipUnderSync(t *testing.T) {
	w := newWorld(t)
	req, offer := w.sendRequest(10_000)
	w.sponsor.sync()

	// The owner invites Dana (manager) and Vic (viewer); Dana registers with the
	// invited address, Vic had signed up before and accepts on their desktop.
	w.register("sponsor", "vic@example.com", "Vic")
	w.sponsor.must("team.invite", map[string]any{"email": "dana@example.com", "role": "manager"})
	w.sponsor.must("team.invite", map[string]any{"email": "vic@example.com", "role": "viewer"})
	w.sponsor.sync()
	dana := w.register("sponsor", "dana@example.com", "Dana")
	if dana.Approval != string(domain.ApprovalApproved) {
		t.Fatalf("a member registering with an invitation has approval %q, want the organisation's (approved)", dana.Approval)
	}
	danaDesk := w.desktopFor("dana@example.com", "dana")
	danaDesk.sync()
	vicDesk := w.desktopFor("vic@example.com", "vic")
	vicDesk.sync()
	if got := vicDesk.get(`SELECT status FROM org_members WHERE id = ?`, mutate.OrgMemberID(w.sponsor.user.ID, "vic@example.com")); got != "invited" {
		t.Fatalf("Vic's desktop shows the invitation as %q", got)
	}
	if n := vicDesk.get(`SELECT COUNT(*) FROM ad_requests WHERE id = ?`, req); n != "0" {
		t.Fatal("an invitee sees the organisation's request before accepting")
	}
	vicDesk.must("team.accept", map[string]any{"member_id": mutate.OrgMemberID(w.sponsor.user.ID, "vic@example.com")})
	vicDesk.sync()
	vicDesk.sync()  // the reset, then the organisation's rows
	danaDesk.sync() // Vic's name reaches the teammates
	for _, d := range []*desktop{danaDesk, vicDesk} {
		if n := d.get(`SELECT COUNT(*) FROM ad_requests WHERE id = ?`, req); n != "1" {
			t.Fatalf("%s does not hold the organisation's request", d.name)
		}
		if b := d.get(`SELECT budget FROM campaigns WHERE id = ?`, w.campaign); b != "100000" {
			t.Fatalf("%s reads the campaign's budget as %s", d.name, b)
		}
		if n := d.get(`SELECT COUNT(*) FROM accounts WHERE name IN ('Dana', 'Vic')`); n != "2" {
			t.Fatalf("%s does not see both teammates' names: %s", d.name, n)
		}
	}

	// Dana counters; the influencer sees the organisation's counter, recorded as Dana's.
	w.infl.sync()
	counter := domain.NewID()
	w.infl.must("adRequest.counter", map[string]any{"ad_request_id": req, "offer_id": counter, "in_reply_to": offer,
		"amount": 12_000, "requirements": "2 reels"})
	w.infl.sync()
	danaDesk.sync()
	mine := domain.NewID()
	danaDesk.must("adRequest.counter", map[string]any{"ad_request_id": req, "offer_id": mine, "in_reply_to": counter,
		"amount": 11_000, "requirements": "2 reels"})
	danaDesk.sync()
	w.infl.sync()
	if got := w.infl.get(`SELECT author_id FROM offers WHERE id = ?`, mine); got != dana.ID {
		t.Fatalf("the counter's author is %s, want Dana %s", got, dana.ID)
	}
	w.sponsor.sync()
	if got := w.sponsor.get(`SELECT a.name FROM offers o JOIN accounts a ON a.id = o.author_id WHERE o.id = ?`, mine); got != "Dana" {
		t.Fatalf("the owner reads the counter's author as %q", got)
	}

	// A viewer's change is refused on their own desktop: nothing is queued.
	if _, err := vicDesk.do("adRequest.withdraw", map[string]any{"ad_request_id": req}); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Fatalf("a viewer's withdraw: %v, want forbidden", err)
	}
	if n := len(vicDesk.outbox()); n != 0 {
		t.Fatalf("a viewer's refused change left %d outbox rows", n)
	}

	// Removed, Dana's desktop starts over without the organisation's rows.
	w.sponsor.must("team.remove", map[string]any{"member_id": mutate.OrgMemberID(w.sponsor.user.ID, "dana@example.com")})
	w.sponsor.sync()
	danaDesk.sync()
	danaDesk.sync()
	for _, q := range []string{`SELECT COUNT(*) FROM ad_requests`, `SELECT COUNT(*) FROM offers`,
		`SELECT COUNT(*) FROM campaigns WHERE committed > 0 OR visibility = 'private'`} {
		if n := danaDesk.get(q); n != "0" {
			t.Fatalf("a removed member still holds rows: %s = %s", q, n)
		}
	}
	if got := danaDesk.get(`SELECT status FROM org_members WHERE account_id = ?`, dana.ID); got != "removed" {
		t.Fatalf("Dana's desktop shows her membership as %q, want removed", got)
	}
	if _, err := danaDesk.do("adRequest.withdraw", map[string]any{"ad_request_id": req}); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("a removed member's withdraw: %v, want not_found", err)
	}
	w.checkServerInvariants()
}
