package queries

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// Checkpoint states, for the metrics form and the reminder.
const (
	CheckpointNotYet   = "not_yet"  // its time has not come (or the deliverable is not posted)
	CheckpointDue      = "due"      // its time has come and nothing is reported
	CheckpointReported = "reported" // reported (and may be corrected)
)

// CheckpointMetrics is one checkpoint of a deliverable: when it comes, whether it is
// due, and what was reported.
type CheckpointMetrics struct {
	Checkpoint domain.Checkpoint          `json:"checkpoint"`
	DueAt      *time.Time                 `json:"due_at"` // nil until the deliverable is posted
	State      string                     `json:"state"`  // not_yet, due, reported
	Metrics    *domain.DeliverableMetrics `json:"metrics"`
}

// DeliverableMetrics is a deliverable's post metrics, checkpoint by checkpoint, as
// the metrics form shows them.
type DeliverableMetrics struct {
	DeliverableID string              `json:"deliverable_id"`
	Seq           int                 `json:"seq"`
	Platform      string              `json:"platform"`
	ContentType   string              `json:"content_type"`
	Status        string              `json:"status"`
	PostedAt      *time.Time          `json:"posted_at"`
	CampaignName  string              `json:"campaign_name"`
	CanReport     bool                `json:"can_report"` // the viewer is its influencer and it takes metrics now
	MaxFigure     int64               `json:"max_figure"` // the bound of each figure (mutate.MaxMetric)
	Checkpoints   []CheckpointMetrics `json:"checkpoints"`
}

type metricsHead struct {
	DeliverableID string     `db:"id"`
	Seq           int        `db:"seq"`
	Platform      string     `db:"platform"`
	ContentType   string     `db:"content_type"`
	Status        string     `db:"status"`
	PostedAt      *time.Time `db:"posted_at"`
	CampaignName  string     `db:"campaign_name"`
	InfluencerID  string     `db:"influencer_id"`
	RequestStatus string     `db:"request_status"`
}

const metricsHeadSelect = `SELECT d.id, d.seq, d.platform, d.content_type, d.status, d.posted_at, c.name AS campaign_name,
	r.influencer_id, r.status AS request_status
	FROM deliverables d JOIN ad_requests r ON r.id = d.ad_request_id JOIN campaigns c ON c.id = r.campaign_id`

// takesMetrics: a posted or accepted deliverable of an accepted or completed
// request (the mutator's rule, docs/mutations.md).
func (h *metricsHead) takesMetrics() bool {
	return h.PostedAt != nil && (h.Status == string(domain.DeliverablePosted) || h.Status == string(domain.DeliverableAccepted)) &&
		(h.RequestStatus == string(domain.AdAccepted) || h.RequestStatus == string(domain.AdCompleted))
}

// DeliverableMetricsOf returns one of the viewer's deliverables with its metrics at
// each checkpoint as of now: a deliverable of another's deal is not found.
func DeliverableMetricsOf(ctx context.Context, db sqlx.QueryerContext, v Viewer, deliverableID string, now time.Time) (DeliverableMetrics, error) {
	if err := needID("deliverable", deliverableID); err != nil {
		return DeliverableMetrics{}, err
	}
	cond, args, err := adScope(v)
	if err != nil {
		return DeliverableMetrics{}, err
	}
	var heads []metricsHead
	if err := sqlx.SelectContext(ctx, db, &heads, metricsHeadSelect+` WHERE d.id = ? AND d.deleted_at IS NULL
		AND r.deleted_at IS NULL AND `+cond, append([]any{deliverableID}, args...)...); err != nil {
		return DeliverableMetrics{}, fmt.Errorf("deliverable metrics: %w", err)
	}
	if len(heads) == 0 {
		return DeliverableMetrics{}, notFound("deliverable")
	}
	h := heads[0]
	var rows []domain.DeliverableMetrics
	if err := sqlx.SelectContext(ctx, db, &rows, `SELECT * FROM deliverable_metrics WHERE deliverable_id = ?`, h.DeliverableID); err != nil {
		return DeliverableMetrics{}, fmt.Errorf("deliverable metrics: %w", err)
	}
	out := DeliverableMetrics{DeliverableID: h.DeliverableID, Seq: h.Seq, Platform: h.Platform, ContentType: h.ContentType,
		Status: h.Status, PostedAt: h.PostedAt, CampaignName: h.CampaignName, MaxFigure: mutate.MaxMetric,
		CanReport: v.Role == domain.RoleInfluencer && h.InfluencerID == v.AccountID && h.takesMetrics()}
	for _, c := range domain.Checkpoints {
		cm := CheckpointMetrics{Checkpoint: c, State: CheckpointNotYet}
		for i := range rows {
			if rows[i].Checkpoint == c {
				cm.Metrics = &rows[i]
				cm.State = CheckpointReported
			}
		}
		if h.PostedAt != nil {
			due := mutate.MetricsDue(*h.PostedAt, c)
			cm.DueAt = &due
			if cm.Metrics == nil && !now.Before(due) && h.takesMetrics() {
				cm.State = CheckpointDue
			}
		}
		out.Checkpoints = append(out.Checkpoints, cm)
	}
	return out, nil
}

// DueMetrics is a checkpoint of one of the influencer's posts whose time has come
// and whose figures are not reported yet.
type DueMetrics struct {
	DeliverableID string            `json:"deliverable_id"`
	Seq           int               `json:"seq"`
	Platform      string            `json:"platform"`
	ContentType   string            `json:"content_type"`
	CampaignName  string            `json:"campaign_name"`
	Checkpoint    domain.Checkpoint `json:"checkpoint"`
	DueAt         time.Time         `json:"due_at"`
}

// MetricsDue lists the influencer's checkpoints that are due at now (their time has
// come, nothing reported), oldest first. Other roles have none.
func MetricsDue(ctx context.Context, db sqlx.QueryerContext, v Viewer, now time.Time) ([]DueMetrics, error) {
	out := []DueMetrics{}
	if v.Role != domain.RoleInfluencer {
		return out, nil
	}
	var heads []metricsHead
	if err := sqlx.SelectContext(ctx, db, &heads, metricsHeadSelect+` WHERE r.influencer_id = ? AND d.deleted_at IS NULL
		AND r.deleted_at IS NULL AND d.status IN ('posted', 'accepted') AND r.status IN ('accepted', 'completed')
		AND d.posted_at IS NOT NULL
		AND (SELECT COUNT(*) FROM deliverable_metrics m WHERE m.deliverable_id = d.id) < 3
		ORDER BY d.posted_at, c.name, d.seq`, v.AccountID); err != nil {
		return nil, fmt.Errorf("metrics due: %w", err)
	}
	for _, h := range heads {
		var have []domain.Checkpoint
		if err := sqlx.SelectContext(ctx, db, &have, `SELECT checkpoint FROM deliverable_metrics WHERE deliverable_id = ?`,
			h.DeliverableID); err != nil {
			return nil, fmt.Errorf("metrics due: %w", err)
		}
	next:
		for _, c := range domain.Checkpoints {
			for _, x := range have {
				if x == c {
					continue next
				}
			}
			if due := mutate.MetricsDue(*h.PostedAt, c); !now.Before(due) {
				out = append(out, DueMetrics{DeliverableID: h.DeliverableID, Seq: h.Seq, Platform: h.Platform,
					ContentType: h.ContentType, CampaignName: h.CampaignName, Checkpoint: c, DueAt: due})
			}
		}
	}
	return out, nil
}
