package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"
)

// The sync server runs on PostgreSQL as well as on SQLite (docs/operations.md). The
// same SQL serves both: it is written with SQLite's `?` and `?N` placeholders and
// portable constructs, and this file is the dialect seam that makes it PostgreSQL's —
// a driver that rebinds placeholders to `$N` and hands booleans over as the 0/1
// integers the schema stores (SQLite has no boolean type, so neither does ours).

// Dialect names the database engine behind a Store.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// SetPostgres is the server's schema on PostgreSQL: the domain and server sets of
// SQLite in one folder, numbered on their own.
const SetPostgres = "postgres"

// writeLock is the advisory lock every PostgreSQL write transaction takes first:
// writes are serialised across all server instances exactly as SQLite's single
// writer serialises them, so each mutator's read-check-write is atomic on both
// engines and version order is commit order (docs/sync.md).
const writeLock = 7_305_531_001

// migrateLock is the advisory lock under which instances migrate: two starting
// together migrate once.
const migrateLock = 7_305_531_002

// lockSQL takes one of those locks until its transaction ends.
const lockSQL = `SELECT pg_advisory_xact_lock(?)`

// IsPostgresURL reports whether s names a PostgreSQL database (a postgres:// or
// postgresql:// URL) rather than an SQLite file.
func IsPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// OpenServer opens the sync server's canonical database: PostgreSQL for a
// postgres:// URL, otherwise the SQLite file at that path, migrated to the newest
// server schema either way.
func OpenServer(dsn string) (*Store, error) {
	if IsPostgresURL(dsn) {
		return OpenPostgres(dsn)
	}
	return Open(dsn, SetDomain, SetServer)
}

// OpenPostgres connects to the PostgreSQL database at url (a pool of connections
// that serves both writers and readers) and migrates it under an advisory lock.
func OpenPostgres(url string) (*Store, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: postgres url: %w", err)
	}
	// Times come back in UTC, whatever the server's or the machine's zone.
	cfg.RuntimeParams["timezone"] = "UTC"
	// The visibility rules' EXISTS lookups cross jit_above_cost on big tables, and
	// compiling them cost more than running them (a first download's page counts:
	// 629 of 643 ms compiling; docs/benchmarks.md). A URL that says jit wins.
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
	db := sql.OpenDB(&qmarkConnector{inner: stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(PostgresPoolSize)
	db.SetMaxIdleConns(PostgresPoolSize)
	db.SetConnMaxIdleTime(5 * time.Minute)
	x := sqlx.NewDb(db, "pgx")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := x.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("store: connect to postgres %s: %w", redact(cfg), err), db.Close())
	}
	s := &Store{Dialect: Postgres, DSN: url, W: x, R: x}
	if err := migratePostgres(ctx, x); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return s, nil
}

// PostgresPoolSize is the connections one server instance keeps to PostgreSQL
// (docs/operations.md: instances × this stays under max_connections).
var PostgresPoolSize = 16

// Redact is a database location fit for a log: a PostgreSQL URL without its
// password, an SQLite path as it is.
func Redact(location string) string {
	if !IsPostgresURL(location) {
		return location
	}
	cfg, err := pgx.ParseConfig(location)
	if err != nil {
		return "postgres://(unparsable url)"
	}
	return "postgres://" + redact(cfg)
}

// redact names a database without its password, for errors and logs.
func redact(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

func migratePostgres(ctx context.Context, db *sqlx.DB) error {
	ms, err := loadMigrations(SetPostgres)
	if err != nil {
		return err
	}
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: migrate postgres: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, lockSQL, migrateLock); err != nil {
		return fmt.Errorf("store: migrate postgres: lock: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		set_name TEXT NOT NULL, version BIGINT NOT NULL, name TEXT NOT NULL,
		PRIMARY KEY (set_name, version))`); err != nil {
		return fmt.Errorf("store: migrate postgres: %w", err)
	}
	var current sql.NullInt64
	if err := tx.GetContext(ctx, &current, `SELECT MAX(version) FROM schema_migrations WHERE set_name = ?`, SetPostgres); err != nil {
		return fmt.Errorf("store: migrate postgres: %w", err)
	}
	if int(current.Int64) > len(ms) {
		return fmt.Errorf("store: database schema %s is at version %d, newer than this server's %d: update the server",
			SetPostgres, current.Int64, len(ms))
	}
	for _, m := range ms[current.Int64:] {
		// Migrations are plain SQL with dollar-quoted function bodies: no placeholders
		// to rebind, so they go to the engine untouched.
		if _, err := tx.ExecContext(ctx, noRebind+m.sql); err != nil {
			return fmt.Errorf("store: migration %s/%s: %w", SetPostgres, m.name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (set_name, version, name) VALUES (?, ?, ?)`,
			SetPostgres, m.version, m.name); err != nil {
			return fmt.Errorf("store: migration %s/%s: %w", SetPostgres, m.name, err)
		}
	}
	return tx.Commit()
}

// noRebind at the start of a statement hands it to PostgreSQL as written.
const noRebind = "/*norebind*/"

// Rebind turns SQLite placeholders into PostgreSQL's: `?N` becomes `$N` and each bare
// `?` the next `$N`, outside string literals, quoted identifiers and comments.
func Rebind(q string) string {
	if strings.HasPrefix(q, noRebind) {
		return q
	}
	if !strings.ContainsRune(q, '?') {
		return q
	}
	return memoSQL(memoKey{"rebind", q}, func() string {
		out, _ := rebindFrom(q, 0)
		return out
	})
}

