package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// A speculating transaction (BeginSpeculation, PostgreSQL only) holds back every
// statement its callers execute, not only what they Defer: an Exec answers at
// once and its statement travels with the connection's next round trip. What a
// caller learns from such an Exec is a guess the transaction checks later:
//
//   - the rows it changed: a caller that acts on the count says which count it
//     relies on (WantRows) and is answered that count at once; a caller that does
//     not gets a result that sends what waits when it is asked for the count;
//   - its error: none, until the round trip that carries it.
//
// Every guess is checked on the server where it can be (assertions, at the end of
// this file), so the COMMIT travels with everything held back: when a guess did
// not hold or a statement failed, PostgreSQL skips the rest, the COMMIT too, and
// Commit answers ErrStale or a DeferredError with nothing committed. Confirm
// sends what waits without committing and reports whether every guess held so
// far. A speculation that did not hold is rolled back as a whole and done again
// without speculating. So a serialised writer that applies many units of work in
// one transaction, each on rows it read ahead, sends them all with its COMMIT
// when all goes as usual, and pays a round trip each only when it does not.

type wantRowsKey struct{}

// WantRows tells a speculating transaction's Exec that its caller relies on the
// statement changing n rows: it answers n at once, and Confirm checks it.
// Elsewhere the hint changes nothing.
func WantRows(ctx context.Context, n int64) context.Context {
	return context.WithValue(ctx, wantRowsKey{}, n)
}

// BeginSpeculation begins a write transaction that speculates and
// whose write lock waits for Lock: on PostgreSQL what it reads before Lock is
// read without the lock, and what it relies on of that must be checked under the
// lock (Expect). On SQLite it is BeginWriteTx (the lock is the transaction's).
func (s *Store) BeginSpeculation(ctx context.Context) (*WriteTx, error) {
	if s.Dialect != Postgres {
		return s.BeginWriteTx(ctx)
	}
	w, err := s.beginWriteTx(ctx)
	if err == nil {
		w.speculate()
	}
	return w, err
}

// Lock holds back the fleet-wide write lock and, after it, the reads rs: they
// travel with the transaction's next round trip, which scans their rows (NoRow
// set when one finds none) or fails. BeginWriteTx takes it itself; a transaction
// begun by BeginSpeculation takes it once, before anything it writes. On SQLite
// (the lock is the transaction's) the reads run now.
func (w *WriteTx) Lock(ctx context.Context, rs ...*Read) error {
	if w.dialect != Postgres {
		return w.GetAfter(ctx, &Batch{}, rs...)
	}
	return w.pg(func(c *qmarkConn) error {
		c.pending = append(c.pending, pgItem{q: Rebind(lockSQL), args: []any{writeLock}})
		for _, r := range rs {
			r.fingerprinted = false
			c.pending = append(c.pending, pgItem{q: Rebind(r.Query), args: pgArgs(r.Args), read: r})
		}
		return nil
	})
}

// Speculating reports whether the transaction speculates.
func (w *WriteTx) Speculating() bool {
	spec := false
	if w.dialect == Postgres {
		_ = w.pg(func(c *qmarkConn) error { spec = c.spec; return nil })
	}
	return spec
}

// Writes counts the statements that may write the transaction's callers ran
// through database/sql (every Exec, and every query that is not a SELECT) so
// far: a caller learns whether code it called wrote. 0 on SQLite.
func (w *WriteTx) Writes() int64 {
	var n int64
	if w.dialect == Postgres {
		_ = w.pg(func(c *qmarkConn) error { n = c.writes; return nil })
	}
	return n
}

// speculate makes the rest of the transaction speculate. On SQLite, where a
// statement costs no round trip, it does nothing.
func (w *WriteTx) speculate() {
	if w.dialect != Postgres {
		return
	}
	_ = w.pg(func(c *qmarkConn) error { c.spec = true; return nil })
}

// Confirm sends what the transaction still holds back and reports whether its
// speculation held (always true for a transaction that does not speculate, once
// what it held back went through). When it did not, the caller rolls back.
func (w *WriteTx) Confirm(ctx context.Context) (ok bool, err error) {
	if w.dialect != Postgres {
		return true, nil
	}
	err = w.pg(func(c *qmarkConn) error {
		ferr := c.flush(ctx)
		ok = !c.specBad && ferr == nil
		if c.spec {
			return nil // the failure is the speculation's: ok says it
		}
		return ferr
	})
	return ok, err
}

// endSpeculation: the transaction ended, and with it its speculation (what the
// connection runs outside a transaction is never held back).
func (c *qmarkConn) endSpeculation() { c.spec, c.specBad = false, false }

// holdExec holds a speculating transaction's statement back (pgspec.go).
func (c *qmarkConn) holdExec(ctx context.Context, q string, args []driver.NamedValue) driver.Result {
	it := pgItem{q: Rebind(q), args: namedArgs(args)}
	for i, a := range it.args { // the caller may reuse its buffer before the statement is sent
		if b, ok := a.([]byte); ok {
			it.args[i] = append([]byte(nil), b...)
		}
	}
	if n, ok := ctx.Value(wantRowsKey{}).(int64); ok {
		q := memoSQL(memoKey{"count", it.q}, func() string {
			q, _ := countAssertion(it.q, len(it.args)+1)
			return q
		})
		if q != "" {
			it.q, it.args, it.assert = q, append(it.args, n), true
		} else {
			it.want, it.checkRows = n, true // checked when sent, before the COMMIT
		}
		c.pending = append(c.pending, it)
		return driver.RowsAffected(n)
	}
	it.res = &lazyResult{c: c, ctx: ctx}
	c.pending = append(c.pending, it)
	return it.res
}

