package server

import (
	"database/sql"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"iescp/backend/store"
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

// The quota's reads and writes travel with the push's own statements (push.go):
// used is read with the client's row (usedSQL), allow decides, and record and
// sweep queue their writes in the push's batch.

// usedSQL is a table of one row: what account has used of its quota (used) and
// when its oldest counted push leaves the window (oldest), in one pass over its
// counts; arguments: usedArgs.
const usedSQL = `(SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS used, MIN(expires_ns) AS oldest FROM limit_hits
		WHERE scope = ? AND subject = ? AND expires_ns > ?)`

func usedArgs(account string, ns int64) []any {
	return []any{scopePush, account, ns}
}

// allow returns how many of n new mutations fit beside used (0..n); with 0, wait
// is when the oldest counted push (oldest, ns) leaves the window.
func (q *mutationQuota) allow(used int64, oldest sql.NullInt64, n int, ns int64) (allowed int, wait time.Duration) {
	allowed = min(n, q.limit-int(used))
	if allowed > 0 {
		return allowed, 0
	}
	if !oldest.Valid { // a quota of nothing: nothing will leave the window
		return 0, mutationWindow
	}
	return 0, time.Duration(oldest.Int64 - ns)
}

// quotaBucket is the granularity of the counts: pushes in the same minute share
// one row, so an account keeps at most a day's minutes of rows (1,440) whatever
// it pushes, and reading its use sums that many at most. A minute's count leaves
// the window 24 hours after the minute began (up to a minute early for a push late
// in it: the quota bounds abuse, it is not a bill).
const quotaBucket = int64(time.Minute)

// record queues the charge of n mutations to account at ns in b (the push's
// transaction: a push rolled back is not charged).
func (q *mutationQuota) record(b *store.Batch, account string, n int, ns int64) {
	minute := ns - ns%quotaBucket
	b.Add(`INSERT INTO limit_hits (scope, subject, id, n, pending, expires_ns) VALUES (?, ?, ?, ?, 0, ?)
		ON CONFLICT (scope, subject, id) DO UPDATE SET n = limit_hits.n + excluded.n`,
		scopePush, account, strconv.FormatInt(minute, 10), n, minute+int64(mutationWindow))
}

// sweep queues the deletion of the quota's expired counts in b, at most once per
// sweepEvery on this instance. It runs in the push's transaction, and only on rows
// no other kind of transaction touches, so it never waits on a lock a sign-in or a
// click holds.
func (q *mutationQuota) sweep(b *store.Batch, now int64) {
	last := q.swept.Load()
	if now >= last && now-last < int64(sweepEvery) || !q.swept.CompareAndSwap(last, now) {
		return
	}
	b.Add(`DELETE FROM limit_hits WHERE scope = ? AND expires_ns <= ?`, scopePush, now)
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
