package mutate_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// metricsArgs are deliverable.reportMetrics arguments whose figures derive from views.
func metricsArgs(id, checkpoint string, views int64) map[string]any {
	return map[string]any{"deliverable_id": id, "checkpoint": checkpoint, "views": views, "reach": views / 2,
		"likes": views / 10, "comments": views / 100, "shares": 3, "saves": 4}
}

// postedAt is the deliverable's posted time as stored.
func (w *world) postedAt(id string) time.Time {
	w.t.Helper()
	var at time.Time
	if err := w.db.R.Get(&at, `SELECT posted_at FROM deliverables WHERE id = ?`, id); err != nil {
		w.t.Fatal(err)
	}
	return at
}

// metricsRow is the deliverable's metrics at a checkpoint, or nil.
func (w *world) metricsRow(id, checkpoint string) *domain.DeliverableMetrics {
	w.t.Helper()
	var m []domain.DeliverableMetrics
	if err := w.db.R.Select(&m, `SELECT * FROM deliverable_metrics WHERE deliverable_id = ? AND checkpoint = ?`, id, checkpoint); err != nil {
		w.t.Fatal(err)
	}
	if len(m) == 0 {
		return nil
	}
	return &m[0]
}

// Each checkpoint opens at the post's time plus 24 hours, 7 days, 30 days, by the
// mutation's time: a minute before, it is refused (invalid_transition, saying
// from when) and nothing is stored; at the very time, the row is made with its
// derived ID and the sponsor is told.
func TestReportMetrics_CheckpointsOpenOnTime(t *testing.T) {
	w := newWorld(t)
	id := w.deliverableIn(domain.DeliverablePosted)
	posted := w.postedAt(id)
	for _, c := range []struct {
		checkpoint string
		after      time.Duration
	}{{"24h", 24 * time.Hour}, {"7d", 7 * 24 * time.Hour}, {"30d", 30 * 24 * time.Hour}} {
		w.now = posted.Add(c.after - 2*time.Minute) // do() adds a minute: one minute early
		err := w.do(w.infl, "deliverable.reportMetrics", metricsArgs(id, c.checkpoint, 1000))
		if domain.ErrorCode(err) != domain.CodeInvalidTransition {
			t.Fatalf("%s a minute early: got %v, want invalid_transition", c.checkpoint, err)
		}
		if w.metricsRow(id, c.checkpoint) != nil {
			t.Fatalf("%s: a refused report stored a row", c.checkpoint)
		}
		w.now = posted.Add(c.after - time.Minute) // exactly on time
		w.must(w.infl, "deliverable.reportMetrics", metricsArgs(id, c.checkpoint, 1000))
		m := w.metricsRow(id, c.checkpoint)
		if m == nil || m.ID != domain.MetricsID(id, domain.Checkpoint(c.checkpoint)) || m.Views != 1000 || m.Reach != 500 ||
			m.Likes != 100 || m.Comments != 10 || m.Shares != 3 || m.Saves != 4 || !m.ReportedAt.Equal(w.now) {
			t.Fatalf("%s: row %+v", c.checkpoint, m)
		}
		kind, p, ref := w.lastNote(w.sponsor)
		if kind != "deliverable.metrics_reported" || p["checkpoint"] != c.checkpoint || p["views"] != float64(1000) ||
			p["reach"] != float64(500) || p["party"] != "Ivy Influencer" || p["seq"] != float64(1) || ref != "deliverables" {
			t.Fatalf("%s: the sponsor's notification %s %v %s", c.checkpoint, kind, p, ref)
		}
	}
	// docs/mutations.md lists both kinds with every param.
	doc, err := os.ReadFile("../../docs/mutations.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(doc), "\n") {
		if strings.HasPrefix(l, "| `deliverable.metrics_reported`, `deliverable.metrics_corrected`") {
			for _, p := range []string{"party", "campaign", "seq", "platform", "content_type", "checkpoint", "views", "reach", "deliverables"} {
				if !strings.Contains(l, "`"+p+"`") {
					t.Errorf("docs/mutations.md: the metrics notification row does not name %s", p)
				}
			}
			doc = nil
		}
	}
	if doc != nil {
		t.Error("docs/mutations.md: no notification row for deliverable.metrics_reported")
	}
	if got := mutate.MetricsDue(posted, domain.Checkpoint7d); !got.Equal(posted.Add(168 * time.Hour)) {
		t.Fatalf("MetricsDue(7d) = %s", got)
	}
	w.checkInvariants()
}

