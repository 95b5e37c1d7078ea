package desktop

import (
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// A message through DealService on one desktop reaches the other party's deal
// page (the thread and the timeline) through the real server; the id is made
// here, whatever the UI sent; a blank one is refused with its code.
func TestDealService_MessageReachesTheOtherDesktop(t *testing.T) {
	n := newNegotiation(t)
	sDeals, iDeals := NewDealService(n.sponsor), NewDealService(n.infl)
	id, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 120_000, Requirements: "Launch"})
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	waitFor(t, "the request on the influencer's desktop", func() bool { return listAll(t, n.iAds, "pending").Total == 1 })
	if _, err := iDeals.Message(mutate.AdRequestMessage{AdRequestID: id, Body: "   "}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("a blank message: %v, want invalid_argument", err)
	}
	mid, err := iDeals.Message(mutate.AdRequestMessage{ID: "chosen-by-the-ui", AdRequestID: id, Body: "Can the reel be 30 s?"})
	if err != nil || !domain.ValidID(mid) || mid == "chosen-by-the-ui" {
		t.Fatalf("message: %q, %v", mid, err)
	}
	if d, _ := iDeals.Get(id); len(d.Messages) != 1 || d.Messages[0].ID != mid || !d.Messages[0].Mine {
		t.Fatalf("the influencer's own message: %+v", d.Messages)
	}
	waitFor(t, "the message on the sponsor's desktop", func() bool {
		d, err := sDeals.Get(id)
		if err != nil || len(d.Messages) != 1 || d.Messages[0].Mine || d.Messages[0].Body != "Can the reel be 30 s?" {
			return false
		}
		for _, e := range d.Timeline {
			if e.Kind == "message" && e.By == "influencer" && e.Text == "Can the reel be 30 s?" {
				return true
			}
		}
		return false
	})
}
