package search

import (
	stdcmp "cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
)

// A search whose filters and order all live in influencer_search_keys (the profile
// and stats filters, visibility, and relevance, reach, rating or a stat; migrations
// 0017 and 0018) runs on the full-text index and the keys alone, both keyed by the
// docs' rid: no match is joined to its profile or its stats by UUID, and only the
// page's rows are read from the profiles. Text with a name order, or "more like
// this", takes the general path (Influencers), and so does browsing, except by
// reach or rating without filters.

// useKeys turns the keys path on; the tests turn it off to compare both paths.
var useKeys = true

// walkMin is the fewest matches from which a text search sorted by a key column may
// walk that column's index (keysWalk) instead of joining every match to its keys; the
// tests lower it to compare both ways on small worlds.
var walkMin = 200

// keysText is the count and one page of a search on the keys; ok is false when the
// query needs the general path.
func (q *InfluencerQuery) keysText(ctx context.Context, tx *sqlx.Tx, pl matchPlan) (total int, rows []int64, ok bool, err error) {
	if !useKeys || pl.like != nil {
		return 0, nil, false, nil
	}
	sort := q.Sort
	if sort == "" {
		sort = SortRelevance
	}
	offset := (q.Page - 1) * q.PageSize
	if pl.match == "" {
		if sort == SortRelevance {
			sort = SortReach // browsing: the biggest first
		}
		if (sort != SortRating && sort != SortReach) || len(pl.f.conds) > 0 || pl.rated || q.HideHighRisk {
			return 0, nil, false, nil
		}
		total, rows, err = q.keysBrowse(ctx, tx, sort, offset)
		return total, rows, true, err
	}
	if sort == SortName {
		return 0, nil, false, nil
	}
	var f where // the profile filters, on the keys
	if q.Category != "" {
		f.add("k.category = ? COLLATE NOCASE", q.Category)
	}
	if q.Niche != "" {
		f.add("k.niche = ? COLLATE NOCASE", q.Niche)
	}
	reach := "k.reach_total"
	if q.Platform != "" {
		reach = "k.reach_" + q.Platform // validated: one of domain.Platforms
		f.add(reach + " > 0")
	}
	if q.MinReach > 0 {
		f.add(reach+" >= ?", q.MinReach)
	}
	if q.MaxReach > 0 {
		f.add(reach+" <= ?", q.MaxReach)
	}
	q.keyStatsFilters(&f)
	if len(f.conds) > 0 {
		// With filters, one pass: every match that passes, with its keys, sorted here.
		total, rows, err = q.keysFiltered(ctx, tx, pl.match, f, sort, reach, offset)
		return total, rows, true, err
	}
	if sort == SortRelevance {
		total, rows, err = q.keysRelevance(ctx, tx, pl.match, offset)
		return total, rows, true, err
	}
	total, rows, err = q.keysSorted(ctx, tx, pl.match, sort, offset)
	return total, rows, true, err
}

// statsSort tells the sorts by the server's analytics.
func statsSort(sort string) bool {
	return sort == SortER || sort == SortPredicted || sort == SortRisk
}

// keyStatsFilters adds the stats filters (statsFilters) and HideHighRisk as
// conditions on the keys: any stats filter keeps the rated only; hiding the high-risk
// alone keeps the unrated.
func (q *InfluencerQuery) keyStatsFilters(f *where) {
	var sf where
	if q.MinER > 0 {
		sf.add("k.er >= ?", q.MinER)
	}
	if q.MaxER > 0 {
		sf.add("k.er <= ?", q.MaxER)
	}
	if q.SizeTier != "" {
		sf.add("k.size_tier = ?", q.SizeTier)
	}
	if q.PerfTier != "" {
		sf.add("k.perf_tier = ?", q.PerfTier)
	}
	switch q.RiskLevel {
	case RiskLow:
		sf.add("k.risk < ?", analytics.MediumRisk)
	case RiskMedium:
		sf.add("k.risk >= ? AND k.risk < ?", analytics.MediumRisk, analytics.HighRisk)
	case RiskHigh:
		sf.add("k.risk >= ?", analytics.HighRisk)
	}
	switch {
	case len(sf.conds) > 0:
		f.add("k.rated = 1")
		if q.HideHighRisk {
			sf.add("k.risk < ?", analytics.HighRisk)
		}
	case q.HideHighRisk:
		sf.add("(k.rated = 0 OR k.risk < ?)", analytics.HighRisk)
	}
	f.conds, f.args = append(f.conds, sf.conds...), append(f.args, sf.args...)
}

