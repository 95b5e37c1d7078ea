package mutate

import (
	"iescp/backend/analytics"
	"iescp/backend/domain"
)

// CampaignCreate creates a campaign owned by the acting sponsor. It starts as a
// draft unless Publish is set (which needs an approved sponsor).
type CampaignCreate struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Category    string `json:"category"`
	Niche       string `json:"niche"`
	StartDate   string `json:"start_date"`
	EndDate     string `json:"end_date"`
	Budget      int64  `json:"budget"`
	Visibility  string `json:"visibility"`
	Goals       string `json:"goals"`
	// LandingURL is the page the ad requests' tracking links lead to (http or
	// https); "" for none yet.
	LandingURL string `json:"landing_url"`
	// The target audience (issue 12), comma-separated, "" for none: ISO 3166-1
	// alpha-2 country codes (at most MaxTargetCountries), age bands
	// (analytics.AgeBands), platforms (analytics.Platforms).
	TargetCountries string `json:"target_countries"`
	TargetAges      string `json:"target_ages"`
	TargetPlatforms string `json:"target_platforms"`
	Publish         bool   `json:"publish"`
}

func (a *CampaignCreate) Validate() error {
	var v checker
	v.id("id", a.ID)
	v.text("name", &a.Name, 1, maxName)
	v.text("description", &a.Description, 0, maxLong)
	v.text("category", &a.Category, 0, maxShort)
	v.text("niche", &a.Niche, 0, maxShort)
	v.date("start_date", a.StartDate)
	v.date("end_date", a.EndDate)
	v.dateOrder(a.StartDate, a.EndDate)
	v.budget("budget", a.Budget)
	if a.Visibility == "" {
		a.Visibility = string(domain.VisibilityPrivate)
	}
	v.oneOf("visibility", a.Visibility, string(domain.VisibilityPublic), string(domain.VisibilityPrivate))
	v.text("goals", &a.Goals, 0, maxText)
	v.landingURL("landing_url", &a.LandingURL)
	v.targets("target_countries", &a.TargetCountries, nil, MaxTargetCountries)
	v.targets("target_ages", &a.TargetAges, analytics.AgeBands, len(analytics.AgeBands))
	v.targets("target_platforms", &a.TargetPlatforms, analytics.Platforms, len(analytics.Platforms))
	return v.result()
}

// CampaignUpdate changes the given fields of the sponsor's own campaign (a patch:
// absent fields keep their value, so concurrent edits of different fields merge).
type CampaignUpdate struct {
	ID          string  `json:"id"`
	Name        *string `json:"name,omitempty"`
	Description *string `json:"description,omitempty"`
	Category    *string `json:"category,omitempty"`
	Niche       *string `json:"niche,omitempty"`
	StartDate   *string `json:"start_date,omitempty"`
	EndDate     *string `json:"end_date,omitempty"`
	Budget      *int64  `json:"budget,omitempty"`
	Goals       *string `json:"goals,omitempty"`
	// LandingURL set to "" removes the landing page; a change retargets the
	// campaign's tracking links.
	LandingURL *string `json:"landing_url,omitempty"`
	// The target audience, as CampaignCreate takes it; "" clears one.
	TargetCountries *string `json:"target_countries,omitempty"`
	TargetAges      *string `json:"target_ages,omitempty"`
	TargetPlatforms *string `json:"target_platforms,omitempty"`
}

func (a *CampaignUpdate) Validate() error {
	var v checker
	v.id("id", a.ID)
	v.optText("name", a.Name, 1, maxName)
	v.optText("description", a.Description, 0, maxLong)
	v.optText("category", a.Category, 0, maxShort)
	v.optText("niche", a.Niche, 0, maxShort)
	if a.StartDate != nil {
		v.date("start_date", *a.StartDate)
	}
	if a.EndDate != nil {
		v.date("end_date", *a.EndDate)
	}
	if a.Budget != nil {
		v.budget("budget", *a.Budget)
	}
	v.optText("goals", a.Goals, 0, maxText)
	if a.LandingURL != nil {
		v.landingURL("landing_url", a.LandingURL)
	}
	if a.TargetCountries != nil {
		v.targets("target_countries", a.TargetCountries, nil, MaxTargetCountries)
	}
	if a.TargetAges != nil {
		v.targets("target_ages", a.TargetAges, analytics.AgeBands, len(analytics.AgeBands))
	}
	if a.TargetPlatforms != nil {
		v.targets("target_platforms", a.TargetPlatforms, analytics.Platforms, len(analytics.Platforms))
	}
	return v.result()
}

