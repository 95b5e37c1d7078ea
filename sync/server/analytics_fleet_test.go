package server

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store/pgtest"
)

// An analytics refresh runs once across the fleet: while one instance runs it, a
// refresh asked of another instance on the same database (or of the same one) is
// refused with busy, as a second one on a lone server always was; once it is done,
// any instance runs the next. Two Servers on one SQLite file or one PostgreSQL
// database.
func TestFleet_AnalyticsRefreshOnce(t *testing.T) {
	a := newEnv(t, Config{AnalyticsSchedule: "off"})
	b := a.twin(Config{AnalyticsSchedule: "off"})
	_, admin := a.account(domain.RoleAdmin)
	a.analyticsData(60, 20)

	// a's refresh is held once it has claimed the fleet's refresh.
	claimed, release := make(chan struct{}), make(chan struct{})
	refreshClaimed = func() {
		refreshClaimed = nil // the later refreshes run straight through
		close(claimed)
		<-release
	}
	var releaseOnce sync.Once
	free := func() { releaseOnce.Do(func() { close(release) }) }
	t.Cleanup(func() { refreshClaimed = nil; free() }) // a failed check must not leave the refresh held
	type answer struct {
		status int
		body   []byte
	}
	first := make(chan answer, 1)
	go func() {
		status, _, body := a.do(http.MethodPost, analyticsRefreshPath, admin, nil)
		first <- answer{status, body}
	}()
	select {
	case <-claimed:
	case <-time.After(wait):
		t.Fatal("the first refresh never claimed the fleet's refresh")
	}
	for _, e := range []*testEnv{b, a} {
		status, _, body := e.do(http.MethodPost, analyticsRefreshPath, admin, nil)
		e.wantError(status, body, http.StatusConflict, domain.CodeBusy)
	}
	free()
	got := <-first
	if got.status != http.StatusOK {
		t.Fatalf("the held refresh: %d %s", got.status, got.body)
	}
	if out := b.refreshAnalytics(admin); out.ModelVersion != 2 {
		t.Fatalf("b's refresh after a's: model version %d, want 2", out.ModelVersion)
	}
	if out := a.refreshAnalytics(admin); out.ModelVersion != 3 {
		t.Fatalf("a's refresh after b's: model version %d, want 3", out.ModelVersion)
	}
}

// The fleet's claim is released with its holder: dropped (on PostgreSQL the
// lock's session ends; on SQLite the lock file is closed), the refresh is free for
// the others. On PostgreSQL the holder's session is also killed from outside, as
// when its instance dies with SIGKILL: the claim goes with it.
func TestFleet_AnalyticsClaimReleased(t *testing.T) {
	a := newEnv(t, Config{AnalyticsSchedule: "off"})
	b := a.twin(Config{AnalyticsSchedule: "off"})
	_, admin := a.account(domain.RoleAdmin)
	a.analyticsData(60, 20)
	ctx := context.Background()
	unlock, err := a.s.lockAnalytics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.s.lockAnalytics(ctx); err == nil || domain.AsError(err).Code != domain.CodeBusy {
		t.Fatalf("a second claim: %v, want busy", err)
	}
	status, _, body := b.do(http.MethodPost, analyticsRefreshPath, admin, nil)
	b.wantError(status, body, http.StatusConflict, domain.CodeBusy)
	// The schedule's tick meeting a running refresh is not a failure.
	b.s.scheduledAnalytics()
	if logs := b.logs.String(); strings.Contains(logs, "analytics refresh failed") ||
		!strings.Contains(logs, "analytics refresh: already running") {
		t.Fatalf("the scheduled tick beside a running refresh logged:\n%s", logs)
	}
	unlock()
	if out := b.refreshAnalytics(admin); out.ModelVersion != 1 {
		t.Fatalf("the refresh after the claim's release: model version %d, want 1", out.ModelVersion)
	}
	if !pgtest.Enabled() {
		return
	}
	unlock, err = a.s.lockAnalytics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	// With a timeout pg_terminate_backend waits for the backend to be gone (its
	// locks with it), and is true only then.
	var killed int
	if err := a.s.db.W.GetContext(ctx, &killed, `SELECT COALESCE(SUM(CASE WHEN pg_terminate_backend(pid, 30000) THEN 1 END), 0) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND classid = ? AND objid = ?
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
		analyticsLock>>32, analyticsLock&0xffffffff); err != nil || killed != 1 {
		t.Fatalf("killing the claim's session: %d killed, %v", killed, err)
	}
	if out := b.refreshAnalytics(admin); out.ModelVersion != 2 {
		t.Fatalf("the refresh after the holder died: model version %d, want 2", out.ModelVersion)
	}
}