// keyOrder is the ORDER BY of a sort over the keys (k), ending with the profile's
// rowid like the general path's orders. The rating order is the general path's two
// segments in one: the rated by average, number of reviews and reach, then the
// unrated (rating 0) by reach.
func keyOrder(sort, order, reach string) string {
	dir := direction(OrderDesc, order)
	if sort == SortRating {
		return "k.rating " + dir + ", k.reviews " + dir + ", k.reach_total " + dir + ", k.prow " + dir
	}
	return reach + " " + dir + ", k.prow " + dir
}

// keysBrowse is browsing by reach or rating without filters: the total is every
// profile minus the hidden ones, and the page comes from the keys' index of that
// order over the visible rows.
func (q *InfluencerQuery) keysBrowse(ctx context.Context, tx *sqlx.Tx, sort string, offset int) (int, []int64, error) {
	var total int
	if err := tx.GetContext(ctx, &total, `SELECT (SELECT COUNT(*) FROM influencer_profiles)
		- (SELECT COUNT(*) FROM influencer_search_keys WHERE hidden = 1)`); err != nil {
		return 0, nil, fmt.Errorf("search: count: %w", err)
	}
	if total == 0 || offset >= total {
		return total, nil, nil
	}
	var rows []int64
	if err := tx.SelectContext(ctx, &rows, `SELECT k.prow FROM influencer_search_keys k WHERE k.hidden = 0
		ORDER BY `+keyOrder(sort, q.Order, "k.reach_total")+` LIMIT ? OFFSET ?`, q.PageSize, offset); err != nil {
		return 0, nil, fmt.Errorf("search: query: %w", err)
	}
	return total, rows, nil
}

// keysRelevance is a text search by relevance without filters: the total is counted
// in the full-text index alone, minus the hidden matches (one doc per profile), and
// FTS5 sorts every match by bm25 (lower is better), the keys read for the page alone.
func (q *InfluencerQuery) keysRelevance(ctx context.Context, tx *sqlx.Tx, match string, offset int) (int, []int64, error) {
	var total int
	if err := tx.GetContext(ctx, &total, `SELECT (SELECT COUNT(*) FROM influencer_search s WHERE influencer_search MATCH ?)
		- (SELECT COUNT(*) FROM influencer_search s WHERE influencer_search MATCH ?
			AND +s.rowid IN (SELECT rid FROM influencer_search_keys WHERE hidden = 1))`, match, match); err != nil {
		return 0, nil, fmt.Errorf("search: count: %w", err)
	}
	if total == 0 || offset >= total {
		return total, nil, nil
	}
	var rows []int64
	if err := tx.SelectContext(ctx, &rows, `SELECT k.prow FROM influencer_search s
		CROSS JOIN influencer_search_keys k ON k.rid = s.rowid
		WHERE influencer_search MATCH ? AND k.hidden = 0 ORDER BY s.rank `+direction(OrderAsc, q.Order)+` LIMIT ? OFFSET ?`,
		match, q.PageSize, offset); err != nil {
		return 0, nil, fmt.Errorf("search: query: %w", err)
	}
	return total, rows, nil
}

