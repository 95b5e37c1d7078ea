package desktop

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"iescp/backend/domain"
	"iescp/backend/search"
)

// The sponsor's side: its campaigns (read from the replica, changed through the
// campaign.* mutators via Services.Mutate) and the influencer directory.

// CampaignForm is what the campaign form sends. Money is in cents.
type CampaignForm struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Category    string `json:"category"`
	Niche       string `json:"niche"`
	StartDate   string `json:"start_date"`
	EndDate     string `json:"end_date"`
	Budget      int64  `json:"budget"`
	Visibility  string `json:"visibility"` // public or private ("" means private)
	Goals       string `json:"goals"`
	Publish     bool   `json:"publish"` // make it active at once
}

// CampaignPatch changes some fields of a campaign: nil fields are kept.
type CampaignPatch struct {
	Name        *string `json:"name,omitempty"`
	Description *string `json:"description,omitempty"`
	Category    *string `json:"category,omitempty"`
	Niche       *string `json:"niche,omitempty"`
	StartDate   *string `json:"start_date,omitempty"`
	EndDate     *string `json:"end_date,omitempty"`
	Budget      *int64  `json:"budget,omitempty"`
	Goals       *string `json:"goals,omitempty"`
}

// CampaignRequest is one ad request of a campaign.
type CampaignRequest struct {
	ID             string `json:"id" db:"id"`
	InfluencerID   string `json:"influencer_id" db:"influencer_id"`
	InfluencerName string `json:"influencer_name" db:"influencer_name"`
	Amount         int64  `json:"amount" db:"amount"`
	Status         string `json:"status" db:"status"`
	InitiatedBy    string `json:"initiated_by" db:"initiated_by"`
	UpdatedAt      string `json:"updated_at" db:"updated_at"`
}

// CampaignDetail is one campaign with all its fields and its ad requests.
type CampaignDetail struct {
	ID          string            `json:"id" db:"id"`
	SponsorID   string            `json:"sponsor_id" db:"sponsor_id"`
	Name        string            `json:"name" db:"name"`
	Description string            `json:"description" db:"description"`
	Category    string            `json:"category" db:"category"`
	Niche       string            `json:"niche" db:"niche"`
	StartDate   string            `json:"start_date" db:"start_date"`
	EndDate     string            `json:"end_date" db:"end_date"`
	Budget      int64             `json:"budget" db:"budget"`
	Committed   int64             `json:"committed" db:"committed"`
	Remaining   int64             `json:"remaining" db:"-"`
	Visibility  string            `json:"visibility" db:"visibility"`
	Goals       string            `json:"goals" db:"goals"`
	Status      string            `json:"status" db:"status"`
	Flagged     bool              `json:"flagged" db:"flagged"`
	FlagReason  string            `json:"flag_reason" db:"flag_reason"`
	UpdatedAt   string            `json:"updated_at" db:"updated_at"`
	Approval    string            `json:"approval" db:"-"` // the signed-in sponsor's approval
	Requests    []CampaignRequest `json:"requests" db:"-"`
}

// InfluencerReview is one sponsor's review of an influencer.
type InfluencerReview struct {
	ID         string `json:"id" db:"id"`
	Rating     int    `json:"rating" db:"rating"`
	Body       string `json:"body" db:"body"`
	AuthorName string `json:"author_name" db:"author_name"`
	CreatedAt  string `json:"created_at" db:"created_at"`
}

// PlatformReach is an influencer's reach on one platform.
type PlatformReach struct {
	Platform string `json:"platform"`
	Reach    int64  `json:"reach"`
}

// InfluencerProfile is an influencer's public profile.
type InfluencerProfile struct {
	search.InfluencerHit
	Platforms []PlatformReach    `json:"platforms"`
	Reviews   []InfluencerReview `json:"reviews"`
}

// SponsorService is bound to the UI.
type SponsorService struct{ s *Services }

// NewSponsorService makes the sponsor service over the desktop services.
func NewSponsorService(s *Services) *SponsorService { return &SponsorService{s: s} }

// Limits, as the mutators check them (docs/mutations.md).
const (
	maxName        = 120
	maxCategory    = 60
	maxDescription = 5000
	maxGoals       = 2000
)

// Campaign returns one of the sponsor's campaigns with its ad requests.
func (ss *SponsorService) Campaign(id string) (CampaignDetail, error) {
	d, err := ss.campaign(context.Background(), id)
	return d, toUI(err)
}

