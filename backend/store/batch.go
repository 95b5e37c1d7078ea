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
// batches (ExecBatch, GetThen).
func (s *Store) BeginWriteTx(ctx context.Context) (*WriteTx, error) {
	conn, err := s.W.Connx(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: begin: %w", err)
	}
	tx, err := conn.BeginTxx(ctx, nil)
	if err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("store: begin: %w", err)
	}
	if err := s.lockWrites(ctx, tx); err != nil {
		_ = conn.Close()
		return nil, err
	}
	return &WriteTx{Tx: tx, conn: conn, dialect: s.Dialect}, nil
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

// Read is one row GetAfter reads: Query with Args, its columns scanned into Dest
// (one pointer a column, as Scan). NoRow is set when the query found none.
type Read struct {
	Query string
	Args  []any
	Dest  []any
	NoRow bool
}

// GetAfter runs b's statements and then the reads, in order: one round trip on
// PostgreSQL. b is emptied. The first error is returned, the batch's before the
// reads'; a read that finds no row is not an error (its NoRow is set).
func (w *WriteTx) GetAfter(ctx context.Context, b *Batch, reads ...*Read) error {
	defer b.Reset()
	if w.dialect != Postgres {
		for i, s := range b.qs {
			if _, err := w.ExecContext(ctx, s, b.args[i]...); err != nil {
				return err
			}
		}
		for _, r := range reads {
			if err := r.scan(w.QueryRowxContext(ctx, r.Query, r.Args...).Scan(r.Dest...)); err != nil {
				return err
			}
		}
		return nil
	}
	if len(reads) == 0 && len(b.qs) == 0 {
		return nil
	}
	return w.conn.Raw(func(dc any) error {
		c, ok := dc.(*qmarkConn)
		if !ok {
			return fmt.Errorf("store: batch on a %T connection", dc)
		}
		var pb pgx.Batch
		for i, s := range b.qs {
			pb.Queue(Rebind(s), pgArgs(b.args[i])...)
		}
		for _, r := range reads {
			pb.Queue(Rebind(r.Query), pgArgs(r.Args)...)
		}
		br := c.Conn.Conn().SendBatch(ctx, &pb)
		var first error
		for range b.qs {
			if _, err := br.Exec(); err != nil && first == nil {
				first = err
			}
		}
		for _, r := range reads {
			if err := r.scan(br.QueryRow().Scan(r.Dest...)); err != nil && first == nil {
				first = err
			}
		}
		if err := br.Close(); err != nil && first == nil {
			first = err
		}
		return first
	})
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