// keysSorted is a text search sorted by reach, rating or a stat without filters. The
// matches' rids are read from the full-text index in one value (a set here), and so
// are the hidden rids: the total is the difference. When the matches are many, the
// page walks the sort's index over the visible keys and keeps the matches: about
// (offset+size)·N/matches index entries instead of a key probe and a sort for every
// match. A stats order walks two indexes: the rated by the stat, then the unrated by
// reach. When the matches are few, or the walk runs long (they gather at the far end
// of the order), every match is joined to its keys and sorted.
func (q *InfluencerQuery) keysSorted(ctx context.Context, tx *sqlx.Tx, match, sort string, offset int) (int, []int64, error) {
	matches, err := ridSet(ctx, tx, `SELECT group_concat(rowid) FROM influencer_search WHERE influencer_search MATCH ?`, match)
	if err != nil {
		return 0, nil, err
	}
	hidden, err := ridSet(ctx, tx, `SELECT group_concat(rid) FROM influencer_search_keys WHERE hidden = 1`)
	if err != nil {
		return 0, nil, err
	}
	n := matches.len()
	total := n - matches.intersect(hidden)
	if total == 0 || offset >= total {
		return total, nil, nil
	}
	segments := []string{"k.hidden = 0 ORDER BY " + keyOrder(sort, q.Order, "k.reach_total")}
	if statsSort(sort) {
		col, natural := "k.er", OrderDesc
		switch sort {
		case SortPredicted:
			col = "k.predicted"
		case SortRisk:
			col, natural = "k.risk", OrderAsc
		}
		dir := direction(natural, q.Order)
		segments = []string{"k.hidden = 0 AND k.rated = 1 ORDER BY " + col + " " + dir + ", k.prow " + dir,
			"k.hidden = 0 AND k.rated = 0 ORDER BY k.reach_total DESC, k.prow DESC"}
	}
	if n >= walkMin {
		rows, done, err := keysWalk(ctx, tx, segments, matches, offset, q.PageSize, 2*n+offset+q.PageSize)
		if err != nil || done {
			return total, rows, err
		}
	}
	if statsSort(sort) {
		_, rows, err := q.keysFiltered(ctx, tx, match, where{}, sort, "k.reach_total", offset)
		return total, rows, err
	}
	var rows []int64
	if err := tx.SelectContext(ctx, &rows, `SELECT k.prow FROM influencer_search s
		CROSS JOIN influencer_search_keys k ON k.rid = s.rowid
		WHERE influencer_search MATCH ? AND k.hidden = 0 ORDER BY `+keyOrder(sort, q.Order, "k.reach_total")+` LIMIT ? OFFSET ?`,
		match, q.PageSize, offset); err != nil {
		return 0, nil, fmt.Errorf("search: query: %w", err)
	}
	return total, rows, nil
}

// keysWalk reads the keys of each segment (a WHERE and ORDER BY that one of 0018's
// partial indexes answers) in turn, and keeps the rows in matches, skipping offset of
// them, until it has size rows or has read budget entries (done is false then).
func keysWalk(ctx context.Context, tx *sqlx.Tx, segments []string, matches ridBits, offset, size, budget int) (rows []int64, done bool, err error) {
	read := 0
	for _, seg := range segments {
		full, over, err := func() (bool, bool, error) {
			cur, err := tx.QueryContext(ctx, `SELECT k.rid, k.prow FROM influencer_search_keys k WHERE `+seg)
			if err != nil {
				return false, false, fmt.Errorf("search: walk: %w", err)
			}
			defer cur.Close()
			for cur.Next() {
				if read++; read > budget {
					return false, true, nil
				}
				var rid, prow int64
				if err := cur.Scan(&rid, &prow); err != nil {
					return false, false, fmt.Errorf("search: walk: %w", err)
				}
				if !matches.has(rid) {
					continue
				}
				if offset > 0 {
					offset--
					continue
				}
				if rows = append(rows, prow); len(rows) == size {
					return true, false, nil
				}
			}
			if err := cur.Err(); err != nil {
				return false, false, fmt.Errorf("search: walk: %w", err)
			}
			return false, false, nil
		}()
		if err != nil || over {
			return nil, false, err
		}
		if full {
			return rows, true, nil
		}
	}
	return rows, true, nil // the order ran out: a last, short page
}

// ridBits is a set of rids (small non-negative integers).
type ridBits []uint64

