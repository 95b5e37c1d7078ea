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

// The influencer's own screens: finding public campaigns and applying to them, the
// profile editor with its reviews, and the earnings summary. Reads come from the
// signed-in influencer's replica; actions are mutations through Services.Mutate.

// Profile limits, as the mutators check them (docs/mutations.md).
const (
	inflMaxName     = 120
	inflMaxCategory = 60
	inflMaxBio      = 2000
	inflMaxReach    = 10_000_000_000
)

// InflCampaignQuery is what the Find-campaigns filters send.
type InflCampaignQuery struct {
	Text      string `json:"text"`
	Category  string `json:"category"`
	MinBudget int64  `json:"min_budget"` // cents; 0: no lower bound
	MaxBudget int64  `json:"max_budget"` // cents; 0: no upper bound
	From      string `json:"from"`       // YYYY-MM-DD or ""
	To        string `json:"to"`         // YYYY-MM-DD or ""
	Sort      string `json:"sort"`       // relevance, budget, start_date, end_date
	Order     string `json:"order"`      // "", asc, desc
	Page      int    `json:"page"`       // 0 means 1
	PageSize  int    `json:"page_size"`  // 0 means 20
}

// InflCampaignHit is one public campaign found, with whether I already applied.
type InflCampaignHit struct {
	search.CampaignHit
	Applied bool `json:"applied"` // I have an open (pending or accepted) request on it
}

// InflCampaignPage is one page of public campaigns.
type InflCampaignPage struct {
	Items    []InflCampaignHit `json:"items"`
	Total    int               `json:"total"`
	Page     int               `json:"page"`
	PageSize int               `json:"page_size"`
}

// InflCampaignDetail is one public campaign as an influencer sees it.
type InflCampaignDetail struct {
	ID            string `json:"id" db:"id"`
	Name          string `json:"name" db:"name"`
	Description   string `json:"description" db:"description"`
	Category      string `json:"category" db:"category"`
	Niche         string `json:"niche" db:"niche"`
	Goals         string `json:"goals" db:"goals"`
	StartDate     string `json:"start_date" db:"start_date"`
	EndDate       string `json:"end_date" db:"end_date"`
	Budget        int64  `json:"budget" db:"budget"`
	Committed     int64  `json:"committed" db:"committed"`
	Remaining     int64  `json:"remaining" db:"remaining"`
	Status        string `json:"status" db:"status"`
	SponsorID     string `json:"sponsor_id" db:"sponsor_id"`
	CompanyName   string `json:"company_name" db:"company_name"`
	Industry      string `json:"industry" db:"industry"`
	OpenRequestID string `json:"open_request_id" db:"open_request_id"` // my pending or accepted request, or ""
	OpenStatus    string `json:"open_status" db:"open_status"`
	Applied       bool   `json:"applied" db:"-"`
}

// InflReach is followers per platform; Total is computed.
type InflReach struct {
	Instagram int64 `json:"instagram" db:"reach_instagram"`
	YouTube   int64 `json:"youtube" db:"reach_youtube"`
	TikTok    int64 `json:"tiktok" db:"reach_tiktok"`
	X         int64 `json:"x" db:"reach_x"`
	Other     int64 `json:"other" db:"reach_other"`
	Total     int64 `json:"total" db:"reach_total"`
}

// InflReview is one review of me by a sponsor.
type InflReview struct {
	ID           string `json:"id" db:"id"`
	Rating       int    `json:"rating" db:"rating"`
	Body         string `json:"body" db:"body"`
	AuthorName   string `json:"author_name" db:"author_name"`
	CampaignName string `json:"campaign_name" db:"campaign_name"`
	CreatedAt    string `json:"created_at" db:"created_at"`
}

// InflProfile is my profile with my reviews.
type InflProfile struct {
	AccountID   string       `json:"account_id" db:"account_id"`
	Name        string       `json:"name" db:"name"`
	DisplayName string       `json:"display_name" db:"display_name"`
	Category    string       `json:"category" db:"category"`
	Niche       string       `json:"niche" db:"niche"`
	Bio         string       `json:"bio" db:"bio"`
	Reach       InflReach    `json:"reach"`
	Flagged     bool         `json:"flagged" db:"flagged"`
	Reviews     []InflReview `json:"reviews" db:"-"`
	Rating      float64      `json:"rating" db:"-"` // average, 0 without reviews
}

