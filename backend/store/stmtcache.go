package store

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// stmtCacheSize is how many prepared statements each SQLite connection keeps, by
// query text, least recently used first out. The desktop and the server run a few
// hundred distinct statements; a prepared statement costs a few KB.
const stmtCacheSize = 512

// stmtCacheMaxQuery is the longest query text kept: longer texts are migrations and
// generated multi-row inserts, run once or with a new text each time.
const stmtCacheMaxQuery = 16 << 10

// sqliteDriver is modernc.org/sqlite's driver (registered as "sqlite" by its own
// init), opened here through a connector that keeps prepared statements.
var sqliteDriver = &sqlite.Driver{}

// openSQLite opens a pool over dsn whose connections keep their prepared statements:
// SQLite compiles a statement (and the triggers it fires) at prepare time, and
// database/sql would otherwise prepare, run and finalize every Exec and Query anew.
// The cache is per connection and invisible to callers: an Exec or Query with a
// query text the connection has run before reuses its compiled program (SQLite
// recompiles it by itself after a schema change).
func openSQLite(dsn string) *sql.DB {
	return sql.OpenDB(&cachingConnector{dsn: dsn, size: stmtCacheSize})
}

type cachingConnector struct {
	dsn  string
	size int // statements kept per connection
}

func (c *cachingConnector) Connect(context.Context) (driver.Conn, error) {
	inner, err := sqliteDriver.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &cachingConn{
		inner:    inner,
		execer:   inner.(driver.ExecerContext),
		queryer:  inner.(driver.QueryerContext),
		preparer: inner.(driver.ConnPrepareContext),
		size:     c.size,
		stmts:    map[string]*list.Element{},
		lru:      list.New(),
	}, nil
}

func (c *cachingConnector) Driver() driver.Driver { return sqliteDriver }

// cachingConn is one SQLite connection with its statements by query text.
// database/sql uses a connection from one goroutine at a time, so no lock.
type cachingConn struct {
	inner    driver.Conn
	execer   driver.ExecerContext
	queryer  driver.QueryerContext
	preparer driver.ConnPrepareContext
	size     int
	prepared int                      // statements prepared for the cache (tests read it)
	stmts    map[string]*list.Element // of *cachedStmt
	lru      *list.List               // front: most recently used
}

type cachedStmt struct {
	query string
	st    driver.Stmt
	// busy while rows read from it are open: the same text queried again meanwhile
	// (a nested read of the same query) gets a statement of its own.
	busy bool
}

// stmt returns the cached statement for query, preparing it on a miss; nil when
// the query is not cached (too long, or its statement is busy), in which case the
// caller runs it the uncached way.
func (c *cachingConn) stmt(ctx context.Context, query string) (*cachedStmt, error) {
	if len(query) > stmtCacheMaxQuery {
		return nil, nil
	}
	if e, ok := c.stmts[query]; ok {
		cs := e.Value.(*cachedStmt)
		if cs.busy {
			return nil, nil
		}
		c.lru.MoveToFront(e)
		return cs, nil
	}
	st, err := c.preparer.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.prepared++
	cs := &cachedStmt{query: query, st: st}
	c.stmts[query] = c.lru.PushFront(cs)
	for c.lru.Len() > max(c.size, 1) {
		old := c.lru.Back()
		oc := old.Value.(*cachedStmt)
		if oc.busy {
			break
		}
		c.lru.Remove(old)
		delete(c.stmts, oc.query)
		_ = oc.st.Close()
	}
	return cs, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.execer.ExecContext(ctx, query, args)
	}
	return cs.st.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.queryer.QueryContext(ctx, query, args)
	}
	rows, err := cs.st.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	cs.busy = true
	return &cachedRows{Rows: rows, cs: cs}, nil
}

func (c *cachingConn) Prepare(query string) (driver.Stmt, error) {
	return c.preparer.PrepareContext(context.Background(), query)
}

func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.preparer.PrepareContext(ctx, query)
}

// Close finalizes the cached statements before the connection: SQLite will not
// close a connection that still has statements.
func (c *cachingConn) Close() error {
	var errs []error
	for e := c.lru.Front(); e != nil; e = e.Next() {
		errs = append(errs, e.Value.(*cachedStmt).st.Close())
	}
	c.lru.Init()
	clear(c.stmts)
	errs = append(errs, c.inner.Close())
	return errors.Join(errs...)
}

func (c *cachingConn) Begin() (driver.Tx, error) { // driver.Conn requires it; database/sql calls BeginTx
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.inner.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *cachingConn) Ping(ctx context.Context) error {
	return c.inner.(driver.Pinger).Ping(ctx)
}

func (c *cachingConn) ResetSession(ctx context.Context) error {
	return c.inner.(driver.SessionResetter).ResetSession(ctx)
}

func (c *cachingConn) IsValid() bool { return c.inner.(driver.Validator).IsValid() }

// cachedRows frees its statement for the next use when closed.
type cachedRows struct {
	driver.Rows
	cs *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.cs.busy = false
	return err
}

// The column-type reports of the driver's rows, passed through (GORM and sqlx read
// them for scans into maps).

func (r *cachedRows) ColumnTypeDatabaseTypeName(i int) string {
	return r.Rows.(driver.RowsColumnTypeDatabaseTypeName).ColumnTypeDatabaseTypeName(i)
}

func (r *cachedRows) ColumnTypeLength(i int) (int64, bool) {
	return r.Rows.(driver.RowsColumnTypeLength).ColumnTypeLength(i)
}

func (r *cachedRows) ColumnTypeNullable(i int) (bool, bool) {
	return r.Rows.(driver.RowsColumnTypeNullable).ColumnTypeNullable(i)
}

func (r *cachedRows) ColumnTypePrecisionScale(i int) (int64, int64, bool) {
	return r.Rows.(driver.RowsColumnTypePrecisionScale).ColumnTypePrecisionScale(i)
}

func (r *cachedRows) ColumnTypeScanType(i int) reflect.Type {
	return r.Rows.(driver.RowsColumnTypeScanType).ColumnTypeScanType(i)
}

// IsForeignKeyViolation reports whether err is SQLite's refusal of a row whose
// foreign key names no parent (at a statement, or at the commit of deferred checks).
func IsForeignKeyViolation(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}
