package store

import (
	"path/filepath"
	"testing"
)

// A replica upgraded with changes still queued (desktop 0010): nobody knows
// whether the previous release sent them, so none can be taken back (attempted),
// and they have no change handle; a new entry starts unattempted.
func TestDesktopMigration_OutboxAttempted(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "replica.db"), SetDomain, SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, q := range []string{
		`DROP INDEX outbox_change_id`, `ALTER TABLE outbox DROP COLUMN change_id`, `ALTER TABLE outbox DROP COLUMN attempted`,
		`DELETE FROM schema_migrations WHERE set_name = 'desktop' AND version >= 10`,
		// desktop 11 (deal messages) came later: undo it too, so that it runs again.
		`DROP TRIGGER deal_messages_undo_ins`, `DROP TRIGGER deal_messages_undo_upd`, `DROP TRIGGER deal_messages_undo_del`,
		// desktop 12 (analytics) too (it rewrites the campaigns' undo triggers, which stay).
		`DROP TRIGGER posts_undo_ins`, `DROP TRIGGER posts_undo_upd`, `DROP TRIGGER posts_undo_del`,
		`DROP TRIGGER audience_shares_undo_ins`, `DROP TRIGGER audience_shares_undo_upd`, `DROP TRIGGER audience_shares_undo_del`,
		`DROP TRIGGER media_kits_undo_ins`, `DROP TRIGGER media_kits_undo_upd`, `DROP TRIGGER media_kits_undo_del`,
		`DROP TRIGGER influencer_stats_undo_ins`, `DROP TRIGGER influencer_stats_undo_upd`, `DROP TRIGGER influencer_stats_undo_del`,
		`DROP TRIGGER analytics_models_undo_ins`, `DROP TRIGGER analytics_models_undo_upd`, `DROP TRIGGER analytics_models_undo_del`,
		// desktop 13 (organisation members) too.
		`DROP TRIGGER org_members_undo_ins`, `DROP TRIGGER org_members_undo_upd`, `DROP TRIGGER org_members_undo_del`,
		// desktop 14 (shortlists and saved searches) too.
		`DROP TRIGGER shortlists_undo_ins`, `DROP TRIGGER shortlists_undo_upd`, `DROP TRIGGER shortlists_undo_del`,
		`DROP TRIGGER shortlist_entries_undo_ins`, `DROP TRIGGER shortlist_entries_undo_upd`, `DROP TRIGGER shortlist_entries_undo_del`,
		`DROP TRIGGER saved_searches_undo_ins`, `DROP TRIGGER saved_searches_undo_upd`, `DROP TRIGGER saved_searches_undo_del`,
		`DROP TABLE saved_search_seen`, `DROP TABLE saved_search_opened`, `DROP TRIGGER campaigns_unlink_lists`,
		`INSERT INTO outbox (mutation_id, name, args_json, created_at) VALUES (1, 'profile.update', '{}', 0)`,
	} {
		if _, err := s.W.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := Migrate(s.W, SetDesktop); err != nil {
		t.Fatal(err)
	}
	if _, err := s.W.Exec(`INSERT INTO outbox (mutation_id, name, args_json, created_at, change_id) VALUES (2, 'profile.update', '{}', 0, 'c2')`); err != nil {
		t.Fatal(err)
	}
	var got []struct {
		ID        int64  `db:"mutation_id"`
		Attempted bool   `db:"attempted"`
		ChangeID  string `db:"change_id"`
	}
	if err := s.W.Select(&got, `SELECT mutation_id, attempted, change_id FROM outbox ORDER BY mutation_id`); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !got[0].Attempted || got[0].ChangeID != "" || got[1].Attempted {
		t.Fatalf("outbox after the migration: %+v, want the old entry attempted and the new one not", got)
	}
	if _, err := s.W.Exec(`INSERT INTO outbox (mutation_id, name, args_json, created_at, change_id) VALUES (3, 'profile.update', '{}', 0, 'c2')`); err == nil {
		t.Fatal("two entries with one change handle")
	}
}
