package desktop

import (
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/queries"
)

// The pipeline through the real path: the sponsor's invite shows the creator as
// invited; the creator's counter (synced) moves the card to negotiating; the
// sponsor's withdraw (the drag to declined) moves it to declined; the influencer
// gets not_found.
func TestPipelineService_ThroughSync(t *testing.T) {
	n := newNegotiation(t)
	sp, ip := NewPipelineService(n.sponsor), NewPipelineService(n.infl)
	stageOf := func() (queries.Stage, queries.PipelineCard) {
		t.Helper()
		b, err := sp.Get(n.campaign, queries.PipelineFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range b.Columns {
			for _, k := range c.Cards {
				if k.InfluencerID == n.inflID {
					return c.Stage, k
				}
			}
		}
		return "", queries.PipelineCard{}
	}
	if s, _ := stageOf(); s != "" {
		t.Fatalf("before any request the creator is %q", s)
	}
	id, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 120_000, Requirements: "A reel"})
	if err != nil {
		t.Fatal(err)
	}
	if s, k := stageOf(); s != queries.StageInvited || k.RequestID != id || k.AmountCents != 120_000 || k.Action != queries.ActionWithdraw {
		t.Fatalf("after the invite: %s %+v", s, k)
	}
	waitFor(t, "the request on the influencer's desktop", func() bool {
		_, err := n.iAds.Get(id)
		return err == nil
	})
	if _, err := ip.Get(n.campaign, queries.PipelineFilter{}); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("influencer: %v, want not_found", err)
	}
	d, err := n.iAds.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.iAds.Counter(mutate.AdRequestCounter{AdRequestID: id, InReplyTo: d.Thread[len(d.Thread)-1].ID, Amount: 150_000, Requirements: "A reel"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the counter on the sponsor's pipeline", func() bool {
		s, _ := stageOf()
		return s == queries.StageNegotiating
	})
	if _, k := stageOf(); k.AmountCents != 150_000 || k.LastRole != "influencer" || k.LastActor != "Ivan" {
		t.Fatalf("negotiating card: %+v", k)
	}
	if err := n.sAds.Withdraw(mutate.AdRequestWithdraw{AdRequestID: id}); err != nil {
		t.Fatal(err)
	}
	if s, k := stageOf(); s != queries.StageDeclined || k.Action != "" {
		t.Fatalf("after the withdraw: %s %+v", s, k)
	}
}
