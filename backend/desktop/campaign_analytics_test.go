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
	// The influencer's stats as the server's analytics job would sync them down.
	sess, err := n.sponsor.active()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.db.W.Exec(`INSERT INTO influencer_stats (influencer_id, followers, predicted_er, computed_at) VALUES (?, 20000, 0.04, ?)`,
		n.inflID, testNow()); err != nil {
		t.Fatal(err)
	}
	recommended := func() bool {
		p, err := sCA.Recommendations(n.campaign, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Items {
			if r.InfluencerID == n.inflID {
				return true
			}
		}
		return false
	}
	if !recommended() {
		t.Fatal("the influencer with stats is not recommended before any request")
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
	if recommended() {
		t.Fatal("the influencer already requested is recommended")
	}
}
