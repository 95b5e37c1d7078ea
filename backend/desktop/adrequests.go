package desktop

import (
	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/queries"
	"iescp/sync/client"
)

// AdRequestService is bound to the UI: ad requests from the signed-in account's
// side (queries.AdRequests) and every action on them, one typed mutation each
// (optimistic, queued in the outbox, pushed soon). The mutators validate.
type AdRequestService struct{ s *Services }

// NewAdRequestService makes the ad-request service over the desktop services.
func NewAdRequestService(s *Services) *AdRequestService { return &AdRequestService{s: s} }

// List returns the signed-in account's ad requests, filtered, sorted and paged,
// with their provisional marks and the first request waiting for the user.
func (as *AdRequestService) List(f queries.AdRequestFilter) (queries.AdRequestPage, error) {
	ctx, sess, err := as.s.begin()
	if err != nil {
		return queries.AdRequestPage{}, toUI(err)
	}
	p, err := queries.AdRequests(ctx, sess.db.R, viewer(sess), f)
	return p, toUI(err)
}

// Get returns one of the account's ad requests with its negotiation thread.
func (as *AdRequestService) Get(id string) (queries.AdRequestDetail, error) {
	ctx, sess, err := as.s.begin()
	if err != nil {
		return queries.AdRequestDetail{}, toUI(err)
	}
	d, err := queries.AdRequest(ctx, sess.db.R, viewer(sess), id)
	return d, toUI(err)
}

// Send invites an influencer to one of the sponsor's active campaigns with the
// opening offer (ID and OfferID are made here); it returns the new request's id.
func (as *AdRequestService) Send(a mutate.AdRequestSend) (string, error) {
	a.ID, a.OfferID = domain.NewID(), domain.NewID()
	return made(a.ID, as.s.act(&a))
}

// Apply applies to a public campaign with the opening offer (ID and OfferID are
// made here); it returns the new request's id.
func (as *AdRequestService) Apply(a mutate.AdRequestApply) (string, error) {
	a.ID, a.OfferID = domain.NewID(), domain.NewID()
	return made(a.ID, as.s.act(&a))
}

// Counter answers the latest offer (InReplyTo) with a new one (OfferID is made
// here); it returns the new offer's id.
func (as *AdRequestService) Counter(a mutate.AdRequestCounter) (string, error) {
	a.OfferID = domain.NewID()
	return made(a.OfferID, as.s.act(&a))
}

// Accept accepts the latest offer (a.OfferID, which must still be the latest).
// It answers the queued change's handle: the UI offers to take it back
// (SyncService.Undo) until it is sent, since accepting commits money.
func (as *AdRequestService) Accept(a mutate.AdRequestAccept) (client.Queued, error) {
	return as.s.actUndoable(&a)
}

// Reject declines the other party's latest offer; it ends the request.
func (as *AdRequestService) Reject(a mutate.AdRequestReject) error { return as.s.act(&a) }

// Withdraw calls off a pending or accepted request.
func (as *AdRequestService) Withdraw(a mutate.AdRequestWithdraw) error { return as.s.act(&a) }

// Complete marks an accepted request delivered (the sponsor).
func (as *AdRequestService) Complete(a mutate.AdRequestComplete) error { return as.s.act(&a) }

// Review rates the other side of a completed request (ID is made here); it
// returns the review's id.
func (as *AdRequestService) Review(a mutate.ReviewCreate) (string, error) {
	a.ID = domain.NewID()
	return made(a.ID, as.s.act(&a))
}
