package mutate_test

import (
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// teammate registers a sponsor account (its own empty organisation) and has it
// accept owner's invitation with role; it returns the teammate's account id.
func (w *world) teammate(owner, name, role string) string {
	w.t.Helper()
	id := w.account("sponsor", name, "pending")
	w.must(id, "team.accept", map[string]any{"member_id": w.inviteAccount(owner, id, role)})
	return id
}

// TestTeam_MembersActForTheOrganisation: a manager works the organisation's
// campaigns and requests (not its money), a viewer changes nothing, everything
// they do is recorded as theirs, and the organisation's notifications reach every
// member but the one who acted.
func TestTeam_MembersActForTheOrganisation(t *testing.T) {
	w := newWorld(t)
	dana := w.teammate(w.sponsor, "Dana", "manager")
	vic := w.teammate(w.sponsor, "Vic", "viewer")

	// The manager creates a campaign: it is the organisation's, without a budget
	// (only an owner sets one), and invites from the organisation's campaign.
	cp := domain.NewID()
	w.want(domain.CodeForbidden, dana, "campaign.create", map[string]any{"id": cp, "name": "Team", "start_date": "2026-11-01", "end_date": "2026-12-31", "budget": 500})
	w.must(dana, "campaign.create", map[string]any{"id": cp, "name": "Team", "start_date": "2026-11-01", "end_date": "2026-12-31"})
	if got := w.campaignRow(cp).SponsorID; got != w.sponsor {
		t.Fatalf("a manager's campaign belongs to %s, want the organisation %s", got, w.sponsor)
	}
	w.want(domain.CodeForbidden, dana, "campaign.update", map[string]any{"id": cp, "budget": 900})
	w.must(w.sponsor, "campaign.update", map[string]any{"id": cp, "budget": 900})

	req, offer := w.send(w.campaign, dana, w.infl, 1000)
	if n := w.count(`SELECT COUNT(*) FROM offers WHERE id = ? AND author_id = ?`, offer, dana); n != 1 {
		t.Fatal("the opening offer is not recorded as the manager's")
	}
	// The influencer's counter reaches the owner and both teammates.
	counter := w.counter(w.infl, req, offer, 1200)
	for _, m := range []string{w.sponsor, dana, vic} {
		if n := w.count(`SELECT COUNT(*) FROM notifications WHERE account_id = ? AND kind = 'ad_request.counter' AND ref_id = ?`, m, req); n != 1 {
			t.Fatalf("member %s got %d notifications of the counter, want 1", m, n)
		}
	}
	// Accepting moves money: an owner's.
	w.want(domain.CodeForbidden, dana, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": counter})
	w.want(domain.CodeForbidden, vic, "adRequest.counter", map[string]any{"ad_request_id": req, "offer_id": domain.NewID(), "in_reply_to": counter,
		"amount": 1100, "requirements": "2 videos"})
	// The manager's own counter notifies the influencer, not the manager.
	w.counter(dana, req, counter, 1100)
	if n := w.count(`SELECT COUNT(*) FROM notifications WHERE account_id = ? AND ref_id = ? AND kind = 'ad_request.counter'`, dana, req); n != 1 {
		t.Fatalf("the manager has %d counter notifications, want only the influencer's 1", n)
	}

	// Membership is an owner's: a manager neither invites nor removes.
	w.want(domain.CodeForbidden, dana, "team.invite", map[string]any{"email": "x@example.test", "role": "viewer"})
	w.want(domain.CodeForbidden, dana, "team.remove", map[string]any{"member_id": mutate.OrgMemberID(w.sponsor, email(w, vic))})
	// The founder stays an owner.
	w.want(domain.CodeForbidden, w.sponsor, "team.remove", map[string]any{"member_id": w.sponsor})
	w.want(domain.CodeForbidden, w.sponsor, "team.setRole", map[string]any{"member_id": w.sponsor, "role": "viewer"})
	// Another sponsor's owner cannot touch this organisation's members.
	w.want(domain.CodeNotFound, w.sponsor2, "team.remove", map[string]any{"member_id": mutate.OrgMemberID(w.sponsor, email(w, dana))})

	// Removed, Dana no longer acts for the organisation: its request is gone for her.
	w.must(w.sponsor, "team.remove", map[string]any{"member_id": mutate.OrgMemberID(w.sponsor, email(w, dana))})
	w.want(domain.CodeNotFound, dana, "adRequest.withdraw", map[string]any{"ad_request_id": req})
	if n := w.count(`SELECT COUNT(*) FROM notifications WHERE account_id = ? AND kind = 'team.removed'`, dana); n != 1 {
		t.Fatal("a removed member is not told")
	}
	w.checkInvariants()
}

// TestTeam_ViewerChangesNothing: the authorization matrix (authz_test.go) runs
// every mutator as a viewer and a manager; here, the profile's two halves.
func TestTeam_ViewerChangesNothing(t *testing.T) {
	w := newWorld(t)
	vic := w.teammate(w.sponsor, "Vic", "viewer")
	w.must(vic, "profile.update", map[string]any{"name": "Victoria"})
	w.want(domain.CodeForbidden, vic, "profile.update", map[string]any{"company_name": "Hijacked"})
	dana := w.teammate(w.sponsor, "Dana", "manager")
	w.want(domain.CodeForbidden, dana, "profile.update", map[string]any{"budget": 1})
	w.must(w.sponsor, "profile.update", map[string]any{"company_name": "Acme Group"})
}

// TestTeam_Invitations: an invitation is accepted once by the account it names,
// not by one whose own organisation has campaigns, and can be renewed after a
// decline.
func TestTeam_Invitations(t *testing.T) {
	w := newWorld(t)
	// sponsor2 runs its own campaign: it cannot leave it behind.
	w.newCampaign(w.sponsor2, 100, true)
	id := w.inviteAccount(w.sponsor, w.sponsor2, "manager")
	w.want(domain.CodeInvalidTransition, w.sponsor2, "team.accept", map[string]any{"member_id": id})
	w.want(domain.CodeInvalidTransition, w.sponsor, "team.invite", map[string]any{"email": email(w, w.sponsor2), "role": "viewer"})
	// Declined, then invited again, then accepted by the right account only.
	pid := w.inviteAccount(w.sponsor, w.pending, "viewer")
	w.must(w.pending, "team.decline", map[string]any{"member_id": pid})
	w.want(domain.CodeNotFound, w.pending, "team.accept", map[string]any{"member_id": pid})
	w.must(w.sponsor, "team.invite", map[string]any{"email": email(w, w.pending), "role": "manager"})
	w.want(domain.CodeNotFound, w.sponsor2, "team.accept", map[string]any{"member_id": pid})
	w.must(w.pending, "team.accept", map[string]any{"member_id": pid})
	if n := w.count(`SELECT COUNT(*) FROM org_members WHERE account_id = ? AND status = 'active' AND org_id = ? AND role = 'manager'`, w.pending, w.sponsor); n != 1 {
		t.Fatal("the accepted invitation is not an active manager membership")
	}
	if n := w.count(`SELECT COUNT(*) FROM org_members WHERE account_id = ? AND status = 'active'`, w.pending); n != 1 {
		t.Fatalf("the new member acts for %d organisations, want 1", n)
	}
	// The new member reads the organisation's campaign money through the same rules.
	w.send(w.campaign, w.pending, w.infl2, 700)
}

func email(w *world, account string) string {
	w.t.Helper()
	var e string
	if err := w.db.R.Get(&e, `SELECT email FROM accounts WHERE id = ?`, account); err != nil {
		w.t.Fatal(err)
	}
	return e
}
