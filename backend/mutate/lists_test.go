package mutate_test

import (
	"strings"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// shortlist makes a list of sponsor's organisation and returns its id.
func (w *world) shortlist(sponsor string) string {
	w.t.Helper()
	id := domain.NewID()
	w.must(sponsor, "shortlist.create", map[string]any{"id": id, "name": "Picks " + id[:8]})
	return id
}

// entry puts infl on a new list of sponsor's and returns the entry's id.
func (w *world) entry(sponsor, infl string) string {
	w.t.Helper()
	l := w.shortlist(sponsor)
	w.must(sponsor, "shortlist.add", map[string]any{"shortlist_id": l, "influencer_ids": []string{infl}})
	return mutate.ShortlistEntryID(l, infl)
}

// savedSearch saves a search of sponsor's organisation and returns its id.
func (w *world) savedSearch(sponsor string) string {
	w.t.Helper()
	id := domain.NewID()
	w.must(sponsor, "savedSearch.save", map[string]any{"id": id, "name": "Phones", "query": map[string]any{"niche": "Phones"}})
	return id
}

func TestShortlist_AddTwiceIsOneEntryAndKeepsItsNote(t *testing.T) {
	w := newWorld(t)
	l := w.shortlist(w.sponsor)
	note := "met at the fair"
	w.must(w.sponsor, "shortlist.add", map[string]any{"shortlist_id": l, "influencer_ids": []string{w.infl, w.infl2}, "note": note})
	w.must(w.sponsor, "shortlist.add", map[string]any{"shortlist_id": l, "influencer_ids": []string{w.infl}})
	if n := w.count(`SELECT COUNT(*) FROM shortlist_entries WHERE shortlist_id = ?`, l); n != 2 {
		t.Fatalf("%d entries, want 2", n)
	}
	e := mutate.ShortlistEntryID(l, w.infl)
	if n := w.count(`SELECT COUNT(*) FROM shortlist_entries WHERE id = ? AND note = ? AND deleted_at IS NULL`, e, note); n != 1 {
		t.Fatal("adding again without a note lost the note")
	}
	// Removed, then added again: the same row comes back.
	w.must(w.sponsor, "shortlist.remove", map[string]any{"ids": []string{e}})
	if n := w.count(`SELECT COUNT(*) FROM shortlist_entries WHERE id = ? AND deleted_at IS NOT NULL`, e); n != 1 {
		t.Fatal("remove did not remove")
	}
	w.want(domain.CodeNotFound, w.sponsor, "shortlist.note", map[string]any{"id": e, "note": "x"})
	w.must(w.sponsor, "shortlist.add", map[string]any{"shortlist_id": l, "influencer_ids": []string{w.infl}})
	if n := w.count(`SELECT COUNT(*) FROM shortlist_entries WHERE id = ? AND deleted_at IS NULL`, e); n != 1 {
		t.Fatal("adding a removed creator again did not bring the entry back")
	}
	w.must(w.sponsor, "shortlist.note", map[string]any{"id": e, "note": "  second call  "})
	if n := w.count(`SELECT COUNT(*) FROM shortlist_entries WHERE id = ? AND note = 'second call'`, e); n != 1 {
		t.Fatal("note not set (trimmed)")
	}
}

func TestShortlist_HiddenCreatorsAndOthersListsAreNotFound(t *testing.T) {
	w := newWorld(t)
	l := w.shortlist(w.sponsor)
	for _, id := range []string{w.flaggedInfl, w.inactiveInf, w.sponsor2, domain.NewID()} {
		// One hidden creator refuses the whole call: nothing is added.
		w.want(domain.CodeNotFound, w.sponsor, "shortlist.add", map[string]any{"shortlist_id": l, "influencer_ids": []string{w.infl, id}})
	}
	if n := w.count(`SELECT COUNT(*) FROM shortlist_entries`); n != 0 {
		t.Fatalf("%d entries after refused adds", n)
	}
	// Another organisation's list, entry and saved search do not exist for Globex.
	e := w.entry(w.sponsor, w.infl)
	s := w.savedSearch(w.sponsor)
	w.want(domain.CodeNotFound, w.sponsor2, "shortlist.add", map[string]any{"shortlist_id": l, "influencer_ids": []string{w.infl}})
	w.want(domain.CodeNotFound, w.sponsor2, "shortlist.rename", map[string]any{"id": l, "name": "Mine"})
	w.want(domain.CodeNotFound, w.sponsor2, "shortlist.note", map[string]any{"id": e, "note": "mine"})
	w.want(domain.CodeNotFound, w.sponsor2, "shortlist.remove", map[string]any{"ids": []string{e}})
	w.want(domain.CodeNotFound, w.sponsor2, "savedSearch.delete", map[string]any{"id": s})
	w.want(domain.CodeInvalidArgument, w.sponsor2, "savedSearch.save", map[string]any{"id": s, "name": "Mine", "query": map[string]any{}})
	// A list for another sponsor's campaign is refused as not found.
	w.want(domain.CodeNotFound, w.sponsor2, "shortlist.create", map[string]any{"id": domain.NewID(), "name": "X", "campaign_id": w.campaign})
	w.must(w.sponsor, "shortlist.create", map[string]any{"id": domain.NewID(), "name": "For the launch", "campaign_id": w.campaign})
	// A flagged creator's entry is hidden: its note cannot be changed.
	w.exec(`UPDATE accounts SET flagged = 1 WHERE id = ?`, w.infl)
	w.want(domain.CodeNotFound, w.sponsor, "shortlist.note", map[string]any{"id": e, "note": "x"})
	// A deleted list is gone.
	w.must(w.sponsor, "shortlist.delete", map[string]any{"id": l})
	w.want(domain.CodeNotFound, w.sponsor, "shortlist.rename", map[string]any{"id": l, "name": "Back"})
}

func TestShortlist_RolesOfTheOrganisation(t *testing.T) {
	w := newWorld(t)
	l := w.shortlist(w.sponsor)
	manager := w.teammate(w.sponsor, "Mate manager", "manager")
	viewer := w.teammate(w.sponsor, "Mate viewer", "viewer")
	// A manager writes the organisation's lists (not a list of their own).
	w.must(manager, "shortlist.add", map[string]any{"shortlist_id": l, "influencer_ids": []string{w.infl}})
	w.must(manager, "shortlist.rename", map[string]any{"id": l, "name": "Team picks"})
	m := domain.NewID()
	w.must(manager, "shortlist.create", map[string]any{"id": m, "name": "Manager's", "campaign_id": w.campaign})
	if n := w.count(`SELECT COUNT(*) FROM shortlists WHERE id = ? AND org_id = ? AND created_by = ?`, m, w.sponsor, manager); n != 1 {
		t.Fatal("a manager's list is not the organisation's")
	}
	// A viewer reads only.
	e := mutate.ShortlistEntryID(l, w.infl)
	for name, args := range map[string]any{
		"shortlist.create":   map[string]any{"id": domain.NewID(), "name": "Viewer's"},
		"shortlist.rename":   map[string]any{"id": l, "name": "Viewer's"},
		"shortlist.delete":   map[string]any{"id": l},
		"shortlist.add":      map[string]any{"shortlist_id": l, "influencer_ids": []string{w.infl2}},
		"shortlist.note":     map[string]any{"id": e, "note": "x"},
		"shortlist.remove":   map[string]any{"ids": []string{e}},
		"savedSearch.save":   map[string]any{"id": domain.NewID(), "name": "V", "query": map[string]any{}},
		"savedSearch.delete": map[string]any{"id": w.savedSearch(w.sponsor)},
	} {
		w.want(domain.CodeForbidden, viewer, name, args)
	}
	// Influencers and admins have no lists.
	w.want(domain.CodeForbidden, w.infl, "shortlist.create", map[string]any{"id": domain.NewID(), "name": "X"})
	w.want(domain.CodeForbidden, w.admin, "savedSearch.save", map[string]any{"id": domain.NewID(), "name": "X", "query": map[string]any{}})
}

func TestShortlist_Validation(t *testing.T) {
	w := newWorld(t)
	l := w.shortlist(w.sponsor)
	ids := make([]string, mutate.MaxListBatch+1)
	for i := range ids {
		ids[i] = domain.NewID()
	}
	for _, tc := range []struct {
		name string
		args map[string]any
	}{
		{"shortlist.create", map[string]any{"id": domain.NewID(), "name": "  "}},
		{"shortlist.create", map[string]any{"id": domain.NewID(), "name": strings.Repeat("n", mutate.MaxListName+1)}},
		{"shortlist.create", map[string]any{"id": l, "name": "Same id"}},
		{"shortlist.create", map[string]any{"id": "nope", "name": "X"}},
		{"shortlist.add", map[string]any{"shortlist_id": l, "influencer_ids": []string{}}},
		{"shortlist.add", map[string]any{"shortlist_id": l, "influencer_ids": ids}},
		{"shortlist.add", map[string]any{"shortlist_id": l, "influencer_ids": []string{w.infl, w.infl}}},
		{"shortlist.add", map[string]any{"shortlist_id": l, "influencer_ids": []string{w.infl}, "note": strings.Repeat("n", mutate.MaxListNote+1)}},
		{"shortlist.note", map[string]any{"id": mutate.ShortlistEntryID(l, w.infl), "note": "bad\x00"}},
		{"savedSearch.save", map[string]any{"id": domain.NewID(), "name": "X", "query": map[string]any{"colour": "red"}}},
		{"savedSearch.save", map[string]any{"id": domain.NewID(), "name": "X", "query": map[string]any{"sort": "budget"}}},
		{"savedSearch.save", map[string]any{"id": domain.NewID(), "name": "X", "query": map[string]any{"platform": "myspace"}}},
		{"savedSearch.save", map[string]any{"id": domain.NewID(), "name": "X", "query": map[string]any{"size_tier": "giant"}}},
		{"savedSearch.save", map[string]any{"id": domain.NewID(), "name": "X", "query": map[string]any{"min_reach": 10, "max_reach": 5}}},
		{"savedSearch.save", map[string]any{"id": domain.NewID(), "name": "X", "query": map[string]any{"min_er": -0.1}}},
		{"savedSearch.save", map[string]any{"id": domain.NewID(), "name": "X", "query": map[string]any{"like": w.infl}}},
		{"savedSearch.save", map[string]any{"id": domain.NewID(), "name": "X", "query": []any{}}},
	} {
		w.want(domain.CodeInvalidArgument, w.sponsor, tc.name, tc.args)
	}
}

func TestSavedSearch_StoresTheCanonicalQueryAndOverwrites(t *testing.T) {
	w := newWorld(t)
	id := domain.NewID()
	w.must(w.sponsor, "savedSearch.save", map[string]any{"id": id, "name": "Phones", "query": map[string]any{
		"text": "  unboxing ", "niche": "Phones", "platform": "tiktok", "min_reach": 1000, "min_er": 0.02,
		"size_tier": "micro", "perf_tier": "A", "hide_high_risk": true, "sort": "er", "order": "desc", "max_reach": 0}})
	var q string
	if err := w.db.R.Get(&q, `SELECT query FROM saved_searches WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	want := `{"text":"unboxing","niche":"Phones","platform":"tiktok","min_reach":1000,"min_er":0.02,"size_tier":"micro","perf_tier":"A","hide_high_risk":true,"sort":"er","order":"desc"}`
	if q != want {
		t.Fatalf("query %s\nwant  %s", q, want)
	}
	w.must(w.sponsor, "savedSearch.save", map[string]any{"id": id, "name": "Phones, big", "query": map[string]any{"size_tier": "macro"}})
	if n := w.count(`SELECT COUNT(*) FROM saved_searches WHERE id = ? AND name = 'Phones, big' AND query = '{"size_tier":"macro"}'`, id); n != 1 {
		t.Fatal("save did not overwrite")
	}
	w.must(w.sponsor, "savedSearch.delete", map[string]any{"id": id})
	w.want(domain.CodeNotFound, w.sponsor, "savedSearch.delete", map[string]any{"id": id})
	w.want(domain.CodeInvalidArgument, w.sponsor, "savedSearch.save", map[string]any{"id": id, "name": "Again", "query": map[string]any{}})
}
