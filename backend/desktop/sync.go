package desktop

import (
	"context"
	"encoding/json"
	"time"

	"iescp/backend/domain"
	"iescp/backend/queries"
	"iescp/sync/client"
)

// syncNowTimeout bounds a sync the user asked for.
const syncNowTimeout = 2 * time.Minute

// SyncService shows the sync status and the sync issues, and lets the user act on them.
type SyncService struct{ s *Services }

// NewSyncService is the sync service of s (the one in s.Sync).
func NewSyncService(s *Services) *SyncService { return s.Sync }

// Status returns the signed-in account's sync status (signed_out when nobody is).
func (ys *SyncService) Status() (client.Status, error) {
	ctx, sess, err := ys.s.begin()
	if err != nil || sess.engine == nil {
		return client.Status{State: client.StateSignedOut}, nil
	}
	return ys.s.status(ctx, sess), nil
}

// status is the engine's status with the outbox counted now: a local change
// queued since the engine's last round shows at once.
func (s *Services) status(ctx context.Context, sess *session) client.Status {
	st := sess.tokens.fixStatus(sess.engine.Status())
	if pending, rejected, err := queries.OutboxCounts(ctx, sess.db.R); err == nil {
		st.Pending, st.Rejected = pending, rejected
	}
	return st
}

// Issues lists the changes the server rejected, oldest first, each with what a
// person needs: the action, the campaign, party and amount it was about, a
// reference to open it and the reason's code (see queries.SyncIssue).
func (ys *SyncService) Issues() ([]queries.SyncIssue, error) {
	ctx, sess, err := ys.s.begin()
	if err != nil {
		return nil, toUI(err)
	}
	out, err := queries.SyncIssues(ctx, sess.db.R, viewer(sess))
	return out, toUI(err)
}

// Discard drops a rejected change.
func (ys *SyncService) Discard(id int64) error {
	ctx, sess, err := ys.s.begin()
	if err != nil {
		return toUI(err)
	}
	if err := client.Discard(ctx, sess.db, id); err != nil {
		return toUI(err)
	}
	if sess.engine != nil {
		sess.engine.Notify() // recount; its status event follows
	}
	return nil
}

// Retry queues a rejected change again with the same arguments, unchanged (the
// user fixed the cause elsewhere, e.g. raised the budget): it is applied locally
// and queued first, then the rejected one is discarded, so a change that fails
// locally leaves the issue in place. It returns the new outbox id.
func (ys *SyncService) Retry(id int64) (int64, error) {
	ctx, sess, err := ys.s.begin()
	if err != nil {
		return 0, toUI(err)
	}
	name, args, err := queries.RejectedChange(ctx, sess.db.R, id)
	if err != nil {
		return 0, toUI(err)
	}
	n, err := ys.s.replaceRejected(ctx, sess, id, name, args)
	return n, toUI(err)
}

// Resubmit replaces a rejected change with the same mutation and edited JSON
// arguments (tests and tools; the UI offers Retry and opening the item instead).
func (ys *SyncService) Resubmit(id int64, argsJSON string) (int64, error) {
	ctx, sess, err := ys.s.begin()
	if err != nil {
		return 0, toUI(err)
	}
	if !json.Valid([]byte(argsJSON)) {
		return 0, toUI(domain.Errorf(domain.CodeInvalidArgument, "the edited change is not valid JSON"))
	}
	name, _, err := queries.RejectedChange(ctx, sess.db.R, id)
	if err != nil {
		return 0, toUI(err)
	}
	n, err := ys.s.replaceRejected(ctx, sess, id, name, json.RawMessage(argsJSON))
	return n, toUI(err)
}

// replaceRejected applies name(args) as a new change, then discards the rejected one.
func (s *Services) replaceRejected(ctx context.Context, sess *session, id int64, name string, args json.RawMessage) (int64, error) {
	newID, err := client.ApplyJSON(ctx, sess.db, sess.info.AccountID, name, args, s.cfg.Now())
	if err != nil {
		return 0, err
	}
	err = client.Discard(ctx, sess.db, id)
	s.localChange(ctx, sess)
	return newID, err
}

// Undo takes back a queued change by its handle (client.Queued.ChangeID, as
// an undoable action answers it) while it has not been sent: the replica is as
// if it had never been made and the server never hears of it. Once push has
// tried to send it (or it is gone or refused) the answer is invalid_transition.
func (ys *SyncService) Undo(changeID string) error {
	ctx, sess, err := ys.s.begin()
	if err != nil {
		return toUI(err)
	}
	if sess.engine == nil {
		return toUI(domain.Errorf(codeUnavailable, "sync is not running"))
	}
	if err := sess.engine.Unqueue(ctx, changeID); err != nil {
		return toUI(err)
	}
	ys.s.localChange(ctx, sess)
	return nil
}

// CanUndo says whether Undo would take the change back now: it waits in the
// outbox and push has not tried to send it. The UI asks on every sync:status.
func (ys *SyncService) CanUndo(changeID string) (bool, error) {
	ctx, sess, err := ys.s.begin()
	if err != nil {
		return false, toUI(err)
	}
	ok, err := client.Undoable(ctx, sess.db, changeID)
	return ok, toUI(err)
}

// SyncNow pushes and pulls at once and returns the resulting status (an error
// only when nobody is signed in; a failed round shows in the status).
func (ys *SyncService) SyncNow() (client.Status, error) {
	ctx, sess, err := ys.s.begin()
	if err != nil {
		return client.Status{State: client.StateSignedOut}, toUI(err)
	}
	if sess.engine == nil {
		return client.Status{State: client.StateSignedOut}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, syncNowTimeout)
	defer cancel()
	_ = sess.engine.Sync(ctx)
	return ys.s.status(ctx, sess), nil
}
