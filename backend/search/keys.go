package search

import (
	stdcmp "cmp"
	"context"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"
)

// A text search whose filters and order all live in influencer_search_keys (the
// profile filters, and relevance or reach) runs on the full-text index and the keys
// alone, both keyed by the docs' rid (migration 0017): no match is joined to its
// profile by UUID, and only the page's rows are read from the profiles. Text with a
// stats filter or sort, a rating or name order, or "more like this" takes the
// general path (Influencers).

// useKeys turns the keys path on; the tests turn it off to compare both paths.
var useKeys = true

// keysText is the count and one page of a text search on the keys; ok is false when
// the query needs the general path.
func (q *InfluencerQuery) keysText(ctx context.Context, tx *sqlx.Tx, pl matchPlan) (total int, rows []int64, ok bool, err error) {
	if !useKeys || pl.match == "" || pl.rated || pl.like != nil || q.HideHighRisk {
		return 0, nil, false, nil
	}
	sort := q.Sort
	if sort == "" {
		sort = SortRelevance
	}
	if sort != SortRelevance && sort != SortReach {
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

	const from = `influencer_search s CROSS JOIN influencer_search_keys k ON k.rid = s.rowid`
	var w where // the matches that pass, visible
	w.add("influencer_search MATCH ?", pl.match)
	w.conds, w.args = append(w.conds, f.conds...), append(w.args, f.args...)
	w.add("s.rowid NOT IN (" + hiddenDocs + ")")

	offset := (q.Page - 1) * q.PageSize
	if len(f.conds) > 0 {
		// With filters, one pass: every match that passes, with its key, sorted
		// here. The matches are joined to their keys once (not once to count and
		// again for the page), and the rank is computed for those that pass only.
		return q.keysFiltered(ctx, tx, from, w, sort, reach, offset)
	}

	// Without filters, the total is counted in the full-text index alone, minus the
	// hidden matches (one doc per profile), and the page is sorted by SQLite.
	if err := tx.GetContext(ctx, &total, `SELECT (SELECT COUNT(*) FROM influencer_search s WHERE influencer_search MATCH ?)
		- (SELECT COUNT(*) FROM influencer_search s WHERE influencer_search MATCH ? AND +s.rowid IN (`+hiddenDocs+`))`,
		pl.match, pl.match); err != nil {
		return 0, nil, true, fmt.Errorf("search: count: %w", err)
	}
	if total == 0 || offset >= total {
		return total, nil, true, nil
	}
	var orderBy string
	switch sort {
	case SortRelevance:
		// bm25 (lower is better): FTS5 sorts every match, and the keys are read for
		// the page alone.
		orderBy = "s.rank " + direction(OrderAsc, q.Order)
	case SortReach:
		dir := direction(OrderDesc, q.Order)
		orderBy = reach + " " + dir + ", k.prow " + dir
	}
	if err := tx.SelectContext(ctx, &rows, "SELECT k.prow FROM "+from+w.String()+" ORDER BY "+orderBy+" LIMIT ? OFFSET ?",
		append(slices.Clone(w.args), q.PageSize, offset)...); err != nil {
		return 0, nil, true, fmt.Errorf("search: query: %w", err)
	}
	return total, rows, true, nil
}

// keysFiltered lists every match that passes the filters with its sort key (bm25
// or the reach), in the full-text index's order (rid), and sorts them: the total is
// their number, the page a slice. The sort is stable, so that equal ranks keep the
// index's order, as SQLite's sort of the same rows does.
func (q *InfluencerQuery) keysFiltered(ctx context.Context, tx *sqlx.Tx, from string, w where, sort, reach string,
	offset int) (int, []int64, bool, error) {
	key := "s.rank"
	if sort == SortReach {
		key = reach
	}
	type hit struct {
		Row int64   `db:"prow"`
		Key float64 `db:"k"`
	}
	var hits []hit
	if err := tx.SelectContext(ctx, &hits, "SELECT k.prow, "+key+" AS k FROM "+from+w.String(), w.args...); err != nil {
		return 0, nil, true, fmt.Errorf("search: query: %w", err)
	}
	var cmp func(a, b hit) int
	switch {
	case sort == SortRelevance && direction(OrderAsc, q.Order) == "ASC":
		cmp = func(a, b hit) int { return stdcmp.Compare(a.Key, b.Key) }
	case sort == SortRelevance:
		cmp = func(a, b hit) int { return stdcmp.Compare(b.Key, a.Key) }
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
	return len(hits), rows, true, nil
}
