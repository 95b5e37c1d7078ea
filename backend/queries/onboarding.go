package queries

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// The first hour (issue 13, item 5): a role's onboarding checklist. Every step's
// done-ness is derived from the replica when asked (profile fields, the approval,
// counts of campaigns, shortlist entries, requests, posts); nothing stores a "done"
// flag, so a step undone (a campaign deleted) shows as to do again. Only hiding the
// checklist is remembered, by the UI, as a local setting.

// Onboarding step keys, in the order the checklist shows them.
const (
	StepSponsorProfile   = "sponsor_profile"   // company name and industry filled
	StepSponsorApproval  = "sponsor_approval"  // an admin approved the sponsor
	StepSponsorCampaign  = "sponsor_campaign"  // at least one campaign (any status)
	StepSponsorShortlist = "sponsor_shortlist" // at least one creator on one of the organisation's lists
	StepSponsorInvite    = "sponsor_invite"    // at least one ad request sent by the sponsor
	StepInflProfile      = "influencer_profile"
	StepInflMediaKit     = "influencer_media_kit"
	StepInflPosts        = "influencer_posts"
	StepInflCampaigns    = "influencer_campaigns" // applied to, or was invited to, a campaign
)

// OnboardingStep is one step of the checklist.
type OnboardingStep struct {
	Key  string `json:"key"`
	Done bool   `json:"done"`
	// Waiting is true for a step nobody but someone else can finish now (the
	// approval, pending an admin's review): the UI says what can be done meanwhile.
	Waiting bool `json:"waiting"`
	// Blocked is true when an earlier step must be done first (approval before a
	// rejected sponsor can invite): shown, but not offered as the next step.
	Blocked bool `json:"blocked"`
	Count   int  `json:"count"` // how many of what the step counts (campaigns, posts, ...); 0 for yes/no steps
}

// Onboarding is a role's checklist; an admin has none (no steps, Complete).
type Onboarding struct {
	Role     string           `json:"role"`
	Steps    []OnboardingStep `json:"steps"`
	Done     int              `json:"done"`
	Complete bool             `json:"complete"`
	Approval string           `json:"approval,omitempty"` // sponsors: pending, approved or rejected
}

// onboardingOrg is the organisation the viewer acts for (docs/teams.md).
func onboardingOrg(v Viewer) string { return v.Org() }

// OnboardingChecklist derives the viewer's checklist from the replica.
func OnboardingChecklist(ctx context.Context, db sqlx.QueryerContext, v Viewer) (Onboarding, error) {
	var o Onboarding
	var err error
	switch v.Role {
	case domain.RoleSponsor:
		o, err = sponsorOnboarding(ctx, db, v)
	case domain.RoleInfluencer:
		o, err = influencerOnboarding(ctx, db, v)
	case domain.RoleAdmin:
		o = Onboarding{Steps: []OnboardingStep{}}
	default:
		return Onboarding{}, forbidden("no checklist for role %q", v.Role)
	}
	if err != nil {
		return Onboarding{}, err
	}
	o.Role = string(v.Role)
	for _, s := range o.Steps {
		if s.Done {
			o.Done++
		}
	}
	o.Complete = o.Done == len(o.Steps)
	return o, nil
}

func sponsorOnboarding(ctx context.Context, db sqlx.QueryerContext, v Viewer) (Onboarding, error) {
	org := onboardingOrg(v)
	var r struct {
		Profile   bool   `db:"profile"`
		Approval  string `db:"approval"`
		Campaigns int    `db:"campaigns"`
		Shortlist int    `db:"shortlisted"`
		Invites   int    `db:"invites"`
	}
	err := sqlx.GetContext(ctx, db, &r, `SELECT
		COALESCE((SELECT trim(company_name) <> '' AND trim(industry) <> '' FROM sponsor_profiles WHERE account_id = ?), 0) AS profile,
		COALESCE((SELECT approval FROM sponsor_profiles WHERE account_id = ?), 'pending') AS approval,
		(SELECT COUNT(*) FROM campaigns WHERE sponsor_id = ? AND deleted_at IS NULL) AS campaigns,
		(SELECT COUNT(*) FROM shortlist_entries e JOIN shortlists l ON l.id = e.shortlist_id
			WHERE l.org_id = ? AND l.deleted_at IS NULL AND e.deleted_at IS NULL) AS shortlisted,
		(SELECT COUNT(*) FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
			WHERE c.sponsor_id = ? AND r.initiated_by = 'sponsor' AND r.deleted_at IS NULL) AS invites`,
		org, org, org, org, org)
	if err != nil {
		return Onboarding{}, fmt.Errorf("sponsor onboarding: %w", err)
	}
	approved := r.Approval == string(domain.ApprovalApproved)
	return Onboarding{Approval: r.Approval, Steps: []OnboardingStep{
		{Key: StepSponsorProfile, Done: r.Profile},
		{Key: StepSponsorApproval, Done: approved, Waiting: r.Approval == string(domain.ApprovalPending)},
		{Key: StepSponsorCampaign, Done: r.Campaigns > 0, Count: r.Campaigns},
		{Key: StepSponsorShortlist, Done: r.Shortlist > 0, Count: r.Shortlist},
		// Sending needs the approval (adRequest.send refuses an unapproved sponsor).
		{Key: StepSponsorInvite, Done: r.Invites > 0, Count: r.Invites, Blocked: !approved && r.Invites == 0},
	}}, nil
}

func influencerOnboarding(ctx context.Context, db sqlx.QueryerContext, v Viewer) (Onboarding, error) {
	var r struct {
		Profile  bool `db:"profile"`
		Kit      bool `db:"kit"`
		Posts    int  `db:"posts"`
		Requests int  `db:"requests"`
	}
	err := sqlx.GetContext(ctx, db, &r, `SELECT
		COALESCE((SELECT trim(display_name) <> '' AND trim(category) <> '' AND trim(niche) <> '' AND trim(bio) <> ''
			AND reach_total > 0 FROM influencer_profiles WHERE account_id = ?), 0) AS profile,
		EXISTS (SELECT 1 FROM media_kits WHERE influencer_id = ?) AS kit,
		(SELECT COUNT(*) FROM posts WHERE influencer_id = ? AND deleted_at IS NULL) AS posts,
		(SELECT COUNT(*) FROM ad_requests WHERE influencer_id = ? AND deleted_at IS NULL) AS requests`,
		v.AccountID, v.AccountID, v.AccountID, v.AccountID)
	if err != nil {
		return Onboarding{}, fmt.Errorf("influencer onboarding: %w", err)
	}
	return Onboarding{Steps: []OnboardingStep{
		{Key: StepInflProfile, Done: r.Profile},
		{Key: StepInflMediaKit, Done: r.Kit},
		{Key: StepInflPosts, Done: r.Posts > 0, Count: r.Posts},
		{Key: StepInflCampaigns, Done: r.Requests > 0, Count: r.Requests},
	}}, nil
}
