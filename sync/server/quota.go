package server

import (
	"fmt"
	"sync"
	"time"
)

// DefaultMaxMutationsPerDay is how many new mutations one account may have the
// server apply in a sliding 24 hours (Config.MaxMutationsPerDay).
const DefaultMaxMutationsPerDay = 20_000

// mutationWindow is the sliding window of the mutation quota.
const mutationWindow = 24 * time.Hour

// mutationQuota bounds how fast one account can make the server keep rows: the
// new mutations it has applied (each may create rows, and leaves a result) are
// counted per account in a sliding day, in memory. A push past the quota applies
// the mutations that fit and leaves the rest pending on the desktop (its
// last_mutation_id says which went through); a push of which none fit is answered
// 429 with Retry-After. Nothing is lost: the desktop sends the rest later.
type mutationQuota struct {
	mu    sync.Mutex
	limit int
	used  map[string][]quotaStamp // account -> its pushes in the window, oldest first
}

type quotaStamp struct {
	at time.Time
	n  int
}

func newMutationQuota(limit int) *mutationQuota {
	return &mutationQuota{limit: limit, used: map[string][]quotaStamp{}}
}

// prune drops the account's stamps older than the window and returns the rest
// and their sum; the caller holds mu.
func (q *mutationQuota) prune(account string, now time.Time) ([]quotaStamp, int) {
	st := q.used[account]
	i := 0
	for i < len(st) && !now.Before(st[i].at.Add(mutationWindow)) {
		i++
	}
	st = st[i:]
	if len(st) == 0 {
		delete(q.used, account)
		return nil, 0
	}
	q.used[account] = st
	sum := 0
	for _, s := range st {
		sum += s.n
	}
	return st, sum
}

// take charges up to n mutations to account and returns how many it may apply
// now (0..n); with 0, wait is when the oldest counted push leaves the window.
func (q *mutationQuota) take(account string, n int, now time.Time) (allowed int, wait time.Duration) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.used) >= throttleSweepEntries {
		for acc := range q.used {
			q.prune(acc, now)
		}
	}
	st, sum := q.prune(account, now)
	allowed = min(n, q.limit-sum)
	if allowed <= 0 {
		return 0, st[0].at.Add(mutationWindow).Sub(now)
	}
	q.used[account] = append(st, quotaStamp{at: now, n: allowed})
	return allowed, 0
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
