package store

import (
	"path/filepath"
	"testing"
)

// A replica made before notifications had params (domain 4, desktop 3) is
// migrated: its local notifications get the column, the undo images of
// notifications carry params, and it tells the server it is at the newest domain
// schema (sync_state is written once, when the replica is made; the server
// refuses a desktop whose schema is older than its own).
func TestDesktopMigration_NotificationParams(t *testing.T) {
	path := filepath.Join(t.TempDir(), "replica.db")
	s, err := Open(path, SetDomain, SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	// Back to how a replica made by the previous release looks.
	for _, q := range []string{
		`INSERT INTO sync_state (id, client_id, account_id, schema_version) VALUES (1, 'c', 'a', 4)`,
		`ALTER TABLE local_notifications DROP COLUMN params`,
		`DELETE FROM schema_migrations WHERE set_name = 'desktop' AND version >= 4`,
		// desktop 5 (deliverables) came later: undo it too, so that it runs again.
		`DROP TRIGGER deliverables_undo_ins`, `DROP TRIGGER deliverables_undo_upd`, `DROP TRIGGER deliverables_undo_del`,
		// and desktop 6 (escrow).
		`DROP TRIGGER platform_settings_undo_ins`, `DROP TRIGGER platform_settings_undo_upd`, `DROP TRIGGER platform_settings_undo_del`,
		// desktop 6 (tracking) too.
		`DROP TRIGGER tracking_links_undo_ins`, `DROP TRIGGER tracking_links_undo_upd`, `DROP TRIGGER tracking_links_undo_del`,
		// desktop 6 (deliverable metrics) too.
		`DROP TRIGGER deliverable_metrics_undo_ins`, `DROP TRIGGER deliverable_metrics_undo_upd`, `DROP TRIGGER deliverable_metrics_undo_del`,
		// desktop 10 (the outbox's attempted and change_id).
		`DROP INDEX outbox_change_id`, `ALTER TABLE outbox DROP COLUMN change_id`, `ALTER TABLE outbox DROP COLUMN attempted`,
		// desktop 11 (deal messages) too.
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
	} {
		if _, err := s.W.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := Migrate(s.W, SetDesktop); err != nil {
		t.Fatal(err)
	}
	var version int
	if err := s.W.Get(&version, `SELECT schema_version FROM sync_state`); err != nil || version != LatestVersion(SetDomain) {
		t.Fatalf("schema_version %d (%v), want %d", version, err, LatestVersion(SetDomain))
	}
	var cols int
	if err := s.W.Get(&cols, `SELECT COUNT(*) FROM pragma_table_info('local_notifications') WHERE name = 'params'`); err != nil || cols != 1 {
		t.Fatalf("local_notifications.params: %d, %v", cols, err)
	}
	// An optimistic change to a notification records params in its undo image.
	for _, q := range []string{
		`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES ('a', 'a@x.test', 'influencer', 'A', 0, 0)`,
		`INSERT INTO notifications (id, account_id, kind, params, title, created_at) VALUES ('n', 'a', 'k', '{"party":"Acme"}', '', 0)`,
		`UPDATE undo_ctl SET active = 1`,
		`UPDATE notifications SET read_at = 1 WHERE id = 'n'`,
	} {
		if _, err := s.W.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var params string
	if err := s.W.Get(&params, `SELECT json_extract(old, '$.params') FROM undo_log WHERE tbl = 'notifications'`); err != nil || params != `{"party":"Acme"}` {
		t.Fatalf("undo image params %q, %v", params, err)
	}
	s.Close()
}