func (ss *SponsorService) campaign(ctx context.Context, id string) (CampaignDetail, error) {
	sess, err := ss.s.active()
	if err != nil {
		return CampaignDetail{}, err
	}
	if err := needID("campaign", id); err != nil {
		return CampaignDetail{}, err
	}
	var d CampaignDetail
	err = sess.db.R.GetContext(ctx, &d, `SELECT id, sponsor_id, name, description, category, niche, start_date, end_date,
		budget, committed, visibility, goals, status, flagged, flag_reason, updated_at
		FROM campaigns WHERE id = ? AND deleted_at IS NULL`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return CampaignDetail{}, domain.Errorf(domain.CodeNotFound, "no such campaign")
	}
	if err != nil {
		return CampaignDetail{}, fmt.Errorf("campaign: %w", err)
	}
	me := sess.info.AccountID
	if sess.info.Role != string(domain.RoleAdmin) && d.SponsorID != me {
		return CampaignDetail{}, domain.Errorf(domain.CodeNotFound, "no such campaign")
	}
	d.Remaining = d.Budget - d.Committed
	d.Approval = ss.approval(ctx, sess)
	d.Requests = []CampaignRequest{}
	if err := sess.db.R.SelectContext(ctx, &d.Requests, `SELECT r.id, r.influencer_id,
		COALESCE(NULLIF(ip.display_name, ''), ia.name, '') AS influencer_name,
		r.payment_amount AS amount, r.status, r.initiated_by, r.updated_at
		FROM ad_requests r
		LEFT JOIN accounts ia ON ia.id = r.influencer_id
		LEFT JOIN influencer_profiles ip ON ip.account_id = r.influencer_id
		WHERE r.campaign_id = ? AND r.deleted_at IS NULL
		ORDER BY r.updated_at DESC, r.id DESC`, id); err != nil {
		return CampaignDetail{}, fmt.Errorf("campaign requests: %w", err)
	}
	return d, nil
}

// approval is the signed-in sponsor's approval as the replica has it.
func (ss *SponsorService) approval(ctx context.Context, sess *session) string {
	var a string
	if err := sess.db.R.GetContext(ctx, &a, `SELECT approval FROM sponsor_profiles WHERE account_id = ?`, sess.info.AccountID); err != nil {
		return sess.info.Approval
	}
	return a
}

func checkCampaignText(name, description, category, niche, goals string, nameRequired bool) error {
	return errors.Join(checkText("name", name, maxName, nameRequired), checkText("description", description, maxDescription, false),
		checkText("category", category, maxCategory, false), checkText("niche", niche, maxCategory, false),
		checkText("goals", goals, maxGoals, false))
}

func checkBudget(b int64) error {
	if b < 0 {
		return domain.Errorf(domain.CodeInvalidArgument, "the budget must not be negative")
	}
	if b > maxAmount {
		return domain.Errorf(domain.CodeInvalidArgument, "the budget is too large")
	}
	return nil
}

// CreateCampaign creates a draft campaign (or an active one with Publish); it returns its id.
func (ss *SponsorService) CreateCampaign(f CampaignForm) (string, error) {
	if err := needRole(ss.s, domain.RoleSponsor); err != nil {
		return "", toUI(err)
	}
	if err := errors.Join(checkCampaignText(f.Name, f.Description, f.Category, f.Niche, f.Goals, true), checkBudget(f.Budget)); err != nil {
		return "", toUI(err)
	}
	if strings.TrimSpace(f.StartDate) == "" || strings.TrimSpace(f.EndDate) == "" {
		return "", toUI(domain.Errorf(domain.CodeInvalidArgument, "start and end dates are required"))
	}
	if f.EndDate < f.StartDate {
		return "", toUI(domain.Errorf(domain.CodeInvalidArgument, "the end date is before the start date"))
	}
	vis := f.Visibility
	if vis == "" {
		vis = string(domain.VisibilityPrivate)
	}
	id := domain.NewID()
	err := ss.mutate("campaign.create", map[string]any{"id": id, "name": strings.TrimSpace(f.Name),
		"description": strings.TrimSpace(f.Description), "category": strings.TrimSpace(f.Category),
		"niche": strings.TrimSpace(f.Niche), "goals": strings.TrimSpace(f.Goals), "start_date": f.StartDate,
		"end_date": f.EndDate, "budget": f.Budget, "visibility": vis, "publish": f.Publish})
	if err != nil {
		return "", toUI(err)
	}
	return id, nil
}

// UpdateCampaign changes some fields of an own draft or active campaign.
func (ss *SponsorService) UpdateCampaign(id string, p CampaignPatch) error {
	if err := needID("campaign", id); err != nil {
		return toUI(err)
	}
	args := map[string]any{"id": id}
	text := func(key string, v *string, max int, required bool) error {
		if v == nil {
			return nil
		}
		args[key] = strings.TrimSpace(*v)
		return checkText(key, *v, max, required)
	}
	err := errors.Join(text("name", p.Name, maxName, true), text("description", p.Description, maxDescription, false),
		text("category", p.Category, maxCategory, false), text("niche", p.Niche, maxCategory, false),
		text("goals", p.Goals, maxGoals, false))
	if err != nil {
		return toUI(err)
	}
	if p.StartDate != nil {
		args["start_date"] = *p.StartDate
	}
	if p.EndDate != nil {
		args["end_date"] = *p.EndDate
	}
	if p.StartDate != nil && p.EndDate != nil && *p.EndDate < *p.StartDate {
		return toUI(domain.Errorf(domain.CodeInvalidArgument, "the end date is before the start date"))
	}
	if p.Budget != nil {
		if err := checkBudget(*p.Budget); err != nil {
			return toUI(err)
		}
		args["budget"] = *p.Budget
	}
	return toUI(ss.mutate("campaign.update", args))
}

