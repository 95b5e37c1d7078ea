package desktop

import (
	"iescp/backend/mutate"
	"iescp/backend/queries"
)

// ProfileService is bound to the UI: the signed-in influencer's own profile and
// earnings, the profile update (any role's own, through profile.update), and the
// public profile of an influencer.
type ProfileService struct{ s *Services }

// NewProfileService makes the profile service over the desktop services.
func NewProfileService(s *Services) *ProfileService { return &ProfileService{s: s} }

// Mine returns the signed-in influencer's profile and the reviews sponsors
// wrote about them.
func (ps *ProfileService) Mine() (queries.InflProfile, error) {
	ctx, sess, err := ps.s.begin()
	if err != nil {
		return queries.InflProfile{}, toUI(err)
	}
	p, err := queries.MyProfile(ctx, sess.db.R, viewer(sess))
	return p, toUI(err)
}

// Update changes the given fields of the signed-in account's own profile.
func (ps *ProfileService) Update(u mutate.ProfileUpdate) error { return ps.s.act(&u) }

// Earnings sums the signed-in influencer's accepted and completed ad requests.
func (ps *ProfileService) Earnings() (queries.InflEarnings, error) {
	ctx, sess, err := ps.s.begin()
	if err != nil {
		return queries.InflEarnings{}, toUI(err)
	}
	e, err := queries.Earnings(ctx, sess.db.R, viewer(sess))
	return e, toUI(err)
}

// Influencer is an influencer's public profile with per-platform reach and the
// sponsors' reviews of them.
func (ps *ProfileService) Influencer(id string) (queries.InfluencerProfile, error) {
	ctx, sess, err := ps.s.begin()
	if err != nil {
		return queries.InfluencerProfile{}, toUI(err)
	}
	p, err := queries.PublicInfluencer(ctx, sess.db.R, id)
	return p, toUI(err)
}
