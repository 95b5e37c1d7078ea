package client

import (
	"context"
	"time"

	"iescp/backend/store"
	"iescp/sync/protocol"
)

// ApplyRound applies hand-made pages of one incremental pull round.
func ApplyRound(ctx context.Context, db *store.Store, accountID string, pages []*protocol.PullResponse, now time.Time) error {
	return applyRound(ctx, db, accountID, false, false, pages, now)
}
