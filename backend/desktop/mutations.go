package desktop

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/mutate"
	"iescp/backend/store"
)

// ApplyLocal runs a mutation optimistically against a replica as accountID and, in
// the same transaction, appends it to the outbox for the sync engine to push. A
// rejected mutation changes nothing and is not queued. It returns the outbox
// mutation ID.
func ApplyLocal(ctx context.Context, db *store.Store, accountID, name string, args json.RawMessage, now time.Time) (int64, error) {
	decoded, err := mutate.Decode(name, args)
	if err != nil {
		return 0, err
	}
	// Store the normalised arguments (trimmed strings, defaults applied), so the
	// server runs exactly what the desktop ran.
	norm, err := json.Marshal(decoded)
	if err != nil {
		return 0, fmt.Errorf("encode %s: %w", name, err)
	}
	var id int64
	err = db.Write(ctx, func(tx *sqlx.Tx) error {
		t := now.UTC()
		if err := mutate.Run(tx, accountID, name, decoded, t); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO outbox (mutation_id, name, args_json, created_at)
			VALUES ((SELECT COALESCE(MAX(mutation_id), (SELECT COALESCE(MAX(last_mutation_id), 0) FROM sync_state)) + 1 FROM outbox), ?, ?, ?)`,
			name, string(norm), t)
		if err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// Mutate applies a mutation as the signed-in account.
func (s *Services) Mutate(ctx context.Context, name string, args json.RawMessage) (int64, error) {
	sess, err := s.active()
	if err != nil {
		return 0, err
	}
	return ApplyLocal(ctx, sess.db, sess.info.AccountID, name, args, s.cfg.Now())
}
