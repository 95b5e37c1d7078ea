package desktop

import (
	"testing"

	"iescp/backend/mutate"
	"iescp/backend/queries"
)

// Through the real path (two desktops, a server): the sponsor's checklist follows
// what the sponsor does, the palette finds the sponsor's private campaign for its
// sponsor and never for the influencer until a request puts it on their replica.
func TestOnboardingService_ChecklistAndPalette(t *testing.T) {
	n := newNegotiation(t)
	so, io := NewOnboardingService(n.sponsor), NewOnboardingService(n.infl)

	c, err := so.Checklist()
	if err != nil {
		t.Fatal(err)
	}
	byKey := func(c queries.Onboarding) map[string]queries.OnboardingStep {
		m := map[string]queries.OnboardingStep{}
		for _, s := range c.Steps {
			m[s.Key] = s
		}
		return m
	}
	s := byKey(c)
	if c.Role != "sponsor" || !s[queries.StepSponsorApproval].Done || !s[queries.StepSponsorCampaign].Done || s[queries.StepSponsorInvite].Done || c.Complete {
		t.Fatalf("sponsor checklist: %+v", c)
	}

	p, err := so.Palette("phone")
	if err != nil || len(p.Items) != 1 || p.Items[0].ID != n.campaign || p.Items[0].Kind != queries.PaletteCampaign {
		t.Fatalf("sponsor palette: %+v %v", p, err)
	}
	if p, err := so.Palette("iva"); err != nil || len(p.Items) != 1 || p.Items[0].ID != n.inflID || p.Items[0].Kind != queries.PaletteCreator {
		t.Fatalf("a creator in the sponsor's palette: %+v %v", p, err)
	}
	if p, err := io.Palette("phone"); err != nil || len(p.Items) != 0 {
		t.Fatalf("a private campaign in the influencer's palette: %+v %v", p, err)
	}

	reqID, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 100_000, Requirements: "Two reels"})
	if err != nil {
		t.Fatal(err)
	}
	if c, _ = so.Checklist(); !byKey(c)[queries.StepSponsorInvite].Done {
		t.Fatalf("after sending: %+v", c)
	}
	waitFor(t, "the request in the influencer's palette", func() bool {
		p, err := io.Palette("phone")
		return err == nil && len(p.Items) == 2 && p.Items[1].ID == reqID
	})
	ic, err := io.Checklist()
	if err != nil || ic.Role != "influencer" || !byKey(ic)[queries.StepInflCampaigns].Done || byKey(ic)[queries.StepInflPosts].Done {
		t.Fatalf("influencer checklist: %+v %v", ic, err)
	}
}
