package server

import (
	"database/sql"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"
)

// DefaultMaxMutationsPerDay is how many new mutations one account may have the
// server apply in a sliding 24 hours (Config.MaxMutationsPerDay).
const DefaultMaxMutationsPerDay = 20_000

// mutationWindow is the sliding window of the mutation quota.
const mutationWindow = 24 * time.Hour

// mutationQuota bounds how fast one account can make the server keep rows: the
// new mutations it has applied (each may create rows, and leaves a result) are
// counted per account in a sliding day. A push past the quota applies the
// mutations that fit and leaves the rest pending on the desktop (its
// last_mutation_id says which went through); a push of which none fit is answered
// 429 with Retry-After. Nothing is lost: the desktop sends the rest later.
//
// The counts are in the database (limit_hits, scope push.account; throttle.go), so
// every instance on one database counts against the same quota. They are read and
// written inside the push's transaction, which is serialised with every other
// push on every instance (it bumps sync_meta's version first: on PostgreSQL that
// row's lock is held to the commit, on SQLite there is one writer), so two
// instances never both spend the last of an account's quota; and a push rolled
// back is not charged.
type mutationQuota struct {
	limit int
	swept atomic.Int64 // when this instance last deleted expired counts (Unix ns)
}

func newMutationQuota(limit int) *mutationQuota {
	return &mutationQuota{limit: limit}
}

// take charges up to n mutations to account in tx (the push's transaction) and
// returns how many it may apply now (0..n); with 0, wait is when the oldest
// counted push leaves the window. Pushes at the same instant share one row.
func (q *mutationQuota) take(tx *sqlx.Tx, account string, n int, now time.Time) (allowed int, wait time.Duration, err error) {
	ns := now.UnixNano()
	if err := q.sweep(tx, ns); err != nil {
		return 0, 0, err
	}
	var used struct {
		N      int64         `db:"n"`
		Oldest sql.NullInt64 `db:"oldest"`
	}
	if err := tx.Get(&used, `SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n, MIN(expires_ns) AS oldest FROM limit_hits
		WHERE scope = ? AND subject = ? AND expires_ns > ?`, scopePush, account, ns); err != nil {
		return 0, 0, fmt.Errorf("server: mutation quota: %w", err)
	}
	allowed = min(n, q.limit-int(used.N))
	if allowed <= 0 {
		if !used.Oldest.Valid { // a quota of nothing: nothing will leave the window
			return 0, mutationWindow, nil
		}
		return 0, time.Duration(used.Oldest.Int64 - ns), nil
	}
	if _, err := tx.Exec(`INSERT INTO limit_hits (scope, subject, id, n, pending, expires_ns) VALUES (?, ?, ?, ?, 0, ?)
		ON CONFLICT (scope, subject, id) DO UPDATE SET n = limit_hits.n + excluded.n`,
		scopePush, account, strconv.FormatInt(ns, 10), allowed, ns+int64(mutationWindow)); err != nil {
		return 0, 0, fmt.Errorf("server: mutation quota: %w", err)
	}
	return allowed, 0, nil
}

// sweep deletes the quota's expired counts, at most once per sweepEvery on this
// instance. It runs in the push's transaction, and only on rows no other kind of
// transaction touches, so it never waits on a lock a sign-in or a click holds.
func (q *mutationQuota) sweep(tx *sqlx.Tx, now int64) error {
	last := q.swept.Load()
	if now >= last && now-last < int64(sweepEvery) || !q.swept.CompareAndSwap(last, now) {
		return nil
	}
	if _, err := tx.Exec(`DELETE FROM limit_hits WHERE scope = ? AND expires_ns <= ?`, scopePush, now); err != nil {
		return fmt.Errorf("server: sweep the mutation quota: %w", err)
	}
	return nil
}

// overQuota is a push of which no mutation fits the account's quota now.
type overQuota struct {
	limit int
	wait  time.Duration
}

func (e *overQuota) Error() string {
	return fmt.Sprintf("this account has made %d changes in the last 24 hours, the most the server takes; "+
		"the rest stay on this desktop and go up in %s", e.limit, roundUpSecond(e.wait))
}