// InflReachPatch is a reach update: nil fields are kept.
type InflReachPatch struct {
	Instagram *int64 `json:"instagram,omitempty"`
	YouTube   *int64 `json:"youtube,omitempty"`
	TikTok    *int64 `json:"tiktok,omitempty"`
	X         *int64 `json:"x,omitempty"`
	Other     *int64 `json:"other,omitempty"`
}

// InflProfilePatch changes some fields of my profile: nil fields are kept.
type InflProfilePatch struct {
	DisplayName *string         `json:"display_name,omitempty"`
	Category    *string         `json:"category,omitempty"`
	Niche       *string         `json:"niche,omitempty"`
	Bio         *string         `json:"bio,omitempty"`
	Reach       *InflReachPatch `json:"reach,omitempty"`
}

// Earnings sums my ad requests: committed (accepted, not yet delivered) and
// completed amounts in cents, and how many requests are in each status.
type InflEarnings struct {
	Committed int64          `json:"committed"`
	Completed int64          `json:"completed"`
	Counts    map[string]int `json:"counts"`
}

// InfluencerService is bound to the UI.
type InfluencerService struct{ s *Services }

// NewInfluencerService makes the influencer service over the desktop services.
func NewInfluencerService(s *Services) *InfluencerService { return &InfluencerService{s: s} }

func (is *InfluencerService) influencer() (*session, error) {
	sess, err := is.s.active()
	if err != nil {
		return nil, err
	}
	if domain.Role(sess.info.Role) != domain.RoleInfluencer {
		return nil, domain.Errorf(domain.CodeForbidden, "only an influencer can do that")
	}
	return sess, nil
}

// SearchCampaigns finds public active campaigns.
func (is *InfluencerService) SearchCampaigns(q InflCampaignQuery) (InflCampaignPage, error) {
	p, err := is.searchCampaigns(context.Background(), q)
	return p, toUI(err)
}