// lazyResult is the result of a statement a speculating transaction held back:
// asked for its count, it sends what waits first.
type lazyResult struct {
	c    *qmarkConn
	ctx  context.Context
	done bool
	tag  pgconn.CommandTag
	err  error
}

func (r *lazyResult) set(tag pgconn.CommandTag, err error) { r.done, r.tag, r.err = true, tag, err }

var errNotSent = errors.New("store: the statement was not sent")

func (r *lazyResult) RowsAffected() (int64, error) {
	if !r.done {
		if err := r.c.flush(r.ctx); err != nil && !r.done {
			return 0, err
		}
	}
	if !r.done {
		return 0, errNotSent
	}
	return r.tag.RowsAffected(), r.err
}

func (r *lazyResult) LastInsertId() (int64, error) {
	return 0, errors.New("store: PostgreSQL has no last insert id")
}

// What a speculating transaction relies on is checked on the server where it
// can be, so that the COMMIT travels in the same round trip as everything before
// it: an assertion is a statement that fails with division_by_zero when what it
// checks does not hold, which makes PostgreSQL skip the rest of the pipeline, the
// COMMIT included, and the round trip answer ErrStale (roundTrip).

// assertion is the expectations of rs as one assertion: each row's text, read
// again where the expectation stands, must be the text read before (both NULL
// for no row).
func assertion(rs []*Read) pgItem {
	var args []any
	for _, r := range rs {
		args = append(append(args, pgArgs(r.Args)...), r.fp)
	}
	if len(rs) > len(memoKey{})-1 {
		return pgItem{q: assertionSQL(rs), args: args, assert: true}
	}
	k := memoKey{"assert"}
	for i, r := range rs {
		k[i+1] = r.Query
	}
	return pgItem{q: memoSQL(k, func() string { return assertionSQL(rs) }), args: args, assert: true}
}

func assertionSQL(rs []*Read) string {
	var q strings.Builder
	q.WriteString(`SELECT 1 / (CASE WHEN `)
	n := 0
	for i, r := range rs {
		if i > 0 {
			q.WriteString(` AND `)
		}
		var sub string
		sub, n = rebindFrom(r.Query, n)
		n++ // the fingerprint's
		q.WriteString(`(SELECT q::text FROM (` + sub + `) AS q) IS NOT DISTINCT FROM $` + strconv.Itoa(n) + `::text`)
	}
	q.WriteString(` THEN 1 ELSE 0 END)`)
	return q.String()
}

// countAssertion wraps a rebound INSERT, UPDATE or DELETE with no RETURNING of
// its own into an assertion that it changed the number of rows passed as its
// argument n (the one after its own). ok is false for any other statement (its
// count is checked on the client).
func countAssertion(q string, n int) (string, bool) {
	head := strings.ToUpper(strings.TrimSpace(q))
	if !(strings.HasPrefix(head, "INSERT") || strings.HasPrefix(head, "UPDATE") || strings.HasPrefix(head, "DELETE")) ||
		strings.Contains(head, "RETURNING") {
		return "", false
	}
	return `WITH w AS (` + q + ` RETURNING 1) SELECT 1 / (CASE WHEN count(*) = $` + strconv.Itoa(n) +
		` THEN 1 ELSE 0 END) FROM w`, true
}

// assertionFailed reports whether err is an assertion's failure.
func assertionFailed(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "22012"
}

// AddAsOne adds part's statements to b as one PostgreSQL statement, the first
// ones as data-modifying WITH queries before the last (so each must be an
// INSERT, UPDATE or DELETE, with no RETURNING the rest relies on; none sees the
// others' rows), and empties part: one statement to bind and execute instead of
// several. PostgreSQL only; placeholders must be the house `?`.
func (b *Batch) AddAsOne(part *Batch) {
	switch n := part.Len(); n {
	case 0:
		return
	case 1:
		b.Add(part.qs[0], part.args[0]...)
	default:
		var args []any
		for i := range part.qs {
			args = append(args, part.args[i]...)
		}
		q := ""
		if n < len(memoKey{}) {
			k := memoKey{"one"}
			copy(k[1:], part.qs)
			q = memoSQL(k, func() string { return asOne(part.qs) })
		} else {
			q = asOne(part.qs)
		}
		b.Add(q, args...)
	}
	part.Reset()
}

// asOne is qs as one statement (AddAsOne).
func asOne(qs []string) string {
	var q strings.Builder
	n := len(qs)
	for i, s := range qs {
		switch {
		case i == 0:
			q.WriteString("WITH ")
		case i < n-1:
			q.WriteString(", ")
		}
		if i < n-1 {
			q.WriteString("s" + strconv.Itoa(i) + " AS (" + s + ")")
		} else {
			q.WriteString(" " + s)
		}
	}
	return q.String()
}
