package mutate

import (
	"fmt"
	"strings"

	"iescp/backend/domain"
)

// Reach is an influencer's follower count per platform.
type Reach struct {
	Instagram *int64 `json:"instagram,omitempty"`
	YouTube   *int64 `json:"youtube,omitempty"`
	TikTok    *int64 `json:"tiktok,omitempty"`
	X         *int64 `json:"x,omitempty"`
	Other     *int64 `json:"other,omitempty"`
}

// ProfileUpdate changes the given fields of the actor's own profile: a sponsor's
// company fields or an influencer's public profile. Absent fields keep their value.
type ProfileUpdate struct {
	Name        *string `json:"name,omitempty"`
	CompanyName *string `json:"company_name,omitempty"`
	Industry    *string `json:"industry,omitempty"`
	Budget      *int64  `json:"budget,omitempty"`
	DisplayName *string `json:"display_name,omitempty"`
	Category    *string `json:"category,omitempty"`
	Niche       *string `json:"niche,omitempty"`
	Reach       *Reach  `json:"reach,omitempty"`
	Bio         *string `json:"bio,omitempty"`
}

func (a *ProfileUpdate) Validate() error {
	var v checker
	v.optText("name", a.Name, 1, maxName)
	v.optText("company_name", a.CompanyName, 1, maxName)
	v.optText("industry", a.Industry, 0, maxShort)
	if a.Budget != nil {
		v.budget("budget", *a.Budget)
	}
	v.optText("display_name", a.DisplayName, 1, maxName)
	v.optText("category", a.Category, 0, maxShort)
	v.optText("niche", a.Niche, 0, maxShort)
	v.optText("bio", a.Bio, 0, maxText)
	if r := a.Reach; r != nil {
		for i, n := range []*int64{r.Instagram, r.YouTube, r.TikTok, r.X, r.Other} {
			if n != nil && (*n < 0 || *n > MaxReach) {
				v.fail("reach.%s must be between 0 and %d", domain.Platforms[i], MaxReach)
			}
		}
	}
	return v.result()
}

func (a *ProfileUpdate) sponsorFields() bool {
	return a.CompanyName != nil || a.Industry != nil || a.Budget != nil
}

func (a *ProfileUpdate) influencerFields() bool {
	return a.DisplayName != nil || a.Category != nil || a.Niche != nil || a.Reach != nil || a.Bio != nil
}

// ReviewCreate rates the other side of a completed ad request.
type ReviewCreate struct {
	ID          string `json:"id"`
	AdRequestID string `json:"ad_request_id"`
	Rating      int    `json:"rating"`
	Body        string `json:"body"`
}

func (a *ReviewCreate) Validate() error {
	var v checker
	v.id("id", a.ID)
	v.id("ad_request_id", a.AdRequestID)
	if a.Rating < 1 || a.Rating > 5 {
		v.fail("rating must be from 1 to 5, got %d", a.Rating)
	}
	v.text("body", &a.Body, 0, maxText)
	return v.result()
}

// NotificationMarkRead marks the actor's own notifications read: the listed ones,
// or all of them.
type NotificationMarkRead struct {
	IDs []string `json:"ids"`
	All bool     `json:"all"`
}

func (a *NotificationMarkRead) Validate() error {
	var v checker
	if a.All == (len(a.IDs) > 0) {
		v.fail("give either ids or all: true")
	}
	if len(a.IDs) > 1000 {
		v.fail("at most 1000 ids at once")
	}
	for i, id := range a.IDs {
		v.id(fmt.Sprintf("ids[%d]", i), id)
	}
	return v.result()
}

var (
	MProfileUpdate = needs(domain.OrgViewer, define("profile.update",
		"Change fields of the actor's own profile (sponsor: company_name, industry, budget; influencer: display_name, category, niche, reach, bio; anyone: name).",
		anyone, profileUpdate))
	MReviewCreate = define("review.create",
		"Rate the other side of a completed ad request from 1 to 5: the influencer rates the campaign, the sponsor rates the influencer.",
		parties, reviewCreate)
	MNotificationMarkRead = func() *Mutator {
		m := needs(domain.OrgViewer, define("notification.markRead", "Mark own notifications read.", anyone, notificationMarkRead))
		m.AllowFlagged = true
		return m
	}()
)

