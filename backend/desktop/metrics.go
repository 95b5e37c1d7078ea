package desktop

import (
	"iescp/backend/mutate"
	"iescp/backend/queries"
)

// MetricsService is bound to the UI: a posted deliverable's metrics at 24 hours,
// 7 days and 30 days (which checkpoints are due, which are reported) and the
// influencer's report or correction of one. The deal page places the form.
type MetricsService struct{ s *Services }

// NewMetricsService binds the post metrics of the signed-in account's deals.
func NewMetricsService(s *Services) *MetricsService { return &MetricsService{s: s} }

// Get returns a deliverable's metrics checkpoint by checkpoint, as of now (a
// deliverable of another's deal is not_found).
func (ms *MetricsService) Get(deliverableID string) (queries.DeliverableMetrics, error) {
	ctx, sess, err := ms.s.begin()
	if err != nil {
		return queries.DeliverableMetrics{}, toUI(err)
	}
	m, err := queries.DeliverableMetricsOf(ctx, sess.db.R, viewer(sess), deliverableID, ms.s.cfg.Now())
	return m, toUI(err)
}

// Report reports (or corrects) a checkpoint's figures: deliverable.reportMetrics.
func (ms *MetricsService) Report(a mutate.DeliverableReportMetrics) error { return ms.s.act(&a) }
