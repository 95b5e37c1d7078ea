package desktop

import "iescp/backend/queries"

// PipelineService is bound to the UI: a campaign's pipeline, its creators as cards
// in columns by stage (queries.Pipeline derives the stages from the requests',
// deals' and deliverables' states), for the campaign's organisation and admins
// (others: not_found). Moving a card is the existing action it stands for
// (AdRequestService.Send to invite, Withdraw to withdraw): no mutation of its own.
type PipelineService struct{ s *Services }

// NewPipelineService makes the pipeline service over the desktop services.
func NewPipelineService(s *Services) *PipelineService { return &PipelineService{s: s} }

// Get returns the campaign's pipeline, filtered.
func (ps *PipelineService) Get(campaignID string, f queries.PipelineFilter) (queries.PipelineBoard, error) {
	ctx, sess, err := ps.s.begin()
	if err != nil {
		return queries.PipelineBoard{}, toUI(err)
	}
	b, err := queries.Pipeline(ctx, sess.db.R, viewer(sess), campaignID, f)
	return b, toUI(err)
}
