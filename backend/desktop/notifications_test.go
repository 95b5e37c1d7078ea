package desktop

import (
	"reflect"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/queries"
)

func TestNotificationService_ListAndMarkRead(t *testing.T) {
	n := newNegotiation(t)
	inbox := NewNotificationService(n.infl)
	if _, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 10_000, Requirements: "One post"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the notification on the influencer's desktop", func() bool {
		l, err := inbox.List(0)
		return err == nil && l.Unread >= 1
	})
	l, err := inbox.List(0)
	if err != nil {
		t.Fatal(err)
	}
	var received *queries.NotificationItem
	for i := range l.Items {
		if l.Items[i].Kind == "ad_request.received" {
			received = &l.Items[i]
		}
	}
	if received == nil || received.ReadAt != nil || received.RefTable != "ad_requests" {
		t.Fatalf("notifications: %+v", l.Items)
	}
	// Made by the mutator on the sponsor's desktop and the server, synced to the
	// influencer's: a kind and its params, no English.
	want := map[string]any{"party": "Maya", "campaign": "Phone launch", "amount": float64(10_000)}
	if !reflect.DeepEqual(received.Params, want) || received.Title != "" || received.Body != "" {
		t.Fatalf("the notification's params: %#v (title %q, body %q), want %#v", received.Params, received.Title, received.Body, want)
	}
	if err := inbox.MarkRead([]string{received.ID}); err != nil {
		t.Fatal(err)
	}
	after, _ := inbox.List(0)
	if after.Unread != l.Unread-1 {
		t.Fatalf("unread after marking one: %d, want %d", after.Unread, l.Unread-1)
	}
	if err := inbox.MarkAllRead(); err != nil {
		t.Fatal(err)
	}
	if after, _ := inbox.List(0); after.Unread != 0 {
		t.Fatalf("unread after marking all: %d", after.Unread)
	}
	// Bad input is refused with a typed error; another account's notification is not ours.
	if _, err := inbox.List(500); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("limit 500: %v", err)
	}
	if err := inbox.MarkRead(nil); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("no ids: %v", err)
	}
	if err := NewNotificationService(n.sponsor).MarkRead([]string{received.ID}); uiCode(t, err) == "" {
		t.Fatal("the sponsor marked the influencer's notification read")
	}
}
