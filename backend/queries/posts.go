package queries

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
	"iescp/backend/domain"
)

// An influencer's own post history, audience breakdown and media kit (issue 12,
// 1(b)/(c)): what the profile's Post history, Audience and Media kit tabs read.
// Posts are their owner's alone (docs/sync.md, "Analytics"): these read the
// viewer's own rows, and a viewer who is not an influencer is forbidden.

// PostQuery pages the viewer's posts, newest first.
type PostQuery struct {
	Page     int `json:"page"`
	PageSize int `json:"page_size"`
}

// PostRow is one post of the history with its engagement rate by followers
// (engagements / followers; 0 without followers; docs/analytics.md).
type PostRow struct {
	ID          string    `json:"id" db:"id"`
	Platform    string    `json:"platform" db:"platform"`
	ContentType string    `json:"content_type" db:"content_type"`
	ExternalID  string    `json:"external_id" db:"external_id"`
	PostedAt    time.Time `json:"posted_at" db:"posted_at"`
	Followers   int64     `json:"followers" db:"followers"`
	Views       int64     `json:"views" db:"views"`
	Reach       int64     `json:"reach" db:"reach"`
	Likes       int64     `json:"likes" db:"likes"`
	Comments    int64     `json:"comments" db:"comments"`
	Shares      int64     `json:"shares" db:"shares"`
	Saves       int64     `json:"saves" db:"saves"`
	Sponsored   bool      `json:"sponsored" db:"sponsored"`
	Source      string    `json:"source" db:"source"`
	ER          float64   `json:"er"`
}

// PostTotals are the whole history's figures (every page).
type PostTotals struct {
	Posts    int        `json:"posts" db:"posts"`
	Views    int64      `json:"views" db:"views"`
	Likes    int64      `json:"likes" db:"likes"`
	Comments int64      `json:"comments" db:"comments"`
	First    *time.Time `json:"first" db:"-"` // the oldest post's time, nil without posts
	Last     *time.Time `json:"last" db:"-"`  // the newest
}

// PostPage is a page of the history and its totals.
type PostPage struct {
	Items    []PostRow  `json:"items"`
	Total    int        `json:"total"`
	Page     int        `json:"page"`
	PageSize int        `json:"page_size"`
	Totals   PostTotals `json:"totals"`
}

const postCols = `id, platform, content_type, external_id, posted_at, followers, views, reach, likes, comments,
	shares, saves, sponsored, source`

func ownInfluencer(v Viewer) error {
	if v.Role != domain.RoleInfluencer {
		return forbidden("only an influencer has a post history")
	}
	return nil
}

// OwnPosts is a page of the viewer's posts (deleted ones left out), newest first.
func OwnPosts(ctx context.Context, db sqlx.QueryerContext, v Viewer, q PostQuery) (PostPage, error) {
	if err := ownInfluencer(v); err != nil {
		return PostPage{}, err
	}
	if err := paging(&q.Page, &q.PageSize, DefaultPageSize); err != nil {
		return PostPage{}, err
	}
	out := PostPage{Items: []PostRow{}, Page: q.Page, PageSize: q.PageSize}
	var agg struct {
		PostTotals
		First *string `db:"first"`
		Last  *string `db:"last"`
	}
	if err := sqlx.GetContext(ctx, db, &agg, `SELECT COUNT(*) AS posts, COALESCE(SUM(views), 0) AS views,
		COALESCE(SUM(likes), 0) AS likes, COALESCE(SUM(comments), 0) AS comments,
		MIN(posted_at) AS first, MAX(posted_at) AS last
		FROM posts WHERE influencer_id = ? AND deleted_at IS NULL`, v.AccountID); err != nil {
		return PostPage{}, fmt.Errorf("post totals: %w", err)
	}
	out.Totals = agg.PostTotals
	out.Totals.First, out.Totals.Last = sqliteTime(agg.First), sqliteTime(agg.Last)
	out.Total = agg.Posts
	if err := sqlx.SelectContext(ctx, db, &out.Items, `SELECT `+postCols+` FROM posts
		WHERE influencer_id = ? AND deleted_at IS NULL
		ORDER BY posted_at DESC, id DESC LIMIT ? OFFSET ?`, v.AccountID, q.PageSize, (q.Page-1)*q.PageSize); err != nil {
		return PostPage{}, fmt.Errorf("posts: %w", err)
	}
	for i := range out.Items {
		out.Items[i].ER = rowER(out.Items[i])
	}
	return out, nil
}

func rowER(p PostRow) float64 {
	if p.Followers <= 0 {
		return 0
	}
	return float64(p.Likes+p.Comments+p.Shares+p.Saves) / float64(p.Followers)
}

// sqliteTime reads an aggregate's time (MIN/MAX answer the stored text).
func sqliteTime(s *string) *time.Time {
	if s == nil {
		return nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, *s); err == nil {
			t = t.UTC()
			return &t
		}
	}
	return nil
}

