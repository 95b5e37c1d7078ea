package desktop

import (
	"context"
	"encoding/json"

	"iescp/backend/mutate"
	"iescp/sync/client"
)

// apply runs a typed mutation as the signed-in account: optimistically against
// the replica, with its outbox entry, in one transaction (see client.Apply); the
// engine is told to push it. The arguments validate themselves in the mutator.
func (s *Services) apply(ctx context.Context, sess *session, args mutate.Args) (int64, error) {
	return s.queued(ctx, sess)(client.Apply(ctx, sess.db, sess.info.AccountID, args, s.cfg.Now()))
}

// queue is apply returning the change's stable handle, for an action the UI
// offers to take back while it is still queued (SyncService.Undo).
func (s *Services) queue(ctx context.Context, sess *session, args mutate.Args) (client.Queued, error) {
	q, err := client.Queue(ctx, sess.db, sess.info.AccountID, args, s.cfg.Now())
	if err != nil {
		return client.Queued{}, err
	}
	s.localChange(ctx, sess)
	return q, nil
}

// queued finishes a local mutation: once it is in the outbox, the engine pushes
// soon and the UI re-reads.
func (s *Services) queued(ctx context.Context, sess *session) func(id int64, err error) (int64, error) {
	return func(id int64, err error) (int64, error) {
		if err != nil {
			return 0, err
		}
		s.localChange(ctx, sess)
		return id, nil
	}
}

// Mutate applies a mutation given by name with JSON arguments (tests and tools
// that speak the wire form; the UI's services use apply).
func (s *Services) Mutate(ctx context.Context, name string, args json.RawMessage) (int64, error) {
	sess, err := s.active()
	if err != nil {
		return 0, err
	}
	return s.queued(ctx, sess)(client.ApplyJSON(ctx, sess.db, sess.info.AccountID, name, args, s.cfg.Now()))
}

// localChange tells the UI and the engine that a local mutation changed the
// session's replica: the UI re-queries (and sees the outbox counted), the engine
// pushes soon.
func (s *Services) localChange(ctx context.Context, sess *session) {
	if sess.engine != nil {
		s.emit(TopicSyncStatus, s.status(ctx, sess))
		sess.engine.Notify()
	}
	s.emit(TopicDataChanged, DataChanged{AccountID: sess.info.AccountID, Source: "local"})
}

// NotifyLocalChange is localChange for the signed-in session (tests that mutate
// through Mutate call it too; it is idempotent).
func (s *Services) NotifyLocalChange() {
	ctx, sess, err := s.begin()
	if err != nil {
		return
	}
	s.localChange(ctx, sess)
}

// act applies one typed mutation as the signed-in account (Services.apply):
// what a bound action method does, with the error ready for the UI.
func (s *Services) act(args mutate.Args) error {
	ctx, sess, err := s.begin()
	if err != nil {
		return toUI(err)
	}
	_, err = s.apply(ctx, sess, args)
	return toUI(err)
}

// actUndoable is act for an action the UI may take back while it is queued
// (money: accepting an offer): it answers the change's handle.
func (s *Services) actUndoable(args mutate.Args) (client.Queued, error) {
	ctx, sess, err := s.begin()
	if err != nil {
		return client.Queued{}, toUI(err)
	}
	q, err := s.queue(ctx, sess, args)
	return q, toUI(err)
}

// made is a new row's id once its mutation is applied, "" when it was refused.
func made(id string, err error) (string, error) {
	if err != nil {
		return "", err
	}
	return id, nil
}
