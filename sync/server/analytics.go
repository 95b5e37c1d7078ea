package server

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"

	"iescp/backend/domain"
	"iescp/backend/predict"
	"iescp/backend/statsjob"
	"iescp/sync/protocol"
)

// analyticsRefreshPath retrains the analytics on demand (admins only).
const analyticsRefreshPath = "/v1/admin/analytics/refresh"

// DefaultAnalyticsSchedule runs the analytics refresh once a day, at midnight UTC.
const DefaultAnalyticsSchedule = "@daily"

func (s *Server) analyticsRoutes() {
	s.mux.HandleFunc("POST "+analyticsRefreshPath, s.requireUser(s.handleAnalyticsRefresh))
}

// RefreshAnalytics is the server's analytics job (backend/statsjob, docs/analytics.md
// "The server's job"): it computes every influencer's stats and trains a new model
// on a read snapshot and finds the stats rows that changed, outside the write lock
// (pushes go on meanwhile), then writes those rows in batches of refreshBatch, the
// model with the last, each batch under the group-commit leader's lock in a
// transaction stamped with a new version, committed and poked, so desktops receive
// them through the ordinary pull. One refresh runs at a time across the whole
// fleet (lockAnalytics): another asked meanwhile, on this instance or any other
// on the same database, is refused with busy. The clock is Config.Now.
func (s *Server) RefreshAnalytics(ctx context.Context) (protocol.AnalyticsRefresh, error) {
	if !s.analyticsMu.TryLock() {
		return protocol.AnalyticsRefresh{}, errRefreshBusy()
	}
	defer s.analyticsMu.Unlock()
	unlock, err := s.lockAnalytics(ctx)
	if err != nil {
		return protocol.AnalyticsRefresh{}, err
	}
	defer unlock()
	if refreshClaimed != nil {
		refreshClaimed()
	}
	start := time.Now()
	rtx, err := s.db.R.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return protocol.AnalyticsRefresh{}, fmt.Errorf("server: analytics: %w", err)
	}
	res, err := statsjob.ComputeWith(ctx, rtx, s.cfg.Now(), statsjob.Options{TrainTimeout: s.cfg.AnalyticsTrainTimeout})
	_ = rtx.Rollback() // read only: nothing to keep
	if err != nil {
		return protocol.AnalyticsRefresh{}, fmt.Errorf("server: analytics: %w", err)
	}

	// Only this job writes influencer_stats, so what changed is found outside the lock.
	changed, err := statsjob.Diff(ctx, s.db.R, res)
	if err != nil {
		return protocol.AnalyticsRefresh{}, fmt.Errorf("server: analytics: %w", err)
	}
	for lo := 0; ; lo += refreshBatch {
		hi := min(lo+refreshBatch, len(changed))
		last := hi == len(changed)
		var model *predict.Model
		if last {
			model = res.Model
		}
		if err := s.writeAnalytics(ctx, changed[lo:hi], model); err != nil {
			return protocol.AnalyticsRefresh{}, err
		}
		if last {
			break
		}
	}
	out := refreshAnswer(res, statsjob.Written{StatsChanged: len(changed), Model: res.Model != nil})
	out.Seconds = time.Since(start).Seconds()
	return out, nil
}

func errRefreshBusy() error {
	return domain.Errorf(domain.CodeBusy, "an analytics refresh is already running")
}

// refreshClaimed, when a test sets it, runs once a refresh holds the fleet's claim.
var refreshClaimed func()

// analyticsLock is the PostgreSQL advisory lock a refresh holds for as long as it
// runs (beside backend/store's write and migrate locks, 7_305_531_001 and _002).
const analyticsLock = 7_305_531_003

