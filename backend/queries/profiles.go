package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/search"
)

// Profiles: an influencer's own profile and earnings, and the public profile of
// an influencer as sponsors see it.

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

// PublicInfluencer is an influencer's public profile with per-platform reach and
// the sponsors' reviews of them.
func PublicInfluencer(ctx context.Context, db sqlx.QueryerContext, id string) (InfluencerProfile, error) {
	if err := needID("influencer", id); err != nil {
		return InfluencerProfile{}, err
	}
	var p InfluencerProfile
	err := sqlx.GetContext(ctx, db, &p.InfluencerHit, `SELECT p.account_id, a.name, p.display_name, p.category, p.niche, p.bio,
		p.reach_instagram, p.reach_youtube, p.reach_tiktok, p.reach_x, p.reach_other, p.reach_total,
		COALESCE((SELECT AVG(rating) FROM reviews v WHERE v.influencer_id = p.account_id AND v.subject = 'influencer'), 0) AS rating,
		(SELECT COUNT(*) FROM reviews v WHERE v.influencer_id = p.account_id AND v.subject = 'influencer') AS review_count
		FROM influencer_profiles p JOIN accounts a ON a.id = p.account_id
		WHERE p.account_id = ? AND a.role = 'influencer'`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return InfluencerProfile{}, notFound("influencer")
	}
	if err != nil {
		return InfluencerProfile{}, fmt.Errorf("influencer profile: %w", err)
	}
	h := p.InfluencerHit
	p.Platforms = []PlatformReach{{"instagram", h.ReachInstagram}, {"youtube", h.ReachYouTube},
		{"tiktok", h.ReachTikTok}, {"x", h.ReachX}, {"other", h.ReachOther}}
	p.Reviews = []InfluencerReview{}
	if err := sqlx.SelectContext(ctx, db, &p.Reviews, `SELECT v.id, v.rating, v.body, v.created_at,
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

// MyProfile is the influencer viewer's own profile and the reviews sponsors wrote
// about them.
func MyProfile(ctx context.Context, db sqlx.QueryerContext, v Viewer) (InflProfile, error) {
	if err := v.need(domain.RoleInfluencer, "this profile"); err != nil {
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
	err := sqlx.GetContext(ctx, db, &row, `SELECT a.id AS account_id, a.name, a.flagged,
		COALESCE(p.display_name, '') AS display_name, COALESCE(p.category, '') AS category, COALESCE(p.niche, '') AS niche,
		COALESCE(p.bio, '') AS bio, COALESCE(p.reach_instagram, 0) AS reach_instagram, COALESCE(p.reach_youtube, 0) AS reach_youtube,
		COALESCE(p.reach_tiktok, 0) AS reach_tiktok, COALESCE(p.reach_x, 0) AS reach_x, COALESCE(p.reach_other, 0) AS reach_other,
		COALESCE(p.reach_total, 0) AS reach_total
		FROM accounts a LEFT JOIN influencer_profiles p ON p.account_id = a.id WHERE a.id = ?`, v.AccountID)
	if errors.Is(err, sql.ErrNoRows) {
		return InflProfile{}, domain.Errorf(domain.CodeNotFound, "your profile has not arrived yet")
	}
	if err != nil {
		return InflProfile{}, fmt.Errorf("get profile: %w", err)
	}
	p := InflProfile{AccountID: row.AccountID, Name: row.Name, DisplayName: row.DisplayName, Category: row.Category,
		Niche: row.Niche, Bio: row.Bio, Flagged: row.Flagged, Reach: row.InflReach, Reviews: []InflReview{}}
	if err := sqlx.SelectContext(ctx, db, &p.Reviews, `SELECT v.id, v.rating, v.body, v.created_at,
		COALESCE(sp.company_name, a.name, '') AS author_name, COALESCE(c.name, '') AS campaign_name
		FROM reviews v
		LEFT JOIN accounts a ON a.id = v.author_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = v.author_id
		LEFT JOIN campaigns c ON c.id = v.campaign_id
		WHERE v.influencer_id = ? AND v.subject = 'influencer'
		ORDER BY v.created_at DESC, v.id DESC`, v.AccountID); err != nil {
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

// InflEarnings sums my ad requests: committed (accepted, not yet delivered) and
// completed amounts in cents, and how many requests are in each status.
type InflEarnings struct {
	Committed int64          `json:"committed"`
	Completed int64          `json:"completed"`
	Counts    map[string]int `json:"counts"`
}

// Earnings sums the influencer viewer's accepted and completed ad requests.
func Earnings(ctx context.Context, db sqlx.QueryerContext, v Viewer) (InflEarnings, error) {
	if err := v.need(domain.RoleInfluencer, "earnings"); err != nil {
		return InflEarnings{}, err
	}
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
		Sum    int64  `db:"total"`
	}
	if err := sqlx.SelectContext(ctx, db, &rows, `SELECT status, COUNT(*) AS n, COALESCE(SUM(payment_amount), 0) AS total
		FROM ad_requests WHERE influencer_id = ? AND deleted_at IS NULL GROUP BY status`, v.AccountID); err != nil {
		return InflEarnings{}, fmt.Errorf("earnings: %w", err)
	}
	e := InflEarnings{Counts: statusCounts(adStatuses...)}
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