// CampaignRef names one campaign.
type CampaignRef struct {
	ID string `json:"id"`
}

func (a *CampaignRef) Validate() error {
	var v checker
	v.id("id", a.ID)
	return v.result()
}

// CampaignSetVisibility makes a campaign public or private.
type CampaignSetVisibility struct {
	ID         string `json:"id"`
	Visibility string `json:"visibility"`
}

func (a *CampaignSetVisibility) Validate() error {
	var v checker
	v.id("id", a.ID)
	v.oneOf("visibility", a.Visibility, string(domain.VisibilityPublic), string(domain.VisibilityPrivate))
	return v.result()
}

var (
	MCampaignCreate = define("campaign.create",
		"Create a campaign (draft, or active with publish: true).", sponsors, campaignCreate)
	MCampaignUpdate = define("campaign.update",
		"Change fields of an own draft or active campaign; budget may not drop below committed.", sponsors, campaignUpdate)
	MCampaignPublish = define("campaign.publish",
		"Make an own draft campaign active, so it can take ad requests.", sponsors,
		func(c *Ctx, a *CampaignPublish) error { return campaignPublish(c, (*CampaignRef)(a)) })
	MCampaignSetVisibility = define("campaign.setVisibility",
		"Make an own campaign public (listed to influencers) or private.", sponsors, campaignSetVisibility)
	MCampaignComplete = define("campaign.complete",
		"Close an own active campaign; its pending ad requests are withdrawn.", sponsors,
		func(c *Ctx, a *CampaignComplete) error { return campaignComplete(c, (*CampaignRef)(a)) })
	MCampaignDelete = define("campaign.delete",
		"Delete an own campaign without ad requests, or cancel one that has them (open requests are withdrawn and their budget released).",
		sponsors, func(c *Ctx, a *CampaignDelete) error { return campaignDelete(c, (*CampaignRef)(a)) })
)

// requireApproved refuses sponsors whose sign-up an admin has not approved.
func requireApproved(c *Ctx) error {
	org, err := c.orgID()
	if err != nil {
		return err
	}
	p, err := loadSponsor(c.Tx, org)
	if err != nil {
		return err
	}
	if p.Approval != domain.ApprovalApproved {
		return domain.Errorf(domain.CodeSponsorNotApproved,
			"your sponsor account is %s: an admin must approve it before you can publish campaigns or send ad requests", p.Approval)
	}
	return nil
}

// ownCampaign loads a campaign and checks that the acting sponsor owns it.
func ownCampaign(c *Ctx, id string) (*domain.Campaign, error) {
	cp, err := loadCampaign(c.Tx, id)
	if err != nil {
		return nil, err
	}
	mine, err := c.actsFor(cp.SponsorID)
	if err != nil {
		return nil, err
	}
	if !mine {
		// Another sponsor's campaign the actor may not see does not exist for them.
		if seen, err := c.sees("campaigns", id); err != nil {
			return nil, err
		} else if !seen {
			return nil, domain.Errorf(domain.CodeNotFound, "campaign %s not found", id)
		}
		return nil, domain.Errorf(domain.CodeForbidden, "campaign %s is not yours", id)
	}
	return cp, nil
}

