package client

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/store"
)

// Taking back a queued change. A local change the server has never been sent
// can be taken back whole: the replica returns to what it would be had the
// change never been made, and the server never hears of it. Once push has tried
// to send it (outbox.attempted, desktop migration 0010) that is over: the server
// may have applied it and the answer may have been lost, and an ID it has seen
// must never name another change (it would be skipped as a duplicate) nor be
// left unused (the next push would be out of order).

// errAlreadySent is Unqueue's refusal of a change the server has or may have
// received, or that is no longer in the outbox.
const errAlreadySent = "already sent: the server has or may have this change"

// Unqueue takes back the queued change with the stable handle changeID (Queued.
// ChangeID): under the sync lock, so no push is in flight, it undoes every
// optimistic change, deletes the entry, moves the later pending ones down one ID
// (mutation IDs stay contiguous, as the server expects) and replays them, in one
// transaction. A change push has tried to send, or that is no longer pending, is
// refused with invalid_transition; an unknown handle with not_found.
func (e *Engine) Unqueue(ctx context.Context, changeID string) error {
	e.syncMu.Lock()
	defer e.syncMu.Unlock()
	if err := unqueue(ctx, e.cfg.DB, e.cfg.AccountID, changeID, e.cfg.Now()); err != nil {
		return err
	}
	e.refreshCounts(ctx) // the caller announces the local change (OnChange is a pull's)
	return nil
}

// Undoable says whether Unqueue would take back the change changeID now: it is
// pending and push has not tried to send it.
func Undoable(ctx context.Context, db *store.Store, changeID string) (bool, error) {
	var ok bool
	err := db.R.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM outbox WHERE change_id = ? AND change_id <> ''
		AND status = 'pending' AND attempted = 0)`, changeID)
	return ok, err
}

func unqueue(ctx context.Context, db *store.Store, accountID, changeID string, now time.Time) error {
	if changeID == "" {
		return domain.Errorf(domain.CodeInvalidArgument, "which change to take back?")
	}
	return db.Write(ctx, func(tx *sqlx.Tx) error {
		var m OutboxEntry
		err := tx.Get(&m, `SELECT * FROM outbox WHERE change_id = ?`, changeID)
		if errors.Is(err, sql.ErrNoRows) {
			// Acknowledged changes leave the outbox: gone means sent (a handle
			// this desktop never made looks the same; nothing is changed either way).
			return domain.Errorf(domain.CodeInvalidTransition, "%s", errAlreadySent)
		}
		if err != nil {
			return err
		}
		switch {
		case m.Status != "pending":
			return domain.Errorf(domain.CodeInvalidTransition, "the server already refused this change")
		case m.Attempted:
			return domain.Errorf(domain.CodeInvalidTransition, "%s", errAlreadySent)
		}
		// Push sends the oldest pending entries first, so the attempted ones come
		// before every unattempted one and everything after m is unsent. Moving an
		// entry the server may know would break exactly-once: refuse instead.
		var later int
		if err := tx.Get(&later, `SELECT COUNT(*) FROM outbox WHERE mutation_id > ? AND (status <> 'pending' OR attempted = 1)`,
			m.ID); err != nil {
			return err
		}
		if later > 0 {
			return domain.Errorf(domain.CodeInvalidTransition, "a later change was already sent")
		}
		if _, err := tx.Exec(`PRAGMA defer_foreign_keys = ON`); err != nil {
			return err
		}
		if err := setUndo(tx, false); err != nil {
			return err
		}
		if err := undoAll(tx); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM outbox WHERE mutation_id = ?`, m.ID); err != nil {
			return err
		}
		// Two steps through a range no ID uses, so no row meets another on the way.
		if _, err := tx.Exec(`UPDATE outbox SET mutation_id = mutation_id + 999999999 WHERE mutation_id > ?`, m.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE outbox SET mutation_id = mutation_id - 1000000000 WHERE mutation_id >= 1000000000`); err != nil {
			return err
		}
		return replay(tx, accountID, now)
	})
}

// markAttempted flags the entries of a push batch as attempted in one write,
// before the batch is sent. It returns those that were not flagged before (only
// they may be cleared again by clearAttempted).
func markAttempted(ctx context.Context, db *store.Store, batch []OutboxEntry) ([]int64, error) {
	var fresh []int64
	for _, m := range batch {
		if !m.Attempted {
			fresh = append(fresh, m.ID)
		}
	}
	if len(fresh) == 0 {
		return nil, nil
	}
	q, args, err := sqlx.In(`UPDATE outbox SET attempted = 1 WHERE mutation_id IN (?)`, fresh)
	if err != nil {
		return nil, err
	}
	_, err = db.W.ExecContext(ctx, q, args...)
	return fresh, err
}

// clearAttempted takes the flag back from entries whose push never reached a
// connection to the server (offline: the dial failed, or no token could be had):
// nothing of them left this desktop, so they may still be taken back.
func clearAttempted(ctx context.Context, db *store.Store, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	q, args, err := sqlx.In(`UPDATE outbox SET attempted = 0 WHERE mutation_id IN (?)`, ids)
	if err != nil {
		return err
	}
	_, err = db.W.ExecContext(ctx, q, args...)
	return err
}
