package desktop

import (
	"context"
	"encoding/json"

	"iescp/sync/client"
)

// Mutate applies a mutation as the signed-in account: optimistically against the
// replica, with its outbox entry, in one transaction (see client.Apply).
func (s *Services) Mutate(ctx context.Context, name string, args json.RawMessage) (int64, error) {
	sess, err := s.active()
	if err != nil {
		return 0, err
	}
	return client.Apply(ctx, sess.db, sess.info.AccountID, name, args, s.cfg.Now())
}
