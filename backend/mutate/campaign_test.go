package mutate_test

import (
	"strings"
	"testing"

	"iescp/backend/domain"
)

func TestCampaign_CreateValidation(t *testing.T) {
	w := newWorld(t)
	base := func() map[string]any {
		return map[string]any{"id": domain.NewID(), "name": "Spring launch", "start_date": "2026-12-01",
			"end_date": "2026-12-31", "budget": 100_000}
	}
	cases := []struct {
		name string
		edit func(a map[string]any)
		want domain.Code
	}{
		{"valid", func(a map[string]any) {}, ok},
		{"id not a uuid", func(a map[string]any) { a["id"] = "42" }, domain.CodeInvalidArgument},
		{"blank name", func(a map[string]any) { a["name"] = "   " }, domain.CodeInvalidArgument},
		{"long name", func(a map[string]any) { a["name"] = strings.Repeat("n", 121) }, domain.CodeInvalidArgument},
		{"control char", func(a map[string]any) { a["name"] = "bad\x00name" }, domain.CodeInvalidArgument},
		{"end before start", func(a map[string]any) { a["end_date"] = "2026-11-30" }, domain.CodeInvalidArgument},
		{"bad date", func(a map[string]any) { a["start_date"] = "2026-02-30" }, domain.CodeInvalidArgument},
		{"date not ISO", func(a map[string]any) { a["start_date"] = "12/01/2026" }, domain.CodeInvalidArgument},
		{"negative budget", func(a map[string]any) { a["budget"] = -1 }, domain.CodeInvalidArgument},
		{"huge budget", func(a map[string]any) { a["budget"] = int64(1) << 60 }, domain.CodeInvalidArgument},
		{"bad visibility", func(a map[string]any) { a["visibility"] = "secret" }, domain.CodeInvalidArgument},
		{"unknown field", func(a map[string]any) { a["sponsor_id"] = w.sponsor2 }, domain.CodeInvalidArgument},
		{"wrong type", func(a map[string]any) { a["budget"] = "lots" }, domain.CodeInvalidArgument},
		{"one-day campaign", func(a map[string]any) { a["end_date"] = "2026-12-01" }, ok},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := base()
			tc.edit(a)
			err := w.do(w.sponsor, "campaign.create", a)
			if got := domain.ErrorCode(err); (tc.want == ok) != (err == nil) || (err != nil && got != tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	// Names are stored trimmed, and the owner is the actor, whatever the client says.
	a := base()
	a["name"] = "  Padded  "
	w.must(w.sponsor, "campaign.create", a)
	c := w.campaignRow(a["id"].(string))
	if c.Name != "Padded" || c.SponsorID != w.sponsor || c.Status != domain.CampaignDraft || c.Visibility != domain.VisibilityPrivate {
		t.Fatalf("got %+v, want a trimmed private draft owned by the actor", c)
	}
	// An ID is never reused.
	w.want(domain.CodeInvalidArgument, w.sponsor, "campaign.create", a)
}

func TestCampaign_ApprovalGates(t *testing.T) {
	w := newWorld(t)
	for _, sp := range []string{w.pending, w.rejected} {
		draft := w.newCampaign(sp, 1000, false) // drafting is allowed
		w.want(domain.CodeSponsorNotApproved, sp, "campaign.publish", map[string]any{"id": draft})
		w.want(domain.CodeSponsorNotApproved, sp, "campaign.create", map[string]any{"id": domain.NewID(), "name": "x",
			"start_date": "2026-12-01", "end_date": "2026-12-02", "budget": 1, "publish": true})
		w.must(sp, "campaign.update", map[string]any{"id": draft, "name": "Still drafting"})
	}
	draft := w.newCampaign(w.pending, 1000, false)
	w.must(w.admin, "admin.approveSponsor", map[string]any{"sponsor_id": w.pending})
	w.must(w.pending, "campaign.publish", map[string]any{"id": draft})
	if got := w.campaignRow(draft).Status; got != domain.CampaignActive {
		t.Fatalf("status after publish: got %s, want active", got)
	}
	w.want(domain.CodeInvalidTransition, w.pending, "campaign.publish", map[string]any{"id": draft})
}

func TestCampaign_Lifecycle(t *testing.T) {
	w := newWorld(t)
	c := w.newCampaign(w.sponsor, 500_000, true)
	pend, _ := w.send(c, w.sponsor, w.infl, 10_000)
	acc, o := w.send(c, w.sponsor, w.infl2, 20_000)
	w.must(w.infl2, "adRequest.accept", map[string]any{"ad_request_id": acc, "offer_id": o})

	// Visibility changes are checked transitions.
	w.want(domain.CodeInvalidTransition, w.sponsor, "campaign.setVisibility", map[string]any{"id": c, "visibility": "public"})
	w.must(w.sponsor, "campaign.setVisibility", map[string]any{"id": c, "visibility": "private"})
	w.must(w.sponsor, "campaign.setVisibility", map[string]any{"id": c, "visibility": "public"})

	// Completing withdraws pending requests but keeps accepted work.
	w.must(w.sponsor, "campaign.complete", map[string]any{"id": c})
	if got := w.request(pend); got.Status != domain.AdWithdrawn || got.CloseReason != "campaign completed" {
		t.Fatalf("pending request after completion: got %s %q, want withdrawn", got.Status, got.CloseReason)
	}
	if got := w.request(acc).Status; got != domain.AdAccepted {
		t.Fatalf("accepted request after completion: got %s, want accepted", got)
	}
	w.want(domain.CodeInvalidTransition, w.sponsor, "campaign.update", map[string]any{"id": c, "name": "late"})
	w.want(domain.CodeInvalidTransition, w.sponsor, "campaign.complete", map[string]any{"id": c})
	w.must(w.sponsor, "adRequest.complete", map[string]any{"ad_request_id": acc})
	// A completed campaign with requests is kept for the record.
	w.want(domain.CodeInvalidTransition, w.sponsor, "campaign.delete", map[string]any{"id": c})
	w.checkInvariants()
}

func TestCampaign_Delete(t *testing.T) {
	w := newWorld(t)
	// Without ad requests: a tombstone, and the campaign is gone for every mutator.
	empty := w.newCampaign(w.sponsor, 1000, true)
	w.must(w.sponsor, "campaign.delete", map[string]any{"id": empty})
	if c := w.campaignRow(empty); c.DeletedAt == nil {
		t.Fatal("deleted campaign has no tombstone")
	}
	w.want(domain.CodeNotFound, w.sponsor, "campaign.update", map[string]any{"id": empty, "name": "ghost"})
	w.want(domain.CodeNotFound, w.sponsor, "campaign.delete", map[string]any{"id": empty})

	// With ad requests: cancelled, open requests withdrawn, committed budget released.
	c := w.newCampaign(w.sponsor, 100_000, true)
	r1, o1 := w.send(c, w.sponsor, w.infl, 30_000)
	r2, _ := w.send(c, w.sponsor, w.infl2, 10_000)
	w.must(w.infl, "adRequest.accept", map[string]any{"ad_request_id": r1, "offer_id": o1})
	w.must(w.sponsor, "campaign.delete", map[string]any{"id": c})
	got := w.campaignRow(c)
	if got.Status != domain.CampaignCancelled || got.Committed != 0 || got.DeletedAt != nil {
		t.Fatalf("got status %s committed %d deleted %v, want cancelled, 0, kept", got.Status, got.Committed, got.DeletedAt)
	}
	for _, r := range []string{r1, r2} {
		if st := w.request(r).Status; st != domain.AdWithdrawn {
			t.Fatalf("request %s: got %s, want withdrawn", r, st)
		}
	}
	if n := w.count(`SELECT COUNT(*) FROM notifications WHERE kind = 'ad_request.withdrawn' AND account_id IN (?, ?)`, w.infl, w.infl2); n != 2 {
		t.Fatalf("withdrawal notifications: got %d, want 2", n)
	}
	w.want(domain.CodeInvalidTransition, w.sponsor, "campaign.setVisibility", map[string]any{"id": c, "visibility": "private"})
	w.checkInvariants()
}

func TestCampaign_UpdateIsAPatch(t *testing.T) {
	w := newWorld(t)
	before := w.campaignRow(w.campaign)
	w.must(w.sponsor, "campaign.update", map[string]any{"id": w.campaign, "goals": "20k views"})
	after := w.campaignRow(w.campaign)
	if after.Goals != "20k views" || after.Name != before.Name || after.Budget != before.Budget || after.StartDate != before.StartDate {
		t.Fatalf("got %+v, want only goals changed from %+v", after, before)
	}
	// Date order is checked against the stored value of the field not sent.
	w.want(domain.CodeInvalidArgument, w.sponsor, "campaign.update", map[string]any{"id": w.campaign, "end_date": "2026-10-01"})
	w.must(w.sponsor, "campaign.update", map[string]any{"id": w.campaign, "start_date": "2026-09-01", "end_date": "2026-10-01"})
}

func TestCampaign_FlaggedVanishesAndTakesNoRequests(t *testing.T) {
	w := newWorld(t)
	w.want(domain.CodeInvalidArgument, w.admin, "admin.flag", map[string]any{"target": "campaign", "id": w.campaign})
	w.must(w.admin, "admin.flag", map[string]any{"target": "campaign", "id": w.campaign, "reason": "misleading claims"})
	w.want(domain.CodeInvalidTransition, w.admin, "admin.flag", map[string]any{"target": "campaign", "id": w.campaign, "reason": "again"})
	c := w.campaignRow(w.campaign)
	if !c.Flagged || c.FlagReason != "misleading claims" {
		t.Fatalf("got flagged=%v reason=%q", c.Flagged, c.FlagReason)
	}
	if n := w.count(`SELECT COUNT(*) FROM notifications WHERE account_id = ? AND kind = 'campaign.flagged'`, w.sponsor); n != 1 {
		t.Fatalf("sponsor notifications of the flag: got %d, want 1", n)
	}
	// A flagged campaign vanishes from search: applying finds nothing.
	w.want(domain.CodeNotFound, w.infl, "adRequest.apply", map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(),
		"campaign_id": w.campaign, "amount": 100})
	// Hiding a flagged campaign is fine; showing it again is not.
	w.must(w.sponsor, "campaign.setVisibility", map[string]any{"id": w.campaign, "visibility": "private"})
	w.want(domain.CodeFlagged, w.sponsor, "campaign.setVisibility", map[string]any{"id": w.campaign, "visibility": "public"})
	w.want(domain.CodeFlagged, w.sponsor, "adRequest.send", map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(),
		"campaign_id": w.campaign, "influencer_id": w.infl, "amount": 100, "requirements": "x"})
	w.must(w.admin, "admin.unflag", map[string]any{"target": "campaign", "id": w.campaign, "reason": "fixed"})
	if c := w.campaignRow(w.campaign); c.Flagged || c.FlagReason != "" {
		t.Fatalf("after unflag: got flagged=%v reason=%q, want cleared", c.Flagged, c.FlagReason)
	}
	w.want(domain.CodeInvalidTransition, w.admin, "admin.unflag", map[string]any{"target": "campaign", "id": w.campaign})
	w.send(w.campaign, w.sponsor, w.infl, 100)
}
