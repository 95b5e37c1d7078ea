package search

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
	"iescp/backend/domain"
)

// InfluencerQuery filters, sorts and pages influencer profiles. Zero values mean "no
// filter"; Page and PageSize are required.
type InfluencerQuery struct {
	Text     string `json:"text"`     // words in name, display name, category, niche or bio
	Category string `json:"category"` // exact, case-insensitive
	Niche    string `json:"niche"`    // exact, case-insensitive
	// Platform, one of domain.Platforms, keeps only influencers with reach on it and
	// makes MinReach, MaxReach and SortReach apply to that platform's reach.
	Platform string `json:"platform"`
	MinReach int64  `json:"min_reach"` // 0: no lower bound
	MaxReach int64  `json:"max_reach"` // 0: no upper bound
	// The server's analytics (influencer_stats, docs/analytics.md): any of these
	// keeps only influencers with stats, except HideHighRisk, which keeps the unrated.
	MinER        float64 `json:"min_er"`         // ER by followers, a fraction (0.02 = 2 %); 0: no lower bound
	MaxER        float64 `json:"max_er"`         // 0: no upper bound
	SizeTier     string  `json:"size_tier"`      // one of analytics.SizeTiers
	PerfTier     string  `json:"perf_tier"`      // A, B or C
	RiskLevel    string  `json:"risk_level"`     // low (< 30), medium (30–59) or high (≥ 60)
	HideHighRisk bool    `json:"hide_high_risk"` // leaves out risk ≥ 60; keeps the unrated
	// Like (an influencer's account id) asks for "more like this": influencers of its
	// segment, same niche first, then by closeness (see likeOrder); itself excluded.
	// It sets the order: Sort must be "" or relevance.
	Like     string `json:"like"`
	Sort     string `json:"sort"`      // relevance (default), reach, name, rating, er, predicted or risk
	Order    string `json:"order"`     // "" (the sort's natural direction), asc or desc
	Page     int    `json:"page"`      // from 1
	PageSize int    `json:"page_size"` // 1 to MaxPageSize
}

// InfluencerHit is one influencer found.
type InfluencerHit struct {
	AccountID      string  `db:"account_id" json:"account_id"`
	Name           string  `db:"name" json:"name"`
	DisplayName    string  `db:"display_name" json:"display_name"`
	Category       string  `db:"category" json:"category"`
	Niche          string  `db:"niche" json:"niche"`
	Bio            string  `db:"bio" json:"bio"`
	ReachInstagram int64   `db:"reach_instagram" json:"reach_instagram"`
	ReachYouTube   int64   `db:"reach_youtube" json:"reach_youtube"`
	ReachTikTok    int64   `db:"reach_tiktok" json:"reach_tiktok"`
	ReachX         int64   `db:"reach_x" json:"reach_x"`
	ReachOther     int64   `db:"reach_other" json:"reach_other"`
	ReachTotal     int64   `db:"reach_total" json:"reach_total"`
	Rating         float64 `db:"rating" json:"rating"` // average of sponsors' reviews; 0 when none
	ReviewCount    int     `db:"review_count" json:"review_count"`
	// The server's analytics; Rated is false (and the rest zero) without stats.
	Rated          bool         `db:"rated" json:"rated"`
	ERFollowers    float64      `db:"er_followers" json:"er_followers"`
	ERViews        float64      `db:"er_views" json:"er_views"`
	SizeTier       string       `db:"size_tier" json:"size_tier"`
	PerfTier       string       `db:"perf_tier" json:"perf_tier"`
	RiskScore      int          `db:"risk_score" json:"risk_score"`
	RiskReasons    []RiskReason `db:"-" json:"risk_reasons"`
	PredictedER    float64      `db:"predicted_er" json:"predicted_er"`
	PredictedViews int64        `db:"predicted_views" json:"predicted_views"`
	Segment        int          `db:"segment" json:"segment"`
	RiskJSON       string       `db:"risk_reasons" json:"-"`
}

// RiskReason is one reason of an authenticity risk score (analytics.Reason).
type RiskReason struct {
	Code   string         `json:"code"`
	Points int            `json:"points"`
	Params map[string]any `json:"params"`
}

