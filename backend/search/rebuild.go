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

// Rebuild re-indexes every influencer profile and campaign in one pass and turns
// the triggers back on. It is how a bulk load ends: far cheaper than indexing
// tens of thousands of rows one trigger at a time.
func Rebuild(tx *sqlx.Tx) error {
	for _, q := range []string{
		`DELETE FROM search_suspend`,
		`INSERT INTO influencer_search (influencer_search) VALUES ('delete-all')`,
		`DELETE FROM influencer_search_docs`,
		`INSERT INTO influencer_search_docs (account_id, name, display_name, category, niche, bio)
			SELECT p.account_id, COALESCE(a.name, ''), p.display_name, p.category, p.niche, p.bio
			FROM influencer_profiles p LEFT JOIN accounts a ON a.id = p.account_id`,
		`INSERT INTO influencer_search (influencer_search) VALUES ('rebuild')`,
		`INSERT INTO campaign_search (campaign_search) VALUES ('delete-all')`,
		`DELETE FROM campaign_search_docs`,
		`INSERT INTO campaign_search_docs (campaign_id, name, description, category, niche, goals)
			SELECT id, name, description, category, niche, goals FROM campaigns`,
		`INSERT INTO campaign_search (campaign_search) VALUES ('rebuild')`,
	} {
		if _, err := tx.Exec(q); err != nil {
			return fmt.Errorf("search: rebuild: %w", err)
		}
	}
	return nil
}
