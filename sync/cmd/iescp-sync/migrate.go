package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jmoiron/sqlx"

	"iescp/backend/store"
	"iescp/sync/server"
)

// `iescp-sync migrate-to-postgres` moves a team's server from its SQLite file to
// PostgreSQL (docs/operations.md, "Moving a team from SQLite"): every row of every
// server table, with its sync version, and the database's version and epoch, so the
// desktops go on syncing against the new server as if nothing happened — nothing was
// lost, so nothing needs a reset. Sign-ins (refresh tokens, the signing secrets)
// carry over too: nobody signs in again.

// ---- migrate-to-postgres ----

func (c *cli) migrateToPostgresCmd(ctx context.Context, args []string) error {
	fl := c.flagSet("migrate-to-postgres")
	from := fl.String("from", "", "the server's SQLite database (the server stopped) (required)")
	to := fl.String("to", "", "an empty PostgreSQL database: postgres://user:pass@host:5432/db (required)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return usageErr("migrate-to-postgres: --from and --to are required")
	}
	if !store.IsPostgresURL(*to) {
		return usageErr("migrate-to-postgres: --to must be a postgres:// or postgresql:// URL")
	}
	if store.IsPostgresURL(*from) {
		return usageErr("migrate-to-postgres: --from must be an SQLite file")
	}
	start := c.now()
	rep, err := migrateToPostgres(ctx, *from, *to, c.stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "copied %d rows in %d tables from %s to %s in %s (version %d, epoch %s: desktops go on syncing)\n",
		rep.Rows, rep.Tables, *from, store.Redact(*to), c.now().Sub(start).Round(time.Millisecond), rep.Version, rep.Epoch)
	return nil
}

// migrateReport is what a migration copied.
type migrateReport struct {
	Tables   int
	Rows     int64
	PerTable map[string]int64
	Version  int64
	Epoch    string
}

// column is one column the copy writes: its name and PostgreSQL type.
type column struct {
	name     string
	pgType   string // information_schema's data_type, or the domain's name for citext
	identity bool
}

// pgTable is one table of the PostgreSQL schema.
type pgTable struct {
	name string
	cols []column
}

// notCopied are the tables of the PostgreSQL schema the copy leaves alone: the
// migration runner's own record, and sync_meta, which the copy updates in place
// (its one row is made by the schema).
var notCopied = map[string]bool{"schema_migrations": true, "sync_meta": true}

// sqliteOnly are the server file's tables with no PostgreSQL counterpart, by design:
// the desktop's full-text search (the server never searches) and the migration
// runner's record. Their rows are derived or bookkeeping: nothing is lost.
func sqliteOnly(name string, virtual map[string]bool) bool {
	if name == "schema_migrations" || strings.HasPrefix(name, "sqlite_") || searchOnly[name] {
		return true
	}
	if virtual[name] {
		return true
	}
	// An FTS5 table's shadow tables: NAME_data, NAME_idx, NAME_content, NAME_docsize, NAME_config.
	for v := range virtual {
		if strings.HasPrefix(name, v+"_") {
			return true
		}
	}
	return false
}

// searchOnly are the full-text index's own plain tables: search_suspend pauses its
// triggers while a bulk load runs (backend/search), empty once the load is done;
// influencer_search_keys is the text search's narrow key table (domain 0017).
var searchOnly = map[string]bool{"search_suspend": true, "influencer_search_keys": true}

// copyBefore names, for a table, the tables whose rows must be copied before it
// beyond what its foreign keys say. A ledger transaction is checked for balance when
// it is inserted, so its postings (whose foreign key to it is deferred for exactly
// this reason) go in first.
var copyBefore = map[string][]string{"ledger_transactions": {"ledger_postings"}}

// ledgerTables keep their triggers during the copy: the engine checks again that
// every transaction balances, no account but the outside world goes below zero and
// document numbers follow on, so a copy that broke the books would not commit.
var ledgerTables = map[string]bool{"ledger_transactions": true, "ledger_postings": true, "ledger_accounts": true,
	"ledger_documents": true}

