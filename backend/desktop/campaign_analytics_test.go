package desktop

import (
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// The campaign analytics service through the real path: targets saved by
// campaign.update come back with the analytics; an accepted deal counts once it
// reaches the sponsor's replica; the influencer (not the campaign's sponsor) gets
// not_found; the requested influencer is not recommended.
func TestCampaignAnalyticsService_ThroughSync(t *testing.T) {
	n := newNegotiation(t)
	sCA, iCA := NewCampaignAnalyticsService(n.sponsor), NewCampaignAnalyticsService(n.infl)
	mustMutate(t, n.sponsor, "campaign.update", map[string]any{"id": n.campaign, "target_countries": "us,DE", "target_ages": "18-24", "target_platforms": "tiktok"})
	a, err := sCA.Get(n.campaign)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.TargetCountries) != 2 || a.TargetCountries[0] != "US" || a.TargetPlatforms[0] != "tiktok" || a.Totals.Deals != 0 || a.HasMetrics {
		t.Fatalf("before any deal: %+v", a)
	}
	id, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 100_000, Requirements: "A reel"})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the request on the influencer's desktop", func() bool {
		_, err := n.iAds.Get(id)
		return err == nil
	})
	d, err := n.iAds.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.iAds.Accept(mutate.AdRequestAccept{AdRequestID: id, OfferID: d.LatestOfferID}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the deal in the sponsor's analytics", func() bool {
		a, err := sCA.Get(n.campaign)
		return err == nil && a.Totals.Deals == 1 && a.Totals.SpendCents == 100_000 && len(a.Influencers) == 1 &&
			a.Influencers[0].InfluencerID == n.inflID && a.Totals.CPMCents == nil
	})
	if _, err := iCA.Get(n.campaign); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("the influencer reads the sponsor's analytics: %v", err)
	}
	p, err := sCA.Recommendations(n.campaign, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Items {
		if r.InfluencerID == n.inflID {
			t.Fatal("the influencer already requested is recommended")
		}
	}
}
