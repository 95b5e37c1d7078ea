package mutate

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"iescp/backend/domain"
)

// MaxMetric bounds each figure of a post's metrics (views, reach, likes, comments,
// shares, saves): 10^10, more than any post has had.
const MaxMetric = int64(10_000_000_000)

// DeliverableReportMetrics is the influencer's report of what a posted deliverable
// did by a checkpoint (24 hours, 7 days or 30 days after its post). Reporting a
// checkpoint again corrects it: the same row (domain.MetricsID) is written again.
type DeliverableReportMetrics struct {
	DeliverableID string            `json:"deliverable_id"`
	Checkpoint    domain.Checkpoint `json:"checkpoint"`
	Views         int64             `json:"views"`
	Reach         int64             `json:"reach"`
	Likes         int64             `json:"likes"`
	Comments      int64             `json:"comments"`
	Shares        int64             `json:"shares"`
	Saves         int64             `json:"saves"`
}

func (*DeliverableReportMetrics) Mutation() string { return "deliverable.reportMetrics" }

func (a *DeliverableReportMetrics) Validate() error {
	var v checker
	v.id("deliverable_id", a.DeliverableID)
	v.oneOf("checkpoint", string(a.Checkpoint), "24h", "7d", "30d")
	for _, f := range []struct {
		name string
		n    int64
	}{{"views", a.Views}, {"reach", a.Reach}, {"likes", a.Likes}, {"comments", a.Comments}, {"shares", a.Shares}, {"saves", a.Saves}} {
		if f.n < 0 {
			v.fail("%s must not be negative", f.name)
		} else if f.n > MaxMetric {
			v.fail("%s must be at most %d", f.name, MaxMetric)
		}
	}
	return v.result()
}

// MDeliverableReportMetrics is deliverable.reportMetrics.
var MDeliverableReportMetrics = define("deliverable.reportMetrics",
	"Report (or correct) a posted deliverable's views, reach, likes, comments, shares and saves at a checkpoint that has come.",
	influencers, deliverableReportMetrics)

// MetricsDue is when the checkpoint's metrics of a post made at postedAt may be
// reported: the post's time plus 24 hours, 7 days or 30 days.
func MetricsDue(postedAt time.Time, c domain.Checkpoint) time.Time {
	return postedAt.UTC().Add(c.After())
}

func deliverableReportMetrics(c *Ctx, a *DeliverableReportMetrics) error {
	if seen, err := c.sees("deliverables", a.DeliverableID); err != nil {
		return err
	} else if !seen {
		return domain.Errorf(domain.CodeNotFound, "deliverable %s not found", a.DeliverableID)
	}
	var del domain.Deliverable
	err := c.Tx.Get(&del, `SELECT * FROM deliverables WHERE id = ? AND deleted_at IS NULL`, a.DeliverableID)
	if err := notFound(err, "deliverable", a.DeliverableID); err != nil {
		return err
	}
	d, err := loadDeal(c, del.AdRequestID)
	if err != nil {
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return domain.Errorf(domain.CodeNotFound, "deliverable %s not found", a.DeliverableID)
		}
		return err
	}
	w := &work{deal: d, del: &del}
	if err := w.as(domain.PartyInfluencer, "report the metrics of"); err != nil {
		return err
	}
	// A post's figures keep coming after the deal is completed (the 30-day ones
	// usually do): a completed request's deliverables take metrics too; a
	// withdrawn or rejected one's do not.
	if d.req.Status != domain.AdAccepted && d.req.Status != domain.AdCompleted {
		return domain.Errorf(domain.CodeInvalidTransition, "the ad request is %s: its deliverables take no metrics", d.req.Status)
	}
	if err := w.from("report the metrics of", domain.DeliverablePosted, domain.DeliverableAccepted); err != nil {
		return err
	}
	if del.PostedAt == nil {
		return domain.Errorf(domain.CodeInvalidTransition, "deliverable %s has no posted time", del.ID)
	}
	if due := MetricsDue(*del.PostedAt, a.Checkpoint); c.Now.Before(due) {
		return domain.Errorf(domain.CodeInvalidTransition, "the %s metrics of deliverable #%d are due from %s",
			a.Checkpoint, del.Seq, due.Format(time.RFC3339))
	}
	id := domain.MetricsID(del.ID, a.Checkpoint)
	var old domain.DeliverableMetrics
	switch err := c.Tx.Get(&old, `SELECT * FROM deliverable_metrics WHERE id = ?`, id); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return fmt.Errorf("mutate: metrics %s: %w", id, err)
	case old.Views == a.Views && old.Reach == a.Reach && old.Likes == a.Likes && old.Comments == a.Comments &&
		old.Shares == a.Shares && old.Saves == a.Saves:
		return nil // the same figures again: nothing to correct, nobody to tell
	}
	if err := exec(c.Tx, `INSERT INTO deliverable_metrics (id, deliverable_id, checkpoint, views, reach, likes, comments, shares, saves,
		reported_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET views = excluded.views, reach = excluded.reach, likes = excluded.likes,
			comments = excluded.comments, shares = excluded.shares, saves = excluded.saves,
			reported_at = excluded.reported_at, updated_at = excluded.updated_at`,
		id, del.ID, a.Checkpoint, a.Views, a.Reach, a.Likes, a.Comments, a.Shares, a.Saves, c.Now, c.Now, c.Now); err != nil {
		return err
	}
	kind := "deliverable.metrics_reported"
	if old.ID != "" {
		kind = "deliverable.metrics_corrected"
	}
	return notify(c, d.sponsor.ID, kind, Params{"party": c.Actor.Name, "campaign": d.campaign.Name, "seq": del.Seq,
		"platform": del.Platform, "content_type": del.ContentType, "checkpoint": string(a.Checkpoint), "views": a.Views,
		"reach": a.Reach}, "deliverables", del.ID, string(a.Checkpoint), c.Now.Format(time.RFC3339Nano))
}
