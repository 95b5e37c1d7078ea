package desktop

import (
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/queries"
)

// The metrics form's path on two real desktops over a real server: the influencer's
// deliverable, posted two days ago, has its 24-hour checkpoint due and the others not
// yet; reporting it shows it reported at once, a checkpoint whose time has not come
// is refused with a typed code, and the sponsor's desktop receives the figures.
func TestMetricsService_ReportAndSync(t *testing.T) {
	n := newNegotiation(t)
	req, offer := domain.NewID(), domain.NewID()
	mustMutate(t, n.sponsor, "adRequest.send", map[string]any{"id": req, "offer_id": offer, "campaign_id": n.campaign,
		"influencer_id": n.inflID, "amount": 40_000, "requirements": "one reel", "deliverables": []map[string]any{
			{"platform": "instagram", "content_type": "reel", "quantity": 1, "due_date": "2026-12-01"}}})
	drained(t, n.sponsor, "the request to upload")
	waitFor(t, "the request on the influencer's desktop", func() bool { return listAll(t, n.iAds, "").Total == 1 })
	mustMutate(t, n.infl, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer})
	del := mutate.DeliverableID(offer, 0)
	mustMutate(t, n.infl, "deliverable.submitDraft", map[string]any{"deliverable_id": del, "draft_text": "Caption"})
	drained(t, n.infl, "the acceptance and the draft to upload")
	sm, im := NewMetricsService(n.sponsor), NewMetricsService(n.infl)
	waitFor(t, "the draft on the sponsor's desktop", func() bool {
		m, err := sm.Get(del)
		return err == nil && m.Status == "draft_submitted"
	})
	mustMutate(t, n.sponsor, "deliverable.approveDraft", map[string]any{"deliverable_id": del})
	drained(t, n.sponsor, "the approval to upload")
	waitFor(t, "the approval on the influencer's desktop", func() bool {
		m, err := im.Get(del)
		return err == nil && m.Status == "approved_for_posting"
	})
	posted := testNow().Add(-48 * time.Hour).Truncate(time.Second)
	mustMutate(t, n.infl, "deliverable.submitProof", map[string]any{"deliverable_id": del, "proof_url": "https://instagram.com/p/x",
		"posted_at": posted.Format(time.RFC3339), "screenshot": map[string]any{"sha256": strings.Repeat("ab", 32), "name": "post.png", "size": 2048, "content_type": "image/png"}})

	m, err := im.Get(del)
	if err != nil || !m.CanReport || m.MaxFigure != mutate.MaxMetric || len(m.Checkpoints) != 3 {
		t.Fatalf("metrics before reporting: %+v, %v", m, err)
	}
	states := func(m queries.DeliverableMetrics) string {
		s := ""
		for _, c := range m.Checkpoints {
			s += string(c.Checkpoint) + "=" + c.State + " "
		}
		return s
	}
	if got := states(m); got != "24h=due 7d=not_yet 30d=not_yet " || !m.Checkpoints[1].DueAt.Equal(posted.Add(7*24*time.Hour)) {
		t.Fatalf("checkpoints: %s %+v", got, m.Checkpoints[1])
	}
	if err := im.Report(mutate.DeliverableReportMetrics{DeliverableID: del, Checkpoint: domain.Checkpoint7d, Views: 10}); uiCode(t, err) != domain.CodeInvalidTransition {
		t.Fatalf("7d before its time: %v", err)
	}
	if err := im.Report(mutate.DeliverableReportMetrics{DeliverableID: del, Checkpoint: domain.Checkpoint24h, Views: -1}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("negative views: %v", err)
	}
	if err := im.Report(mutate.DeliverableReportMetrics{DeliverableID: del, Checkpoint: domain.Checkpoint24h, Views: 1200, Reach: 900,
		Likes: 80, Comments: 6, Shares: 4, Saves: 9}); err != nil {
		t.Fatalf("report 24h: %v", err)
	}
	if m, _ = im.Get(del); states(m) != "24h=reported 7d=not_yet 30d=not_yet " || m.Checkpoints[0].Metrics.Views != 1200 {
		t.Fatalf("after reporting: %s", states(m))
	}
	if _, err := im.Get(domain.NewID()); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("an unknown deliverable: %v", err)
	}
	drained(t, n.infl, "the metrics to upload")
	waitFor(t, "the metrics on the sponsor's desktop", func() bool {
		m, err := sm.Get(del)
		return err == nil && m.Checkpoints[0].Metrics != nil && m.Checkpoints[0].Metrics.Reach == 900
	})
	if m, _ := sm.Get(del); m.CanReport || states(m) != "24h=reported 7d=not_yet 30d=not_yet " {
		t.Fatalf("the sponsor's view: can report %v, %s", m.CanReport, states(m))
	}
	if err := NewMetricsService(n.sponsor).Report(mutate.DeliverableReportMetrics{DeliverableID: del, Checkpoint: domain.Checkpoint24h}); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("the sponsor reporting: %v", err)
	}
}
