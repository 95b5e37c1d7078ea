package desktop

import (
	"context"
	"slices"
	"sync"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/jobs"
	"iescp/backend/mutate"
	"iescp/sync/server"
)

// The bell obeys the notification preferences: a synced kind turned off for the
// bell is neither listed nor counted, and comes back when turned on again or
// reset; bad cells are a typed invalid_argument; signed out there are none.
func TestSettingsService_NotificationPrefsAndTheBell(t *testing.T) {
	n := newNegotiation(t)
	inbox, settings := NewNotificationService(n.infl), NewSettingsService(n.infl)
	if _, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 10_000, Requirements: "One post"}); err != nil {
		t.Fatal(err)
	}
	count := func() (unread, received int) {
		t.Helper()
		l, err := inbox.List(0)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range l.Items {
			if it.Kind == "ad_request.received" {
				received++
			}
		}
		return l.Unread, received
	}
	waitFor(t, "the notification on the influencer's desktop", func() bool { _, r := count(); return r == 1 })
	unread, _ := count()

	v, err := settings.NotificationPrefs()
	if err != nil || len(v.Groups) != len(jobs.EventGroups) || len(v.Channels) != 4 || !v.Channels[0].Ready || v.Channels[3].Ready {
		t.Fatalf("prefs: %+v, %v", v, err)
	}
	if !v.Groups[0].Events[0].On[jobs.ChannelInApp] {
		t.Fatalf("received is off for the bell by default: %+v", v.Groups[0])
	}
	v, err = settings.SetNotificationPrefs([]jobs.PrefChange{{Event: "ad_request.received", Channel: jobs.ChannelInApp, On: false}})
	if err != nil || v.Groups[0].Events[0].On[jobs.ChannelInApp] {
		t.Fatalf("set: %+v, %v", v.Groups[0], err)
	}
	if u, r := count(); r != 0 || u != unread-1 {
		t.Fatalf("turned off for the bell: unread %d (was %d), listed %d", u, unread, r)
	}
	for _, bad := range [][]jobs.PrefChange{{{Event: "ad_request.nope", Channel: jobs.ChannelInApp}},
		{{Event: "ad_request.received", Channel: "fax"}}, {{Event: "", Channel: jobs.ChannelEmail, On: true}}} {
		if _, err := settings.SetNotificationPrefs(bad); uiCode(t, err) != domain.CodeInvalidArgument {
			t.Fatalf("%+v: %v", bad, err)
		}
	}
	if _, err := settings.ResetNotificationPrefs(); err != nil {
		t.Fatal(err)
	}
	if u, r := count(); r != 1 || u != unread {
		t.Fatalf("after reset: unread %d, listed %d", u, r)
	}
	// Another account's desktop keeps its own matrix.
	if v, err := NewSettingsService(n.sponsor).NotificationPrefs(); err != nil || !v.Groups[0].Events[0].On[jobs.ChannelInApp] {
		t.Fatalf("the sponsor's prefs: %v", err)
	}
	if err := n.infl.Session.SignOut(); err != nil {
		t.Fatal(err)
	}
	if _, err := settings.NotificationPrefs(); uiCode(t, err) != domain.CodeUnauthenticated {
		t.Fatalf("signed out: %v", err)
	}
}

// A synced notification turned on for the desktop pops up there when it is
// pulled, in the catalog's words; the one before, with the default (the bell
// only), did not; the bell has both.
func TestNotificationPrefs_ForwardToTheDesktop(t *testing.T) {
	ts := newTestServer(t)
	if _, err := server.CreateAdmin(context.Background(), ts.srv.DB(), "root@iescp.test", "Root", testPW, testNow()); err != nil {
		t.Fatal(err)
	}
	sp := ts.register("sponsor", "maya@brand.test", "Maya")
	in := ts.register("influencer", "ivan@creator.test", "Ivan")
	admin, _ := newTestDesktop(t, ts.URL, "")
	if _, err := admin.Session.SignIn("root@iescp.test", testPW); err != nil {
		t.Fatal(err)
	}
	mustMutate(t, admin, "admin.approveSponsor", map[string]any{"sponsor_id": sp.ID})
	drained(t, admin, "the approval to upload")
	sponsor, _ := newTestDesktop(t, ts.URL, "")
	if _, err := sponsor.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatal(err)
	}
	infl, _ := newTestDesktop(t, ts.URL, "")
	var mu sync.Mutex
	var popped []string
	infl.Notify = func(title, body string) error {
		mu.Lock()
		popped = append(popped, title+": "+body)
		mu.Unlock()
		return nil
	}
	seen := func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(popped) }
	if _, err := infl.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatal(err)
	}
	inbox := NewNotificationService(infl)
	kinds := func() (out []string) {
		l, err := inbox.List(0)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range l.Items {
			out = append(out, it.Kind)
		}
		return out
	}
	ads := NewAdRequestService(sponsor)
	send := func(name string) {
		t.Helper()
		id := domain.NewID()
		mustMutate(t, sponsor, "campaign.create", map[string]any{"id": id, "name": name,
			"start_date": "2026-01-01", "end_date": "2099-12-31", "budget": 500_000, "visibility": "private", "publish": true})
		if _, err := ads.Send(mutate.AdRequestSend{CampaignID: id, InfluencerID: in.ID, Amount: 10_000, Requirements: "One post"}); err != nil {
			t.Fatal(err)
		}
	}

	send("Phone launch") // default: the bell only
	waitFor(t, "the first request under the bell", func() bool { return len(kinds()) == 1 })
	// The bell may read the row before the pull's forwarding has claimed it: wait
	// for the claim, so turning the kind on next does not reach back to this row.
	sess, err := infl.active()
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the forwarding to pass the first request", func() bool {
		var mark, top int64
		return sess.db.R.Get(&top, `SELECT MAX(rowid) FROM notifications`) == nil &&
			sess.db.R.Get(&mark, `SELECT CAST(value AS INTEGER) FROM local_settings WHERE key = 'notify.forwarded'`) == nil && mark >= top
	})
	if _, err := NewSettingsService(infl).SetNotificationPrefs([]jobs.PrefChange{
		{Event: "ad_request.received", Channel: jobs.ChannelNative, On: true}}); err != nil {
		t.Fatal(err)
	}
	send("Laptop launch")
	waitFor(t, "the desktop notification", func() bool { return len(seen()) > 0 })
	if got := seen(); len(got) != 1 || got[0] != "New ad request: Maya invites you to Laptop launch for $100" {
		t.Fatalf("desktop notifications: %q", got)
	}
	if k := kinds(); len(k) != 2 {
		t.Fatalf("the bell: %v", k)
	}
}
