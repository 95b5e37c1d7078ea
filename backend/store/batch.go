package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jmoiron/sqlx"
)

// Batch is a list of statements that return no rows, run together in the order
// they were added (WriteTx.ExecBatch). On PostgreSQL they travel as one pipeline
// (pgx.Batch, prepared statements cached per connection): one round trip instead
// of one a statement, which is what a serialised writer such as the push's group
// commit waits on. On SQLite, an in-process library, they run one after another.
// Statements use the house SQL (`?` placeholders); the first failing one fails
// the batch (the transaction is then in error, as after any failed statement).
type Batch struct {
	qs   []string
	args [][]any
}

// Add queues a statement.
func (b *Batch) Add(q string, args ...any) {
	b.qs = append(b.qs, q)
	b.args = append(b.args, args)
}

// Len is the number of statements queued.
func (b *Batch) Len() int { return len(b.qs) }

// Reset empties the batch for reuse.
func (b *Batch) Reset() { b.qs, b.args = b.qs[:0], b.args[:0] }

// WriteTx is a write transaction (BeginWrite's) on a connection of its own, so
// that batches can use the connection's pipeline. Commit or Rollback ends both.
type WriteTx struct {
	*sqlx.Tx
	conn    *sqlx.Conn
	dialect Dialect
}

// BeginWriteTx begins a write transaction as BeginWrite does, able to run
// batches (ExecBatch, GetAfter) and to hold work back (Defer, Expect). On
// PostgreSQL it sends nothing yet: the BEGIN and the fleet-wide write lock travel
// with the transaction's first statement.
func (s *Store) BeginWriteTx(ctx context.Context) (*WriteTx, error) {
	w, err := s.beginWriteTx(ctx)
	if err != nil || s.Dialect != Postgres {
		return w, err
	}
	if err := w.Lock(ctx); err != nil {
		_ = w.Rollback()
		return nil, err
	}
	return w, nil
}

func (s *Store) beginWriteTx(ctx context.Context) (*WriteTx, error) {
	conn, err := s.W.Connx(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: begin: %w", err)
	}
	tx, err := conn.BeginTxx(ctx, nil)
	if err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("store: begin: %w", err)
	}
	w := &WriteTx{Tx: tx, conn: conn, dialect: s.Dialect}
	if s.Dialect == Postgres {
		// A write transaction's statements find rows by their keys, and are run
		// again and again with other values (a push's reads, its assertions and
		// bookkeeping, the mutators'). PostgreSQL plans such a statement anew at
		// every run while it guesses that a plan for the values at hand may be
		// cheaper than the generic one, which the more complex of them never stop
		// doing: planning then costs as much as running, inside the fleet-wide
		// write lock. In a write transaction the statements take the plan made once
		// for any values (with BEGIN: no round trip of its own).
		_ = w.pg(func(c *qmarkConn) error {
			c.pending = append(c.pending, pgItem{q: `SET LOCAL plan_cache_mode = force_generic_plan`})
			c.opening++
			return nil
		})
	}
	return w, nil
}