// OwnPostHistory is every post of the viewer (deleted ones left out), oldest
// first, as backend/analytics computes over them (the media kit's figures).
func OwnPostHistory(ctx context.Context, db sqlx.QueryerContext, v Viewer) ([]analytics.Post, error) {
	if err := ownInfluencer(v); err != nil {
		return nil, err
	}
	var rows []PostRow
	if err := sqlx.SelectContext(ctx, db, &rows, `SELECT `+postCols+` FROM posts
		WHERE influencer_id = ? AND deleted_at IS NULL ORDER BY posted_at, id`, v.AccountID); err != nil {
		return nil, fmt.Errorf("post history: %w", err)
	}
	out := make([]analytics.Post, len(rows))
	for i, r := range rows {
		out[i] = analytics.Post{ID: r.ID, InfluencerID: v.AccountID, Platform: r.Platform, ContentType: r.ContentType,
			PostedAt: r.PostedAt.UTC(), Followers: r.Followers, Views: r.Views, Reach: r.Reach, Likes: r.Likes,
			Comments: r.Comments, Shares: r.Shares, Saves: r.Saves, Sponsored: r.Sponsored}
	}
	return out, nil
}

// StoredPost is a post as an import compares it: its figures and whether it is
// deleted (an import leaves a deleted post deleted).
type StoredPost struct {
	PostRow
	Deleted bool `json:"deleted" db:"deleted"`
}

// maxIDsPerQuery keeps an IN list within SQLite's bound on variables.
const maxIDsPerQuery = 500

// OwnPostsByID are the viewer's posts among ids (deleted ones too), by id: what an
// import counts new, updated and unchanged rows against before it applies.
func OwnPostsByID(ctx context.Context, db sqlx.QueryerContext, v Viewer, ids []string) (map[string]StoredPost, error) {
	if err := ownInfluencer(v); err != nil {
		return nil, err
	}
	out := make(map[string]StoredPost, len(ids))
	for start := 0; start < len(ids); start += maxIDsPerQuery {
		chunk := ids[start:min(start+maxIDsPerQuery, len(ids))]
		args := make([]any, 0, len(chunk)+1)
		for _, id := range chunk {
			args = append(args, id)
		}
		args = append(args, v.AccountID)
		// By primary key: "+influencer_id" keeps SQLite from scanning the
		// influencer's whole history through posts_influencer_posted instead.
		var rows []StoredPost
		if err := sqlx.SelectContext(ctx, db, &rows, `SELECT `+postCols+`, deleted_at IS NOT NULL AS deleted FROM posts
			WHERE id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`) AND +influencer_id = ?`, args...); err != nil {
			return nil, fmt.Errorf("posts by id: %w", err)
		}
		for _, r := range rows {
			out[r.ID] = r
		}
	}
	return out, nil
}

// OwnAudience is the viewer's audience breakdown: the buckets with a share (0
// means absent), by dimension (country, age, gender) and then share, largest first.
func OwnAudience(ctx context.Context, db sqlx.QueryerContext, v Viewer) ([]domain.AudienceShare, error) {
	if err := ownInfluencer(v); err != nil {
		return nil, err
	}
	out := []domain.AudienceShare{}
	if err := sqlx.SelectContext(ctx, db, &out, `SELECT * FROM audience_shares
		WHERE influencer_id = ? AND share_bps > 0
		ORDER BY CASE dimension WHEN 'country' THEN 0 WHEN 'age' THEN 1 ELSE 2 END, share_bps DESC, bucket`,
		v.AccountID); err != nil {
		return nil, fmt.Errorf("audience: %w", err)
	}
	return out, nil
}

// OwnMediaKit is the viewer's media kit (domain.DefaultMediaKit before the first
// change).
func OwnMediaKit(ctx context.Context, db sqlx.QueryerContext, v Viewer) (domain.MediaKit, error) {
	if err := ownInfluencer(v); err != nil {
		return domain.MediaKit{}, err
	}
	var out []domain.MediaKit
	if err := sqlx.SelectContext(ctx, db, &out, `SELECT * FROM media_kits WHERE influencer_id = ?`, v.AccountID); err != nil {
		return domain.MediaKit{}, fmt.Errorf("media kit: %w", err)
	}
	if len(out) == 0 {
		return domain.DefaultMediaKit(v.AccountID), nil
	}
	return out[0], nil
}

// MediaKitProfile is who the media kit presents: the name, category and niche of
// the viewer's profile.
type MediaKitProfile struct {
	Name     string `json:"name" db:"name"`
	Category string `json:"category" db:"category"`
	Niche    string `json:"niche" db:"niche"`
}

// OwnMediaKitProfile is the viewer's name (the display name, else the account's),
// category and niche.
func OwnMediaKitProfile(ctx context.Context, db sqlx.QueryerContext, v Viewer) (MediaKitProfile, error) {
	if err := ownInfluencer(v); err != nil {
		return MediaKitProfile{}, err
	}
	var out []MediaKitProfile
	if err := sqlx.SelectContext(ctx, db, &out, `SELECT COALESCE(NULLIF(p.display_name, ''), a.name, '') AS name,
		COALESCE(p.category, '') AS category, COALESCE(p.niche, '') AS niche
		FROM accounts a LEFT JOIN influencer_profiles p ON p.account_id = a.id WHERE a.id = ?`, v.AccountID); err != nil {
		return MediaKitProfile{}, fmt.Errorf("media kit profile: %w", err)
	}
	if len(out) == 0 {
		return MediaKitProfile{}, notFound("influencer")
	}
	return out[0], nil
}
