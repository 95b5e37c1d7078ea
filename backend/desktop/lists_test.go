package desktop

import (
	"encoding/json"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// The lists through the bound service, on a desktop synced with a real server: a
// list with a creator and a note, a saved search whose badge counts a creator who
// registers after it was saved, and opening it starts the count again.
func TestListsService_ListsAndNewMatches(t *testing.T) {
	n := newNegotiation(t)
	ls := NewListsService(n.sponsor)
	waitFor(t, "Ivan on the sponsor's desktop", func() bool {
		p, err := ls.Lists(n.inflID)
		return err == nil && p.CanEdit && p.OrgID != ""
	})
	id, err := ls.Create(mutate.ShortlistCreate{Name: " Launch ", CampaignID: n.campaign})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "Ivan's profile in the replica", func() bool {
		return ls.Add(mutate.ShortlistAdd{ShortlistID: id, InfluencerIDs: []string{n.inflID}}) == nil
	})
	if err := ls.Note(mutate.ShortlistNote{ID: mutate.ShortlistEntryID(id, n.inflID), Note: "fast replies"}); err != nil {
		t.Fatal(err)
	}
	p, err := ls.Lists(n.inflID)
	if err != nil || len(p.Items) != 1 || !p.Items[0].Has || p.Items[0].Name != "Launch" || p.Items[0].CampaignName != "Phone launch" {
		t.Fatalf("lists: %+v %v", p, err)
	}
	d, err := ls.List(id)
	if err != nil || len(d.Items) != 1 || d.Items[0].Note != "fast replies" || d.Items[0].DisplayName != "Ivan" {
		t.Fatalf("list: %+v %v", d, err)
	}

	sid, err := ls.SaveSearch(mutate.SavedSearchSave{Name: "Everyone", Query: json.RawMessage(`{"sort":"name"}`)})
	if err != nil {
		t.Fatal(err)
	}
	badge := func() int {
		t.Helper()
		s, err := ls.SavedSearches()
		if err != nil || len(s.Items) != 1 || s.Items[0].ID != sid || !s.Items[0].Opened {
			t.Fatalf("saved searches: %+v %v", s, err)
		}
		return s.Items[0].New
	}
	if n := badge(); n != 0 {
		t.Fatalf("just saved: %d new", n)
	}
	n.ts.register("influencer", "nina@creator.test", "Nina")
	waitFor(t, "Nina counted as new", func() bool { return badge() == 1 })
	s, err := ls.OpenSearch(sid)
	if err != nil || s.Name != "Everyone" || string(s.Query) != `{"sort":"name"}` {
		t.Fatalf("open: %+v %v", s, err)
	}
	if n := badge(); n != 0 {
		t.Fatalf("opened: %d new", n)
	}
	if _, err := NewListsService(n.infl).Lists(""); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("an influencer's lists: %v", err)
	}
}
