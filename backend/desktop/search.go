package desktop

import (
	"iescp/backend/queries"
	"iescp/backend/search"
)

// SearchService is bound to the UI: the influencer directory (sponsors, and the
// send form's picker) and the public campaigns (influencers).
type SearchService struct{ s *Services }

// NewSearchService makes the search service over the desktop services.
func NewSearchService(s *Services) *SearchService { return &SearchService{s: s} }

// Influencers searches the influencer directory, with the server's analytics on
// each hit and their filters, sorts and "more like this" (search.InfluencerQuery,
// docs/analytics.md "Search and admin"); page and page_size default to 1 and 20.
func (ss *SearchService) Influencers(q search.InfluencerQuery) (search.Page[search.InfluencerHit], error) {
	ctx, sess, err := ss.s.begin()
	if err != nil {
		return search.Page[search.InfluencerHit]{}, toUI(err)
	}
	p, err := queries.SearchInfluencers(ctx, sess.db.R, q)
	return p, toUI(err)
}

// Campaigns finds public active campaigns, with whether the influencer applied.
func (ss *SearchService) Campaigns(q queries.InflCampaignQuery) (queries.InflCampaignPage, error) {
	ctx, sess, err := ss.s.begin()
	if err != nil {
		return queries.InflCampaignPage{}, toUI(err)
	}
	p, err := queries.SearchCampaigns(ctx, sess.db.R, viewer(sess), q)
	return p, toUI(err)
}