func (s ridBits) has(rid int64) bool {
	i := rid >> 6
	return rid >= 0 && i < int64(len(s)) && s[i]&(1<<(uint(rid)&63)) != 0
}

func (s ridBits) len() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

func (s ridBits) intersect(o ridBits) int {
	n := 0
	for i := range min(len(s), len(o)) {
		n += bits.OnesCount64(s[i] & o[i])
	}
	return n
}

// ridSet runs a query that answers one group_concat of rids (or NULL) and returns
// them as a set: one value crosses the driver instead of a row a rid.
func ridSet(ctx context.Context, tx *sqlx.Tx, query string, args ...any) (ridBits, error) {
	var list sql.NullString
	if err := tx.GetContext(ctx, &list, query, args...); err != nil {
		return nil, fmt.Errorf("search: rids: %w", err)
	}
	var s ridBits
	for f := range strings.SplitSeq(list.String, ",") {
		if f == "" {
			continue
		}
		rid, err := strconv.ParseInt(f, 10, 64)
		if err != nil || rid < 0 {
			return nil, fmt.Errorf("search: rids: bad rid %q", f)
		}
		i := int(rid >> 6)
		if i >= len(s) {
			s = slices.Grow(s, i+1-len(s))[:i+1]
		}
		s[i] |= 1 << (uint(rid) & 63)
	}
	return s, nil
}

// facetMatch narrows a full-text query to the docs whose category (and niche) hold
// the filter's words as a phrase: a superset of the docs whose column equals the
// filter (NOCASE), found in the full-text index, so that far fewer matches are joined
// to their keys. Only ASCII filters with a letter or digit narrow: their words are
// the same for this package and for FTS5's unicode61 tokenizer, and NOCASE folds
// ASCII only, so an equal column holds exactly those words. The narrowed query
// ranks differently (bm25 sums over its phrases): it selects rows, never ranks them.
func facetMatch(match, category, niche string) (string, bool) {
	narrowed := false
	for _, c := range []struct{ col, v string }{{"category", category}, {"niche", niche}} {
		if !facetable(c.v) {
			continue
		}
		match += " {" + c.col + `}: "` + strings.ReplaceAll(c.v, `"`, `""`) + `"`
		narrowed = true
	}
	return match, narrowed
}

func facetable(v string) bool {
	word := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= 0x80 {
			return false
		}
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			word = true
		}
	}
	return word
}

