package mutate

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"iescp/backend/domain"
)

// Tracking links (docs/desktop.md, "Tracking links"): accepting an ad request gives
// it one row of tracking_links, every value derived from the request's id, so the
// desktop's optimistic row and the server's are the same row.
const (
	// TrackingCodeLen is the length of a short link's code: 8 characters of
	// Crockford's base32, 40 bits of a hash of the request's id.
	TrackingCodeLen = 8
	// promoSuffixLen is the length of the random-looking part of a promo code.
	promoSuffixLen = 4
	// maxSlug bounds a campaign's slug (utm_campaign); promo codes and hashtags
	// use a shorter, letters-and-digits-only form of it.
	maxSlug        = 32
	maxPromoPrefix = 12
	maxHashtagStem = 20
	// trackingAttempts is how many candidates of a code (or promo code) are tried
	// when an earlier candidate is taken; a collision of 40 bits is already rare.
	trackingAttempts = 8
)

// UTM parameters every tracked link carries (utm_campaign and utm_content vary).
const (
	UTMSource = "iescp"
	UTMMedium = "influencer"
)

// crockford is base32 without the letters people misread (i, l, o, u).
var crockford = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// TrackingLinkID is the id of an ad request's tracking link.
func TrackingLinkID(adRequestID string) string { return domain.DerivedID("tracking_link", adRequestID) }

// trackingToken is the attempt-th candidate of kind ("code" or "promo") for an ad
// request: n characters of base32 of a SHA-256 of the request's id. Only the
// request's parties (and admins) know the id, so only they could compute it.
func trackingToken(adRequestID, kind string, attempt, n int) string {
	h := sha256.Sum256([]byte("iescp-tracking\x00" + kind + "\x00" + adRequestID + "\x00" + strconv.Itoa(attempt)))
	return crockford.EncodeToString(h[:])[:n]
}

// CampaignSlug is a campaign's name as lowercase ASCII words joined by '-'
// (accents folded, other characters dropped), at most maxSlug characters;
// "campaign" when nothing is left.
func CampaignSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(name)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r): // a folded accent
		default:
			dash = true
		}
		if b.Len() >= maxSlug {
			break
		}
	}
	s := strings.TrimRight(b.String()[:min(b.Len(), maxSlug)], "-")
	if s == "" {
		return "campaign"
	}
	return s
}

// stem is a slug's letters and digits, at most n of them.
func stem(slug string, n int) string {
	s := strings.ReplaceAll(slug, "-", "")
	return s[:min(len(s), n)]
}

// TrackedURL is a landing page with the link's UTM parameters set (existing query
// parameters are kept; utm_* ones the sponsor put there are replaced, so every
// click is attributed to this deal); "" for no landing page.
func TrackedURL(landing, slug, code string) (string, error) {
	if landing == "" {
		return "", nil
	}
	u, err := url.Parse(landing)
	if err != nil {
		return "", fmt.Errorf("mutate: landing url: %w", err)
	}
	q := u.Query()
	q.Set("utm_source", UTMSource)
	q.Set("utm_medium", UTMMedium)
	q.Set("utm_campaign", slug)
	q.Set("utm_content", code)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// TrackingTaken reports whether another ad request's tracking link already uses
// value in column ("code" or "promo_code").
type TrackingTaken func(column, value string) (bool, error)

// freeToken returns the first candidate of kind, shaped by form, that taken does
// not report as used in column.
func freeToken(taken TrackingTaken, reqID, kind, column string, n int, form func(string) string) (string, error) {
	for i := range trackingAttempts {
		cand := form(trackingToken(reqID, kind, i, n))
		used, err := taken(column, cand)
		if err != nil {
			return "", err
		}
		if !used {
			return cand, nil
		}
	}
	return "", fmt.Errorf("mutate: no free tracking %s for ad request %s after %d attempts", kind, reqID, trackingAttempts)
}

// NewTrackingLink derives an accepted ad request's tracking link: the short
// link's code, a promo code (SLUG-XXXX), a hashtag (#slug_xxxx) and the campaign's
// landing page with UTM parameters, every value from the request's id and its
// campaign (the first candidates taken does not report as used), stamped at now.
// The accept makes it through the database; the demo data (backend/seed) makes
// the same rows from the same derivation.
func NewTrackingLink(reqID string, cp *domain.Campaign, now time.Time, taken TrackingTaken) (domain.TrackingLink, error) {
	slug := CampaignSlug(cp.Name)
	code, err := freeToken(taken, reqID, "code", "code", TrackingCodeLen, func(s string) string { return s })
	if err != nil {
		return domain.TrackingLink{}, err
	}
	promo, err := freeToken(taken, reqID, "promo", "promo_code", promoSuffixLen, func(s string) string {
		return strings.ToUpper(stem(slug, maxPromoPrefix) + "-" + s)
	})
	if err != nil {
		return domain.TrackingLink{}, err
	}
	target, err := TrackedURL(cp.LandingURL, slug, code)
	if err != nil {
		return domain.TrackingLink{}, err
	}
	return domain.TrackingLink{ID: TrackingLinkID(reqID), AdRequestID: reqID, Code: code, PromoCode: promo,
		Hashtag: "#" + stem(slug, maxHashtagStem) + "_" + code[:4], Slug: slug, TargetURL: target,
		CreatedAt: now, UpdatedAt: now}, nil
}

// createTrackingLink makes an accepted ad request's tracking link (NewTrackingLink).
// A campaign without a landing page still gets its codes; its link has no target
// until the sponsor names one (campaign.update retargets every link of the
// campaign), and the redirect answers 404 meanwhile.
func createTrackingLink(c *Ctx, reqID string, cp *domain.Campaign) error {
	l, err := NewTrackingLink(reqID, cp, c.Now, func(column, value string) (bool, error) {
		return exists(c.Tx, `SELECT 1 FROM tracking_links WHERE `+column+` = ? AND ad_request_id <> ?`, value, reqID)
	})
	if err != nil {
		return err
	}
	return exec(c.Tx, `INSERT INTO tracking_links (id, ad_request_id, code, promo_code, hashtag, slug, target_url, clicks,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
		l.ID, l.AdRequestID, l.Code, l.PromoCode, l.Hashtag, l.Slug, l.TargetURL, l.CreatedAt, l.UpdatedAt)
}

// retargetTrackingLinks points the campaign's tracking links at its (new) landing
// page, keeping each link's code and slug, so links already shared follow the
// sponsor's correction.
func retargetTrackingLinks(c *Ctx, cp *domain.Campaign) error {
	var links []domain.TrackingLink
	if err := c.Tx.Select(&links, `SELECT l.* FROM tracking_links l JOIN ad_requests r ON r.id = l.ad_request_id
		WHERE r.campaign_id = ? ORDER BY l.id`, cp.ID); err != nil {
		return err
	}
	for _, l := range links {
		target, err := TrackedURL(cp.LandingURL, l.Slug, l.Code)
		if err != nil {
			return err
		}
		if target == l.TargetURL {
			continue
		}
		if err := exec(c.Tx, `UPDATE tracking_links SET target_url = ?, updated_at = ? WHERE id = ?`, target, c.Now, l.ID); err != nil {
			return err
		}
	}
	return nil
}

// landingURL checks an optional landing page: "" (none) or an http(s) URL.
func (v *checker) landingURL(field string, s *string) {
	*s = strings.TrimSpace(*s)
	if *s != "" {
		v.url(field, s)
	}
}
