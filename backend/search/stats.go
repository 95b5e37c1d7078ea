package search

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
	"iescp/backend/domain"
)

// The filters and sorts over the server's analytics (influencer_stats, one row per
// influencer the analytics job rated). An influencer without a row is "unrated":
// every stats filter leaves it out (except HideHighRisk), every stats sort puts it
// last, after the rated ones, by reach.

// Risk levels, by risk_score (analytics.MediumRisk and analytics.HighRisk).
const (
	RiskLow    = "low"
	RiskMedium = "medium"
	RiskHigh   = "high"
)

// PerfTiers are the performance tiers, best first.
var PerfTiers = []string{"A", "B", "C"}

// MaxER is the highest ER bound accepted (10 = 1,000 %: engagements may exceed followers).
const MaxER = 10.0

func (q *InfluencerQuery) validateStats() error {
	for _, v := range []struct {
		field string
		x     float64
	}{{"min_er", q.MinER}, {"max_er", q.MaxER}} {
		if math.IsNaN(v.x) || v.x < 0 || v.x > MaxER {
			return invalid("%s must be a fraction between 0 and %g, got %v", v.field, MaxER, v.x)
		}
	}
	if q.MaxER > 0 && q.MinER > q.MaxER {
		return invalid("min_er (%v) must not be above max_er (%v)", q.MinER, q.MaxER)
	}
	if q.SizeTier != "" && !slices.Contains(analytics.SizeTiers, q.SizeTier) {
		return invalid("size_tier must be one of %v, got %q", analytics.SizeTiers, clip(q.SizeTier))
	}
	if q.PerfTier != "" && !slices.Contains(PerfTiers, q.PerfTier) {
		return invalid("perf_tier must be one of %v, got %q", PerfTiers, clip(q.PerfTier))
	}
	switch q.RiskLevel {
	case "", RiskLow, RiskMedium, RiskHigh:
	default:
		return invalid("risk_level must be low, medium or high, got %q", clip(q.RiskLevel))
	}
	if q.HideHighRisk && q.RiskLevel == RiskHigh {
		return invalid("hide_high_risk contradicts risk_level high")
	}
	if q.Like != "" {
		if !domain.ValidID(q.Like) {
			return invalid("like must be an influencer id, got %q", clip(q.Like))
		}
		if q.Sort != "" && q.Sort != SortRelevance {
			return invalid("like orders by closeness: sort must be empty or relevance, got %q", clip(q.Sort))
		}
	}
	return nil
}

// statsFilters adds the stats filters to sf (conditions on st alone); it reports
// whether there are any (then st is joined). HideHighRisk without other stats
// filters is hideHigh, which Influencers applies.
func (q *InfluencerQuery) statsFilters(sf *where) bool {
	if q.MinER > 0 {
		sf.add("st.er_followers >= ?", q.MinER)
	}
	if q.MaxER > 0 {
		sf.add("st.er_followers <= ?", q.MaxER)
	}
	if q.SizeTier != "" {
		sf.add("st.size_tier = ?", q.SizeTier)
	}
	if q.PerfTier != "" {
		sf.add("st.perf_tier = ?", q.PerfTier)
	}
	switch q.RiskLevel {
	case RiskLow:
		sf.add("st.risk_score < ?", analytics.MediumRisk)
	case RiskMedium:
		sf.add("st.risk_score >= ? AND st.risk_score < ?", analytics.MediumRisk, analytics.HighRisk)
	case RiskHigh:
		sf.add("st.risk_score >= ?", analytics.HighRisk)
	}
	joined := len(sf.conds) > 0
	if q.HideHighRisk && joined {
		sf.add("st.risk_score < ?", analytics.HighRisk)
	}
	return joined
}

// hideHigh is the condition of HideHighRisk without stats filters: the high-risk are
// few and risk_score is indexed, so they are excluded by id and the unrated stay.
const hideHigh = "p.account_id NOT IN (SELECT influencer_id FROM influencer_stats WHERE risk_score >= ?)"

// statsKey is the ORDER BY of a stats sort, ending with the rowid.
func statsKey(sort, order string) string {
	col, natural := "st.er_followers", OrderDesc
	switch sort {
	case SortPredicted:
		col = "st.predicted_er"
	case SortRisk:
		col, natural = "st.risk_score", OrderAsc
	}
	dir := direction(natural, order)
	return col + " " + dir + ", p.rowid " + dir
}

