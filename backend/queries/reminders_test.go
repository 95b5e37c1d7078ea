package queries

import (
	"testing"
	"time"

	"iescp/backend/domain"
)

// deliverable writes a deliverable of the Phone launch request (made accepted).
func (w *world) deliverable(seq int, status, due string, posted *time.Time) string {
	w.t.Helper()
	w.exec(`UPDATE ad_requests SET status = 'accepted' WHERE id = ?`, w.onPhone)
	id := domain.NewID()
	after := ""
	if posted != nil {
		after = posted.AddDate(0, 0, 5).Format("2006-01-02")
	}
	w.exec(`INSERT INTO deliverables (id, ad_request_id, seq, platform, content_type, quantity, due_date, status, posted_at,
		submitted_at, auto_accept_after, created_at, updated_at) VALUES (?, ?, ?, 'instagram', 'reel', 1, ?, ?, ?, ?, ?, ?, ?)`,
		id, w.onPhone, seq, due, status, posted, worldTime, after, worldTime, worldTime)
	return id
}

func (w *world) reportMetrics(id string, c domain.Checkpoint, views int64) {
	w.t.Helper()
	w.exec(`INSERT INTO deliverable_metrics (id, deliverable_id, checkpoint, views, reach, likes, comments, shares, saves,
		reported_at, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, ?, ?, ?)`,
		domain.MetricsID(id, c), id, c, views, worldTime, worldTime, worldTime)
}

// The influencer's reminder on an injected clock: deliverables to draft due within
// two days (or overdue) but not later or already drafted, and each checkpoint of a
// post from the moment it comes until it is reported.
func TestDailyReminder_DeliverablesAndMetricsDue(t *testing.T) {
	w := newWorld(t)
	posted := time.Date(2026, 11, 10, 18, 30, 0, 0, time.UTC)
	w.deliverable(1, "todo", "2026-11-17", nil)              // due in two days: in
	w.deliverable(2, "changes_requested", "2026-11-14", nil) // overdue: in
	w.deliverable(3, "todo", "2026-11-18", nil)              // three days: out
	w.deliverable(4, "draft_submitted", "2026-11-15", nil)   // the sponsor's turn: out
	post := w.deliverable(5, "posted", "2026-11-10", &posted)

	at := func(now time.Time) Reminder {
		t.Helper()
		r, err := DailyReminder(bg, w.st.R, w.infl, now)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	due := func(r Reminder) string {
		s := ""
		for _, m := range r.Metrics {
			s += string(m.Checkpoint) + " "
		}
		return s
	}
	r := at(worldTime) // 2026-11-15 09:00: 4 days 14.5 hours after the post
	if len(r.DueSoon) != 2 || r.DueSoon[0].Seq != 2 || r.DueSoon[1].Seq != 1 || r.DueSoon[0].Party != "Maya Inc" ||
		r.DueSoon[0].CampaignName != "Phone launch" || r.DueSoon[0].Date != "2026-11-14" {
		t.Fatalf("due soon: %+v", r.DueSoon)
	}
	if got := due(r); got != "24h " || r.Metrics[0].DeliverableID != post || !r.Metrics[0].DueAt.Equal(posted.Add(24*time.Hour)) {
		t.Fatalf("metrics due at %s: %q %+v", worldTime, got, r.Metrics)
	}
	if got := due(at(posted.Add(24*time.Hour - time.Second))); got != "" {
		t.Fatalf("a second before the 24-hour checkpoint: %q", got)
	}
	w.reportMetrics(post, domain.Checkpoint24h, 100)
	if got := due(at(posted.Add(7*24*time.Hour - time.Second))); got != "" {
		t.Fatalf("24h reported, 7d not yet come: %q", got)
	}
	if got := due(at(posted.Add(7 * 24 * time.Hour))); got != "7d " {
		t.Fatalf("at the 7-day checkpoint: %q", got)
	}
	if got := due(at(posted.Add(31 * 24 * time.Hour))); got != "7d 30d " {
		t.Fatalf("after 31 days with 7d unreported: %q", got)
	}
	w.reportMetrics(post, domain.Checkpoint7d, 200)
	w.reportMetrics(post, domain.Checkpoint30d, 300)
	if got := due(at(posted.Add(31 * 24 * time.Hour))); got != "" {
		t.Fatalf("everything reported: %q", got)
	}
	// A withdrawn deal's posts are no longer due.
	w.exec(`DELETE FROM deliverable_metrics`)
	w.exec(`UPDATE ad_requests SET status = 'withdrawn' WHERE id = ?`, w.onPhone)
	if r := at(posted.Add(31 * 24 * time.Hour)); len(r.Metrics) != 0 || len(r.DueSoon) != 0 {
		t.Fatalf("withdrawn deal: %+v", r)
	}
	// The sponsor is not reminded of the influencer's work.
	if r, err := DailyReminder(bg, w.st.R, w.sponsor, worldTime); err != nil || len(r.Metrics) != 0 || len(r.DueSoon) != 0 {
		t.Fatalf("sponsor: %+v, %v", r, err)
	}
}

// The sponsor's reminder: drafts submitted and proofs posted on its accepted
// requests, with the influencer's name and the proof's auto-accept date.
func TestDailyReminder_SponsorDraftsAndProofs(t *testing.T) {
	w := newWorld(t)
	posted := time.Date(2026, 11, 14, 12, 0, 0, 0, time.UTC)
	w.deliverable(1, "draft_submitted", "2026-11-20", nil)
	w.deliverable(2, "posted", "2026-11-20", &posted)
	w.deliverable(3, "todo", "2026-11-16", nil)
	w.deliverable(4, "approved_for_posting", "2026-11-16", nil)
	w.deliverable(5, "accepted", "2026-11-16", &posted)
	r, err := DailyReminder(bg, w.st.R, w.sponsor, worldTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Drafts) != 1 || r.Drafts[0].Seq != 1 || r.Drafts[0].Party != "Ivan" || r.Drafts[0].CampaignName != "Phone launch" {
		t.Fatalf("drafts: %+v", r.Drafts)
	}
	if len(r.Proofs) != 1 || r.Proofs[0].Seq != 2 || r.Proofs[0].Date != "2026-11-19" {
		t.Fatalf("proofs: %+v", r.Proofs)
	}
	if len(r.Waiting) != 0 || len(r.DueSoon) != 0 || r.Role != domain.RoleSponsor || r.Empty() {
		t.Fatalf("sponsor's reminder: %+v", r)
	}
	if r, err := DailyReminder(bg, w.st.R, w.infl, worldTime); err != nil || len(r.Drafts)+len(r.Proofs) != 0 {
		t.Fatalf("the influencer is not told of the sponsor's reviews: %+v, %v", r, err)
	}
}
