package server

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/store/pgtest"
)

// another starts a second instance on e's database, as a load balancer's other
// backend: same clock, its own listener, streams and poker.
func (e *testEnv) another() *testEnv {
	e.t.Helper()
	o := &testEnv{t: e.t, clock: e.clock, logs: &logBuffer{}, vars: map[string]string{}}
	o.start(Config{DBPath: e.s.cfg.DBPath})
	select {
	case <-o.s.Listening():
	case <-time.After(wait):
		e.t.Fatal("the second instance never listened for the first's commits")
	}
	return o
}

// A commit through one instance pokes the event streams held by the others
// (LISTEN/NOTIFY), and only the streams of accounts that see it.
func TestFleet_PokesReachOtherInstances(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skip("a fleet is several instances on one PostgreSQL database: " + pgtest.Env + " not set")
	}
	a := newEnv(t, Config{})
	select {
	case <-a.s.Listening():
	case <-time.After(wait):
		t.Fatal("the first instance never listened")
	}
	b := a.another()
	c := a.another()
	_, admin := a.account(domain.RoleAdmin)
	s1, s1tok := a.account(domain.RoleSponsor)
	_, s2tok := a.account(domain.RoleSponsor)
	a.mustPush(admin, domain.NewID(), mut(1, "admin.approveSponsor", mutate.AdminSponsorReview{SponsorID: s1}))

	// The sponsor's stream is on b, a stranger's on c, the admin's on a.
	onB, onC, onA := b.stream(s1tok), c.stream(s2tok), a.stream(admin)
	for _, st := range []*sse{onA, onB, onC} {
		st.next(t)
	}
	// A private draft pushed through c: b's and a's streams are poked, c's stranger not.
	c.mustPush(s1tok, domain.NewID(), mut(1, "campaign.create", draft(domain.NewID())))
	vDraft := a.version()
	onB.until(t, vDraft)
	onA.until(t, vDraft)
	// A public campaign through a: every stream, on every instance.
	pub := draft(domain.NewID())
	pub.Visibility, pub.Publish = "public", true
	a.mustPush(s1tok, domain.NewID(), mut(1, "campaign.create", pub))
	vPublic := a.version()
	for _, v := range onC.until(t, vPublic) {
		if v >= vDraft && v < vPublic {
			t.Errorf("the stranger on c was poked with %d for the private draft at %d", v, vDraft)
		}
	}
	onB.until(t, vPublic)
}

// A scheduled job's tick runs on one instance: the first claim wins, on either engine.
func TestFleet_JobTickClaimedOnce(t *testing.T) {
	a := newEnv(t, Config{})
	b := a.another()
	at := time.Date(2030, 3, 2, 0, 0, 17, 0, time.UTC)
	ctx := context.Background()
	first, err := a.s.claimRun(ctx, "auto-accept", at)
	if err != nil || !first {
		t.Fatalf("first claim: %v %v", first, err)
	}
	again, err := b.s.claimRun(ctx, "auto-accept", at.Add(20*time.Second)) // the same minute, another instance
	if err != nil || again {
		t.Fatalf("second claim of the same tick: %v %v, want refused", again, err)
	}
	other, err := b.s.claimRun(ctx, "analytics", at)
	if err != nil || !other {
		t.Fatalf("another job's tick: %v %v", other, err)
	}
	next, err := b.s.claimRun(ctx, "auto-accept", at.Add(24*time.Hour))
	if err != nil || !next {
		t.Fatalf("the next day's tick: %v %v", next, err)
	}
}

// A deal's attachment uploaded through one instance is served by another, and a
// short link's clicks are counted in the one database whichever instance the
// browser reaches (on SQLite two servers on one file, on PostgreSQL a fleet).
func TestFleet_AttachmentsAndClicksFromEveryInstance(t *testing.T) {
	a := newEnv(t, Config{})
	b := a.another()
	d := a.acceptedDeal("https://shop.example/spring")
	img := testPNG(t, 7)
	ref := refOf(t, "look.png", img)
	if status, _, body := a.do(http.MethodPut, attachmentsPath+ref.SHA256, d.itok, img); status != http.StatusCreated {
		t.Fatalf("upload through a: %d %s", status, body)
	}
	a.mustPush(d.itok, d.iclient, mut(2, "adRequest.message", mutate.AdRequestMessage{ID: domain.NewID(), AdRequestID: d.req,
		Body: "A mockup", Attachments: []blobs.Ref{ref}}))
	status, _, body := b.do(http.MethodGet, attachmentsPath+ref.SHA256, d.stok, nil)
	if status != http.StatusOK || !bytes.Equal(body, img) {
		t.Fatalf("the sponsor's fetch through b: %d, %d bytes (want the %d uploaded through a)", status, len(body), len(img))
	}
	for _, e := range []*testEnv{a, b, a, b} {
		if status, _, _ := e.visit(http.MethodGet, "/r/"+d.code); status != http.StatusFound {
			t.Fatalf("click: %d", status)
		}
	}
	if n := a.clicks(d.code); n != 4 {
		t.Fatalf("%d clicks counted, want 4 (two through each instance)", n)
	}
}
