package client

import (
	"context"
	"time"

	"iescp/backend/store"
	"iescp/sync/protocol"
)

// ApplyRound applies hand-made pages of one incremental pull round.
func ApplyRound(ctx context.Context, db *store.Store, accountID string, pages []*protocol.PullResponse, now time.Time) error {
	return applyRound(ctx, db, accountID, false, false, pages, now, nil)
}

// SetTiming replaces an engine's jitter source and its waits (before Start):
// after receives the kind of wait (WaitSync, WaitStream, WaitPush) and its duration.
func SetTiming(e *Engine, jitter func(n int64) int64, after func(kind string, d time.Duration) <-chan time.Time) {
	e.jitter, e.after = jitter, after
}

// The kinds of waits and the delays of the backoffs.
const (
	WaitSync        = waitSync
	WaitStream      = waitStream
	WaitPush        = waitPush
	SyncRetryMin    = syncRetryMin
	SyncRetryBase   = syncRetryBase
	StreamRetryMin  = streamRetryMin
	StreamRetryBase = streamRetryBase
	StreamRetryCap  = streamRetryCap
)

// SetStreamSilence sets how long an event stream may carry nothing before the
// engine takes it for dead (before Start).
func SetStreamSilence(e *Engine, d time.Duration) { e.silence = d }

// DropIdleConnections forgets an engine's kept-alive connections, as a desktop
// whose network went away has none: a test that stops its server calls it so the
// next push cannot pick a pooled connection whose close the client has not read
// yet (that push would count as sent, rightly, since its bytes left).
func DropIdleConnections(e *Engine) { e.http.GetClient().CloseIdleConnections() }

// SnapshotOutcome tells whether the engine's first download came from a snapshot,
// and the last failure that made it fall back to the row-by-row download.
func (e *Engine) SnapshotOutcome() (used bool, failure error) {
	if p := e.snapshotErr.Load(); p != nil {
		failure = *p
	}
	return e.snapshotUsed.Load(), failure
}
