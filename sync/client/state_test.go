package client

import (
	"context"
	"path/filepath"
	"testing"

	"iescp/backend/store"
)

// A replica made under an older domain schema is migrated when opened; its sync
// state must then say the newest version, or the server refuses every push and
// pull with client_too_old.
func TestEnsureState_SchemaVersionFollowsMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.db")
	db, err := store.Open(path, store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := EnsureState(ctx, db, "acc-1")
	if err != nil {
		t.Fatal(err)
	}
	latest := store.LatestVersion(store.SetDomain)
	if st.SchemaVersion != latest {
		t.Fatalf("fresh replica: schema_version %d, want %d", st.SchemaVersion, latest)
	}
	// As a replica made before the newest domain migration would have it.
	if _, err := db.W.ExecContext(ctx, `UPDATE sync_state SET schema_version = 1 WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	st, err = EnsureState(ctx, db, "acc-1")
	if err != nil {
		t.Fatal(err)
	}
	var stored int
	if err := db.R.GetContext(ctx, &stored, `SELECT schema_version FROM sync_state WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	if st.SchemaVersion != latest || stored != latest {
		t.Fatalf("old replica: state says %d, stored %d, want %d", st.SchemaVersion, stored, latest)
	}
}
