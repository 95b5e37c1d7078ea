package desktop

import "iescp/backend/queries"

// AnalyticsService is bound to the UI: an influencer's analytics for the profile's
// analytics tab (live from one's own posts, the server's aggregates for anyone
// else; docs/analytics.md "On screen") and the "When to post" prediction, both from
// the replica, so they work offline.
type AnalyticsService struct{ s *Services }

// NewAnalyticsService binds the influencer analytics of the signed-in account.
func NewAnalyticsService(s *Services) *AnalyticsService { return &AnalyticsService{s: s} }

// Influencer is an influencer's analytics for the signed-in viewer over windowDays
// (30, 90 or 365; one's own posts only: others' figures are the stats row's 90 days).
// An influencer the viewer may not see is not_found.
func (as *AnalyticsService) Influencer(id string, windowDays int) (queries.InflAnalytics, error) {
	ctx, sess, err := as.s.begin()
	if err != nil {
		return queries.InflAnalytics{}, toUI(err)
	}
	a, err := queries.InfluencerAnalytics(ctx, sess.db.R, viewer(sess), id, windowDays, as.s.cfg.Now())
	// The predictor is on the same tab: decode the model now, in the background
	// (about 0.4 s at 100,000 influencers, once per model version; a no-op when it
	// is decoded), so "Predict" answers at once. Signing out cancels it.
	go func() { _, _ = queries.Model(ctx, sess.db.R) }()
	return a, toUI(err)
}

// Predict predicts a post's engagement rate and views with the replica's model and
// says its main reasons. Weekday and hour are UTC (the screen converts local time).
// An influencer the replica does not hold, or no model yet, is not_found.
func (as *AnalyticsService) Predict(q queries.PredictQuery) (queries.PredictionView, error) {
	ctx, sess, err := as.s.begin()
	if err != nil {
		return queries.PredictionView{}, toUI(err)
	}
	p, err := queries.Predict(ctx, sess.db.R, q.InfluencerID, q.Platform, q.ContentType, q.Weekday, q.Hour, q.Sponsored)
	return p, toUI(err)
}
