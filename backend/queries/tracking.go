package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// TrackingLink is an accepted ad request's tracking link as its parties (and
// admins) see it: the short link's code (the service makes the full address from
// the server's), the promo code and hashtag to share, where the link leads and
// how many clicks the server has counted (as of the last sync).
type TrackingLink struct {
	AdRequestID string `json:"ad_request_id" db:"ad_request_id"`
	Code        string `json:"code" db:"code"`
	PromoCode   string `json:"promo_code" db:"promo_code"`
	Hashtag     string `json:"hashtag" db:"hashtag"`
	TargetURL   string `json:"target_url" db:"target_url"` // "" until the campaign names a landing page
	Clicks      int64  `json:"clicks" db:"clicks"`
	UpdatedAt   string `json:"updated_at" db:"updated_at"`
	// ShortURL is <server>/r/<code>, filled by the desktop service (a replica does
	// not know which server it syncs with).
	ShortURL string `json:"short_url" db:"-"`
}

// AdRequestTrackingLink returns the tracking link of one of the viewer's ad
// requests, or nil when the request has none (not accepted yet). A request the
// viewer may not see answers not_found, like one that exists nowhere.
func AdRequestTrackingLink(ctx context.Context, db sqlx.QueryerContext, v Viewer, adRequestID string) (*TrackingLink, error) {
	if err := needID("ad request", adRequestID); err != nil {
		return nil, err
	}
	cond, args, err := adScope(v)
	if err != nil {
		return nil, err
	}
	var seen []int
	if err := sqlx.SelectContext(ctx, db, &seen, `SELECT 1 FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
		WHERE r.id = ? AND r.deleted_at IS NULL AND `+cond, append([]any{adRequestID}, args...)...); err != nil {
		return nil, fmt.Errorf("tracking link: %w", err)
	}
	if len(seen) == 0 {
		return nil, notFound("ad request")
	}
	var l TrackingLink
	err = sqlx.GetContext(ctx, db, &l, `SELECT ad_request_id, code, promo_code, hashtag, target_url, clicks, updated_at
		FROM tracking_links WHERE ad_request_id = ?`, adRequestID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("tracking link: %w", err)
	}
	return &l, nil
}
