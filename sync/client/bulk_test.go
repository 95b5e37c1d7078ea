package client_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/replica"
	"iescp/backend/search"
	"iescp/backend/seed"
	"iescp/backend/store"
	"iescp/sync/client"
	"iescp/sync/server"
)

// TestSync_FullDownloadIndexesSearch: a first download large enough to load in
// bulk (search indexing suspended, rebuilt at the end) leaves a replica whose
// search finds every visible profile, and whose triggers index later changes.
func TestSync_FullDownloadIndexesSearch(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	if _, err := seed.Generate(context.Background(), seed.Options{DataDir: dir, Password: pw, Influencers: 1500,
		Sponsors: 10, Campaigns: 30, AdRequests: 60, Seed: 3, Now: now}); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{DBPath: filepath.Join(dir, seed.ServerDBName), Now: func() time.Time { return now },
		Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	ctx := context.Background()
	auth, user, err := client.Login(ctx, hs.URL, "sponsor@iescp.demo", pw, &client.MemorySecrets{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "r.db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var progress, totals []int
	eng, err := client.New(ctx, client.Config{ServerURL: hs.URL, DB: db, AccountID: user.ID, Tokens: auth, PageSize: 500,
		OnProgress:  func(n int) { progress = append(progress, n) },
		OnPullTotal: func(n int) { totals = append(totals, n) }})
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if len(progress) < 3 {
		t.Fatalf("progress reported %v, want several steps of a paged download", progress)
	}
	// The first page said how many rows the download brings: exactly what the
	// replica holds after it (the changes received also count the few dels a
	// later page carries for rows never sent).
	stored := 0
	for _, tb := range replica.Tables {
		stored += count(t, db, `SELECT COUNT(*) FROM `+tb.Name)
	}
	if len(totals) != 1 || totals[0] != stored {
		t.Fatalf("totals reported %v, want one equal to the rows stored (%d)", totals, stored)
	}
	// A second pull is not a first download: no total.
	if err := eng.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if len(totals) != 1 {
		t.Fatalf("totals reported %v after a second pull, want none more", totals)
	}
	profiles := count(t, db, `SELECT COUNT(*) FROM influencer_profiles`)
	if profiles < 1400 {
		t.Fatalf("%d profiles downloaded", profiles)
	}
	page, err := search.Influencers(ctx, db.R, search.InfluencerQuery{Page: 1, PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != profiles {
		t.Fatalf("search browses %d influencers, the replica has %d", page.Total, profiles)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM influencer_search_docs`); n != profiles {
		t.Fatalf("search index holds %d documents, want %d", n, profiles)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM search_suspend`); n != 0 {
		t.Fatal("search triggers left suspended")
	}
	if _, err := db.W.Exec(`INSERT INTO influencer_search (influencer_search) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("FTS integrity-check: %v", err)
	}
	// Later changes are indexed by the triggers again.
	args := []byte(`{"id":"` + domain.NewID() + `","name":"Zyzzyva launch","start_date":"2026-11-01","end_date":"2026-12-31",` +
		`"budget":1000,"visibility":"public","publish":true}`)
	if _, err := eng.Mutate(ctx, "campaign.create", args); err != nil {
		t.Fatal(err)
	}
	cp, err := search.Campaigns(ctx, db.R, search.CampaignQuery{Text: "zyzzyva", Page: 1, PageSize: 5})
	if err != nil || cp.Total != 1 {
		t.Fatalf("campaign search for a campaign made after the download: %+v, %v", cp, err)
	}
}
