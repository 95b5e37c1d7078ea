package queries

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"iescp/backend/mutate"
	"iescp/backend/store"
)

// openReplica is an empty desktop replica (domain tables, outbox, sync state).
func openReplica(t *testing.T) *store.Store {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "replica.db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// queue writes an outbox entry as the sync client does: the mutator's name and
// its JSON arguments; code != "" marks it rejected by the server.
func queue(t *testing.T, db *store.Store, args mutate.Args, code, message string) int64 {
	t.Helper()
	b, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	status := "pending"
	if code != "" {
		status = "rejected"
	}
	res, err := db.W.Exec(`INSERT INTO outbox (name, args_json, created_at, status, code, message) VALUES (?, ?, ?, ?, ?, ?)`,
		args.Mutation(), string(b), time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), status, code, message)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	return id
}

func TestPendingMarks(t *testing.T) {
	db := openReplica(t)
	ctx := context.Background()
	queue(t, db, &mutate.AdRequestAccept{AdRequestID: "ar-accepted", OfferID: "o1"}, "", "")
	queue(t, db, &mutate.AdRequestCounter{AdRequestID: "ar-refused", OfferID: "o2", Amount: 500}, "invalid_transition", "the request is withdrawn")
	queue(t, db, &mutate.AdRequestSend{ID: "ar-new", CampaignID: "c-1", InfluencerID: "i-1", Amount: 100}, "", "")
	queue(t, db, &mutate.CampaignUpdate{ID: "c-2"}, "", "")
	queue(t, db, &mutate.CampaignPublish{ID: "c-3"}, "forbidden", "flagged")
	queue(t, db, &mutate.AdminFlag{Target: "campaign", ID: "c-4", Reason: "spam"}, "", "")
	queue(t, db, &mutate.AdminFlag{Target: "account", ID: "acc-1", Reason: "spam"}, "", "")
	queue(t, db, &mutate.ProfileUpdate{}, "", "")
	// A row with a refused change and, after it, a queued one: both show, and the
	// action named is the refused one (what the user must look at).
	queue(t, db, &mutate.AdRequestWithdraw{AdRequestID: "ar-both"}, "not_found", "gone")
	queue(t, db, &mutate.AdRequestComplete{AdRequestID: "ar-both"}, "", "")

	got, err := PendingMarks(ctx, db.R)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Mark{
		"ar-accepted": {Queued: true, Action: "adRequest.accept"},
		"ar-refused":  {Refused: true, Code: "invalid_transition", Message: "the request is withdrawn", Action: "adRequest.counter"},
		"ar-new":      {Queued: true, Action: "adRequest.send"},
		"c-2":         {Queued: true, Action: "campaign.update"},
		"c-3":         {Refused: true, Code: "forbidden", Message: "flagged", Action: "campaign.publish"},
		"c-4":         {Queued: true, Action: "admin.flag"},
		"ar-both":     {Queued: true, Refused: true, Code: "not_found", Message: "gone", Action: "adRequest.withdraw"},
	}
	if len(got) != len(want) {
		t.Errorf("PendingMarks: %d rows %v, want %d", len(got), got, len(want))
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("PendingMarks[%s] = %+v, want %+v", id, got[id], w)
		}
	}
	// The campaign of a new ad request is not itself changed; nor is an account.
	for _, id := range []string{"c-1", "acc-1", ""} {
		if m, ok := got[id]; ok {
			t.Errorf("PendingMarks[%q] = %+v, want no mark", id, m)
		}
	}

	empty := openReplica(t)
	if got, err := PendingMarks(ctx, empty.R); err != nil || len(got) != 0 {
		t.Errorf("PendingMarks on an empty outbox = %v, %v", got, err)
	}
}