func profileUpdate(c *Ctx, a *ProfileUpdate) error {
	switch c.Actor.Role {
	case domain.RoleSponsor:
		if a.influencerFields() {
			return domain.Errorf(domain.CodeInvalidArgument, "a sponsor profile has no influencer fields")
		}
	case domain.RoleInfluencer:
		if a.sponsorFields() {
			return domain.Errorf(domain.CodeInvalidArgument, "an influencer profile has no sponsor fields")
		}
	default:
		if a.sponsorFields() || a.influencerFields() {
			return domain.Errorf(domain.CodeInvalidArgument, "an admin has only a name")
		}
	}
	if a.Name != nil {
		if err := exec(c.Tx, `UPDATE accounts SET name = ?, updated_at = ? WHERE id = ?`, *a.Name, c.Now, c.Actor.ID); err != nil {
			return err
		}
	}
	var sets []string
	var args []any
	add := func(col string, val any) {
		sets = append(sets, col+" = ?")
		args = append(args, val)
	}
	table := ""
	switch c.Actor.Role {
	case domain.RoleSponsor:
		table = "sponsor_profiles"
		if a.sponsorFields() {
			if err := c.requireOrgRole(domain.OrgOwner, "change the company profile"); err != nil {
				return err
			}
		}
		if a.CompanyName != nil {
			add("company_name", *a.CompanyName)
		}
		if a.Industry != nil {
			add("industry", *a.Industry)
		}
		if a.Budget != nil {
			add("budget", *a.Budget)
		}
	case domain.RoleInfluencer:
		table = "influencer_profiles"
		if a.DisplayName != nil {
			add("display_name", *a.DisplayName)
		}
		if a.Category != nil {
			add("category", *a.Category)
		}
		if a.Niche != nil {
			add("niche", *a.Niche)
		}
		if a.Bio != nil {
			add("bio", *a.Bio)
		}
		if r := a.Reach; r != nil {
			for _, p := range []struct {
				col string
				n   *int64
			}{{"reach_instagram", r.Instagram}, {"reach_youtube", r.YouTube}, {"reach_tiktok", r.TikTok}, {"reach_x", r.X}, {"reach_other", r.Other}} {
				if p.n != nil {
					add(p.col, *p.n)
				}
			}
		}
	}
	if len(sets) == 0 {
		if a.Name == nil {
			return domain.Errorf(domain.CodeInvalidArgument, "nothing to update")
		}
		return nil
	}
	add("updated_at", c.Now)
	owner := c.Actor.ID
	if c.Actor.Role == domain.RoleSponsor {
		org, err := c.orgID()
		if err != nil {
			return err
		}
		owner = org
	}
	args = append(args, owner)
	res, err := c.Tx.ExecContext(oneRow, `UPDATE `+table+` SET `+strings.Join(sets, ", ")+` WHERE account_id = ?`, args...)
	if err != nil {
		return fmt.Errorf("profile.update: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return domain.Errorf(domain.CodeNotFound, "your profile was not found")
	}
	return nil
}

func reviewCreate(c *Ctx, a *ReviewCreate) error {
	d, err := loadDeal(c, a.AdRequestID)
	if err != nil {
		return err
	}
	if d.req.Status != domain.AdCompleted {
		return domain.Errorf(domain.CodeInvalidTransition, "only a completed ad request can be reviewed; this one is %s", d.req.Status)
	}
	subject := "influencer"
	if d.me == domain.PartyInfluencer {
		subject = "campaign"
	}
	// One review per side: a teammate does not review the same deal again.
	done, err := exists(c.Tx, `SELECT 1 FROM reviews WHERE ad_request_id = ? AND subject = ?`, d.req.ID, subject)
	if err != nil {
		return err
	}
	if done {
		return domain.Errorf(domain.CodeInvalidTransition, "you have already reviewed this ad request")
	}
	if err := insertNew(c.Tx, "", a.ID, `INSERT INTO reviews (id, ad_request_id, author_id, subject, campaign_id, influencer_id, rating, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, d.req.ID, c.Actor.ID, subject, d.campaign.ID, d.infl.ID, a.Rating, a.Body, c.Now); err != nil {
		return err
	}
	return notify(c, d.other, "review.received",
		Params{"party": c.Actor.Name, "campaign": d.campaign.Name, "rating": a.Rating}, "reviews", a.ID)
}

func notificationMarkRead(c *Ctx, a *NotificationMarkRead) error {
	if a.All {
		return exec(c.Tx, `UPDATE notifications SET read_at = ? WHERE account_id = ? AND read_at IS NULL`, c.Now, c.Actor.ID)
	}
	for _, id := range a.IDs {
		var owner string
		if err := notFound(c.Tx.Get(&owner, `SELECT account_id FROM notifications WHERE id = ?`, id), "notification", id); err != nil {
			return err
		}
		if owner != c.Actor.ID { // another's notification does not exist for the actor
			return domain.Errorf(domain.CodeNotFound, "notification %s not found", id)
		}
		if err := exec(c.Tx, `UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ?`, c.Now, id); err != nil {
			return err
		}
	}
	return nil
}