// rebindFrom rebinds q with its bare `?` numbered from n+1 (a statement that
// follows others in one message) and returns the last number it used.
func rebindFrom(q string, n int) (string, int) {
	var b strings.Builder
	b.Grow(len(q) + 16)
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) {
				if q[j] == c {
					if j+1 < len(q) && q[j+1] == c { // doubled quote: an escaped one
						j += 2
						continue
					}
					break
				}
				j++
			}
			end := min(j+1, len(q))
			b.WriteString(q[i:end])
			i = end - 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j - 1
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			j := strings.Index(q[i+2:], "*/")
			end := len(q)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			b.WriteString(q[i:end])
			i = end - 1
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			if j > i+1 {
				b.WriteByte('$')
				b.WriteString(q[i+1 : j])
				i = j - 1
			} else {
				n++
				fmt.Fprintf(&b, "$%d", n)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), n
}

// qmarkConnector opens pgx connections that speak the house SQL (Rebind).
type qmarkConnector struct{ inner driver.Connector }

func (c *qmarkConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &qmarkConn{Conn: conn.(*stdlib.Conn)}, nil
}

func (c *qmarkConnector) Driver() driver.Driver { return c.inner.Driver() }

// qmarkConn is a pgx connection whose statements are rebound on the way in and
// which can hold work back for its next round trip (pgpipe.go).
type qmarkConn struct {
	*stdlib.Conn
	pending     []pgItem // held back for the next round trip, in order
	stale       bool     // an expectation failed since the last WriteTx.Settle
	deferredErr error    // the first failure of held-back work in this transaction
	spec        bool     // the transaction speculates (Store.BeginSpeculation)
	specBad     bool     // a round trip of the speculating transaction failed or found a row changed
	writes      int64    // statements that may write run through database/sql (WriteTx.Writes)
	opening     int      // how many of pending only open the transaction (its BEGIN, beginWriteTx's SET)
}

// mayWrite counts q when it may write: anything but a SELECT.
func (c *qmarkConn) mayWrite(q string) {
	// Every query on the connection comes here (pulls included): look at the first
	// word without copying the text.
	q = strings.TrimLeft(q, " \t\r\n")
	if len(q) < 6 || !strings.EqualFold(q[:6], "SELECT") {
		c.writes++
	}
}

func (c *qmarkConn) Prepare(q string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), q)
}

func (c *qmarkConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	if err := c.flush(ctx); err != nil {
		return nil, err
	}
	st, err := c.Conn.PrepareContext(ctx, Rebind(q))
	if err != nil {
		return nil, err
	}
	return &intBoolStmt{Stmt: st.(*stdlib.Stmt), c: c, q: q}, nil
}

// ExecContext runs q, in one round trip with whatever the connection holds back.
func (c *qmarkConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	c.writes++
	if c.spec {
		return c.holdExec(ctx, q, args), nil
	}
	if len(c.pending) == 0 {
		return c.Conn.ExecContext(ctx, Rebind(q), args)
	}
	var tag pgconn.CommandTag
	err := c.roundTrip(ctx, func(b *pgx.Batch) { b.Queue(Rebind(q), namedArgs(args)...) },
		func(br pgx.BatchResults) error {
			var err error
			tag, err = br.Exec()
			return err
		})
	return driver.RowsAffected(tag.RowsAffected()), err
}

// QueryContext runs q after sending what the connection holds back.
func (c *qmarkConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	c.mayWrite(q)
	if err := c.flush(ctx); err != nil {
		return nil, err
	}
	return intBools(c.Conn.QueryContext(ctx, Rebind(q), args))
}

// intBoolStmt is a prepared statement whose rows read booleans as 0/1; what its
// connection holds back goes first.
type intBoolStmt struct {
	*stdlib.Stmt
	c *qmarkConn
	q string
}

func (s *intBoolStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.c.writes++
	if err := s.c.flush(ctx); err != nil {
		return nil, err
	}
	return s.Stmt.ExecContext(ctx, args)
}

func (s *intBoolStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.c.mayWrite(s.q)
	if err := s.c.flush(ctx); err != nil {
		return nil, err
	}
	return intBools(s.Stmt.QueryContext(ctx, args))
}

// intBoolRows reads a boolean (a comparison, EXISTS) as the 0/1 integer SQLite
// gives, so a query scans into the same Go types on both engines.
type intBoolRows struct{ *stdlib.Rows }

func intBools(r driver.Rows, err error) (driver.Rows, error) {
	if err != nil {
		return nil, err
	}
	return &intBoolRows{Rows: r.(*stdlib.Rows)}, nil
}

func (r *intBoolRows) Next(dest []driver.Value) error {
	if err := r.Rows.Next(dest); err != nil {
		return err
	}
	for i, v := range dest {
		if b, ok := v.(bool); ok {
			dest[i] = int64(0)
			if b {
				dest[i] = int64(1)
			}
		}
	}
	return nil
}

// CheckNamedValue stores a Go bool as the 0/1 integer our columns hold.
func (c *qmarkConn) CheckNamedValue(nv *driver.NamedValue) error {
	var isBool bool
	if nv.Value, isBool = intBool(nv.Value); isBool {
		return nil
	}
	return c.Conn.CheckNamedValue(nv)
}

// intBool is v with a Go bool made the 0/1 integer our columns hold; isBool says
// whether it was one.
func intBool(v any) (out any, isBool bool) {
	b, ok := v.(bool)
	if !ok {
		return v, false
	}
	if b {
		return int64(1), true
	}
	return int64(0), true
}
