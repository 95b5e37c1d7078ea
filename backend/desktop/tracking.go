package desktop

import (
	"strings"

	"iescp/backend/queries"
)

// TrackingService is bound to the UI: an accepted ad request's tracking link
// (short link, promo code, hashtag, clicks) for the deal's two parties and
// admins. The link is made by adRequest.accept and its clicks are counted by the
// server; this only reads the replica.
type TrackingService struct{ s *Services }

// NewTrackingService makes the tracking service over the desktop services.
func NewTrackingService(s *Services) *TrackingService { return &TrackingService{s: s} }

// Link returns the ad request's tracking link with its short link
// (<server>/r/<code>), or null while the request has none (not accepted yet).
func (ts *TrackingService) Link(adRequestID string) (*queries.TrackingLink, error) {
	ctx, sess, err := ts.s.begin()
	if err != nil {
		return nil, toUI(err)
	}
	l, err := queries.AdRequestTrackingLink(ctx, sess.db.R, viewer(sess), adRequestID)
	if err != nil || l == nil {
		return nil, toUI(err)
	}
	server, _, err := ts.s.serverURL(ctx)
	if err != nil {
		return nil, toUI(err)
	}
	l.ShortURL = strings.TrimRight(server, "/") + "/r/" + l.Code
	return l, nil
}