// Reporting a checkpoint again corrects it in place (the same row: created_at kept,
// figures, reported_at and updated_at new) and tells the sponsor it was corrected;
// the same figures again change nothing and tell nobody.
func TestReportMetrics_CorrectionUpserts(t *testing.T) {
	w := newWorld(t)
	id := w.deliverableIn(domain.DeliverablePosted)
	w.now = w.postedAt(id).Add(48 * time.Hour)
	w.must(w.infl, "deliverable.reportMetrics", metricsArgs(id, "24h", 1000))
	first := w.metricsRow(id, "24h")
	w.must(w.infl, "deliverable.reportMetrics", metricsArgs(id, "24h", 1200))
	fixed := w.metricsRow(id, "24h")
	if n := w.count(`SELECT COUNT(*) FROM deliverable_metrics WHERE deliverable_id = ?`, id); n != 1 {
		t.Fatalf("%d rows after a correction, want 1", n)
	}
	if fixed.ID != first.ID || !fixed.CreatedAt.Equal(first.CreatedAt) || fixed.Views != 1200 || fixed.Reach != 600 ||
		!fixed.ReportedAt.Equal(w.now) || !fixed.UpdatedAt.Equal(w.now) || fixed.UpdatedAt.Equal(first.UpdatedAt) {
		t.Fatalf("corrected row %+v (first %+v)", fixed, first)
	}
	if kind, p, _ := w.lastNote(w.sponsor); kind != "deliverable.metrics_corrected" || p["views"] != float64(1200) {
		t.Fatalf("after a correction the sponsor got %s %v", kind, p)
	}
	notes := w.count(`SELECT COUNT(*) FROM notifications WHERE account_id = ?`, w.sponsor)
	w.must(w.infl, "deliverable.reportMetrics", metricsArgs(id, "24h", 1200))
	if again := w.metricsRow(id, "24h"); !again.UpdatedAt.Equal(fixed.UpdatedAt) {
		t.Fatalf("the same figures again rewrote the row: %+v", again)
	}
	if n := w.count(`SELECT COUNT(*) FROM notifications WHERE account_id = ?`, w.sponsor); n != notes {
		t.Fatalf("the same figures again notified the sponsor (%d notifications, was %d)", n, notes)
	}
}

// Figures are whole counts from 0 to 10^10; the checkpoint one of 24h, 7d, 30d.
func TestReportMetrics_Validation(t *testing.T) {
	w := newWorld(t)
	id := w.deliverableIn(domain.DeliverablePosted)
	w.now = w.postedAt(id).Add(40 * 24 * time.Hour)
	bad := map[string]func(a map[string]any){
		"negative views":   func(a map[string]any) { a["views"] = -1 },
		"negative saves":   func(a map[string]any) { a["saves"] = -5 },
		"too many likes":   func(a map[string]any) { a["likes"] = mutate.MaxMetric + 1 },
		"fractional reach": func(a map[string]any) { a["reach"] = 1.5 },
		"figure as text":   func(a map[string]any) { a["shares"] = "12" },
		"unknown field":    func(a map[string]any) { a["clicks"] = 3 },
		"bad checkpoint":   func(a map[string]any) { a["checkpoint"] = "48h" },
		"no checkpoint":    func(a map[string]any) { delete(a, "checkpoint") },
		"bad id":           func(a map[string]any) { a["deliverable_id"] = "nope" },
	}
	for name, edit := range bad {
		t.Run(name, func(t *testing.T) {
			a := metricsArgs(id, "7d", 1000)
			edit(a)
			w.want(domain.CodeInvalidArgument, w.infl, "deliverable.reportMetrics", a)
		})
	}
	edge := metricsArgs(id, "30d", 0)
	edge["likes"] = mutate.MaxMetric // likes may exceed views and reach: platforms count them apart
	w.must(w.infl, "deliverable.reportMetrics", edge)
	if m := w.metricsRow(id, "30d"); m.Views != 0 || m.Likes != mutate.MaxMetric {
		t.Fatalf("edge figures stored as %+v", m)
	}
	if n := w.count(`SELECT COUNT(*) FROM deliverable_metrics`); n != 1 {
		t.Fatalf("%d rows after refused reports and one good one", n)
	}
}