// reachColumn maps a platform to its reach column; "" is the total.
func reachColumn(platform string) string {
	if platform == "" {
		return "p.reach_total"
	}
	return "p.reach_" + platform
}

func (q *InfluencerQuery) validate() error {
	if err := checkPaging(q.Page, q.PageSize); err != nil {
		return err
	}
	if err := checkText(q.Text); err != nil {
		return err
	}
	if q.Platform != "" && !slices.Contains(domain.Platforms, q.Platform) {
		return invalid("platform must be one of %v, got %q", domain.Platforms, clip(q.Platform))
	}
	if err := checkRange("reach", q.MinReach, q.MaxReach); err != nil {
		return err
	}
	switch q.Sort {
	case "", SortRelevance, SortReach, SortName, SortRating, SortER, SortPredicted, SortRisk:
	default:
		return invalid("sort must be relevance, reach, name, rating, er, predicted or risk, got %q", clip(q.Sort))
	}
	if err := q.validateStats(); err != nil {
		return err
	}
	return checkOrder(q.Order)
}

// rowHit is a hit with the profile's rowid, to put a page back in order.
type rowHit struct {
	RowID int64 `db:"row_id"`
	InfluencerHit
}

// The detail columns of a hit, for the few rows of one page.
const influencerSelect = `p.rowid AS row_id, p.account_id, COALESCE(a.name, '') AS name, p.display_name, p.category,
	p.niche, p.bio, p.reach_instagram, p.reach_youtube, p.reach_tiktok, p.reach_x, p.reach_other, p.reach_total,
	COALESCE((SELECT AVG(r.rating) FROM reviews r
		WHERE r.influencer_id = p.account_id AND r.subject = 'influencer'), 0) AS rating,
	(SELECT COUNT(*) FROM reviews r
		WHERE r.influencer_id = p.account_id AND r.subject = 'influencer') AS review_count,
	st.influencer_id IS NOT NULL AS rated, COALESCE(st.er_followers, 0) AS er_followers,
	COALESCE(st.er_views, 0) AS er_views, COALESCE(st.size_tier, '') AS size_tier,
	COALESCE(st.perf_tier, '') AS perf_tier, COALESCE(st.risk_score, 0) AS risk_score,
	COALESCE(st.risk_reasons, '[]') AS risk_reasons, COALESCE(st.predicted_er, 0) AS predicted_er,
	COALESCE(st.predicted_views, 0) AS predicted_views, COALESCE(st.segment, 0) AS segment`

// Search hides deactivated and flagged accounts. They are few, and a partial index
// (accounts_hidden) lists them, so queries exclude their rows by rowid rather than
// joining every row to accounts.
const (
	hiddenProfiles = `SELECT hp.rowid FROM accounts ha JOIN influencer_profiles hp ON hp.account_id = ha.id
		WHERE ha.active = 0 OR ha.flagged = 1`
	hiddenDocs = `SELECT hd.rid FROM accounts ha JOIN influencer_search_docs hd ON hd.account_id = ha.id
		WHERE ha.active = 0 OR ha.flagged = 1`
	ratings = `SELECT influencer_id, AVG(rating) AS rating, COUNT(*) AS n FROM reviews
		WHERE subject = 'influencer' GROUP BY influencer_id`
)

