// Package store opens the SQLite databases of the desktop and the server and runs
// their versioned, embedded migrations.
//
// Pragmas live in the DSN (busy timeout first, WAL, synchronous NORMAL, foreign keys
// on). A Store has one writer connection, through which every write transaction goes,
// and a separate pool of readers, so reads never wait for a writer under WAL.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/jmoiron/sqlx"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

//go:embed migrations
var migrationsFS embed.FS

// A migration set is one folder of numbered SQL files under migrations/.
const (
	SetDomain    = "domain"    // domain tables: desktop replica and server alike
	SetDesktop   = "desktop"   // outbox and sync state of a desktop replica
	SetDirectory = "directory" // the desktop's list of accounts known on this machine
	SetServer    = "server"    // server-only tables: credentials, sync bookkeeping
)

// Store is an open database: an SQLite file (desktop and default server) or, for a
// server, PostgreSQL (postgres.go).
type Store struct {
	Path    string   // the SQLite file ("" on PostgreSQL)
	DSN     string   // the PostgreSQL URL ("" on SQLite)
	Dialect Dialect  // SQLite unless opened by OpenPostgres
	W       *sqlx.DB // SQLite: the single writer connection; PostgreSQL: the pool
	R       *sqlx.DB // SQLite: the reader pool; PostgreSQL: the same pool as W
	Gorm    *gorm.DB // GORM over the reader pool, for simple typed reads (SQLite)
}

// Location names the database as Open or OpenServer take it: the SQLite file's path
// or the PostgreSQL URL.
func (s *Store) Location() string {
	if s.Dialect == Postgres {
		return s.DSN
	}
	return s.Path
}

// IsPostgres reports whether the store is on PostgreSQL.
func (s *Store) IsPostgres() bool { return s.Dialect == Postgres }

// DSN returns the connection string for path with the house pragmas.
func DSN(path string, readOnly bool) string {
	pragmas := []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(1)",
		// Savepoints' journals (each push runs in one) and sorts' spills in memory:
		// on disk, every page a savepoint touches was written to a temporary file first.
		"temp_store(MEMORY)"}
	if !readOnly {
		return FileDSN(path, pragmas...) + "&_txlock=immediate"
	}
	return FileDSN(path, append(pragmas, "query_only(1)",
		// 8 MB of pages a reader (SQLite's default is 2 MB): a browse by name or by a
		// stat read its index through pread again on every query at 100,000
		// influencers (docs/benchmarks.md). Idle readers close after a minute, and
		// their pages with them.
		"cache_size(-8192)")...)
}

// FileDSN is the connection string for an SQLite file with the given pragmas, e.g.
// "journal_mode(DELETE)", and times written as SQLite's date functions read them:
// DSN's, and that of a file opened outside a Store (a snapshot being built or
// read, a restore).
func FileDSN(path string, pragmas ...string) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path and migrates it to the newest
// version of each of the given migration sets, in order.
func Open(path string, sets ...string) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: empty database path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: create folder: %w", err)
	}
	wdb := openSQLite(DSN(path, false))
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	// fail closes the writer pool on the way out; a failed close is reported too.
	fail := func(err error) (*Store, error) { return nil, errors.Join(err, wdb.Close()) }
	s := &Store{Path: path, Dialect: SQLite, W: sqlx.NewDb(wdb, "sqlite")}
	if err := s.W.Ping(); err != nil {
		return fail(fmt.Errorf("store: open %s: %w", path, err))
	}
	for _, set := range sets {
		if err := Migrate(s.W, set); err != nil {
			return fail(err)
		}
	}
	rdb := openSQLite(DSN(path, true))
	rg, err := gorm.Open(&sqlite.Dialector{Conn: rdb}, &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return fail(errors.Join(fmt.Errorf("store: open readers %s: %w", path, err), rdb.Close()))
	}
	n := max(4, runtime.NumCPU())
	rdb.SetMaxOpenConns(n)
	rdb.SetMaxIdleConns(n)
	rdb.SetConnMaxIdleTime(time.Minute)
	s.R = sqlx.NewDb(rdb, "sqlite")
	s.Gorm = rg
	return s, nil
}

// Close closes both pools.
func (s *Store) Close() error {
	if s == nil {
		return nil
	}
	var errs []error
	if s.R != nil && s.R != s.W {
		errs = append(errs, s.R.Close())
	}
	if s.W != nil {
		errs = append(errs, s.W.Close())
	}
	return errors.Join(errs...)
}