// statsRows lists one page by a stats key. When the stats are already joined
// (a stats filter), every row is rated. Otherwise two segments: the rated (the
// stats joined, sorted by the key through its index), then the unrated, by reach;
// the rated segment is counted only when the page starts past it.
// browse says there is no filter at all (every rated influencer is in the rated
// segment).
func statsRows(ctx context.Context, tx *sqlx.Tx, plain, from string, joined, browse bool, w where, orderBy string,
	limit, offset int) ([]int64, error) {
	if joined {
		return pageRows(ctx, tx, from, w, orderBy, limit, offset)
	}
	ratedFrom := plain + ` JOIN influencer_stats st ON st.influencer_id = p.account_id`
	var rows []int64
	nRated := -1
	if browse && offset > 0 {
		// Browsing: the rated are counted in influencer_stats alone (minus the hidden),
		// so a page past them skips scanning them.
		if err := tx.GetContext(ctx, &nRated, `SELECT (SELECT COUNT(*) FROM influencer_stats) - (SELECT COUNT(*)
			FROM accounts ha JOIN influencer_stats st ON st.influencer_id = ha.id WHERE ha.active = 0 OR ha.flagged = 1)`); err != nil {
			return nil, fmt.Errorf("search: count rated: %w", err)
		}
	}
	if nRated < 0 || offset < nRated {
		var err error
		if rows, err = pageRows(ctx, tx, ratedFrom, w, orderBy, limit, offset); err != nil || len(rows) == limit {
			return rows, err
		}
	}
	if len(rows) > 0 {
		offset = 0
	} else {
		if nRated < 0 {
			if err := tx.GetContext(ctx, &nRated, "SELECT COUNT(*) FROM "+ratedFrom+w.String(), w.args...); err != nil {
				return nil, fmt.Errorf("search: count rated: %w", err)
			}
		}
		offset -= nRated
	}
	if browse && useKeys {
		// Every unrated visible profile, by reach, from the keys' own index.
		var more []int64
		if err := tx.SelectContext(ctx, &more, `SELECT k.prow FROM influencer_search_keys k
			WHERE k.hidden = 0 AND k.rated = 0 ORDER BY k.reach_total DESC, k.prow DESC LIMIT ? OFFSET ?`,
			limit-len(rows), offset); err != nil {
			return nil, fmt.Errorf("search: query: %w", err)
		}
		return append(rows, more...), nil
	}
	unrated := w
	unrated.conds = append(slices.Clone(w.conds),
		"NOT EXISTS (SELECT 1 FROM influencer_stats x WHERE x.influencer_id = p.account_id)")
	more, err := pageRows(ctx, tx, plain, unrated, "p.reach_total DESC, p.rowid DESC", limit-len(rows), offset)
	return append(rows, more...), err
}

// likeRef is the influencer "more like this" starts from.
type likeRef struct {
	Segment   int     `db:"segment"`
	Niche     string  `db:"niche"`
	Followers int64   `db:"followers"`
	ER        float64 `db:"er_followers"`
}

// likeOf loads the reference of "more like this": not_found when no visible
// influencer has that id, invalid_argument when it has no stats (no segment yet).
func likeOf(ctx context.Context, tx *sqlx.Tx, id string) (*likeRef, error) {
	var ref struct {
		likeRef
		Rated bool `db:"rated"`
	}
	err := tx.GetContext(ctx, &ref, `SELECT p.niche, st.influencer_id IS NOT NULL AS rated,
		COALESCE(st.segment, 0) AS segment, COALESCE(st.followers, 0) AS followers,
		COALESCE(st.er_followers, 0) AS er_followers
		FROM influencer_profiles p JOIN accounts a ON a.id = p.account_id
		LEFT JOIN influencer_stats st ON st.influencer_id = p.account_id
		WHERE p.account_id = ? AND a.active = 1 AND a.flagged = 0`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.CodeNotFound, "influencer %s not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("search: like: %w", err)
	}
	if !ref.Rated {
		return nil, invalid("influencer %s has no analytics yet: nothing to compare with", id)
	}
	return &ref.likeRef, nil
}

// likeOrder orders "more like this": the reference's niche first, then by distance
// |log10(1+followers) − log10(1+followers₀)| + 50·|ER − ER₀| (a tenfold audience
// weighs as much as 2 points of ER), then the rowid. Its three arguments are the
// reference's niche, followers and ER.
const likeOrder = `(p.niche = ? COLLATE NOCASE) DESC,
	abs(log10(1 + st.followers) - log10(1 + ?)) + 50 * abs(st.er_followers - ?) ASC, p.rowid ASC`
