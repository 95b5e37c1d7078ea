package client_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"iescp/backend/store"
	"iescp/sync/client"
)

// live signs an account in on a new desktop whose engine runs in the background
// (debounced pushes, SSE pokes, polling); changed receives a value after each pull
// that changed the replica.
func (p *platform) live(email, name string) (*desktop, chan struct{}) {
	p.t.Helper()
	ctx := context.Background()
	auth, user, err := client.Login(ctx, p.http.URL, email, pw, &client.MemorySecrets{}, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(p.t.TempDir(), name+".db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(func() { db.Close() })
	changed := make(chan struct{}, 100)
	eng, err := client.New(ctx, client.Config{ServerURL: p.http.URL, DB: db, AccountID: user.ID, Tokens: auth,
		OnChange: func() { changed <- struct{}{} }})
	if err != nil {
		p.t.Fatal(err)
	}
	eng.Start()
	p.t.Cleanup(eng.Stop)
	return &desktop{t: p.t, p: p, name: name, user: user, db: db, engine: eng, auth: auth}, changed
}

// waitFor polls a desktop's replica until q returns want.
func waitFor(t *testing.T, d *desktop, want string, q string, args ...any) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < 10*time.Second {
		var got string
		if err := d.db.R.Get(&got, q, args...); err == nil && got == want {
			return time.Since(start)
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("%s: %s never became %q", d.name, q, want)
	return 0
}

// TestSync_LiveAcrossDesktops: with engines running, a change on one desktop shows
// on another without anyone syncing by hand (push, SSE poke, pull), and one user's
// two desktops follow each other.
func TestSync_LiveAcrossDesktops(t *testing.T) {
	w := newWorld(t)
	sponsorA, _ := w.live("sponsor@example.com", "sponsor-live")
	infl, changed := w.live("ivy@example.com", "influencer-live")
	laptop, _ := w.live("ivy@example.com", "influencer-laptop")
	waitFor(t, infl, "Phone launch", `SELECT name FROM campaigns WHERE id = ?`, w.campaign)
	for len(changed) > 0 {
		<-changed
	}
	raw := []byte(`{"id":"` + w.campaign + `","name":"Phone launch (live)"}`)
	if _, err := sponsorA.engine.Mutate(context.Background(), "campaign.update", raw); err != nil {
		t.Fatal(err)
	}
	took := waitFor(t, infl, "Phone launch (live)", `SELECT name FROM campaigns WHERE id = ?`, w.campaign)
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Fatal("OnChange was not called after the live pull")
	}
	if took > 5*time.Second {
		t.Fatalf("the change took %v to arrive; pokes are not working", took)
	}
	// One user, two desktops: an edit on one reaches the other.
	if _, err := infl.engine.Mutate(context.Background(), "profile.update", []byte(`{"bio":"from the desktop"}`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, laptop, "from the desktop", `SELECT bio FROM influencer_profiles WHERE account_id = ?`, infl.user.ID)
	t.Logf("a campaign rename reached the other desktop in %v", took)
}