// keysFiltered lists every match that passes the filters with its sort key (bm25,
// the reach, the rating or a stat), in the full-text index's order (rid), and sorts them:
// the total is their number, the page a slice. The sort is stable, so that equal ranks
// keep the index's order, as SQLite's sort of the same rows does. A category or niche
// filter first narrows the matches in the full-text index (facetMatch); the survivors
// are then ranked by the user's query alone.
func (q *InfluencerQuery) keysFiltered(ctx context.Context, tx *sqlx.Tx, match string, f where, sort, reach string,
	offset int) (int, []int64, error) {
	type hit struct {
		Rid     int64   `db:"rid"`
		Row     int64   `db:"prow"`
		Key     float64 `db:"k"`
		Reviews int64   `db:"reviews"`
		Reach   int64   `db:"reach_total"`
		Rated   int     `db:"rated"`
	}
	narrowed, facet := facetMatch(match, q.Category, q.Niche)
	key := reach
	switch {
	case sort == SortRelevance && facet:
		key = "0"
	case sort == SortRelevance:
		key = "s.rank"
	case sort == SortRating:
		key = "k.rating"
	case sort == SortER:
		key = "k.er"
	case sort == SortPredicted:
		key = "k.predicted"
	case sort == SortRisk:
		key = "k.risk"
	}
	w := where{conds: []string{"influencer_search MATCH ?"}, args: []any{narrowed}}
	w.conds, w.args = append(w.conds, f.conds...), append(w.args, f.args...)
	w.add("k.hidden = 0")
	var hits []hit
	if err := tx.SelectContext(ctx, &hits, `SELECT k.rid, k.prow, `+key+` AS k, k.reviews, k.reach_total, k.rated
		FROM influencer_search s CROSS JOIN influencer_search_keys k ON k.rid = s.rowid`+w.String(), w.args...); err != nil {
		return 0, nil, fmt.Errorf("search: query: %w", err)
	}
	if sort == SortRelevance && facet && len(hits) > 0 {
		// The rank of the survivors under the user's query: one pass over its matches,
		// bm25 computed for the survivors only.
		rids := make([]int64, len(hits))
		for i, h := range hits {
			rids[i] = h.Rid
		}
		list, err := json.Marshal(rids)
		if err != nil {
			return 0, nil, fmt.Errorf("search: rank: %w", err)
		}
		var ranks []struct {
			Rid  int64   `db:"rowid"`
			Rank float64 `db:"rank"`
		}
		if err := tx.SelectContext(ctx, &ranks, `SELECT s.rowid, s.rank FROM influencer_search s
			WHERE influencer_search MATCH ? AND +s.rowid IN (SELECT value FROM json_each(?))`, match, string(list)); err != nil {
			return 0, nil, fmt.Errorf("search: rank: %w", err)
		}
		if len(ranks) != len(hits) {
			return 0, nil, fmt.Errorf("search: rank: %d of %d matches ranked", len(ranks), len(hits))
		}
		for i := range hits { // both in rid order
			if ranks[i].Rid != hits[i].Rid {
				return 0, nil, fmt.Errorf("search: rank: match %d out of order", hits[i].Rid)
			}
			hits[i].Key = ranks[i].Rank
		}
	}
	var cmp func(a, b hit) int
	switch {
	case sort == SortRelevance && direction(OrderAsc, q.Order) == "ASC":
		cmp = func(a, b hit) int { return stdcmp.Compare(a.Key, b.Key) }
	case sort == SortRelevance:
		cmp = func(a, b hit) int { return stdcmp.Compare(b.Key, a.Key) }
	case sort == SortRating:
		cmp = func(a, b hit) int {
			return stdcmp.Or(stdcmp.Compare(a.Key, b.Key), stdcmp.Compare(a.Reviews, b.Reviews),
				stdcmp.Compare(a.Reach, b.Reach), stdcmp.Compare(a.Row, b.Row))
		}
		if direction(OrderDesc, q.Order) == "DESC" {
			asc := cmp
			cmp = func(a, b hit) int { return asc(b, a) }
		}
	case statsSort(sort):
		// The rated first, by the stat and the rowid; then the unrated by reach,
		// biggest first, whatever the direction (statsRows).
		natural := OrderDesc
		if sort == SortRisk {
			natural = OrderAsc
		}
		desc := direction(natural, q.Order) == "DESC"
		cmp = func(a, b hit) int {
			switch {
			case a.Rated != b.Rated:
				return b.Rated - a.Rated
			case a.Rated == 0:
				return stdcmp.Or(stdcmp.Compare(b.Reach, a.Reach), stdcmp.Compare(b.Row, a.Row))
			case desc:
				return stdcmp.Or(stdcmp.Compare(b.Key, a.Key), stdcmp.Compare(b.Row, a.Row))
			}
			return stdcmp.Or(stdcmp.Compare(a.Key, b.Key), stdcmp.Compare(a.Row, b.Row))
		}
	case direction(OrderDesc, q.Order) == "DESC":
		cmp = func(a, b hit) int { return stdcmp.Or(stdcmp.Compare(b.Key, a.Key), stdcmp.Compare(b.Row, a.Row)) }
	default:
		cmp = func(a, b hit) int { return stdcmp.Or(stdcmp.Compare(a.Key, b.Key), stdcmp.Compare(a.Row, b.Row)) }
	}
	slices.SortStableFunc(hits, cmp)
	var rows []int64
	for i := offset; i < len(hits) && i < offset+q.PageSize; i++ {
		rows = append(rows, hits[i].Row)
	}
	return len(hits), rows, nil
}
