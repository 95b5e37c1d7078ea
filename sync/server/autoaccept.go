package server

import (
	"context"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// DefaultAutoAcceptSchedule runs deliverable.autoAccept once a day, at midnight UTC.
const DefaultAutoAcceptSchedule = "@daily"

// AutoAccept is deliverable.autoAccept, the server's own change: it accepts every
// posted deliverable whose auto_accept_after date passed before the server's
// clock's day (Config.Now; mutate.AutoAcceptDue) in one write transaction stamped
// with a new version, as a push is, so the change reaches both parties through
// the ordinary pull and their event streams are poked. It returns how many it
// accepted; nothing to accept commits nothing.
func (s *Server) AutoAccept(ctx context.Context) (int, error) {
	// The group-commit leader's lock: versions are committed, and queued for
	// poking, in order.
	s.pushMu.Lock()
	defer s.pushMu.Unlock()
	tx, err := s.db.BeginWrite(ctx)
	if err != nil {
		return 0, fmt.Errorf("server: auto-accept: %w", err)
	}
	defer tx.Rollback()
	var version int64
	if err := tx.Get(&version, `UPDATE sync_meta SET version = version + 1 WHERE id = 1 RETURNING version`); err != nil {
		return 0, fmt.Errorf("server: auto-accept: %w", err)
	}
	n, err := mutate.AutoAcceptDue(tx, s.cfg.Now())
	if err != nil || n == 0 {
		return 0, err // the version bump is dropped with the rollback
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("server: auto-accept: %w", err)
	}
	s.pokeAfter(ctx, version)
	return n, nil
}

// CheckAutoAcceptSchedule refuses a schedule the server could not start with: a
// cron expression (five fields, or a descriptor such as @daily), "off", or "" for
// the default.
func CheckAutoAcceptSchedule(spec string) error { return checkSchedule("auto-accept", spec) }

// CheckAnalyticsSchedule is CheckAutoAcceptSchedule for Config.AnalyticsSchedule.
func CheckAnalyticsSchedule(spec string) error { return checkSchedule("analytics", spec) }

func checkSchedule(job, spec string) error {
	if spec == "" || spec == "off" {
		return nil
	}
	if _, err := cron.ParseStandard(spec); err != nil {
		return fmt.Errorf("%s schedule %q: %w", job, spec, err)
	}
	return nil
}

// startJobs schedules the server's jobs with robfig/cron (UTC), from Listen: a
// server that only hands out its Handler (tests) runs them by hand. The clock the
// jobs read is Config.Now; cron only says when to look. The jobs are
// deliverable.autoAccept (Config.AutoAcceptSchedule) and the analytics refresh
// (Config.AnalyticsSchedule, analytics.go).
func (s *Server) startJobs() error {
	c := cron.New(cron.WithLocation(time.UTC))
	jobs := 0
	add := func(name, spec, def string, run func()) error {
		if spec == "" {
			spec = def
		}
		if spec == "off" {
			return nil
		}
		// Each tick runs on one instance of a fleet (fleet.go claimRun).
		once := func() {
			claimed, err := s.claimRun(context.Background(), name, s.cfg.Now())
			if err != nil {
				s.log.Error("scheduled job: claim", "job", name, "err", err)
				return
			}
			if !claimed {
				s.log.Info("scheduled job ran on another instance", "job", name)
				return
			}
			run()
		}
		if _, err := c.AddFunc(spec, once); err != nil {
			return fmt.Errorf("server: %s schedule %q: %w", name, spec, err)
		}
		jobs++
		return nil
	}
	if err := add("auto-accept", s.cfg.AutoAcceptSchedule, DefaultAutoAcceptSchedule, func() {
		n, err := s.AutoAccept(context.Background())
		if err != nil {
			s.log.Error("auto-accept failed", "err", err)
			return
		}
		s.log.Info("auto-accept", "accepted", n)
	}); err != nil {
		return err
	}
	if err := add("analytics", s.cfg.AnalyticsSchedule, DefaultAnalyticsSchedule, s.scheduledAnalytics); err != nil {
		return err
	}
	if jobs == 0 {
		return nil
	}
	c.Start()
	s.cron = c
	return nil
}

// stopJobs stops the scheduler and waits for a running job to finish.
func (s *Server) stopJobs() {
	if s.cron != nil {
		<-s.cron.Stop().Done()
	}
}

// scheduledAnalytics is the analytics job's tick. A refresh an admin asked for may
// be running when it comes (on this instance or another): that is not a failure,
// the stats are being refreshed, so the tick says so and leaves it.
func (s *Server) scheduledAnalytics() {
	out, err := s.RefreshAnalytics(context.Background())
	if err != nil && domain.AsError(err).Code == domain.CodeBusy {
		s.log.Info("analytics refresh: already running, this tick leaves it", "by", "schedule")
		return
	}
	if err != nil {
		s.log.Error("analytics refresh failed", "err", err)
		return
	}
	s.log.Info("analytics refresh", "by", "schedule", "model_version", out.ModelVersion, "influencers", out.Influencers,
		"stats_changed", out.StatsChanged, "seconds", out.Seconds)
}
