package desktop

import (
	"iescp/backend/mutate"
	"iescp/backend/queries"
)

// AdminService is bound to the UI: the admin's console (counts, sponsors awaiting
// approval, every account, the one campaign list) and the admin.* actions. The
// reads refuse non-admins with forbidden; so do the mutators.
type AdminService struct{ s *Services }

// NewAdminService makes the admin service over the desktop services.
func NewAdminService(s *Services) *AdminService { return &AdminService{s: s} }

// Flag targets.
const (
	TargetAccount  = "account"
	TargetCampaign = "campaign"
)

// Overview counts accounts, sponsors awaiting approval, campaigns and ad requests.
func (a *AdminService) Overview() (queries.AdminOverview, error) {
	ctx, sess, err := a.s.begin()
	if err != nil {
		return queries.AdminOverview{}, toUI(err)
	}
	o, err := queries.AdminOverviewCounts(ctx, sess.db.R, viewer(sess))
	return o, toUI(err)
}

// PendingSponsors lists the sponsors awaiting approval, the oldest first.
func (a *AdminService) PendingSponsors() ([]queries.AdminAccountRow, error) {
	ctx, sess, err := a.s.begin()
	if err != nil {
		return nil, toUI(err)
	}
	rows, err := queries.PendingSponsors(ctx, sess.db.R, viewer(sess))
	return rows, toUI(err)
}

// Accounts lists every account, filtered by text, role and flag.
func (a *AdminService) Accounts(q queries.AdminAccountQuery) (queries.AdminAccountPage, error) {
	ctx, sess, err := a.s.begin()
	if err != nil {
		return queries.AdminAccountPage{}, toUI(err)
	}
	p, err := queries.AdminAccounts(ctx, sess.db.R, viewer(sess), q)
	return p, toUI(err)
}

// Campaigns is the admin's one campaign list: every campaign with its sponsor,
// status, flag and reason, budget and requests; searched, sorted and paged.
func (a *AdminService) Campaigns(q queries.AdminCampaignQuery) (queries.AdminCampaignPage, error) {
	ctx, sess, err := a.s.begin()
	if err != nil {
		return queries.AdminCampaignPage{}, toUI(err)
	}
	p, err := queries.AdminCampaigns(ctx, sess.db.R, viewer(sess), q)
	return p, toUI(err)
}

// ApproveSponsor approves a pending or rejected sponsor.
func (a *AdminService) ApproveSponsor(id, reason string) error {
	return a.s.act(&mutate.AdminApproveSponsor{SponsorID: id, Reason: reason})
}

// RejectSponsor rejects a pending sponsor.
func (a *AdminService) RejectSponsor(id, reason string) error {
	return a.s.act(&mutate.AdminRejectSponsor{SponsorID: id, Reason: reason})
}

// Flag flags an account or a campaign (target); a reason is required.
func (a *AdminService) Flag(target, id, reason string) error {
	return a.s.act(&mutate.AdminFlag{Target: target, ID: id, Reason: reason})
}

// Unflag clears the flag of an account or a campaign, with an optional reason.
func (a *AdminService) Unflag(target, id, reason string) error {
	return a.s.act(&mutate.AdminUnflag{Target: target, ID: id, Reason: reason})
}

// SetActive deactivates or reactivates an account.
func (a *AdminService) SetActive(accountID string, active bool) error {
	return a.s.act(&mutate.AdminSetActive{AccountID: accountID, Active: active})
}