// BeginWrite begins a write transaction: BEGIN IMMEDIATE on SQLite's writer
// connection; on PostgreSQL, a transaction that first takes the fleet-wide write
// lock, so writes are serialised across every server instance as SQLite serialises
// them (docs/sync.md: version order is commit order). The caller commits or rolls
// back; Write does both.
func (s *Store) BeginWrite(ctx context.Context) (*sqlx.Tx, error) {
	tx, err := s.W.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: begin: %w", err)
	}
	if err := s.lockWrites(ctx, tx); err != nil {
		return nil, err
	}
	return tx, nil
}

// lockWrites takes the fleet-wide write lock in tx on PostgreSQL (rolling tx back
// if it cannot); SQLite's writer connection is the lock there.
func (s *Store) lockWrites(ctx context.Context, tx *sqlx.Tx) error {
	if s.Dialect != Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, lockSQL, writeLock); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("store: write lock: %w", err)
	}
	return nil
}

// Write runs fn in one write transaction (BeginWrite) and commits it when fn
// returns nil.
func (s *Store) Write(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := s.BeginWrite(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		// A failed COMMIT (a deferred foreign key, a full disk) can leave SQLite's
		// transaction open on the single writer connection: end it, or every later
		// write fails with "cannot start a transaction within a transaction".
		if s.Dialect != Postgres {
			_, _ = s.W.ExecContext(context.Background(), `ROLLBACK`)
		}
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations(set string) ([]migration, error) {
	dir := "migrations/" + set
	entries, err := fs.ReadDir(migrationsFS, dir)
	if err != nil {
		return nil, fmt.Errorf("store: unknown migration set %q", set)
	}
	var out []migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("store: migration %s/%s: name must start with a number and '_'", set, e.Name())
		}
		b, err := migrationsFS.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("store: migration set %s: expected version %d, found %s", set, i+1, m.name)
		}
	}
	return out, nil
}

// LatestVersion is the newest migration version of a set: the schema version the
// binary speaks (0 for an unknown or broken set). The migrations are embedded, so
// it is worked out once per set (read each time, every migration's text was a
// sixth of the push benchmark's CPU, whose desktops ask on every push).
func LatestVersion(set string) int {
	if v, ok := latestVersions.Load(set); ok {
		return v.(int)
	}
	v := 0
	if ms, err := loadMigrations(set); err == nil {
		v = len(ms)
	}
	latestVersions.Store(set, v)
	return v
}

var latestVersions sync.Map // set name → LatestVersion

// Migrate applies the missing migrations of one set, all in one transaction, and
// refuses a database whose schema is newer than this binary knows.
func Migrate(db *sqlx.DB, set string) error {
	ms, err := loadMigrations(set)
	if err != nil {
		return err
	}
	tx, err := db.Beginx()
	if err != nil {
		return fmt.Errorf("store: migrate %s: %w", set, err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		set_name TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,
		PRIMARY KEY (set_name, version))`); err != nil {
		return fmt.Errorf("store: migrate %s: %w", set, err)
	}
	var current sql.NullInt64
	if err := tx.Get(&current, `SELECT MAX(version) FROM schema_migrations WHERE set_name = ?`, set); err != nil {
		return fmt.Errorf("store: migrate %s: %w", set, err)
	}
	if int(current.Int64) > len(ms) {
		return fmt.Errorf("store: database schema %s is at version %d, newer than this app's %d: update the app",
			set, current.Int64, len(ms))
	}
	for _, m := range ms[current.Int64:] {
		if _, err := tx.Exec(m.sql); err != nil {
			return fmt.Errorf("store: migration %s/%s: %w", set, m.name, err)
		}
		if _, err := tx.Exec(`INSERT INTO schema_migrations (set_name, version, name) VALUES (?, ?, ?)`,
			set, m.version, m.name); err != nil {
			return fmt.Errorf("store: migration %s/%s: %w", set, m.name, err)
		}
	}
	return tx.Commit()
}

// MigrationSQL is the text of the one embedded migration of a set whose file name
// ends with suffix (such as "_documents.sql"): for a test that replays it on a
// database rewound to before it, whatever number it has.
func MigrationSQL(set, suffix string) (string, error) {
	names, err := fs.Glob(migrationsFS, "migrations/"+set+"/*"+suffix)
	if err != nil {
		return "", err
	}
	if len(names) != 1 {
		return "", fmt.Errorf("store: %d migrations of %s end with %s", len(names), set, suffix)
	}
	b, err := migrationsFS.ReadFile(names[0])
	return string(b), err
}
