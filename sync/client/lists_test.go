package client_test

import (
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

func (d *desktop) count(q string, args ...any) int {
	d.t.Helper()
	var n int
	if err := d.db.R.Get(&n, q, args...); err != nil {
		d.t.Fatalf("%s: %s: %v", d.name, q, err)
	}
	return n
}

// TestSync_ListsReachTheOrganisationOnly: a list, its entries and a saved search
// reach every desktop of the organisation (the founder's second desktop, a
// manager's) and no other sponsor's; a flagged creator, a deleted list and a
// member who leaves take rows out of replicas by del.
func TestSync_ListsReachTheOrganisationOnly(t *testing.T) {
	w := newWorld(t)
	acme := w.sponsor.user.ID
	w.register("sponsor", "globex@example.com", "Globex")
	globex := w.desktopFor("globex@example.com", "globex")
	// The manager joins by registering with the address the owner invited (docs/teams.md).
	w.sponsor.must("team.invite", map[string]any{"email": "mate@example.com", "role": "manager"})
	w.sponsor.sync()
	w.register("sponsor", "mate@example.com", "Mate")
	mate := w.desktopFor("mate@example.com", "mate")
	second := w.desktopFor("sponsor@example.com", "sponsor-second")

	list, saved := domain.NewID(), domain.NewID()
	w.sponsor.must("shortlist.create", map[string]any{"id": list, "name": "Launch picks", "campaign_id": w.campaign})
	w.sponsor.must("shortlist.add", map[string]any{"shortlist_id": list, "influencer_ids": []string{w.infl.user.ID}, "note": "fast replies"})
	w.sponsor.must("savedSearch.save", map[string]any{"id": saved, "name": "Phones", "query": map[string]any{"niche": "Phones"}})
	w.sponsor.sync()
	entry := mutate.ShortlistEntryID(list, w.infl.user.ID)
	for _, d := range []*desktop{second, mate, globex, w.infl} {
		d.sync()
	}
	for _, d := range []*desktop{second, mate} {
		if got := d.get(`SELECT note FROM shortlist_entries WHERE id = ?`, entry); got != "fast replies" {
			t.Fatalf("%s: entry note %q", d.name, got)
		}
		if n := d.count(`SELECT COUNT(*) FROM saved_searches WHERE id = ?`, saved); n != 1 {
			t.Fatalf("%s: no saved search", d.name)
		}
	}
	for _, d := range []*desktop{globex, w.infl} {
		if n := d.count(`SELECT (SELECT COUNT(*) FROM shortlists) + (SELECT COUNT(*) FROM shortlist_entries) + (SELECT COUNT(*) FROM saved_searches)`); n != 0 {
			t.Fatalf("%s holds %d rows of another organisation's lists", d.name, n)
		}
	}

	// The manager writes the organisation's list; the founder's desktops see it.
	mate.must("shortlist.note", map[string]any{"id": entry, "note": "asked for rates"})
	mate.sync()
	w.sponsor.sync()
	if got := w.sponsor.get(`SELECT note FROM shortlist_entries WHERE id = ?`, entry); got != "asked for rates" {
		t.Fatalf("founder sees note %q", got)
	}

	// A flagged creator leaves the lists (and comes back when unflagged).
	w.admin.must("admin.flag", map[string]any{"target": "account", "id": w.infl.user.ID, "reason": "fake followers"})
	w.admin.sync()
	second.sync()
	if n := second.count(`SELECT COUNT(*) FROM shortlist_entries WHERE id = ?`, entry); n != 0 {
		t.Fatal("a flagged creator's entry stayed in the replica")
	}
	w.admin.must("admin.unflag", map[string]any{"target": "account", "id": w.infl.user.ID})
	w.admin.sync()
	second.sync()
	if n := second.count(`SELECT COUNT(*) FROM shortlist_entries WHERE id = ?`, entry); n != 1 {
		t.Fatal("an unflagged creator's entry did not come back")
	}

	// A member who leaves loses the organisation's lists and saved searches.
	w.sponsor.must("team.remove", map[string]any{"member_id": mutate.OrgMemberID(acme, "mate@example.com")})
	w.sponsor.sync()
	mate.sync()
	if n := mate.count(`SELECT (SELECT COUNT(*) FROM shortlists) + (SELECT COUNT(*) FROM shortlist_entries) + (SELECT COUNT(*) FROM saved_searches)`); n != 0 {
		t.Fatalf("a removed member still holds %d rows of the organisation's lists", n)
	}
	mate.must("shortlist.create", map[string]any{"id": domain.NewID(), "name": "Mine now"}) // their own organisation again
	mate.sync()
	if n := mate.count(`SELECT COUNT(*) FROM shortlists WHERE org_id = ?`, mate.user.ID); n != 1 {
		t.Fatal("a removed member's own list did not sync")
	}

	// A deleted campaign leaves its lists unlinked, on every desktop of the organisation.
	draft, forDraft := domain.NewID(), domain.NewID()
	w.sponsor.must("campaign.create", map[string]any{"id": draft, "name": "Maybe", "start_date": "2026-12-01", "end_date": "2026-12-31", "budget": 10})
	w.sponsor.must("shortlist.create", map[string]any{"id": forDraft, "name": "For maybe", "campaign_id": draft})
	w.sponsor.sync()
	second.sync()
	w.sponsor.must("campaign.delete", map[string]any{"id": draft})
	if n := w.sponsor.count(`SELECT COUNT(*) FROM shortlists WHERE id = ? AND campaign_id IS NULL`, forDraft); n != 1 {
		t.Fatal("the optimistic delete left the list linked to the campaign")
	}
	w.sponsor.sync()
	second.sync()
	for _, d := range []*desktop{w.sponsor, second} {
		if n := d.count(`SELECT COUNT(*) FROM shortlists WHERE id = ? AND campaign_id IS NULL`, forDraft); n != 1 {
			t.Fatalf("%s: the list of a deleted campaign is gone or still linked", d.name)
		}
	}

	// A deleted list leaves with its entries; a deleted saved search too.
	w.sponsor.must("shortlist.delete", map[string]any{"id": list})
	w.sponsor.must("shortlist.delete", map[string]any{"id": forDraft})
	w.sponsor.must("savedSearch.delete", map[string]any{"id": saved})
	w.sponsor.sync()
	second.sync()
	if n := second.count(`SELECT (SELECT COUNT(*) FROM shortlists) + (SELECT COUNT(*) FROM shortlist_entries) + (SELECT COUNT(*) FROM saved_searches)`); n != 0 {
		t.Fatalf("%d list rows stayed after deletes", n)
	}
	w.sponsor.expectConverged()
	second.expectConverged()
}
