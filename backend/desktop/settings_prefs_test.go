package desktop

import (
	"testing"

	"iescp/backend/domain"
	"iescp/backend/jobs"
	"iescp/backend/mutate"
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
