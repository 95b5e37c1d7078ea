package desktop

import "iescp/backend/queries"

// DashboardService is bound to the UI: one overview per role, as of the desktop's
// clock; each refuses the other roles.
type DashboardService struct{ s *Services }

// NewDashboardService makes the dashboard service over the desktop services.
func NewDashboardService(s *Services) *DashboardService { return &DashboardService{s: s} }

// Sponsor is the signed-in sponsor's dashboard.
func (d *DashboardService) Sponsor() (queries.SponsorDashboard, error) {
	ctx, sess, err := d.s.begin()
	if err != nil {
		return queries.SponsorDashboard{}, toUI(err)
	}
	v, err := queries.SponsorDash(ctx, sess.db.R, viewer(sess), d.s.cfg.Now())
	return v, toUI(err)
}

// Influencer is the signed-in influencer's dashboard.
func (d *DashboardService) Influencer() (queries.InfluencerDashboard, error) {
	ctx, sess, err := d.s.begin()
	if err != nil {
		return queries.InfluencerDashboard{}, toUI(err)
	}
	v, err := queries.InfluencerDash(ctx, sess.db.R, viewer(sess), d.s.cfg.Now())
	return v, toUI(err)
}

// Admin is the admin's dashboard.
func (d *DashboardService) Admin() (queries.AdminDashboard, error) {
	ctx, sess, err := d.s.begin()
	if err != nil {
		return queries.AdminDashboard{}, toUI(err)
	}
	v, err := queries.AdminDash(ctx, sess.db.R, viewer(sess), d.s.cfg.Now())
	return v, toUI(err)
}