// Commit commits and gives the connection back.
func (w *WriteTx) Commit() error {
	err := w.Tx.Commit()
	if err != nil && w.dialect != Postgres && !errors.Is(err, sql.ErrTxDone) {
		// As Write: a failed COMMIT can leave SQLite's transaction open on the writer.
		_, _ = w.conn.ExecContext(context.Background(), `ROLLBACK`)
	}
	_ = w.conn.Close()
	if err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// Rollback rolls back (if still open) and gives the connection back.
func (w *WriteTx) Rollback() error {
	err := w.Tx.Rollback()
	_ = w.conn.Close()
	return err
}

// ExecBatch runs b's statements in the transaction and empties b.
func (w *WriteTx) ExecBatch(ctx context.Context, b *Batch) error { return w.GetAfter(ctx, b) }

// Pipelined reports whether the transaction can hold work back for a later round
// trip (PostgreSQL). On SQLite, an in-process library, Defer runs at once.
func (w *WriteTx) Pipelined() bool { return w.dialect == Postgres }

// Defer hands b's statements to the transaction and empties b. On PostgreSQL they
// are held back and travel ahead of the transaction's next statement (a batch, an
// Exec of a mutator, the COMMIT); the call that sends them fails if one of them
// does (a DeferredError, remembered by DeferredErr). On SQLite they run now.
func (w *WriteTx) Defer(ctx context.Context, b *Batch) error {
	if w.dialect != Postgres {
		return w.ExecBatch(ctx, b)
	}
	defer b.Reset()
	return w.pg(func(c *qmarkConn) error {
		for i, q := range b.qs {
			c.pending = append(c.pending, pgItem{q: Rebind(q), args: pgArgs(b.args[i])})
		}
		return nil
	})
}

// Expect holds back each read r (read before by GetAfter with Keep set) as an
// expectation that it finds the same row again, or no row again, at its place
// among the transaction's statements. The round trip that carries it fails with
// ErrStale when one does not, and Settle reports it. PostgreSQL only: on SQLite
// nothing runs between a read and the statements after it.
func (w *WriteTx) Expect(rs ...*Read) error {
	if w.dialect != Postgres {
		return errors.New("store: Expect is for PostgreSQL transactions")
	}
	return w.pg(func(c *qmarkConn) error {
		var onServer []*Read // checked on the server, in one statement (pgspec.go)
		defer func() {
			if len(onServer) > 0 {
				c.pending = append(c.pending, assertion(onServer))
			}
		}()
		for _, r := range rs {
			if !r.Keep {
				return fmt.Errorf("store: Expect of a read that kept no row: %.60s", r.Query)
			}
			if r.fingerprinted {
				onServer = append(onServer, r)
				continue
			}
			c.pending = append(c.pending, pgItem{q: Rebind(r.Query), args: pgArgs(r.Args),
				expect: &expectation{raw: r.raw, noRow: r.NoRow}})
		}
		return nil
	})
}

// Settle sends the expectations still held back (with whatever waits before them)
// and reports whether any expectation failed since the last Settle. On SQLite it
// reports false; in a speculating transaction it sends nothing and reports false
// (Confirm answers for every expectation).
func (w *WriteTx) Settle(ctx context.Context) (stale bool, err error) {
	if w.dialect != Postgres {
		return false, nil
	}
	err = w.pg(func(c *qmarkConn) error {
		if c.spec {
			return nil
		}
		var err error
		if c.hasExpectations() {
			err = c.flush(ctx)
		}
		stale, c.stale = c.stale, false
		return err
	})
	if errors.Is(err, ErrStale) {
		err = nil
	}
	return stale, err
}

// DeferredErr is the first failure of work the transaction held back (nil on
// SQLite, where nothing is held back).
func (w *WriteTx) DeferredErr() error {
	if w.dialect != Postgres {
		return nil
	}
	var out error
	_ = w.pg(func(c *qmarkConn) error { out = c.deferredErr; return nil })
	return out
}

// pg runs fn with the transaction's PostgreSQL connection.
func (w *WriteTx) pg(fn func(c *qmarkConn) error) error {
	return w.conn.Raw(func(dc any) error {
		c, ok := dc.(*qmarkConn)
		if !ok {
			return fmt.Errorf("store: batch on a %T connection", dc)
		}
		return fn(c)
	})
}

// Read is one row GetAfter reads: Query with Args, its columns scanned into Dest
// (one pointer a column, as Scan). NoRow is set when the query found none. With
// Keep, the row is also kept as PostgreSQL sent it, for Expect.
type Read struct {
	Query string
	Args  []any
	Dest  []any
	NoRow bool
	Keep  bool
	raw   [][]byte
	// fingerprinted: read in a speculating transaction, the row also came back as
	// PostgreSQL's text of it (fp, NULL for no row), which its expectation checks
	// on the server (pgspec.go).
	fingerprinted bool
	fp            sql.NullString
	parts         []*Read // a joined read's (JoinReads)
}

// sql is r's query as sent: rebound, and with the row's text after its columns
// when fingerprinted.
func (r *Read) sql() string {
	if r.fingerprinted {
		return memoSQL(memoKey{"fingerprint", r.Query}, func() string {
			return `SELECT q.*, q::text FROM (` + Rebind(r.Query) + `) AS q`
		})
	}
	return Rebind(r.Query)
}

// GetAfter runs what the transaction holds back, b's statements and then the
// reads, in order: one round trip on PostgreSQL. b is emptied. The first error is
// returned, the batch's before the reads'; a read that finds no row is not an
// error (its NoRow is set).
func (w *WriteTx) GetAfter(ctx context.Context, b *Batch, reads ...*Read) error {
	defer b.Reset()
	if w.dialect != Postgres {
		for i, s := range b.qs {
			if _, err := w.ExecContext(ctx, s, b.args[i]...); err != nil {
				return err
			}
		}
		for _, r := range reads {
			parts := []*Read{r}
			if r.parts != nil {
				parts = r.parts
			}
			for _, r := range parts {
				if err := r.scan(w.QueryRowxContext(ctx, r.Query, r.Args...).Scan(r.Dest...)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return w.pg(func(c *qmarkConn) error {
		if len(reads) == 0 && len(b.qs) == 0 && len(c.pending) == 0 {
			return nil
		}
		return c.roundTrip(ctx, func(pb *pgx.Batch) {
			for i, s := range b.qs {
				pb.Queue(Rebind(s), pgArgs(b.args[i])...)
			}
			for _, r := range reads {
				if r.parts != nil {
					for _, p := range r.parts {
						p.fingerprinted = c.spec && p.Keep
					}
					pb.Queue(r.joinedSQL(), r.joinedArgs()...)
					continue
				}
				r.fingerprinted = c.spec && r.Keep
				pb.Queue(r.sql(), pgArgs(r.Args)...)
			}
		}, func(br pgx.BatchResults) error {
			var first error
			for range b.qs {
				if _, err := br.Exec(); err != nil && first == nil {
					first = err
				}
			}
			for _, r := range reads {
				if err := r.read(br); err != nil && first == nil {
					first = err
				}
			}
			return first
		})
	})
}

// read reads r's row from a pipeline's results, keeping it as sent when r.Keep.
func (r *Read) read(br pgx.BatchResults) error {
	if r.parts != nil {
		return r.readJoined(br)
	}
	rows, err := br.Query()
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		r.NoRow, r.raw, r.fp = true, nil, sql.NullString{}
		return rows.Err()
	}
	r.NoRow = false
	if r.Keep {
		got := rows.RawValues()
		r.raw = make([][]byte, len(got))
		for i, v := range got {
			if v != nil {
				r.raw[i] = append([]byte{}, v...)
			}
		}
	}
	dest := r.Dest
	if r.fingerprinted {
		dest = append(dest[:len(dest):len(dest)], &r.fp)
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	rows.Close()
	return rows.Err()
}

// scan records a read's outcome: no row sets NoRow, any other error is returned.
func (r *Read) scan(err error) error {
	r.NoRow = errors.Is(err, sql.ErrNoRows) || errors.Is(err, pgx.ErrNoRows)
	if r.NoRow {
		return nil
	}
	return err
}

// pgArgs hands arguments to pgx as the qmark driver would: booleans as 0/1.
func pgArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i], _ = intBool(a)
	}
	return out
}