func (is *InfluencerService) searchCampaigns(ctx context.Context, q InflCampaignQuery) (InflCampaignPage, error) {
	sess, err := is.influencer()
	if err != nil {
		return InflCampaignPage{}, err
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PageSize == 0 {
		q.PageSize = 20
	}
	if q.MinBudget < 0 || q.MaxBudget < 0 {
		return InflCampaignPage{}, domain.Errorf(domain.CodeInvalidArgument, "budgets must not be negative")
	}
	res, err := search.Campaigns(ctx, sess.db.R, search.CampaignQuery{
		Text: strings.TrimSpace(q.Text), Category: strings.TrimSpace(q.Category), MinBudget: q.MinBudget, MaxBudget: q.MaxBudget,
		From: q.From, To: q.To, Sort: q.Sort, Order: q.Order, Page: q.Page, PageSize: q.PageSize,
	})
	if err != nil {
		return InflCampaignPage{}, err
	}
	out := InflCampaignPage{Items: make([]InflCampaignHit, 0, len(res.Items)), Total: res.Total, Page: res.Page, PageSize: res.PageSize}
	open, err := inflOpenRequests(ctx, sess)
	if err != nil {
		return InflCampaignPage{}, err
	}
	for _, h := range res.Items {
		out.Items = append(out.Items, InflCampaignHit{CampaignHit: h, Applied: open[h.ID]})
	}
	return out, nil
}

// inflOpenRequests is the set of campaigns I have a pending or accepted request on.
func inflOpenRequests(ctx context.Context, sess *session) (map[string]bool, error) {
	var ids []string
	if err := sess.db.R.SelectContext(ctx, &ids, `SELECT DISTINCT campaign_id FROM ad_requests
		WHERE influencer_id = ? AND deleted_at IS NULL AND status IN ('pending', 'accepted')`, sess.info.AccountID); err != nil {
		return nil, fmt.Errorf("open requests: %w", err)
	}
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m, nil
}

// PublicCampaign returns one campaign I may apply to (or already have a request on).
func (is *InfluencerService) PublicCampaign(id string) (InflCampaignDetail, error) {
	d, err := is.publicCampaign(context.Background(), id)
	return d, toUI(err)
}

func (is *InfluencerService) publicCampaign(ctx context.Context, id string) (InflCampaignDetail, error) {
	sess, err := is.influencer()
	if err != nil {
		return InflCampaignDetail{}, err
	}
	if strings.TrimSpace(id) == "" {
		return InflCampaignDetail{}, domain.Errorf(domain.CodeInvalidArgument, "a campaign id is required")
	}
	var d InflCampaignDetail
	err = sess.db.R.GetContext(ctx, &d, `SELECT c.id, c.name, c.description, c.category, c.niche, c.goals,
		c.start_date, c.end_date, c.budget, c.committed, c.budget - c.committed AS remaining, c.status, c.sponsor_id,
		COALESCE(sp.company_name, a.name, '') AS company_name, COALESCE(sp.industry, '') AS industry,
		COALESCE((SELECT r.id FROM ad_requests r WHERE r.campaign_id = c.id AND r.influencer_id = ? AND r.deleted_at IS NULL
			AND r.status IN ('pending', 'accepted') ORDER BY r.created_at DESC LIMIT 1), '') AS open_request_id,
		COALESCE((SELECT r.status FROM ad_requests r WHERE r.campaign_id = c.id AND r.influencer_id = ? AND r.deleted_at IS NULL
			AND r.status IN ('pending', 'accepted') ORDER BY r.created_at DESC LIMIT 1), '') AS open_status
		FROM campaigns c
		LEFT JOIN accounts a ON a.id = c.sponsor_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
		WHERE c.id = ? AND c.deleted_at IS NULL AND (
			(c.visibility = 'public' AND c.status = 'active' AND c.flagged = 0
				AND a.active = 1 AND a.flagged = 0 AND sp.approval = 'approved')
			OR EXISTS (SELECT 1 FROM ad_requests r WHERE r.campaign_id = c.id AND r.influencer_id = ?))`,
		sess.info.AccountID, sess.info.AccountID, id, sess.info.AccountID)
	if errors.Is(err, sql.ErrNoRows) {
		return InflCampaignDetail{}, domain.Errorf(domain.CodeNotFound, "no such campaign")
	}
	if err != nil {
		return InflCampaignDetail{}, fmt.Errorf("get campaign: %w", err)
	}
	d.Applied = d.OpenRequestID != ""
	return d, nil
}

// Apply applies to a public campaign with the opening offer; it returns the new
// ad request's id.
func (is *InfluencerService) Apply(campaignID string, amount int64, requirements, message string) (string, error) {
	if _, err := is.influencer(); err != nil {
		return "", toUI(err)
	}
	if err := errors.Join(needID("campaign", campaignID), checkAmount(amount),
		checkText("requirements", requirements, maxRequirements, false), checkText("message", message, maxMessage, false)); err != nil {
		return "", toUI(err)
	}
	id := domain.NewID()
	if err := is.mutate("adRequest.apply", map[string]any{"id": id, "offer_id": domain.NewID(), "campaign_id": campaignID,
		"amount": amount, "requirements": strings.TrimSpace(requirements), "message": strings.TrimSpace(message)}); err != nil {
		return "", toUI(err)
	}
	return id, nil
}

// Profile returns my profile and the reviews sponsors wrote about me.
func (is *InfluencerService) Profile() (InflProfile, error) {
	p, err := is.profile(context.Background())
	return p, toUI(err)
}

func (is *InfluencerService) profile(ctx context.Context) (InflProfile, error) {
	sess, err := is.influencer()
	if err != nil {
		return InflProfile{}, err
	}
	var row struct {
		AccountID   string `db:"account_id"`
		Name        string `db:"name"`
		DisplayName string `db:"display_name"`
		Category    string `db:"category"`
		Niche       string `db:"niche"`
		Bio         string `db:"bio"`
		Flagged     bool   `db:"flagged"`
		InflReach
	}
	err = sess.db.R.GetContext(ctx, &row, `SELECT a.id AS account_id, a.name, a.flagged,
		COALESCE(p.display_name, '') AS display_name, COALESCE(p.category, '') AS category, COALESCE(p.niche, '') AS niche,
		COALESCE(p.bio, '') AS bio, COALESCE(p.reach_instagram, 0) AS reach_instagram, COALESCE(p.reach_youtube, 0) AS reach_youtube,
		COALESCE(p.reach_tiktok, 0) AS reach_tiktok, COALESCE(p.reach_x, 0) AS reach_x, COALESCE(p.reach_other, 0) AS reach_other,
		COALESCE(p.reach_total, 0) AS reach_total
		FROM accounts a LEFT JOIN influencer_profiles p ON p.account_id = a.id WHERE a.id = ?`, sess.info.AccountID)
	if errors.Is(err, sql.ErrNoRows) {
		return InflProfile{}, domain.Errorf(domain.CodeNotFound, "your profile has not arrived yet")
	}
	if err != nil {
		return InflProfile{}, fmt.Errorf("get profile: %w", err)
	}
	p := InflProfile{AccountID: row.AccountID, Name: row.Name, DisplayName: row.DisplayName, Category: row.Category,
		Niche: row.Niche, Bio: row.Bio, Flagged: row.Flagged, Reach: row.InflReach, Reviews: []InflReview{}}
	if err := sess.db.R.SelectContext(ctx, &p.Reviews, `SELECT v.id, v.rating, v.body, v.created_at,
		COALESCE(sp.company_name, a.name, '') AS author_name, COALESCE(c.name, '') AS campaign_name
		FROM reviews v
		LEFT JOIN accounts a ON a.id = v.author_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = v.author_id
		LEFT JOIN campaigns c ON c.id = v.campaign_id
		WHERE v.influencer_id = ? AND v.subject = 'influencer'
		ORDER BY v.created_at DESC, v.id DESC`, sess.info.AccountID); err != nil {
		return InflProfile{}, fmt.Errorf("get reviews: %w", err)
	}
	if n := len(p.Reviews); n > 0 {
		sum := 0
		for _, r := range p.Reviews {
			sum += r.Rating
		}
		p.Rating = float64(sum) / float64(n)
	}
	return p, nil
}

// UpdateProfile changes some fields of my profile.
func (is *InfluencerService) UpdateProfile(patch InflProfilePatch) error {
	if _, err := is.influencer(); err != nil {
		return toUI(err)
	}
	args := map[string]any{}
	text := func(key string, v *string, max int, required bool) error {
		if v == nil {
			return nil
		}
		if err := checkText(strings.ReplaceAll(key, "_", " "), *v, max, required); err != nil {
			return err
		}
		args[key] = strings.TrimSpace(*v)
		return nil
	}
	if err := errors.Join(text("display_name", patch.DisplayName, inflMaxName, true), text("category", patch.Category, inflMaxCategory, false),
		text("niche", patch.Niche, inflMaxCategory, false), text("bio", patch.Bio, inflMaxBio, false)); err != nil {
		return toUI(err)
	}
	if r := patch.Reach; r != nil {
		reach := map[string]int64{}
		for key, v := range map[string]*int64{"instagram": r.Instagram, "youtube": r.YouTube, "tiktok": r.TikTok, "x": r.X, "other": r.Other} {
			if v == nil {
				continue
			}
			if *v < 0 || *v > inflMaxReach {
				return toUI(domain.Errorf(domain.CodeInvalidArgument, "reach %s: from 0 to 10,000,000,000", key))
			}
			reach[key] = *v
		}
		if len(reach) > 0 {
			args["reach"] = reach
		}
	}
	if len(args) == 0 {
		return toUI(domain.Errorf(domain.CodeInvalidArgument, "nothing to update"))
	}
	return toUI(is.mutate("profile.update", args))
}

// Earnings sums my accepted and completed ad requests.
func (is *InfluencerService) Earnings() (InflEarnings, error) {
	e, err := is.earnings(context.Background())
	return e, toUI(err)
}

func (is *InfluencerService) earnings(ctx context.Context) (InflEarnings, error) {
	sess, err := is.influencer()
	if err != nil {
		return InflEarnings{}, err
	}
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
		Sum    int64  `db:"total"`
	}
	if err := sess.db.R.SelectContext(ctx, &rows, `SELECT status, COUNT(*) AS n, COALESCE(SUM(payment_amount), 0) AS total
		FROM ad_requests WHERE influencer_id = ? AND deleted_at IS NULL GROUP BY status`, sess.info.AccountID); err != nil {
		return InflEarnings{}, fmt.Errorf("earnings: %w", err)
	}
	e := InflEarnings{Counts: map[string]int{}}
	for _, s := range []domain.AdRequestStatus{domain.AdPending, domain.AdAccepted, domain.AdRejected, domain.AdWithdrawn, domain.AdCompleted} {
		e.Counts[string(s)] = 0
	}
	for _, r := range rows {
		e.Counts[r.Status] = r.N
		switch r.Status {
		case string(domain.AdAccepted):
			e.Committed = r.Sum
		case string(domain.AdCompleted):
			e.Completed = r.Sum
		}
	}
	return e, nil
}

func (is *InfluencerService) mutate(name string, args map[string]any) error {
	b, err := json.Marshal(args)
	if err != nil {
		return err
	}
	_, err = is.s.Mutate(context.Background(), name, b)
	return err
}
