package store

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// A PostgreSQL connection can hold work back for its next round trip: what a
// serialised writer such as the push's group commit waits on is round trips, not
// statements. Three kinds of work wait on a connection (qmarkConn.pending):
//
//   - the BEGIN of a transaction (BeginTx sends nothing: the transaction starts
//     with its first statement, in the same message);
//   - statements whose only answer is success (WriteTx.Defer);
//   - expectations: reads that must find exactly the row an earlier read found
//     (WriteTx.Expect), so a caller may act on what it read ahead and learn, in
//     the round trip that carries its next statement, whether that still held.
//
// Whatever waits is sent, in order, ahead of the connection's next statement
// executed (ExecContext, a WriteTx batch, the COMMIT) in one pipeline. A query
// (QueryContext, a prepared statement) sends it first on its own, then runs as
// always: rows are read through pgx's database/sql adapter unchanged.
//
// A failure of work held back fails the call that sent it (DeferredError, and
// WriteTx.DeferredErr remembers it); an expectation that no longer holds makes
// that call fail with ErrStale after its statement ran (the caller undoes it: it
// acted on a stale read) and is remembered until WriteTx.Settle reports it.

// ErrStale is returned by the call whose round trip found that a row read ahead
// (WriteTx.Expect) had changed. That call's own statement did run.
var ErrStale = errors.New("store: a row read ahead has changed")

// DeferredError is the failure of work a connection held back (a deferred
// statement, the BEGIN), reported by the call that sent it.
type DeferredError struct{ Err error }

func (e *DeferredError) Error() string { return "store: deferred statement: " + e.Err.Error() }
func (e *DeferredError) Unwrap() error { return e.Err }

// pgItem is one piece of work held back: a statement (rebound, arguments as pgx
// takes them), or, with expect set, a read and the row it must find. A statement
// a speculating transaction held back (pgspec.go) may also name the rows it must
// change (want, with checkRows) or the result its caller holds (res).
type pgItem struct {
	q         string
	args      []any
	expect    *expectation
	want      int64
	checkRows bool
	res       *lazyResult
	read      *Read // a read held back (WriteTx.Lock): its row is scanned when sent
	assert    bool  // fails on the server when what the caller relied on did not hold (pgspec.go)
}

// expectation is the row a read found: its columns as PostgreSQL sent them, or
// no row at all.
type expectation struct {
	raw   [][]byte
	noRow bool
}

// roundTrip sends what the connection holds back, then what queue adds, in one
// pipeline; results reads queue's results. The first error wins: held-back work's
// as a DeferredError, then results', then ErrStale when an expectation failed.
func (c *qmarkConn) roundTrip(ctx context.Context, queue func(*pgx.Batch), results func(pgx.BatchResults) error) error {
	if c.Conn.Conn().IsClosed() {
		return driver.ErrBadConn
	}
	items := c.pending
	c.pending = nil
	var pb pgx.Batch
	for _, it := range items {
		pb.Queue(it.q, it.args...)
	}
	if queue != nil {
		queue(&pb)
	}
	br := c.Conn.Conn().SendBatch(ctx, &pb)
	var first error
	stale := false
	// failed is the failure of an assertion: every answer after it in the
	// pipeline is that failure again (the server skipped the rest), not an error.
	var failed error
	after := func(err error) error {
		if failed != nil && errors.Is(err, failed) {
			return nil
		}
		return err
	}
	for _, it := range items {
		ok, err := it.result(br)
		if !ok && it.assert {
			failed, err = err, nil
		}
		if err = after(err); err != nil && first == nil {
			first = &DeferredError{Err: err}
			c.deferredErr = first
		}
		stale = stale || !ok
	}
	if results != nil {
		if err := after(results(br)); err != nil && first == nil {
			first = err
		}
	}
	if err := after(br.Close()); err != nil && first == nil {
		first = err
	}
	if stale {
		c.stale = true
		if first == nil {
			first = ErrStale
		}
	}
	if c.spec && first != nil {
		c.specBad = true
	}
	return first
}

