package client_test

import (
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
)

// postedDeliverable is a deal's deliverable taken through draft, approval and
// proof (posted now), everyone synced.
func (w *world) postedDeliverable() string {
	w.t.Helper()
	d := w.dealWithDeliverables(1)[0]
	w.infl.must("deliverable.submitDraft", map[string]any{"deliverable_id": d, "draft_text": "Script"})
	w.infl.sync()
	w.sponsor.sync()
	w.sponsor.must("deliverable.approveDraft", map[string]any{"deliverable_id": d})
	w.sponsor.sync()
	w.infl.sync()
	w.infl.must("deliverable.submitProof", map[string]any{"deliverable_id": d, "proof_url": "https://youtube.com/shorts/abc",
		"posted_at": w.now.Format(time.RFC3339), "screenshot": map[string]any{"sha256": strings.Repeat("ab", 32), "name": "post.png",
			"size": 2048, "content_type": "image/png"}})
	w.infl.sync()
	w.sponsor.sync()
	return d
}

func figures(d, checkpoint string, views int64) map[string]any {
	return map[string]any{"deliverable_id": d, "checkpoint": checkpoint, "views": views, "reach": views * 3 / 4,
		"likes": views / 20, "comments": 7, "shares": 5, "saves": 2}
}

// Metrics reported offline show at once on the influencer's desktop and wait in
// the outbox; after both sync the sponsor holds the same row (the derived ID) and
// was told; a correction travels the same way as an update of that row.
func TestSync_MetricsReportedOfflineReachTheSponsor(t *testing.T) {
	w := newWorld(t)
	d := w.postedDeliverable()
	w.now = w.now.Add(25 * time.Hour)
	id := domain.MetricsID(d, domain.Checkpoint24h)

	w.infl.must("deliverable.reportMetrics", figures(d, "24h", 4000))
	if got := w.infl.get(`SELECT id || ' ' || views || ' ' || reach FROM deliverable_metrics WHERE deliverable_id = ?`, d); got != id+" 4000 3000" {
		t.Fatalf("optimistic metrics: %s", got)
	}
	if st := w.infl.engine.Status(); st.Pending != 1 {
		t.Fatalf("pending: %d, want 1", st.Pending)
	}
	if got := w.sponsor.get(`SELECT COUNT(*) FROM deliverable_metrics`); got != "0" {
		t.Fatalf("the sponsor holds %s metrics rows before the influencer syncs", got)
	}
	w.infl.sync()
	w.sponsor.sync()
	if got := w.sponsor.get(`SELECT checkpoint || ' ' || views || ' ' || reach || ' ' || likes || ' ' || comments || ' ' || shares || ' ' || saves
		FROM deliverable_metrics WHERE id = ?`, id); got != "24h 4000 3000 200 7 5 2" {
		t.Fatalf("sponsor after sync: %s", got)
	}
	if got := w.sponsor.get(`SELECT kind || ' ' || json_extract(params, '$.checkpoint') || ' ' || json_extract(params, '$.views')
		FROM notifications WHERE account_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`, w.sponsor.user.ID); got != "deliverable.metrics_reported 24h 4000" {
		t.Fatalf("sponsor's last notification: %s", got)
	}

	w.now = w.now.Add(time.Hour)
	w.infl.must("deliverable.reportMetrics", figures(d, "24h", 4400))
	w.infl.sync()
	w.sponsor.sync()
	if got := w.sponsor.get(`SELECT views FROM deliverable_metrics WHERE id = ?`, id); got != "4400" {
		t.Fatalf("sponsor after the correction: %s views", got)
	}
	if got := w.sponsor.get(`SELECT kind FROM notifications WHERE account_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
		w.sponsor.user.ID); got != "deliverable.metrics_corrected" {
		t.Fatalf("sponsor's last notification: %s", got)
	}
	for _, dk := range []*desktop{w.admin, w.sponsor, w.infl} {
		dk.sync()
		dk.expectConverged()
	}
}

// Offline, the influencer corrects the 24-hour figures and reports the 7-day ones
// while the sponsor disputes the deliverable: the server refuses both
// (invalid_transition), and the rebase undoes them on the influencer's desktop —
// the correction back to the synced figures, the new row gone.
func TestSync_MetricsRefusedAfterDisputeAreUndone(t *testing.T) {
	w := newWorld(t)
	d := w.postedDeliverable()
	w.now = w.now.Add(25 * time.Hour)
	w.infl.must("deliverable.reportMetrics", figures(d, "24h", 1000))
	w.infl.sync()

	w.now = w.now.Add(7 * 24 * time.Hour)
	w.infl.must("deliverable.reportMetrics", figures(d, "24h", 1500))
	w.infl.must("deliverable.reportMetrics", figures(d, "7d", 9000))
	if got := w.infl.get(`SELECT group_concat(checkpoint || '=' || views, ',') FROM (SELECT * FROM deliverable_metrics ORDER BY checkpoint)`); got != "24h=1500,7d=9000" {
		t.Fatalf("optimistic: %s", got)
	}
	w.sponsor.sync()
	// A delivered deal is not withdrawn but disputed (docs/money.md): a disputed
	// deliverable takes no more figures.
	w.sponsor.must("deliverable.dispute", map[string]any{"deliverable_id": d, "reason": "Brand pulled the product"})
	w.sponsor.sync()
	w.infl.sync()
	if got := w.infl.get(`SELECT group_concat(checkpoint || '=' || views, ',') FROM deliverable_metrics`); got != "24h=1000" {
		t.Fatalf("influencer's metrics after the refusals: %s, want the synced 24h figures alone", got)
	}
	if got := w.infl.rejected(); len(got) != 2 || got[0] != "deliverable.reportMetrics:invalid_transition" ||
		got[1] != "deliverable.reportMetrics:invalid_transition" {
		t.Fatalf("influencer's sync issues: %v", got)
	}
	for _, dk := range []*desktop{w.admin, w.sponsor, w.infl} {
		dk.sync()
		dk.expectConverged()
	}
}
