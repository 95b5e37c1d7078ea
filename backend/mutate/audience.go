package mutate

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"iescp/backend/analytics"
	"iescp/backend/domain"
)

// An influencer's audience breakdown and media kit (issue 12): the breakdown is
// theirs, and everyone's while their media kit shows it (docs/sync.md, "Analytics").
const (
	// MaxAudienceCountries bounds the country buckets of a breakdown.
	MaxAudienceCountries = 60
	// MaxShareBps is a whole audience in basis points.
	MaxShareBps = 10_000
	// MaxHeadline bounds a media kit's headline (characters).
	MaxHeadline = 140
	// MaxTargetCountries bounds a campaign's target countries.
	MaxTargetCountries = 20
)

// Audience dimensions.
const (
	DimensionCountry = "country"
	DimensionAge     = "age"
	DimensionGender  = "gender"
)

// AudienceShareID is the id of an influencer's bucket of a dimension.
func AudienceShareID(influencerID, dimension, bucket string) string {
	return domain.DerivedID("audience_share", influencerID, dimension, bucket)
}

// Country reports whether code is an ISO 3166-1 alpha-2 country code (upper case,
// as stored): "US", "DE"; not "EU", "UK" or "ZZ".
func Country(code string) bool {
	if len(code) != 2 || strings.ToUpper(code) != code {
		return false
	}
	r, err := language.ParseRegion(code)
	// UK is reserved for the United Kingdom but not assigned (GB is); XK
	// (Kosovo) is user-assigned yet what every platform reports.
	return err == nil && r.String() == code && r.IsCountry() && code != "ZZ" && code != "UK"
}

// AudienceBucket is one bucket of a breakdown: a country code, an age band or a
// gender, and its share of the audience in basis points (10000 = 100 %).
type AudienceBucket struct {
	Bucket   string `json:"bucket"`
	ShareBps int64  `json:"share_bps"`
}

// AudienceSet replaces one dimension of the influencer's audience breakdown:
// buckets not named are set to 0 (rows are never deleted; 0 means absent). The
// shares sum to at most 10000; what is left is "other". An empty list clears the
// dimension.
type AudienceSet struct {
	Dimension string           `json:"dimension"`
	Buckets   []AudienceBucket `json:"buckets"`
}

func (*AudienceSet) Mutation() string { return "audience.set" }

func (a *AudienceSet) Validate() error {
	var v checker
	v.oneOf("dimension", a.Dimension, DimensionCountry, DimensionAge, DimensionGender)
	if v.err != nil {
		return v.result()
	}
	if a.Dimension == DimensionCountry && len(a.Buckets) > MaxAudienceCountries {
		v.fail("buckets must be at most %d countries, got %d", MaxAudienceCountries, len(a.Buckets))
	}
	seen := map[string]bool{}
	var sum int64
	for i := range a.Buckets {
		b := &a.Buckets[i]
		b.Bucket = strings.TrimSpace(b.Bucket)
		switch a.Dimension {
		case DimensionCountry:
			b.Bucket = strings.ToUpper(b.Bucket)
			if !Country(b.Bucket) {
				v.fail("buckets[%d]: %q is not an ISO 3166-1 alpha-2 country code", i, clip(b.Bucket))
			}
		case DimensionAge:
			v.oneOf("buckets["+strconv.Itoa(i)+"].bucket", b.Bucket, analytics.AgeBands...)
		case DimensionGender:
			v.oneOf("buckets["+strconv.Itoa(i)+"].bucket", b.Bucket, analytics.Genders...)
		}
		if seen[b.Bucket] {
			v.fail("buckets[%d]: %s is listed twice", i, clip(b.Bucket))
		}
		seen[b.Bucket] = true
		if b.ShareBps < 0 || b.ShareBps > MaxShareBps {
			v.fail("buckets[%d].share_bps must be between 0 and %d", i, MaxShareBps)
		}
		sum += b.ShareBps
	}
	if v.err == nil && sum > MaxShareBps {
		v.fail("the %s shares sum to %d basis points, more than the whole audience (%d)", a.Dimension, sum, MaxShareBps)
	}
	return v.result()
}

// MediaKitUpdate changes the given fields of the influencer's media kit (a patch;
// a first update starts from the defaults: audience hidden, history shown, no
// headline).
type MediaKitUpdate struct {
	ShowAudience *bool   `json:"show_audience,omitempty"`
	ShowHistory  *bool   `json:"show_history,omitempty"`
	Headline     *string `json:"headline,omitempty"`
}

