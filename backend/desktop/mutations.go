package desktop

import (
	"context"
	"encoding/json"

	"iescp/sync/client"
)

// Mutate applies a mutation as the signed-in account: optimistically against the
// replica, with its outbox entry, in one transaction (see client.Apply); the
// engine is told to push it.
func (s *Services) Mutate(ctx context.Context, name string, args json.RawMessage) (int64, error) {
	sess, err := s.active()
	if err != nil {
		return 0, err
	}
	id, err := client.Apply(ctx, sess.db, sess.info.AccountID, name, args, s.cfg.Now())
	if err != nil {
		return 0, err
	}
	s.NotifyLocalChange() // push soon, and let the UI re-read
	return id, nil
}