// errNotEmpty is a destination that already holds a server's data.
var errNotEmpty = errors.New("migrate-to-postgres: the PostgreSQL database is not empty")

// migrateToPostgres copies the SQLite server database at from into the empty
// PostgreSQL database at to (migrating its schema first), in one transaction.
// progress gets a line per table.
func migrateToPostgres(ctx context.Context, from, to string, progress io.Writer) (rep migrateReport, err error) {
	if _, err := os.Stat(from); err != nil {
		return rep, fmt.Errorf("migrate-to-postgres: %w", err)
	}
	// The source at the newest schema, as `serve` would make it on this version.
	src, err := store.Open(from, store.SetDomain, store.SetServer)
	if err != nil {
		return rep, err
	}
	defer func() { err = errors.Join(err, src.Close()) }()
	// The destination's schema, under the migration lock, as `serve` does.
	dst, err := store.OpenPostgres(to)
	if err != nil {
		return rep, err
	}
	if err := dst.Close(); err != nil {
		return rep, err
	}

	cfg, err := pgx.ParseConfig(to)
	if err != nil {
		return rep, fmt.Errorf("migrate-to-postgres: --to: %w", err)
	}
	cfg.RuntimeParams["timezone"] = "UTC"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return rep, fmt.Errorf("migrate-to-postgres: connect to %s: %w", store.Redact(to), err)
	}
	defer func() { err = errors.Join(err, conn.Close(context.Background())) }()
	if err := registerCitext(ctx, conn); err != nil {
		return rep, err
	}

	tables, err := pgTables(ctx, conn)
	if err != nil {
		return rep, err
	}
	order, err := copyOrder(ctx, conn, tables)
	if err != nil {
		return rep, err
	}
	// A snapshot of the source: the server should be stopped, but a consistent read
	// costs nothing.
	stx, err := src.R.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return rep, fmt.Errorf("migrate-to-postgres: read %s: %w", from, err)
	}
	defer func() { _ = stx.Rollback() }()
	if err := checkSameTables(ctx, stx, tables); err != nil {
		return rep, err
	}

	tx, err := conn.Begin(ctx)
	if err != nil {
		return rep, fmt.Errorf("migrate-to-postgres: begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.Background()) }()
	// The sync triggers would stamp every row with the new database's version and
	// re-run the visibility rules (founding memberships, exposure) the source already
	// applied: off for the copy, in this transaction only (ALTER TABLE is
	// transactional), which also locks each table against any other writer until
	// commit. The ledger's stay on (ledgerTables).
	for _, t := range order {
		if ledgerTables[t.name] {
			continue
		}
		if _, err := tx.Exec(ctx, `ALTER TABLE `+pgx.Identifier{t.name}.Sanitize()+` DISABLE TRIGGER USER`); err != nil {
			return rep, fmt.Errorf("migrate-to-postgres: pause the triggers of %s: %w", t.name, err)
		}
	}
	if err := checkEmpty(ctx, tx, order); err != nil {
		return rep, err
	}
	rep.PerTable = map[string]int64{}
	for _, t := range order {
		n, err := copyTable(ctx, stx, tx, t)
		if err != nil {
			return rep, err
		}
		rep.PerTable[t.name] = n
		rep.Rows += n
		rep.Tables++
		if progress != nil {
			fmt.Fprintf(progress, "%-24s %d rows\n", t.name, n)
		}
	}
	if err := stx.GetContext(ctx, &rep.Version, `SELECT version FROM sync_meta WHERE id = 1`); err != nil {
		return rep, fmt.Errorf("migrate-to-postgres: read sync_meta: is %s a sync server database? %w", from, err)
	}
	if err := stx.GetContext(ctx, &rep.Epoch, `SELECT epoch FROM sync_meta WHERE id = 1`); err != nil {
		return rep, fmt.Errorf("migrate-to-postgres: read sync_meta: %w", err)
	}
	// The same version and epoch: every desktop's cursor names the same history.
	if _, err := tx.Exec(ctx, `UPDATE sync_meta SET version = $1, epoch = $2 WHERE id = 1`, rep.Version, rep.Epoch); err != nil {
		return rep, fmt.Errorf("migrate-to-postgres: write sync_meta: %w", err)
	}
	for _, t := range order {
		if ledgerTables[t.name] {
			continue
		}
		if _, err := tx.Exec(ctx, `ALTER TABLE `+pgx.Identifier{t.name}.Sanitize()+` ENABLE TRIGGER USER`); err != nil {
			return rep, fmt.Errorf("migrate-to-postgres: restore the triggers of %s: %w", t.name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return rep, fmt.Errorf("migrate-to-postgres: commit: %w", err)
	}
	vacuumCopied(ctx, conn, order, rep.PerTable, progress)
	return rep, nil
}

// vacuumCopied runs VACUUM (ANALYZE) on every table that received rows, after the
// commit. A bulk load leaves PostgreSQL without statistics and without a
// visibility map: until autovacuum comes round, the planner guesses, and the
// version indexes cannot answer a pull's page bound alone (an index-only scan),
// so every page reads the wide rows from the heap; at 100,000 influencers that
// made a first download's page bound 945 ms instead of 174 ms (docs/benchmarks.md).
// The copy is committed already: a failure is reported, and the command succeeds.
func vacuumCopied(ctx context.Context, conn *pgx.Conn, order []*pgTable, rows map[string]int64, progress io.Writer) {
	for _, t := range order {
		if rows[t.name] == 0 {
			continue
		}
		if _, err := conn.Exec(ctx, `VACUUM (ANALYZE) `+pgx.Identifier{t.name}.Sanitize()); err != nil {
			if progress != nil {
				fmt.Fprintf(progress, "warning: VACUUM (ANALYZE) %s: %v (the copy is complete; run it by hand, or leave it to autovacuum)\n", t.name, err)
			}
		}
	}
	if progress != nil {
		fmt.Fprintln(progress, "vacuumed and analysed the copied tables")
	}
}

// registerCitext teaches the connection the citext extension's type (emails), which
// COPY's binary format must know how to encode: as text.
func registerCitext(ctx context.Context, conn *pgx.Conn) error {
	var oid uint32
	if err := conn.QueryRow(ctx, `SELECT 'citext'::regtype::oid`).Scan(&oid); err != nil {
		return fmt.Errorf("migrate-to-postgres: the citext type: %w", err)
	}
	conn.TypeMap().RegisterType(&pgtype.Type{Name: "citext", OID: oid, Codec: pgtype.TextCodec{}})
	return nil
}

// pgTables lists the destination's tables to fill and their columns (not the
// generated ones, which PostgreSQL computes).
func pgTables(ctx context.Context, conn *pgx.Conn) (map[string]*pgTable, error) {
	rows, err := conn.Query(ctx, `
		SELECT c.table_name, c.column_name,
		       CASE WHEN c.data_type = 'USER-DEFINED' THEN c.udt_name ELSE c.data_type END,
		       c.is_identity = 'YES'
		FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER'
		ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return nil, fmt.Errorf("migrate-to-postgres: list tables: %w", err)
	}
	defer rows.Close()
	out := map[string]*pgTable{}
	for rows.Next() {
		var tn string
		var col column
		if err := rows.Scan(&tn, &col.name, &col.pgType, &col.identity); err != nil {
			return nil, fmt.Errorf("migrate-to-postgres: list tables: %w", err)
		}
		if notCopied[tn] {
			continue
		}
		if out[tn] == nil {
			out[tn] = &pgTable{name: tn}
		}
		out[tn].cols = append(out[tn].cols, col)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("migrate-to-postgres: list tables: %w", err)
	}
	if len(out) == 0 {
		return nil, errors.New("migrate-to-postgres: the PostgreSQL database has no tables after migration")
	}
	return out, nil
}

// copyOrder sorts the tables so every row's foreign keys point at rows already
// copied: the destination's own foreign keys (self-references aside: those rows
// are copied in the source's insertion order) plus copyBefore. Ties go by name, so
// the order is the same on every run.
func copyOrder(ctx context.Context, conn *pgx.Conn, tables map[string]*pgTable) ([]*pgTable, error) {
	rows, err := conn.Query(ctx, `
		SELECT DISTINCT cl.relname, ref.relname
		FROM pg_constraint k
		JOIN pg_class cl ON cl.oid = k.conrelid
		JOIN pg_class ref ON ref.oid = k.confrelid
		JOIN pg_namespace n ON n.oid = cl.relnamespace
		WHERE k.contype = 'f' AND NOT k.condeferrable AND n.nspname = current_schema()`)
	if err != nil {
		return nil, fmt.Errorf("migrate-to-postgres: list foreign keys: %w", err)
	}
	deps := map[string][]string{}
	for rows.Next() {
		var child, parent string
		if err := rows.Scan(&child, &parent); err != nil {
			rows.Close()
			return nil, fmt.Errorf("migrate-to-postgres: list foreign keys: %w", err)
		}
		if child != parent {
			deps[child] = append(deps[child], parent)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("migrate-to-postgres: list foreign keys: %w", err)
	}
	for t, before := range copyBefore {
		deps[t] = append(deps[t], before...)
	}
	names := make([]string, 0, len(tables))
	for n := range tables {
		names = append(names, n)
	}
	sort.Strings(names)
	var order []*pgTable
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(n string, path []string) error
	visit = func(n string, path []string) error {
		switch state[n] {
		case 2:
			return nil
		case 1:
			return fmt.Errorf("migrate-to-postgres: foreign keys form a cycle: %s", strings.Join(append(path, n), " -> "))
		}
		state[n] = 1
		ds := slices.Clone(deps[n])
		sort.Strings(ds)
		for _, d := range ds {
			if tables[d] == nil {
				continue // sync_meta, schema_migrations: not copied
			}
			if err := visit(d, append(path, n)); err != nil {
				return err
			}
		}
		state[n] = 2
		order = append(order, tables[n])
		return nil
	}
	for _, n := range names {
		if err := visit(n, nil); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// checkSameTables refuses a source whose tables or columns differ from the
// destination's: a table or column with nowhere to go would be lost without a word.
func checkSameTables(ctx context.Context, stx *sqlx.Tx, tables map[string]*pgTable) error {
	type master struct {
		Name string         `db:"name"`
		SQL  sql.NullString `db:"sql"`
	}
	var ms []master
	if err := stx.SelectContext(ctx, &ms, `SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name`); err != nil {
		return fmt.Errorf("migrate-to-postgres: list the SQLite tables: %w", err)
	}
	virtual := map[string]bool{}
	for _, m := range ms {
		if strings.HasPrefix(strings.ToUpper(m.SQL.String), "CREATE VIRTUAL TABLE") {
			virtual[m.Name] = true
		}
	}
	seen := map[string]bool{}
	var problems []string
	for _, m := range ms {
		if sqliteOnly(m.Name, virtual) || notCopied[m.Name] {
			continue
		}
		t := tables[m.Name]
		if t == nil {
			problems = append(problems, fmt.Sprintf("table %s has no PostgreSQL counterpart", m.Name))
			continue
		}
		seen[m.Name] = true
		var cols []string
		if err := stx.SelectContext(ctx, &cols, `SELECT name FROM pragma_table_info(?)`, m.Name); err != nil {
			return fmt.Errorf("migrate-to-postgres: columns of %s: %w", m.Name, err)
		}
		// Generated columns (pragma_table_xinfo's hidden 2 and 3) are computed on both sides.
		var generated []string
		if err := stx.SelectContext(ctx, &generated, `SELECT name FROM pragma_table_xinfo(?) WHERE hidden IN (2, 3)`, m.Name); err != nil {
			return fmt.Errorf("migrate-to-postgres: columns of %s: %w", m.Name, err)
		}
		have := map[string]bool{}
		for _, c := range cols {
			have[c] = true
		}
		want := map[string]bool{}
		for _, c := range t.cols {
			want[c.name] = true
			if !have[c.name] && !c.identity {
				problems = append(problems, fmt.Sprintf("column %s.%s is missing from the SQLite database", m.Name, c.name))
			}
		}
		for _, c := range cols {
			if !want[c] && !slices.Contains(generated, c) {
				problems = append(problems, fmt.Sprintf("column %s.%s has no PostgreSQL counterpart", m.Name, c))
			}
		}
	}
	for n := range tables {
		if !seen[n] {
			problems = append(problems, fmt.Sprintf("table %s is missing from the SQLite database", n))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("migrate-to-postgres: the SQLite and PostgreSQL schemas differ (is this iescp-sync older than the database, or is it not a sync server database?):\n  %s",
			strings.Join(problems, "\n  "))
	}
	return nil
}

// checkEmpty refuses a destination with any row in a table the copy fills.
func checkEmpty(ctx context.Context, tx pgx.Tx, tables []*pgTable) error {
	var full []string
	for _, t := range tables {
		var any bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+pgx.Identifier{t.name}.Sanitize()+`)`).Scan(&any); err != nil {
			return fmt.Errorf("migrate-to-postgres: look into %s: %w", t.name, err)
		}
		if any {
			full = append(full, t.name)
		}
	}
	if len(full) > 0 {
		return fmt.Errorf("%w: %s already hold rows (has a server run on it?). Copy into a new database: createdb, then migrate-to-postgres --to it",
			errNotEmpty, strings.Join(full, ", "))
	}
	return nil
}

// copyTable streams one table from SQLite into PostgreSQL with COPY, in the
// source's insertion order (rowid), identity columns keeping their values.
func copyTable(ctx context.Context, stx *sqlx.Tx, tx pgx.Tx, t *pgTable) (int64, error) {
	sel := make([]string, len(t.cols))
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.name
		switch {
		case c.identity:
			sel[i] = "rowid" // the column that mirrors SQLite's rowid
		case c.pgType == "text" || c.pgType == "citext" || strings.HasPrefix(c.pgType, "timestamp"):
			// As stored: the driver would turn a DATETIME column's text into a time
			// in its own way; times are parsed below.
			sel[i] = "CAST(" + quoteSQLite(c.name) + " AS TEXT)"
		default:
			sel[i] = quoteSQLite(c.name)
		}
	}
	rows, err := stx.QueryxContext(ctx, `SELECT `+strings.Join(sel, ", ")+` FROM `+quoteSQLite(t.name)+` ORDER BY rowid`)
	if err != nil {
		return 0, fmt.Errorf("migrate-to-postgres: read %s: %w", t.name, err)
	}
	defer rows.Close()
	src := &rowSource{rows: rows, t: t}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, names, src)
	if src.err != nil {
		return 0, src.err
	}
	if err != nil {
		return 0, fmt.Errorf("migrate-to-postgres: write %s: %w", t.name, err)
	}
	for _, c := range t.cols {
		if !c.identity {
			continue
		}
		// The next identity continues after the copied ones.
		if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX(`+
			pgx.Identifier{c.name}.Sanitize()+`) FROM `+pgx.Identifier{t.name}.Sanitize()+`), 0) + 1, false)`, t.name, c.name); err != nil {
			return 0, fmt.Errorf("migrate-to-postgres: identity of %s.%s: %w", t.name, c.name, err)
		}
	}
	return n, nil
}

func quoteSQLite(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// rowSource feeds COPY from the SQLite rows, converting each value to what its
// PostgreSQL column takes.
type rowSource struct {
	rows *sqlx.Rows
	t    *pgTable
	vals []any
	err  error
	n    int64
}

func (s *rowSource) Next() bool {
	if s.err != nil || !s.rows.Next() {
		return false
	}
	vals, err := s.rows.SliceScan()
	if err != nil {
		s.err = fmt.Errorf("migrate-to-postgres: read %s: %w", s.t.name, err)
		return false
	}
	s.n++
	for i, c := range s.t.cols {
		v, err := convert(vals[i], c.pgType)
		if err != nil {
			s.err = fmt.Errorf("migrate-to-postgres: %s row %d, column %s: %w", s.t.name, s.n, c.name, err)
			return false
		}
		vals[i] = v
	}
	s.vals = vals
	return true
}

func (s *rowSource) Values() ([]any, error) { return s.vals, s.err }

func (s *rowSource) Err() error {
	if s.err != nil {
		return s.err
	}
	return s.rows.Err()
}

// convert turns a value as SQLite gave it into one for a PostgreSQL column of type pgType.
func convert(v any, pgType string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch pgType {
	case "timestamp with time zone", "timestamp without time zone":
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("a time stored as %T, not text", v)
		}
		return parseSQLiteTime(s)
	case "bytea":
		switch b := v.(type) {
		case []byte:
			return b, nil
		case string:
			return []byte(b), nil
		}
		return nil, fmt.Errorf("bytes stored as %T", v)
	case "text", "citext":
		switch s := v.(type) {
		case string:
			return s, nil
		case []byte:
			return string(s), nil
		}
		return nil, fmt.Errorf("text stored as %T", v)
	case "bigint", "integer", "smallint":
		switch n := v.(type) {
		case int64:
			return n, nil
		case float64:
			if n != float64(int64(n)) {
				return nil, fmt.Errorf("%v is not a whole number", n)
			}
			return int64(n), nil
		}
		return nil, fmt.Errorf("an integer stored as %T", v)
	case "double precision", "real":
		switch n := v.(type) {
		case float64:
			return n, nil
		case int64:
			return float64(n), nil
		}
		return nil, fmt.Errorf("a number stored as %T", v)
	}
	return v, nil
}

// sqliteTimeLayouts are the ways a time is stored as text in the SQLite database:
// the driver's own format for a Go time.Time (with or without a zone), and the ISO
// forms SQLite's functions and older rows use.
var sqliteTimeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

// parseSQLiteTime reads a stored time; one without a zone is UTC, as SQLite's are.
func parseSQLiteTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	// Go's time.String adds a monotonic clock reading: not part of the time.
	if i := strings.Index(s, " m="); i >= 0 {
		s = s[:i]
	}
	for _, l := range sqliteTimeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unreadable time %q", s)
}

// ---- new-epoch ----

func (c *cli) newEpochCmd(ctx context.Context, args []string) (err error) {
	fl := c.flagSet("new-epoch")
	dbPath := fl.String("db", c.dbDefault(), "the restored database: a postgres:// URL or an SQLite file (env "+envDB+" or "+envDBShort+")")
	if err := parse(fl, args); err != nil {
		return err
	}
	if !store.IsPostgresURL(*dbPath) {
		if _, err := os.Stat(*dbPath); err != nil {
			return fmt.Errorf("new-epoch: %w", err)
		}
	}
	// The schema as it is: a restore is of this server's own database.
	var db *store.Store
	if store.IsPostgresURL(*dbPath) {
		db, err = store.OpenPostgres(*dbPath)
	} else {
		db, err = store.Open(*dbPath)
	}
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	epoch, err := server.NewEpoch(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s has the new epoch %s: every desktop resets and syncs again from it\n", store.Redact(*dbPath), epoch)
	return nil
}
