package desktop

import (
	"net/http"
	"testing"

	"iescp/backend/mutate"
	"iescp/backend/queries"
)

// The tracking link through the bound service: none while the request is
// pending; on accepting, the influencer's desktop shows it at once with the short
// link on the configured server; the sponsor's desktop gets the same link, and a
// click on the short link reaches both through sync.
func TestTrackingService_LinkAndClicksAcrossDesktops(t *testing.T) {
	n := newNegotiation(t)
	sTrack, iTrack := NewTrackingService(n.sponsor), NewTrackingService(n.infl)
	mustMutate(t, n.sponsor, "campaign.update", map[string]any{"id": n.campaign, "landing_url": "https://brand.test/phone"})
	id, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 100_000, Requirements: "A reel"})
	if err != nil {
		t.Fatal(err)
	}
	if l, err := sTrack.Link(id); err != nil || l != nil {
		t.Fatalf("a pending request's link: %v, %v", l, err)
	}
	waitFor(t, "the request on the influencer's desktop", func() bool { return listAll(t, n.iAds, queries.StatusWaiting).Total == 1 })
	d, err := n.iAds.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.iAds.Accept(mutate.AdRequestAccept{AdRequestID: id, OfferID: d.LatestOfferID}); err != nil {
		t.Fatal(err)
	}
	mine, err := iTrack.Link(id)
	if err != nil || mine == nil {
		t.Fatalf("the influencer's link right after accepting: %v, %v", mine, err)
	}
	if mine.ShortURL != n.ts.URL+"/r/"+mine.Code || mine.Clicks != 0 || mine.PromoCode == "" || mine.Hashtag == "" ||
		mine.TargetURL != "https://brand.test/phone?utm_campaign=phone-launch&utm_content="+mine.Code+"&utm_medium=influencer&utm_source=iescp" {
		t.Fatalf("the influencer's link: %+v", *mine)
	}
	waitFor(t, "the link on the sponsor's desktop", func() bool {
		l, err := sTrack.Link(id)
		return err == nil && l != nil && l.Code == mine.Code && l.PromoCode == mine.PromoCode
	})

	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(mine.ShortURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != mine.TargetURL {
		t.Fatalf("the short link: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	for name, ts := range map[string]*TrackingService{"sponsor": sTrack, "influencer": iTrack} {
		waitFor(t, "the click on the "+name+"'s desktop", func() bool {
			l, err := ts.Link(id)
			return err == nil && l != nil && l.Clicks == 1
		})
	}
}
