package desktop

import (
	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/queries"
)

// DealService is bound to the UI: a request seen as a deal (queries.GetDeal: the
// thread with what each offer changed, the escrow, the deliverables with the
// viewer's actions, one timeline), the deliverables waiting for the viewer across
// deals (queries.Todo), and each step of a deliverable, one typed mutation each
// (optimistic, queued in the outbox, pushed soon). The mutators validate.
type DealService struct{ s *Services }

// NewDealService makes the deal service over the desktop services.
func NewDealService(s *Services) *DealService { return &DealService{s: s} }

// today is the session's day (UTC, as the mutators count dates).
func (ds *DealService) today() string { return ds.s.cfg.Now().UTC().Format("2006-01-02") }

// Get returns one of the account's ad requests as a deal.
func (ds *DealService) Get(id string) (queries.Deal, error) {
	ctx, sess, err := ds.s.begin()
	if err != nil {
		return queries.Deal{}, toUI(err)
	}
	d, err := queries.GetDeal(ctx, sess.db.R, viewer(sess), id, ds.today())
	return d, toUI(err)
}

// Todo returns the deliverables waiting for the account's step, by due date.
func (ds *DealService) Todo() ([]queries.TodoItem, error) {
	ctx, sess, err := ds.s.begin()
	if err != nil {
		return nil, toUI(err)
	}
	items, err := queries.Todo(ctx, sess.db.R, viewer(sess), ds.today())
	return items, toUI(err)
}

// SubmitDraft submits a draft (the influencer).
func (ds *DealService) SubmitDraft(a mutate.DeliverableSubmitDraft) error { return ds.s.act(&a) }

// RequestChanges asks for changes to a draft, with a comment (the sponsor).
func (ds *DealService) RequestChanges(a mutate.DeliverableRequestChanges) error { return ds.s.act(&a) }

// ApproveDraft approves a draft for posting (the sponsor).
func (ds *DealService) ApproveDraft(a mutate.DeliverableApproveDraft) error { return ds.s.act(&a) }

// SubmitProof submits the post's URL and time (the influencer).
func (ds *DealService) SubmitProof(a mutate.DeliverableSubmitProof) error { return ds.s.act(&a) }

// AcceptProof accepts a posted deliverable's proof (the sponsor).
func (ds *DealService) AcceptProof(a mutate.DeliverableAcceptProof) error { return ds.s.act(&a) }

// Dispute disputes a deliverable in progress, with a reason (either party).
func (ds *DealService) Dispute(a mutate.DeliverableDispute) error { return ds.s.act(&a) }

// Message writes to the other party of the request, with attachments, without an
// offer (either party; any status of the request). ID is made here (a UUIDv7);
// it returns the new message's id.
func (ds *DealService) Message(a mutate.AdRequestMessage) (string, error) {
	a.ID = domain.NewID()
	return made(a.ID, ds.s.act(&a))
}
