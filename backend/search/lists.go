package search

import (
	"context"
	"slices"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
)

// MatchSQL is a SELECT of the account_id of every influencer q matches, by the
// same filters as Influencers (its sort and paging ignored; hidden accounts left
// out), with its arguments: a saved search's matches, for a caller to count or
// record in the same transaction (queries.SavedSearches, "new since last opened").
func MatchSQL(ctx context.Context, tx *sqlx.Tx, q InfluencerQuery) (string, []any, error) {
	q.Page, q.PageSize, q.Sort, q.Order = 1, 1, "", ""
	if err := q.validate(); err != nil {
		return "", nil, err
	}
	pl, err := q.plan(ctx, tx)
	if err != nil {
		return "", nil, err
	}
	w := pl.w
	w.conds, w.args = slices.Clone(w.conds), slices.Clone(w.args)
	if q.HideHighRisk && !pl.rated {
		w.add(hideHigh, analytics.HighRisk)
	}
	w.add("p.rowid NOT IN (" + hiddenProfiles + ")")
	return "SELECT p.account_id FROM " + pl.from + w.String(), w.args, nil
}
