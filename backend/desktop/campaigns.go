package desktop

import (
	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/queries"
)

// CampaignService is bound to the UI: the campaign list of every role, a
// sponsor's own campaigns (read and changed through the campaign.* mutators) and
// a public campaign as an influencer sees it.
type CampaignService struct{ s *Services }

// NewCampaignService makes the campaign service over the desktop services.
func NewCampaignService(s *Services) *CampaignService { return &CampaignService{s: s} }

// List returns the campaigns the signed-in account works with: a sponsor's own, an
// influencer's public ones plus those they have ad requests on, all for an admin.
func (cs *CampaignService) List(q queries.CampaignQuery) (queries.CampaignPage, error) {
	ctx, sess, err := cs.s.begin()
	if err != nil {
		return queries.CampaignPage{}, toUI(err)
	}
	p, err := queries.Campaigns(ctx, sess.db.R, viewer(sess), q)
	return p, toUI(err)
}

// Get returns one of the sponsor's own campaigns (any for an admin) with its ad
// requests.
func (cs *CampaignService) Get(id string) (queries.CampaignDetail, error) {
	ctx, sess, err := cs.s.begin()
	if err != nil {
		return queries.CampaignDetail{}, toUI(err)
	}
	d, err := queries.Campaign(ctx, sess.db.R, viewer(sess), id)
	if err == nil && d.Approval == "" {
		d.Approval = sess.info.Approval // the profile has not arrived yet
	}
	return d, toUI(err)
}

// Public returns one campaign an influencer may apply to (or already has a
// request on).
func (cs *CampaignService) Public(id string) (queries.InflCampaignDetail, error) {
	ctx, sess, err := cs.s.begin()
	if err != nil {
		return queries.InflCampaignDetail{}, toUI(err)
	}
	d, err := queries.PublicCampaign(ctx, sess.db.R, viewer(sess), id)
	return d, toUI(err)
}

// Create creates a draft campaign (or an active one with Publish; ID is made
// here); it returns its id.
func (cs *CampaignService) Create(c mutate.CampaignCreate) (string, error) {
	c.ID = domain.NewID()
	return made(c.ID, cs.s.act(&c))
}

// Update changes the given fields of an own draft or active campaign.
func (cs *CampaignService) Update(u mutate.CampaignUpdate) error { return cs.s.act(&u) }

// Publish makes an own draft active.
func (cs *CampaignService) Publish(id string) error {
	return cs.s.act(&mutate.CampaignPublish{ID: id})
}

// Complete closes an own active campaign.
func (cs *CampaignService) Complete(id string) error {
	return cs.s.act(&mutate.CampaignComplete{ID: id})
}

// Delete deletes a campaign without requests, or cancels one with requests.
func (cs *CampaignService) Delete(id string) error {
	return cs.s.act(&mutate.CampaignDelete{ID: id})
}

// SetVisibility makes a campaign public or private.
func (cs *CampaignService) SetVisibility(id, visibility string) error {
	return cs.s.act(&mutate.CampaignSetVisibility{ID: id, Visibility: visibility})
}