// Publish makes an own draft active.
func (ss *SponsorService) Publish(id string) error { return ss.byID("campaign.publish", id) }

// Complete closes an own active campaign.
func (ss *SponsorService) Complete(id string) error { return ss.byID("campaign.complete", id) }

// Delete deletes a campaign without requests, or cancels one with requests.
func (ss *SponsorService) Delete(id string) error { return ss.byID("campaign.delete", id) }

// SetVisibility makes a campaign public or private.
func (ss *SponsorService) SetVisibility(id, visibility string) error {
	if err := needID("campaign", id); err != nil {
		return toUI(err)
	}
	if visibility != string(domain.VisibilityPublic) && visibility != string(domain.VisibilityPrivate) {
		return toUI(domain.Errorf(domain.CodeInvalidArgument, "visibility must be public or private"))
	}
	return toUI(ss.mutate("campaign.setVisibility", map[string]any{"id": id, "visibility": visibility}))
}

func (ss *SponsorService) byID(name, id string) error {
	if err := needID("campaign", id); err != nil {
		return toUI(err)
	}
	return toUI(ss.mutate(name, map[string]any{"id": id}))
}

func (ss *SponsorService) mutate(name string, args map[string]any) error {
	b, err := json.Marshal(args)
	if err != nil {
		return err
	}
	_, err = ss.s.Mutate(context.Background(), name, b)
	return err
}

// SearchInfluencers searches the influencer directory; page and page_size default
// to 1 and 20.
func (ss *SponsorService) SearchInfluencers(q search.InfluencerQuery) (search.Page[search.InfluencerHit], error) {
	sess, err := ss.s.active()
	if err != nil {
		return search.Page[search.InfluencerHit]{}, toUI(err)
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PageSize == 0 {
		q.PageSize = 20
	}
	q.Text = strings.TrimSpace(q.Text)
	q.Category = strings.TrimSpace(q.Category)
	q.Niche = strings.TrimSpace(q.Niche)
	p, err := search.Influencers(context.Background(), sess.db.R, q)
	if err != nil {
		return search.Page[search.InfluencerHit]{}, toUI(err)
	}
	if p.Items == nil {
		p.Items = []search.InfluencerHit{}
	}
	return p, nil
}

// InfluencerProfile is an influencer's public profile with per-platform reach and
// the sponsors' reviews of them.
func (ss *SponsorService) InfluencerProfile(id string) (InfluencerProfile, error) {
	p, err := ss.influencerProfile(context.Background(), id)
	return p, toUI(err)
}

func (ss *SponsorService) influencerProfile(ctx context.Context, id string) (InfluencerProfile, error) {
	sess, err := ss.s.active()
	if err != nil {
		return InfluencerProfile{}, err
	}
	if err := needID("influencer", id); err != nil {
		return InfluencerProfile{}, err
	}
	var p InfluencerProfile
	err = sess.db.R.GetContext(ctx, &p.InfluencerHit, `SELECT p.account_id, a.name, p.display_name, p.category, p.niche, p.bio,
		p.reach_instagram, p.reach_youtube, p.reach_tiktok, p.reach_x, p.reach_other, p.reach_total,
		COALESCE((SELECT AVG(rating) FROM reviews v WHERE v.influencer_id = p.account_id AND v.subject = 'influencer'), 0) AS rating,
		(SELECT COUNT(*) FROM reviews v WHERE v.influencer_id = p.account_id AND v.subject = 'influencer') AS review_count
		FROM influencer_profiles p JOIN accounts a ON a.id = p.account_id
		WHERE p.account_id = ? AND a.role = 'influencer'`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return InfluencerProfile{}, domain.Errorf(domain.CodeNotFound, "no such influencer")
	}
	if err != nil {
		return InfluencerProfile{}, fmt.Errorf("influencer profile: %w", err)
	}
	h := p.InfluencerHit
	p.Platforms = []PlatformReach{{"instagram", h.ReachInstagram}, {"youtube", h.ReachYouTube},
		{"tiktok", h.ReachTikTok}, {"x", h.ReachX}, {"other", h.ReachOther}}
	p.Reviews = []InfluencerReview{}
	if err := sess.db.R.SelectContext(ctx, &p.Reviews, `SELECT v.id, v.rating, v.body, v.created_at,
		COALESCE(sp.company_name, a.name, '') AS author_name
		FROM reviews v
		LEFT JOIN accounts a ON a.id = v.author_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = v.author_id
		WHERE v.influencer_id = ? AND v.subject = 'influencer'
		ORDER BY v.created_at DESC, v.id DESC LIMIT 100`, id); err != nil {
		return InfluencerProfile{}, fmt.Errorf("influencer reviews: %w", err)
	}
	return p, nil
}
