package desktop

import "iescp/backend/queries"

// PlatformAnalytics is the admin's analytics tab: the influencers by size tier
// (count, median ER, share rated), the risk distribution, the top influencers by ER
// and campaigns by engagements, the platform's totals.
func (a *AdminService) PlatformAnalytics() (queries.PlatformAnalyticsView, error) {
	ctx, sess, err := a.s.begin()
	if err != nil {
		return queries.PlatformAnalyticsView{}, toUI(err)
	}
	v, err := queries.PlatformAnalytics(ctx, sess.db.R, viewer(sess))
	return v, toUI(err)
}

// RiskReview lists the influencers with a high authenticity risk (score ≥ 60),
// flagged or not, the highest first; page and pageSize 0 mean 1 and the default.
func (a *AdminService) RiskReview(page, pageSize int) (queries.RiskReviewPage, error) {
	ctx, sess, err := a.s.begin()
	if err != nil {
		return queries.RiskReviewPage{}, toUI(err)
	}
	p, err := queries.RiskReview(ctx, sess.db.R, viewer(sess), page, pageSize)
	return p, toUI(err)
}
