package search

import (
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Suspend makes the search triggers stand aside for the rest of tx (a bulk load);
// Rebuild must follow in the same transaction.
func Suspend(tx *sqlx.Tx) error {
	_, err := tx.Exec(`INSERT OR IGNORE INTO search_suspend (id) VALUES (1)`)
	return err
}

// Rebuild re-indexes every influencer profile and campaign in one pass (the text
// indexes and the search keys, migrations 0017 and 0018) and turns the triggers back on. It is
// how a bulk load ends: far cheaper than indexing tens of thousands of rows one
// trigger at a time.
func Rebuild(tx *sqlx.Tx) error {
	for _, q := range []string{
		`INSERT OR IGNORE INTO search_suspend (id) VALUES (1)`, // the docs' triggers stand aside until the end
		`INSERT INTO influencer_search (influencer_search) VALUES ('delete-all')`,
		`DELETE FROM influencer_search_docs`,
		`INSERT INTO influencer_search_docs (account_id, name, display_name, category, niche, bio)
			SELECT p.account_id, COALESCE(a.name, ''), p.display_name, p.category, p.niche, p.bio
			FROM influencer_profiles p LEFT JOIN accounts a ON a.id = p.account_id`,
		`INSERT INTO influencer_search (influencer_search) VALUES ('rebuild')`,
		`DELETE FROM influencer_search_keys`,
		`INSERT INTO influencer_search_keys (rid, prow, category, niche, reach_total, reach_instagram, reach_youtube,
				reach_tiktok, reach_x, reach_other, hidden, rating, reviews, rated, er, predicted, risk, size_tier, perf_tier)
			SELECT d.rid, p.rowid, p.category, p.niche, p.reach_total, p.reach_instagram, p.reach_youtube,
				p.reach_tiktok, p.reach_x, p.reach_other, COALESCE(a.active = 0 OR a.flagged = 1, 0),
				COALESCE(rt.rating, 0), COALESCE(rt.n, 0), st.influencer_id IS NOT NULL, COALESCE(st.er_followers, 0),
				COALESCE(st.predicted_er, 0), COALESCE(st.risk_score, 0), COALESCE(st.size_tier, ''),
				COALESCE(st.perf_tier, '')
			FROM influencer_search_docs d JOIN influencer_profiles p ON p.account_id = d.account_id
			LEFT JOIN accounts a ON a.id = d.account_id
			LEFT JOIN influencer_stats st ON st.influencer_id = d.account_id
			LEFT JOIN (` + ratings + `) rt ON rt.influencer_id = d.account_id`,
		`INSERT INTO campaign_search (campaign_search) VALUES ('delete-all')`,
		`DELETE FROM campaign_search_docs`,
		`INSERT INTO campaign_search_docs (campaign_id, name, description, category, niche, goals)
			SELECT id, name, description, category, niche, goals FROM campaigns`,
		`INSERT INTO campaign_search (campaign_search) VALUES ('rebuild')`,
		`DELETE FROM search_suspend`,
	} {
		if _, err := tx.Exec(q); err != nil {
			return fmt.Errorf("search: rebuild: %w", err)
		}
	}
	return nil
}