// Only a posted or accepted deliverable of an accepted or completed request takes
// metrics; a stranger's deliverable does not exist for an influencer, and
// sponsors and admins are refused by role.
func TestReportMetrics_StatesAndParties(t *testing.T) {
	w := newWorld(t)
	early := map[domain.DeliverableStatus]string{}
	for _, s := range []domain.DeliverableStatus{domain.DeliverableTodo, domain.DeliverableDraftSubmitted,
		domain.DeliverableChangesRequested, domain.DeliverableApproved, domain.DeliverableDisputed} {
		early[s] = w.deliverableIn(s)
	}
	accepted := w.deliverableIn(domain.DeliverableAccepted)
	posted := w.deliverableIn(domain.DeliverablePosted)
	withdrawn := w.deliverableIn(domain.DeliverablePosted)
	req, ids := w.acceptedDeal(1)
	w.must(w.infl, "deliverable.submitDraft", map[string]any{"deliverable_id": ids[0], "draft_text": "Caption"})
	w.must(w.sponsor, "deliverable.approveDraft", map[string]any{"deliverable_id": ids[0]})
	w.must(w.infl, "deliverable.submitProof", map[string]any{"deliverable_id": ids[0], "proof_url": "https://x.com/p/1",
		"posted_at": w.now.Format(time.RFC3339), "screenshot": testShot})
	// Its only deliverable accepted, the deal completes.
	w.must(w.sponsor, "deliverable.acceptProof", map[string]any{"deliverable_id": ids[0]})
	if r := w.request(req); r.Status != domain.AdCompleted {
		t.Fatalf("the deal is %s, want completed", r.Status)
	}
	var withdrawnReq string
	if err := w.db.R.Get(&withdrawnReq, `SELECT ad_request_id FROM deliverables WHERE id = ?`, withdrawn); err != nil {
		t.Fatal(err)
	}
	// A delivered deal is no longer withdrawn by its parties (it is settled by
	// acceptance or a dispute, docs/money.md); one that ended so before that rule.
	w.exec(`UPDATE ad_requests SET status = 'withdrawn' WHERE id = ?`, withdrawnReq)
	w.exec(`UPDATE campaigns SET committed = 0 WHERE id = (SELECT campaign_id FROM ad_requests WHERE id = ?)`, withdrawnReq)
	w.now = w.now.Add(31 * 24 * time.Hour) // every checkpoint has come

	for s, id := range early {
		if err := w.do(w.infl, "deliverable.reportMetrics", metricsArgs(id, "24h", 10)); domain.ErrorCode(err) != domain.CodeInvalidTransition {
			t.Errorf("a %s deliverable: got %v, want invalid_transition", s, err)
		}
	}
	w.must(w.infl, "deliverable.reportMetrics", metricsArgs(accepted, "30d", 10))
	// A completed deal's posts still take metrics (the 30-day ones come late);
	// a withdrawn deal's do not.
	w.must(w.infl, "deliverable.reportMetrics", metricsArgs(ids[0], "30d", 10))
	w.want(domain.CodeInvalidTransition, w.infl, "deliverable.reportMetrics", metricsArgs(withdrawn, "24h", 10))

	w.want(domain.CodeNotFound, w.infl2, "deliverable.reportMetrics", metricsArgs(posted, "24h", 10))
	w.want(domain.CodeNotFound, w.infl, "deliverable.reportMetrics", metricsArgs(domain.NewID(), "24h", 10))
	w.want(domain.CodeForbidden, w.sponsor, "deliverable.reportMetrics", metricsArgs(posted, "24h", 10))
	w.want(domain.CodeForbidden, w.admin, "deliverable.reportMetrics", metricsArgs(posted, "24h", 10))
	if n := w.count(`SELECT COUNT(*) FROM deliverable_metrics`); n != 2 {
		t.Fatalf("%d metrics rows, want the accepted and the completed deal's", n)
	}
	w.checkInvariants()
}
