package server

import (
	"context"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"

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
	tx, err := s.db.W.BeginTxx(ctx, nil)
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
func CheckAutoAcceptSchedule(spec string) error {
	if spec == "" || spec == "off" {
		return nil
	}
	if _, err := cron.ParseStandard(spec); err != nil {
		return fmt.Errorf("auto-accept schedule %q: %w", spec, err)
	}
	return nil
}

// startJobs schedules the server's jobs with robfig/cron (UTC), from Listen: a
// server that only hands out its Handler (tests) runs them by hand. The clock the
// jobs read is Config.Now; cron only says when to look.
func (s *Server) startJobs() error {
	spec := s.cfg.AutoAcceptSchedule
	if spec == "" {
		spec = DefaultAutoAcceptSchedule
	}
	if spec == "off" {
		return nil
	}
	c := cron.New(cron.WithLocation(time.UTC))
	if _, err := c.AddFunc(spec, func() {
		n, err := s.AutoAccept(context.Background())
		if err != nil {
			s.log.Error("auto-accept failed", "err", err)
			return
		}
		s.log.Info("auto-accept", "accepted", n)
	}); err != nil {
		return fmt.Errorf("server: auto-accept schedule %q: %w", spec, err)
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
