package domain

import "time"

// Checkpoint is when, after its post, a deliverable's metrics are taken: 24 hours,
// 7 days or 30 days.
type Checkpoint string

const (
	Checkpoint24h Checkpoint = "24h"
	Checkpoint7d  Checkpoint = "7d"
	Checkpoint30d Checkpoint = "30d"
)

// Checkpoints lists the checkpoints in order.
var Checkpoints = []Checkpoint{Checkpoint24h, Checkpoint7d, Checkpoint30d}

// After is how long after the post the checkpoint comes (0 for an unknown one).
func (c Checkpoint) After() time.Duration {
	switch c {
	case Checkpoint24h:
		return 24 * time.Hour
	case Checkpoint7d:
		return 7 * 24 * time.Hour
	case Checkpoint30d:
		return 30 * 24 * time.Hour
	}
	return 0
}

// MetricsID is the ID of a deliverable's metrics row at a checkpoint: derived from
// the two, so reporting a checkpoint again (a correction) writes the same row, on
// the desktop and on the server alike.
func MetricsID(deliverableID string, c Checkpoint) string {
	return DerivedID(deliverableID, string(c))
}

// DeliverableMetrics is what a posted deliverable did by a checkpoint, as its
// influencer reports it: counts, never negative.
type DeliverableMetrics struct {
	ID            string     `db:"id" json:"id"`
	DeliverableID string     `db:"deliverable_id" json:"deliverable_id"`
	Checkpoint    Checkpoint `db:"checkpoint" json:"checkpoint"`
	Views         int64      `db:"views" json:"views"`
	Reach         int64      `db:"reach" json:"reach"`
	Likes         int64      `db:"likes" json:"likes"`
	Comments      int64      `db:"comments" json:"comments"`
	Shares        int64      `db:"shares" json:"shares"`
	Saves         int64      `db:"saves" json:"saves"`
	ReportedAt    time.Time  `db:"reported_at" json:"reported_at"`
	CreatedAt     time.Time  `db:"created_at" json:"created_at"`
	UpdatedAt     time.Time  `db:"updated_at" json:"updated_at"`
	Version       int64      `db:"version" json:"version"`
}
