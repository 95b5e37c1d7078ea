package desktop

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"iescp/backend/domain"
	"iescp/sync/client"
)

func TestServices_DataChangedWhenAnotherDesktopChangesACampaign(t *testing.T) {
	ts := newTestServer(t)
	ts.register("sponsor", "maya@brand.test", "Maya")
	a, _ := newTestDesktop(t, ts.URL, "")
	b, recB := newTestDesktop(t, ts.URL, "")
	for _, s := range []*Services{a, b} {
		if _, err := s.Session.SignIn("maya@brand.test", testPW); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "both event streams", func() bool { return ts.streams() == 2 })
	before := recB.count(TopicDataChanged)
	createCampaign(t, a, "Made on A")
	waitFor(t, "data:changed on B", func() bool { return recB.count(TopicDataChanged) > before })
	waitFor(t, "the campaign on B", func() bool {
		names := campaignNames(t, b)
		return len(names) == 1 && names[0] == "Made on A"
	})
	for _, d := range recB.all(TopicDataChanged) {
		if dc := d.(DataChanged); dc.Source == "jobs" {
			continue // the monthly report's catch-up at sign-in
		} else if dc.Source != "sync" || dc.AccountID == "" {
			t.Fatalf("got %+v, want a sync change of the account", dc)
		}
	}
}

func TestSyncService_IssuesDiscardAndResubmit(t *testing.T) {
	ts := newTestServer(t)
	ts.register("sponsor", "maya@brand.test", "Maya")
	a, _ := newTestDesktop(t, ts.URL, "")
	b, _ := newTestDesktop(t, ts.URL, "")
	if _, err := a.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatal(err)
	}
	id := createCampaign(t, a, "Doomed")
	waitFor(t, "A's push", func() bool { st, _ := a.Sync.Status(); return st.Pending == 0 && st.State == client.StateOnline })
	if _, err := b.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatal(err)
	}
	// B's background loop is paused (sync runs only through SyncNow), so that
	// its change stays queued while A's delete reaches the server.
	sessB, _ := b.active()
	sessB.engine.Stop()

	// B renames the campaign without pushing yet, while A deletes it and pushes:
	// B's rename reaches the server after the delete and is rejected.
	rename := func(name string) string {
		args, _ := json.Marshal(map[string]any{"id": id, "name": name})
		return string(args)
	}
	if _, err := b.Mutate(context.Background(), "campaign.update", json.RawMessage(rename("Renamed on B"))); err != nil {
		t.Fatal(err)
	}
	del, _ := json.Marshal(map[string]any{"id": id})
	if _, err := a.Mutate(context.Background(), "campaign.delete", del); err != nil {
		t.Fatal(err)
	}
	if st, _ := b.Sync.Status(); st.Pending != 1 {
		t.Fatalf("got %+v on B, want the rename pending", st)
	}
	a.NotifyLocalChange()
	waitFor(t, "A's push of the delete", func() bool { st, _ := a.Sync.Status(); return st.Pending == 0 })
	if st, err := b.Sync.SyncNow(); err != nil || st.Rejected != 1 {
		t.Fatalf("got %+v (%v) on B, want one rejected change", st, err)
	}

	issues, err := b.Sync.Issues()
	if err != nil || len(issues) != 1 {
		t.Fatalf("got issues %+v (%v), want one", issues, err)
	}
	is := issues[0]
	if is.Name != "campaign.update" || is.Code == "" || is.Message == "" || !strings.Contains(string(is.Args), "Renamed on B") {
		t.Fatalf("got issue %+v, want the rejected rename with its code and message", is)
	}
	if got := campaignNames(t, b); len(got) != 0 {
		t.Fatalf("got campaigns %v on B, want the deleted one gone", got)
	}

	// Resubmitting against a campaign that no longer exists fails locally and
	// keeps the issue; discarding removes it.
	if _, err := b.Sync.Resubmit(is.ID, rename("Again")); err == nil {
		t.Fatal("resubmit of an update to a deleted campaign succeeded")
	}
	if _, err := b.Sync.Resubmit(is.ID, "{not json"); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("got %v, want invalid_argument for bad JSON", err)
	}
	if issues, _ := b.Sync.Issues(); len(issues) != 1 {
		t.Fatalf("got %d issues after failed resubmits, want 1", len(issues))
	}
	if err := b.Sync.Discard(is.ID); err != nil {
		t.Fatal(err)
	}
	if issues, _ := b.Sync.Issues(); len(issues) != 0 {
		t.Fatalf("got %d issues after discard, want 0", len(issues))
	}
	if err := b.Sync.Discard(is.ID); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("got %v for a second discard, want not_found", err)
	}
	if st, err := b.Sync.SyncNow(); err != nil || st.State != client.StateOnline || st.Rejected != 0 {
		t.Fatalf("got %+v (%v) after SyncNow, want online with no issues", st, err)
	}
}
