package desktop

import "iescp/backend/queries"

// CampaignAnalyticsService is bound to the UI: a campaign's analytics (spend,
// results and costs per influencer, weekly trend, budget used) and its ranked
// influencer recommendations, for the campaign's sponsor and admins (others:
// not_found). Both read the replica (docs/analytics.md, "Campaigns" and
// "Recommendations").
type CampaignAnalyticsService struct{ s *Services }

// NewCampaignAnalyticsService makes the campaign analytics service.
func NewCampaignAnalyticsService(s *Services) *CampaignAnalyticsService {
	return &CampaignAnalyticsService{s: s}
}

// Get returns the campaign's analytics.
func (cs *CampaignAnalyticsService) Get(campaignID string) (queries.CampaignStats, error) {
	ctx, sess, err := cs.s.begin()
	if err != nil {
		return queries.CampaignStats{}, toUI(err)
	}
	a, err := queries.CampaignAnalytics(ctx, sess.db.R, viewer(sess), campaignID)
	return a, toUI(err)
}

// Recommendations returns one page (1-based) of the influencers recommended for
// the campaign, best first, each with its score, price estimate and rationale.
func (cs *CampaignAnalyticsService) Recommendations(campaignID string, page int) (queries.RecommendationPage, error) {
	ctx, sess, err := cs.s.begin()
	if err != nil {
		return queries.RecommendationPage{}, toUI(err)
	}
	p, err := queries.Recommendations(ctx, sess.db.R, viewer(sess), campaignID, page)
	return p, toUI(err)
}