// campaignCreate refuses an id already used when it inserts (insertNew), after the
// rules about the sponsor.
func campaignCreate(c *Ctx, a *CampaignCreate) error {
	org, err := c.orgID()
	if err != nil {
		return err
	}
	if a.Budget != 0 {
		if err := c.requireOrgRole(domain.OrgOwner, "set a campaign's budget"); err != nil {
			return err
		}
	}
	status := domain.CampaignDraft
	if a.Publish {
		if err := requireApproved(c); err != nil {
			return err
		}
		status = domain.CampaignActive
	}
	return insertNew(c.Tx, "campaign ", a.ID, `INSERT INTO campaigns (id, sponsor_id, name, description, category, niche, start_date,
		end_date, budget, committed, visibility, goals, landing_url, target_countries, target_ages, target_platforms,
		status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, org, a.Name, a.Description, a.Category, a.Niche, a.StartDate, a.EndDate, a.Budget,
		a.Visibility, a.Goals, a.LandingURL, a.TargetCountries, a.TargetAges, a.TargetPlatforms, status, c.Now, c.Now)
}

func campaignUpdate(c *Ctx, a *CampaignUpdate) error {
	cp, err := ownCampaign(c, a.ID)
	if err != nil {
		return err
	}
	if cp.Status != domain.CampaignDraft && cp.Status != domain.CampaignActive {
		return domain.Errorf(domain.CodeInvalidTransition, "a %s campaign cannot be edited", cp.Status)
	}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&cp.Name, a.Name)
	set(&cp.Description, a.Description)
	set(&cp.Category, a.Category)
	set(&cp.Niche, a.Niche)
	set(&cp.StartDate, a.StartDate)
	set(&cp.EndDate, a.EndDate)
	set(&cp.Goals, a.Goals)
	retarget := a.LandingURL != nil && *a.LandingURL != cp.LandingURL
	set(&cp.LandingURL, a.LandingURL)
	set(&cp.TargetCountries, a.TargetCountries)
	set(&cp.TargetAges, a.TargetAges)
	set(&cp.TargetPlatforms, a.TargetPlatforms)
	if a.Budget != nil && *a.Budget != cp.Budget {
		if err := c.requireOrgRole(domain.OrgOwner, "change a campaign's budget"); err != nil {
			return err
		}
		cp.Budget = *a.Budget
	}
	if cp.StartDate > cp.EndDate {
		return domain.Errorf(domain.CodeInvalidArgument, "end_date (%s) must not be before start_date (%s)", cp.EndDate, cp.StartDate)
	}
	if cp.Budget < cp.Committed {
		return domain.Errorf(domain.CodeBudgetExceeded,
			"budget %d is below the %d already committed to accepted ad requests", cp.Budget, cp.Committed)
	}
	if err := exec(c.Tx, `UPDATE campaigns SET name = ?, description = ?, category = ?, niche = ?, start_date = ?,
		end_date = ?, budget = ?, goals = ?, landing_url = ?, target_countries = ?, target_ages = ?, target_platforms = ?,
		updated_at = ? WHERE id = ?`,
		cp.Name, cp.Description, cp.Category, cp.Niche, cp.StartDate, cp.EndDate, cp.Budget, cp.Goals, cp.LandingURL,
		cp.TargetCountries, cp.TargetAges, cp.TargetPlatforms, c.Now, cp.ID); err != nil {
		return err
	}
	if retarget {
		return retargetTrackingLinks(c, cp)
	}
	return nil
}

func campaignPublish(c *Ctx, a *CampaignRef) error {
	cp, err := ownCampaign(c, a.ID)
	if err != nil {
		return err
	}
	if cp.Status != domain.CampaignDraft {
		return domain.Errorf(domain.CodeInvalidTransition, "only a draft can be published; this campaign is %s", cp.Status)
	}
	if cp.Flagged {
		return domain.Errorf(domain.CodeFlagged, "campaign is flagged (%s) and cannot be published", cp.FlagReason)
	}
	if err := requireApproved(c); err != nil {
		return err
	}
	return exec(c.Tx, `UPDATE campaigns SET status = 'active', updated_at = ? WHERE id = ?`, c.Now, cp.ID)
}

func campaignSetVisibility(c *Ctx, a *CampaignSetVisibility) error {
	cp, err := ownCampaign(c, a.ID)
	if err != nil {
		return err
	}
	if string(cp.Visibility) == a.Visibility {
		return domain.Errorf(domain.CodeInvalidTransition, "campaign is already %s", a.Visibility)
	}
	if cp.Status == domain.CampaignCancelled {
		return domain.Errorf(domain.CodeInvalidTransition, "a cancelled campaign cannot change visibility")
	}
	if a.Visibility == string(domain.VisibilityPublic) {
		if cp.Flagged {
			return domain.Errorf(domain.CodeFlagged, "campaign is flagged (%s) and cannot be made public", cp.FlagReason)
		}
		if cp.Status != domain.CampaignDraft {
			if err := requireApproved(c); err != nil {
				return err
			}
		}
	}
	return exec(c.Tx, `UPDATE campaigns SET visibility = ?, updated_at = ? WHERE id = ?`, a.Visibility, c.Now, cp.ID)
}

// closeOpenRequests ends the campaign's open ad requests of the given statuses as
// withdrawn, releases the committed amount of accepted ones and tells each
// influencer.
func closeOpenRequests(c *Ctx, cp *domain.Campaign, reason string, statuses ...domain.AdRequestStatus) error {
	for _, st := range statuses {
		var reqs []domain.AdRequest
		if err := c.Tx.Select(&reqs, `SELECT * FROM ad_requests WHERE campaign_id = ? AND status = ? AND deleted_at IS NULL ORDER BY id`,
			cp.ID, st); err != nil {
			return err
		}
		for _, r := range reqs {
			if err := exec(c.Tx, `UPDATE ad_requests SET status = 'withdrawn', close_reason = ?, updated_at = ? WHERE id = ?`,
				reason, c.Now, r.ID); err != nil {
				return err
			}
			if st == domain.AdAccepted {
				if err := refundDeal(c, &r, cp.SponsorID); err != nil {
					return err
				}
				if err := exec(c.Tx, `UPDATE campaigns SET committed = committed - ? WHERE id = ?`, r.PaymentAmount, cp.ID); err != nil {
					return err
				}
			}
			if err := notify(c, r.InfluencerID, "ad_request.withdrawn",
				Params{"party": c.Actor.Name, "campaign": cp.Name, "reason": reason}, "ad_requests", r.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

func campaignComplete(c *Ctx, a *CampaignRef) error {
	cp, err := ownCampaign(c, a.ID)
	if err != nil {
		return err
	}
	if cp.Status != domain.CampaignActive {
		return domain.Errorf(domain.CodeInvalidTransition, "only an active campaign can be completed; this one is %s", cp.Status)
	}
	if err := closeOpenRequests(c, cp, "campaign completed", domain.AdPending); err != nil {
		return err
	}
	return exec(c.Tx, `UPDATE campaigns SET status = 'completed', updated_at = ? WHERE id = ?`, c.Now, cp.ID)
}

func campaignDelete(c *Ctx, a *CampaignRef) error {
	cp, err := ownCampaign(c, a.ID)
	if err != nil {
		return err
	}
	has, err := exists(c.Tx, `SELECT 1 FROM ad_requests WHERE campaign_id = ? AND deleted_at IS NULL`, cp.ID)
	if err != nil {
		return err
	}
	if !has {
		return exec(c.Tx, `UPDATE campaigns SET deleted_at = ?, updated_at = ? WHERE id = ?`, c.Now, c.Now, cp.ID)
	}
	if cp.Status != domain.CampaignDraft && cp.Status != domain.CampaignActive {
		return domain.Errorf(domain.CodeInvalidTransition,
			"a %s campaign with ad requests is kept for the record and cannot be deleted", cp.Status)
	}
	var accepted []domain.AdRequest
	if err := c.Tx.Select(&accepted, `SELECT * FROM ad_requests WHERE campaign_id = ? AND status = 'accepted' AND deleted_at IS NULL
		ORDER BY id`, cp.ID); err != nil {
		return err
	}
	for i := range accepted {
		if err := refundable(c, &accepted[i]); err != nil {
			return domain.Errorf(domain.CodeInvalidTransition, "the campaign cannot be cancelled: a deal with %s is delivered or disputed; settle it first",
				money(accepted[i].PaymentAmount))
		}
	}
	if err := closeOpenRequests(c, cp, "campaign cancelled", domain.AdPending, domain.AdAccepted); err != nil {
		return err
	}
	return exec(c.Tx, `UPDATE campaigns SET status = 'cancelled', updated_at = ? WHERE id = ?`, c.Now, cp.ID)
}