// result reads one held-back item's answer: ok is false when an expectation found
// a different row.
func (it pgItem) result(br pgx.BatchResults) (ok bool, err error) {
	if it.read != nil {
		return true, it.read.read(br)
	}
	if it.assert {
		_, err := br.Exec()
		return !assertionFailed(err), err
	}
	if it.expect == nil {
		tag, err := br.Exec()
		if it.res != nil {
			it.res.set(tag, err)
		}
		return err != nil || !it.checkRows || tag.RowsAffected() == it.want, err
	}
	rows, err := br.Query()
	if err != nil {
		return true, err
	}
	defer rows.Close()
	if !rows.Next() {
		return it.expect.noRow, rows.Err()
	}
	got := rows.RawValues()
	if it.expect.noRow || len(got) != len(it.expect.raw) {
		return false, nil
	}
	for i := range got {
		if (got[i] == nil) != (it.expect.raw[i] == nil) || !bytes.Equal(got[i], it.expect.raw[i]) {
			return false, nil
		}
	}
	return true, nil
}

// flush sends what the connection holds back, if anything, on its own.
func (c *qmarkConn) flush(ctx context.Context) error {
	if len(c.pending) == 0 {
		return nil
	}
	return c.roundTrip(ctx, nil, nil)
}

// hasExpectations reports whether an expectation (or a statement's count of rows
// a speculating caller relied on) is still to be sent.
func (c *qmarkConn) hasExpectations() bool {
	for _, it := range c.pending {
		if it.expect != nil || it.checkRows {
			return true
		}
	}
	return false
}

// beginSQL is the BEGIN that opts asks for, when it is one PostgreSQL speaks
// without pgx's help (ok false: let pgx begin it, at once).
func beginSQL(opts driver.TxOptions) (q string, ok bool) {
	q = "begin"
	switch sql.IsolationLevel(opts.Isolation) {
	case sql.LevelDefault:
	case sql.LevelReadCommitted:
		q += " isolation level read committed"
	case sql.LevelRepeatableRead:
		q += " isolation level repeatable read"
	case sql.LevelSerializable:
		q += " isolation level serializable"
	default:
		return "", false
	}
	if opts.ReadOnly {
		q += " read only"
	}
	return q, true
}

// BeginTx begins a transaction that starts on PostgreSQL with its first
// statement: the BEGIN waits on the connection (roundTrip).
func (c *qmarkConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	// A new transaction: nothing of the last one's (its Commit or Rollback dropped
	// what it held back; this is only the belt to those braces).
	c.pending, c.stale, c.deferredErr, c.spec, c.specBad = nil, false, nil, false, false
	q, ok := beginSQL(opts)
	if !ok {
		return c.Conn.BeginTx(ctx, opts)
	}
	if c.Conn.Conn().IsClosed() {
		return nil, driver.ErrBadConn
	}
	c.pending, c.opening = []pgItem{{q: q}}, 1
	return &pgTx{c: c, ctx: ctx}, nil
}

// pgTx is a transaction begun by qmarkConn.BeginTx.
type pgTx struct {
	c   *qmarkConn
	ctx context.Context
}

// open reports whether PostgreSQL has the transaction open (its BEGIN was sent).
func (c *qmarkConn) open() bool { return c.Conn.Conn().PgConn().TxStatus() != 'I' }

// Commit sends what is held back with the COMMIT. Expectations still held back
// are settled first: a commit is never answered ErrStale after it happened.
func (t *pgTx) Commit() error {
	c := t.c
	defer c.endSpeculation()
	if !c.open() && len(c.pending) == c.opening { // only the BEGIN: nothing was ever sent
		c.pending = nil
		return nil
	}
	if c.hasExpectations() {
		if err := c.flush(t.ctx); err != nil {
			return errors.Join(err, t.Rollback())
		}
	}
	if c.specBad { // a speculation failed (WriteTx.Confirm would have said so)
		return errors.Join(ErrStale, t.Rollback())
	}
	var tag pgconn.CommandTag
	err := c.roundTrip(t.ctx, func(b *pgx.Batch) { b.Queue("commit") }, func(br pgx.BatchResults) error {
		var err error
		tag, err = br.Exec()
		return err
	})
	if err == nil && tag.String() == "ROLLBACK" { // the transaction had failed: PostgreSQL rolled it back
		err = pgx.ErrTxCommitRollback
	}
	if err != nil && c.open() {
		_, _ = c.Conn.Conn().Exec(context.Background(), "rollback")
	}
	return err
}

// Rollback drops what is held back and rolls back what PostgreSQL has.
func (t *pgTx) Rollback() error {
	c := t.c
	defer c.endSpeculation()
	c.pending = nil
	if !c.open() {
		return nil
	}
	_, err := c.Conn.Conn().Exec(t.ctx, "rollback")
	return err
}

// namedArgs are database/sql's arguments as pgx takes them.
func namedArgs(args []driver.NamedValue) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a.Value
	}
	return out
}