func (*MediaKitUpdate) Mutation() string { return "mediaKit.update" }

func (a *MediaKitUpdate) Validate() error {
	var v checker
	v.optText("headline", a.Headline, 0, MaxHeadline)
	if a.Headline != nil && strings.ContainsAny(*a.Headline, "\n\r") {
		v.fail("headline must be one line")
	}
	if a.ShowAudience == nil && a.ShowHistory == nil && a.Headline == nil {
		v.fail("nothing to change: give show_audience, show_history or headline")
	}
	return v.result()
}

var (
	MAudienceSet = define("audience.set",
		"Replace one dimension (country, age or gender) of your audience breakdown.", influencers, audienceSet)
	MMediaKitUpdate = define("mediaKit.update",
		"Choose what your public profile shows of your analytics (audience, history) and its headline.", influencers, mediaKitUpdate)
)

func audienceSet(c *Ctx, a *AudienceSet) error {
	named := map[string]bool{}
	for _, b := range a.Buckets {
		named[b.Bucket] = true
		// Unchanged buckets are left alone: no new version, nothing to sync.
		if err := exec(c.Tx, `INSERT INTO audience_shares (id, influencer_id, dimension, bucket, share_bps, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET share_bps = excluded.share_bps, updated_at = excluded.updated_at
			WHERE audience_shares.share_bps <> excluded.share_bps`,
			AudienceShareID(c.Actor.ID, a.Dimension, b.Bucket), c.Actor.ID, a.Dimension, b.Bucket, b.ShareBps, c.Now); err != nil {
			return err
		}
	}
	var old []string
	if err := c.Tx.Select(&old, `SELECT bucket FROM audience_shares WHERE influencer_id = ? AND dimension = ? AND share_bps <> 0
		ORDER BY bucket`, c.Actor.ID, a.Dimension); err != nil {
		return err
	}
	for _, b := range old {
		if named[b] {
			continue
		}
		if err := exec(c.Tx, `UPDATE audience_shares SET share_bps = 0, updated_at = ? WHERE id = ?`,
			c.Now, AudienceShareID(c.Actor.ID, a.Dimension, b)); err != nil {
			return err
		}
	}
	return nil
}

func mediaKitUpdate(c *Ctx, a *MediaKitUpdate) error {
	kit := domain.DefaultMediaKit(c.Actor.ID)
	found := true
	switch err := c.Tx.Get(&kit, `SELECT * FROM media_kits WHERE influencer_id = ?`, c.Actor.ID); {
	case errors.Is(err, sql.ErrNoRows):
		found = false
	case err != nil:
		return fmt.Errorf("mutate: media kit: %w", err)
	}
	before := kit
	if a.ShowAudience != nil {
		kit.ShowAudience = *a.ShowAudience
	}
	if a.ShowHistory != nil {
		kit.ShowHistory = *a.ShowHistory
	}
	if a.Headline != nil {
		kit.Headline = *a.Headline
	}
	if found && kit == before {
		return nil // nothing changes: no new version, nothing to sync
	}
	return exec(c.Tx, `INSERT INTO media_kits (influencer_id, show_audience, show_history, headline, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (influencer_id) DO UPDATE SET show_audience = excluded.show_audience,
			show_history = excluded.show_history, headline = excluded.headline, updated_at = excluded.updated_at`,
		c.Actor.ID, kit.ShowAudience, kit.ShowHistory, kit.Headline, c.Now)
}

// targets checks a campaign's comma-separated target list against allowed (nil:
// country codes), at most maxN values, no duplicates; it normalises the list
// (trimmed, countries upper-cased, joined by ",").
func (v *checker) targets(field string, s *string, allowed []string, maxN int) {
	if strings.TrimSpace(*s) == "" {
		*s = ""
		return
	}
	parts := strings.Split(*s, ",")
	if len(parts) > maxN {
		v.fail("%s must name at most %d values, got %d", field, maxN, len(parts))
		return
	}
	seen := map[string]bool{}
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if allowed == nil {
			p = strings.ToUpper(p)
			if !Country(p) {
				v.fail("%s: %q is not an ISO 3166-1 alpha-2 country code", field, clip(p))
				return
			}
		} else {
			v.oneOf(field, p, allowed...)
		}
		if seen[p] {
			v.fail("%s names %s twice", field, clip(p))
			return
		}
		seen[p] = true
		parts[i] = p
	}
	*s = strings.Join(parts, ",")
}