// lockAnalytics claims the one analytics refresh of the fleet, or answers busy
// when another instance (or this one) runs it. On PostgreSQL the claim is a
// session advisory lock taken with pg_try_advisory_lock on a connection of its
// own, outside the pool: closing that connection (unlock, or the process dying)
// releases it, so a killed instance never leaves the refresh claimed. On SQLite
// the claim is an exclusive flock(2) on the file <database>-analytics.lock: the
// processes (or Servers) that share the database file share the lock, and the
// kernel drops it with the process.
func (s *Server) lockAnalytics(ctx context.Context) (func(), error) {
	if s.db.IsPostgres() {
		conn, err := pgx.Connect(ctx, s.db.DSN)
		if err != nil {
			return nil, fmt.Errorf("server: analytics: lock connection: %w", err)
		}
		closeConn := func() {
			cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = conn.Close(cctx) // the session's end releases its lock, soon after
		}
		var got bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, int64(analyticsLock)).Scan(&got); err != nil {
			closeConn()
			return nil, fmt.Errorf("server: analytics: lock: %w", err)
		}
		if !got {
			closeConn()
			return nil, errRefreshBusy()
		}
		return func() {
			// Unlocked at once, so the next refresh asked right after this one's
			// answer finds it free (a closing session releases its locks a moment
			// after the client has gone); should that fail, closing releases it.
			uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_, _ = conn.Exec(uctx, `SELECT pg_advisory_unlock($1)`, int64(analyticsLock))
			closeConn()
		}, nil
	}
	if s.db.Path == "" {
		return func() {}, nil // no file to share: this Server's mutex is the whole claim
	}
	return flockAnalytics(s.db.Path + "-analytics.lock")
}

// refreshBatch is how many stats rows one write transaction of a refresh carries:
// the push lock is taken per batch, so pushes go on between them (a first refresh at
// 100,000 influencers would otherwise hold it for ~40 s; docs/benchmarks.md).
var refreshBatch = 2000

// writeAnalytics writes one batch of a refresh (the model with the last) under the
// group-commit leader's lock, in a transaction stamped with a new version, and pokes.
func (s *Server) writeAnalytics(ctx context.Context, rows []domain.InfluencerStats, model *predict.Model) error {
	if len(rows) == 0 && model == nil {
		return nil
	}
	s.pushMu.Lock()
	defer s.pushMu.Unlock()
	tx, err := s.db.BeginWrite(ctx)
	if err != nil {
		return fmt.Errorf("server: analytics: %w", err)
	}
	defer tx.Rollback()
	var version int64
	if err := tx.GetContext(ctx, &version, `UPDATE sync_meta SET version = version + 1 WHERE id = 1 RETURNING version`); err != nil {
		return fmt.Errorf("server: analytics: %w", err)
	}
	if err := statsjob.WriteStats(ctx, tx, rows); err != nil {
		return fmt.Errorf("server: analytics: %w", err)
	}
	if model != nil {
		if err := statsjob.WriteModel(ctx, tx, model); err != nil {
			return fmt.Errorf("server: analytics: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("server: analytics: %w", err)
	}
	s.pokeAfter(ctx, version)
	return nil
}

func refreshAnswer(res statsjob.Result, w statsjob.Written) protocol.AnalyticsRefresh {
	out := protocol.AnalyticsRefresh{Influencers: len(res.Stats), StatsChanged: w.StatsChanged, ModelError: res.ModelErr}
	if m := res.Model; m != nil {
		at := m.TrainedAt.UTC()
		out.ModelVersion, out.TrainedAt, out.Rows = int64(m.Version), &at, int64(m.Rows)
		out.ER, out.Views = comparison(m.Metrics.ER), comparison(m.Metrics.Views)
	}
	return out
}

func comparison(c predict.Comparison) protocol.AnalyticsComparison {
	metric := func(m predict.Metric) protocol.AnalyticsMetric { return protocol.AnalyticsMetric{MAE: m.MAE, R2: m.R2} }
	return protocol.AnalyticsComparison{Rows: c.Rows, Model: metric(c.Model), TierMedian: metric(c.TierMedian), OwnMean: metric(c.OwnMean)}
}

func (s *Server) handleAnalyticsRefresh(w http.ResponseWriter, r *http.Request, accountID string) {
	role, err := s.moneyRole(r.Context(), accountID)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if role != domain.RoleAdmin {
		// Not a route others may know of: answered as if it did not exist.
		s.writeErr(w, r, domain.Errorf(domain.CodeNotFound, "not found"))
		return
	}
	out, err := s.RefreshAnalytics(r.Context())
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	s.log.Info("analytics refresh", "by", accountID, "model_version", out.ModelVersion, "influencers", out.Influencers,
		"stats_changed", out.StatsChanged, "seconds", out.Seconds)
	writeJSON(w, http.StatusOK, out)
}
