package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgxlisten"
	"github.com/jmoiron/sqlx"
)

// Several iescp-sync instances may serve one PostgreSQL database behind a load
// balancer (docs/operations.md). Everything a request needs is in the database;
// what an instance holds in memory is its own event streams. A commit on one
// instance must poke the streams on all of them: each instance announces the
// versions it commits on the PostgreSQL channel pokeChannel (NOTIFY), and every
// instance LISTENs (jackc/pgxlisten) and pokes its own streams for the versions
// the others committed, exactly as for its own (pokeAfter, the poker).

// pokeChannel is the NOTIFY channel; a payload is "<instance>:<version>".
const pokeChannel = "iescp_poke"

// announceSQL, the last statement of a transaction that bumped the version,
// announces it (args: pokeChannel, "<instance>:"). PostgreSQL delivers it with
// the commit, or not at all: the push's group commit announces itself this way,
// with no transaction of its own and nothing lost when the instance dies right
// after its commit. Other writers queue theirs for the announcer (pokeAfter).
const announceSQL = `SELECT pg_notify(?::text, ?::text || version::text) FROM sync_meta WHERE id = 1`

// fleet is an instance's part in the fleet: its identity, the announcer of its
// commits and the listener for the others'.
type fleet struct {
	id       string
	announce atomic.Int64  // the highest version still to announce (0: none)
	wake     chan struct{} // capacity 1: something to announce
	seen     atomic.Int64  // the highest version heard of (for a reconnect's backlog)
	ready    chan struct{} // closed when the listener first listens
	readyOne sync.Once
	cancel   context.CancelFunc
	done     sync.WaitGroup
}

// instanceID names this process among the fleet (job claims, announcements).
func instanceID() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// startFleet starts announcing and listening, on PostgreSQL only.
func (s *Server) startFleet() {
	if !s.db.IsPostgres() {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	f := &fleet{id: s.instance, wake: make(chan struct{}, 1), ready: make(chan struct{}), cancel: cancel}
	s.fleet = f
	f.done.Add(2)
	go func() {
		defer f.done.Done()
		s.announcer(ctx)
	}()
	l := &pgxlisten.Listener{
		Connect: func(ctx context.Context) (*pgx.Conn, error) { return pgx.Connect(ctx, s.db.DSN) },
		LogError: func(_ context.Context, err error) {
			if ctx.Err() == nil {
				s.log.Warn("fleet: listening for other instances' commits", "err", err)
			}
		},
		ReconnectDelay: time.Second,
	}
	l.Handle(pokeChannel, &pokeListener{s: s})
	go func() {
		defer f.done.Done()
		_ = l.Listen(ctx)
	}()
}

// stopFleet stops the announcer and the listener and waits for both.
func (s *Server) stopFleet() {
	if s.fleet == nil {
		return
	}
	s.fleet.cancel()
	s.fleet.done.Wait()
}

// Listening is closed once this instance hears the others' commits (at once on
// SQLite, which has no others): a test starts its fleet's clients after it.
func (s *Server) Listening() <-chan struct{} {
	if s.fleet == nil {
		c := make(chan struct{})
		close(c)
		return c
	}
	return s.fleet.ready
}

// announceCommit queues version v, just committed here, for the other instances.
// Announcements coalesce: a stream needs the newest version only.
func (f *fleet) announceCommit(v int64) {
	for {
		cur := f.announce.Load()
		if cur >= v || f.announce.CompareAndSwap(cur, v) {
			break
		}
	}
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// announcer sends the queued announcements, the newest version at a time.
func (s *Server) announcer(ctx context.Context) {
	f := s.fleet
	for {
		select {
		case <-ctx.Done():
			return
		case <-f.wake:
		}
		v := f.announce.Swap(0)
		if v == 0 {
			continue
		}
		if _, err := s.db.W.ExecContext(ctx, `SELECT pg_notify(?, ?)`, pokeChannel, f.id+":"+strconv.FormatInt(v, 10)); err != nil {
			if ctx.Err() != nil {
				return
			}
			// The others' streams learn of it at their next poke or reconnect's
			// backlog; say so, and keep going.
			s.log.Warn("fleet: announcing a commit", "version", v, "err", err)
		}
	}
}

// pokeListener turns the other instances' announcements into local pokes.
type pokeListener struct{ s *Server }

func (p *pokeListener) HandleNotification(_ context.Context, n *pgconn.Notification, _ *pgx.Conn) error {
	id, ver, ok := strings.Cut(n.Payload, ":")
	v, err := strconv.ParseInt(ver, 10, 64)
	if !ok || err != nil || v <= 0 {
		return fmt.Errorf("fleet: bad announcement %q", n.Payload)
	}
	f := p.s.fleet
	if id == f.id {
		return nil // our own: poked already
	}
	p.heard(v)
	return nil
}

// heard pokes for the versions up to v not heard of before.
func (p *pokeListener) heard(v int64) {
	f := p.s.fleet
	prev := f.seen.Load()
	for prev < v && !f.seen.CompareAndSwap(prev, v) {
		prev = f.seen.Load()
	}
	if prev >= v {
		return
	}
	if prev > 0 {
		p.s.queuePoke(prev + 1)
	}
	p.s.queuePoke(v)
}

// HandleBacklog runs on every (re)connect, after LISTEN: commits announced while
// this instance was not listening are poked for as one range, up to the current
// version (the poker reads who sees what from the database).
func (p *pokeListener) HandleBacklog(ctx context.Context, _ string, conn *pgx.Conn) error {
	f := p.s.fleet
	defer f.readyOne.Do(func() { close(f.ready) })
	var v int64
	if err := conn.QueryRow(ctx, `SELECT version FROM sync_meta WHERE id = 1`).Scan(&v); err != nil {
		return err
	}
	if f.seen.Load() == 0 {
		f.seen.Store(v) // the first connect: nothing was missed
		return nil
	}
	p.heard(v)
	return nil
}

// claimRun claims one tick of a scheduled job for this instance: several
// instances on one database run each tick once (job_runs' primary key decides).
// A tick is the scheduled minute in UTC. Claims older than 30 days are pruned.
func (s *Server) claimRun(ctx context.Context, job string, at time.Time) (bool, error) {
	tick := at.UTC().Truncate(time.Minute)
	var claimed bool
	err := s.db.Write(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM job_runs WHERE job = ? AND tick < ?`,
			job, tick.Add(-30*24*time.Hour).Format(time.RFC3339)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO job_runs (job, tick, instance, claimed_at) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, job, tick.Format(time.RFC3339), s.instance, s.cfg.Now().UTC())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		claimed = n == 1
		return err
	})
	if err != nil {
		return false, errors.Join(errors.New("server: claim "+job), err)
	}
	return claimed, nil
}