// Influencers searches influencer profiles. Flagged and deactivated accounts are
// never returned.
//
// It runs in one read transaction: the total, then the rowids of one page (sorted
// through an index where one fits), then the details of those rows only.
func Influencers(ctx context.Context, db *sqlx.DB, q InfluencerQuery) (Page[InfluencerHit], error) {
	out := Page[InfluencerHit]{Items: []InfluencerHit{}, Page: q.Page, PageSize: q.PageSize}
	if err := q.validate(); err != nil {
		return out, err
	}
	tx, err := db.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return out, fmt.Errorf("search: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	pl, err := q.plan(ctx, tx)
	if err != nil {
		return out, err
	}
	total, rows, ok, err := q.keysText(ctx, tx, pl)
	if err != nil {
		return out, err
	}
	if !ok {
		total, rows, err = q.general(ctx, tx, pl)
		if err != nil {
			return out, err
		}
	}
	out.Total = total
	if len(rows) == 0 {
		return out, nil
	}
	err = details(ctx, tx, rows, &out)
	return out, err
}

// general is the count and one page of any query (see Influencers).
func (q *InfluencerQuery) general(ctx context.Context, tx *sqlx.Tx, pl matchPlan) (total int, rows []int64, err error) {
	var out Page[InfluencerHit]
	match, f, sf, w, from, plain, rated, like := pl.match, pl.f, pl.sf, pl.w, pl.from, pl.plain, pl.rated, pl.like

	// The total. With profile filters, one pass that skips the hidden rows. Without,
	// every match minus the hidden matches: every profile is a B-tree count, and a
	// text search counts in the full-text index alone (one docs row per profile); the
	// hidden ones are few. (With text, the unary + keeps the planner from running the
	// MATCH once per hidden row.)
	// Stats filters alone count in influencer_stats (through its indexes), minus the
	// hidden accounts' rows: every rated influencer has a profile (the job rates
	// profiles).
	var countSQL string
	var countArgs []any
	if rated && match == "" && len(f.conds) == 0 {
		h := sf
		h.conds = append([]string{"(ha.active = 0 OR ha.flagged = 1)"}, sf.conds...)
		countSQL = "SELECT (SELECT COUNT(*) FROM influencer_stats st" + sf.String() + ") - (SELECT COUNT(*) FROM accounts ha " +
			"JOIN influencer_stats st ON st.influencer_id = ha.id" + h.String() + ")"
		countArgs = append(slices.Clone(sf.args), h.args...)
	} else if len(f.conds) > 0 || rated {
		c := w
		c.conds = append(slices.Clone(w.conds), "p.rowid NOT IN ("+hiddenProfiles+")")
		countSQL, countArgs = "SELECT COUNT(*) FROM "+from+c.String(), c.args
	} else {
		countFrom, hidden := `influencer_profiles p`, "p.rowid IN ("+hiddenProfiles+")"
		if match != "" {
			countFrom, hidden = `influencer_search s`, "+s.rowid IN ("+hiddenDocs+")"
		}
		h := w
		h.conds = append(slices.Clone(w.conds), hidden)
		countSQL = "SELECT (SELECT COUNT(*) FROM " + countFrom + w.String() + ") - (SELECT COUNT(*) FROM " +
			countFrom + h.String() + ")"
		countArgs = append(slices.Clone(w.args), h.args...)
	}
	if err := tx.GetContext(ctx, &out.Total, countSQL, countArgs...); err != nil {
		return 0, nil, fmt.Errorf("search: count: %w", err)
	}
	if q.HideHighRisk && !rated {
		// Minus the visible high-risk matches, found through the risk_score index.
		h := w
		h.conds = append(slices.Clone(w.conds), "st.risk_score >= ?", "p.rowid NOT IN ("+hiddenProfiles+")")
		h.args = append(slices.Clone(w.args), analytics.HighRisk)
		var high int
		if err := tx.GetContext(ctx, &high, "SELECT COUNT(*) FROM "+plain+
			" JOIN influencer_stats st ON st.influencer_id = p.account_id"+h.String(), h.args...); err != nil {
			return 0, nil, fmt.Errorf("search: count high risk: %w", err)
		}
		out.Total -= high
		w.add(hideHigh, analytics.HighRisk)
	}
	offset := (q.Page - 1) * q.PageSize
	if out.Total == 0 || offset >= out.Total {
		return out.Total, nil, nil
	}

	// One page of rowids. Every order ends with the rowid, in the direction of the key
	// before it, so that the reach and name indexes can deliver rows already sorted.
	sort := q.Sort
	if like != nil {
		sort = "like"
	} else if sort == "" || sort == SortRelevance {
		sort = SortRelevance
		if match == "" {
			sort = SortReach // browsing: the biggest first
		}
	}
	w.add("p.rowid NOT IN (" + hiddenProfiles + ")")
	switch sort {
	case SortRelevance:
		// bm25 (lower is better), straight from FTS5, which then stops at the page.
		rows, err = pageRows(ctx, tx, from, w, "s.rank "+direction(OrderAsc, q.Order), q.PageSize, offset)
	case SortReach:
		dir := direction(OrderDesc, q.Order)
		rows, err = pageRows(ctx, tx, byProfile(from, rated, match, out.Total), w, reachColumn(q.Platform)+" "+dir+", p.rowid "+dir, q.PageSize, offset)
	case SortName:
		dir := direction(OrderAsc, q.Order)
		rows, err = pageRows(ctx, tx, byProfile(from, rated, match, out.Total), w,
			"p.display_name COLLATE NOCASE "+dir+", p.rowid "+dir, q.PageSize, offset)
	case SortRating:
		rows, err = ratingRows(ctx, tx, from, w, direction(OrderDesc, q.Order), out.Total, q.PageSize, offset)
	case SortER, SortPredicted, SortRisk:
		browse := match == "" && len(f.conds) == 0 && !q.HideHighRisk
		rows, err = statsRows(ctx, tx, plain, from, rated, browse, w, statsKey(sort, q.Order), q.PageSize, offset)
	case "like":
		w.args = append(w.args, like.Niche, like.Followers, like.ER)
		rows, err = pageRows(ctx, tx, from, w, likeOrder, q.PageSize, offset)
		w.args = w.args[:len(w.args)-3]
	}
	return out.Total, rows, err
}

// details loads the details of a page's rows into out, in the rows' order.
func details(ctx context.Context, tx *sqlx.Tx, rows []int64, out *Page[InfluencerHit]) error {
	// The details of that page, put back in its order.
	query, args, err := sqlx.In(`SELECT `+influencerSelect+` FROM influencer_profiles p
		LEFT JOIN accounts a ON a.id = p.account_id
		LEFT JOIN influencer_stats st ON st.influencer_id = p.account_id WHERE p.rowid IN (?)`, rows)
	if err != nil {
		return fmt.Errorf("search: details: %w", err)
	}
	var hits []rowHit
	if err := tx.SelectContext(ctx, &hits, query, args...); err != nil {
		return fmt.Errorf("search: details: %w", err)
	}
	at := make(map[int64]int, len(rows))
	for i, r := range rows {
		at[r] = i
	}
	slices.SortFunc(hits, func(a, b rowHit) int { return at[a.RowID] - at[b.RowID] })
	for _, h := range hits {
		h.RiskReasons = []RiskReason{}
		if err := json.Unmarshal([]byte(h.RiskJSON), &h.RiskReasons); err != nil || h.RiskReasons == nil {
			h.RiskReasons = []RiskReason{} // a row the job wrote badly shows no reasons rather than failing the page
		}
		out.Items = append(out.Items, h.InfluencerHit)
	}
	return nil
}

// matchPlan is a query's matches as SQL, visibility and HideHighRisk's exclusion
// aside: the FROM (the stats joined when a stats filter needs them), the same
// without the stats, and the conditions (f on the profile, sf on the stats, w all
// of them with the text match).
type matchPlan struct {
	match       string
	f, sf, w    where
	from, plain string
	rated       bool
	like        *likeRef
}

// plan builds the query's matchPlan (reading "more like this"'s influencer in tx).
func (q *InfluencerQuery) plan(ctx context.Context, tx *sqlx.Tx) (matchPlan, error) {
	var pl matchPlan
	var err error
	match := MatchQuery(q.Text)
	var f where // the filters on the profile, visibility aside
	if q.Category != "" {
		f.add("p.category = ? COLLATE NOCASE", q.Category)
	}
	if q.Niche != "" {
		f.add("p.niche = ? COLLATE NOCASE", q.Niche)
	}
	reach := reachColumn(q.Platform)
	if q.Platform != "" {
		f.add(reach + " > 0")
	}
	if q.MinReach > 0 {
		f.add(reach+" >= ?", q.MinReach)
	}
	if q.MaxReach > 0 {
		f.add(reach+" <= ?", q.MaxReach)
	}
	var sf where // the filters on the stats (st) alone
	var like *likeRef
	if q.Like != "" {
		if like, err = likeOf(ctx, tx, q.Like); err != nil {
			return pl, err
		}
		sf.add("st.segment = ?", like.Segment)
		sf.add("st.influencer_id <> ?", q.Like)
	}
	rated := q.statsFilters(&sf) // only influencers with stats: st is joined

	from := `influencer_profiles p`
	var w where
	if match != "" {
		// CROSS JOIN fixes the join order: the full-text index drives, once.
		from = `influencer_search s
			CROSS JOIN influencer_search_docs d ON d.rid = s.rowid
			CROSS JOIN influencer_profiles p ON p.account_id = d.account_id`
		w.add("influencer_search MATCH ?", match)
	}
	plain := from // without the stats, for the unrated segment of a stats sort
	if rated {
		from += ` JOIN influencer_stats st ON st.influencer_id = p.account_id`
	}
	w.conds, w.args = append(w.conds, f.conds...), append(w.args, f.args...)
	w.conds, w.args = append(w.conds, sf.conds...), append(w.args, sf.args...)
	pl.match, pl.f, pl.sf, pl.w, pl.from, pl.plain, pl.rated, pl.like = match, f, sf, w, from, plain, rated, like
	return pl, nil
}

// wideStats is the number of matches from which a stats filter is broad enough for
// the profiles' reach or name index to drive a page: about one profile in
// N/wideStats matches, so the scan stops early. Below it, the stats indexes drive
// and the few matches are sorted.
var wideStats = 2000

// byProfile makes the profiles drive the join with the stats when the stats filters
// match many (see wideStats).
func byProfile(from string, rated bool, match string, total int) string {
	if !rated || match != "" || total < wideStats {
		return from
	}
	return `influencer_profiles p CROSS JOIN influencer_stats st ON st.influencer_id = p.account_id`
}

// pageRows lists one page of profile rowids in the given order.
func pageRows(ctx context.Context, tx *sqlx.Tx, from string, w where, orderBy string, limit, offset int) ([]int64, error) {
	var rows []int64
	if err := tx.SelectContext(ctx, &rows, "SELECT p.rowid FROM "+from+w.String()+" ORDER BY "+orderBy+
		" LIMIT ? OFFSET ?", append(slices.Clone(w.args), limit, offset)...); err != nil {
		return nil, fmt.Errorf("search: query: %w", err)
	}
	return rows, nil
}

// ratingRows lists one page by average rating, then number of reviews, then reach.
// Rated influencers are few, so the order is two segments: the rated ones, sorted
// in full, and the unrated ones (rating 0), sorted by reach through its index.
// Descending puts the rated segment first; ascending, the unrated one.
func ratingRows(ctx context.Context, tx *sqlx.Tx, from string, w where, dir string, total, limit, offset int) ([]int64, error) {
	rated := from + " JOIN (" + ratings + ") rt ON rt.influencer_id = p.account_id"
	var nRated int
	if err := tx.GetContext(ctx, &nRated, "SELECT COUNT(*) FROM "+rated+w.String(), w.args...); err != nil {
		return nil, fmt.Errorf("search: count rated: %w", err)
	}
	unrated := w
	unrated.conds = append(slices.Clone(w.conds),
		"p.account_id NOT IN (SELECT influencer_id FROM reviews WHERE subject = 'influencer')")
	type segment struct {
		from, orderBy string
		w             where
		n             int
	}
	segs := []segment{
		{rated, "rt.rating " + dir + ", rt.n " + dir + ", p.reach_total " + dir + ", p.rowid " + dir, w, nRated},
		{from, "p.reach_total " + dir + ", p.rowid " + dir, unrated, total - nRated},
	}
	if dir == "ASC" {
		segs[0], segs[1] = segs[1], segs[0]
	}
	var rows []int64
	for _, sg := range segs {
		if limit == 0 {
			break
		}
		if offset >= sg.n {
			offset -= sg.n
			continue
		}
		got, err := pageRows(ctx, tx, sg.from, sg.w, sg.orderBy, limit, offset)
		if err != nil {
			return nil, err
		}
		rows = append(rows, got...)
		limit -= len(got)
		offset = 0
	}
	return rows, nil
}
