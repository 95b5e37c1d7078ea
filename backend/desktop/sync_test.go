package desktop

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/queries"
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
	// In words: the rename of a campaign this desktop no longer holds (no ref to
	// open), named by the name the change carried.
	if is.Action != "campaign.update" || is.ReasonCode != is.Code || is.Ref != nil || is.Params.Campaign != "Renamed on B" {
		t.Fatalf("got issue %+v, want the action, the reason, no ref and the campaign's name", is)
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

// adRequestStatus is the status of an ad request in a desktop's replica ("" when
// it does not hold it).
func adRequestStatus(t *testing.T, s *Services, id string) string {
	t.Helper()
	_, sess, err := s.begin()
	if err != nil {
		t.Fatal(err)
	}
	var st string
	_ = sess.db.R.Get(&st, `SELECT status FROM ad_requests WHERE id = ?`, id)
	return st
}

// A change the server refuses (an influencer accepts an offer the sponsor's
// budget no longer covers: the influencer's desktop cannot see the money, so
// only the server can say no) shows as a sync issue a person can read, marks the
// request as refused, and once the sponsor raises the budget, Retry sends the
// same change again and it goes through.
func TestSyncService_RefusedChangeInWordsMarkedAndRetried(t *testing.T) {
	n := newNegotiation(t)
	reqID, offerID := domain.NewID(), domain.NewID()
	mustMutate(t, n.sponsor, "adRequest.send", map[string]any{"id": reqID, "offer_id": offerID, "campaign_id": n.campaign,
		"influencer_id": n.inflID, "amount": 400_000, "requirements": "Three reels"})
	drained(t, n.sponsor, "the request to upload")
	mustMutate(t, n.sponsor, "campaign.update", map[string]any{"id": n.campaign, "budget": 300_000})
	drained(t, n.sponsor, "the lower budget to upload")
	waitFor(t, "the request on the influencer's desktop", func() bool { return adRequestStatus(t, n.infl, reqID) == "pending" })

	// Queued: marked on the request until the server answers.
	engineOf(t, n.infl).Stop()
	mustMutate(t, n.infl, "adRequest.accept", map[string]any{"ad_request_id": reqID, "offer_id": offerID})
	marks, err := marksOf(t, n.infl)
	if err != nil || marks[reqID] != (queries.Mark{Queued: true, Action: "adRequest.accept"}) {
		t.Fatalf("got marks %+v (%v), want the accept queued on the request", marks, err)
	}
	if st, err := n.infl.Sync.SyncNow(); err != nil || st.Rejected != 1 {
		t.Fatalf("got %+v (%v), want the accept refused", st, err)
	}
	if got := adRequestStatus(t, n.infl, reqID); got != "pending" {
		t.Fatalf("got status %q after the refusal, want the request pending again", got)
	}
	marks, _ = marksOf(t, n.infl)
	if m := marks[reqID]; m.Queued || !m.Refused || m.Code != string(domain.CodeBudgetExceeded) || m.Action != "adRequest.accept" || m.Message == "" {
		t.Fatalf("got mark %+v, want the accept refused for the budget", m)
	}

	issues, err := n.infl.Sync.Issues()
	if err != nil || len(issues) != 1 {
		t.Fatalf("got issues %+v (%v), want one", issues, err)
	}
	is := issues[0]
	if is.Name != "adRequest.accept" || is.Code != string(domain.CodeBudgetExceeded) || is.Message == "" ||
		!strings.Contains(string(is.Args), reqID) {
		t.Fatalf("got issue %+v, want the old fields kept", is)
	}
	if is.Action != "adRequest.accept" || is.ReasonCode != string(domain.CodeBudgetExceeded) ||
		is.Ref == nil || *is.Ref != (queries.IssueRef{Kind: queries.RefAdRequest, ID: reqID}) ||
		is.Params.Campaign != "Phone launch" || is.Params.Party != "Maya Inc" || is.Params.Amount == nil || *is.Params.Amount != 400_000 {
		t.Fatalf("got issue %+v (params %+v, ref %+v), want it in words", is, is.Params, is.Ref)
	}

	// The sponsor raises the budget; the influencer tries the same change again.
	mustMutate(t, n.sponsor, "campaign.update", map[string]any{"id": n.campaign, "budget": 600_000})
	drained(t, n.sponsor, "the higher budget to upload")
	if _, err := n.infl.Sync.Retry(is.ID + 1000); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("got %v retrying an unknown issue, want not_found", err)
	}
	newID, err := n.infl.Sync.Retry(is.ID)
	if err != nil || newID <= is.ID {
		t.Fatalf("retry: %d, %v", newID, err)
	}
	if got := adRequestStatus(t, n.infl, reqID); got != "accepted" {
		t.Fatalf("got status %q after retrying, want accepted at once (optimistic)", got)
	}
	if issues, _ := n.infl.Sync.Issues(); len(issues) != 0 {
		t.Fatalf("got issues %+v after retrying, want none", issues)
	}
	if st, err := n.infl.Sync.SyncNow(); err != nil || st.Rejected != 0 || st.Pending != 0 || st.State != client.StateOnline {
		t.Fatalf("got %+v (%v) after pushing the retry, want it taken", st, err)
	}
	waitFor(t, "the acceptance on the sponsor's desktop", func() bool { return adRequestStatus(t, n.sponsor, reqID) == "accepted" })
	if marks, _ := marksOf(t, n.infl); len(marks) != 0 {
		t.Fatalf("got marks %+v once synced, want none", marks)
	}

	// Signed out, nothing is retried.
	if err := n.infl.Session.SignOut(); err != nil {
		t.Fatal(err)
	}
	if _, err := n.infl.Sync.Retry(is.ID); uiCode(t, err) != domain.CodeUnauthenticated {
		t.Fatalf("got %v signed out, want unauthenticated", err)
	}
}

// engineOf is the sync engine of a desktop's session (to pause its background
// loop: sync then runs only through SyncNow).
func engineOf(t *testing.T, s *Services) *client.Engine {
	t.Helper()
	_, sess, err := s.begin()
	if err != nil {
		t.Fatal(err)
	}
	return sess.engine
}

// marksOf is what queries.PendingMarks says on a desktop's replica (the rows'
// provisional marks).
func marksOf(t *testing.T, s *Services) (map[string]queries.Mark, error) {
	t.Helper()
	ctx, sess, err := s.begin()
	if err != nil {
		t.Fatal(err)
	}
	return queries.PendingMarks(ctx, sess.db.R)
}
