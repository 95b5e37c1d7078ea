package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/jmoiron/sqlx"
)

// cacheDB opens one connection with a statement cache of size n, and a way to look
// at that connection's cache.
func cacheDB(t *testing.T, n int) (*sql.DB, func() *cachingConn) {
	t.Helper()
	db := sql.OpenDB(&cachingConnector{dsn: DSN(filepath.Join(t.TempDir(), "c.db"), false), size: n})
	db.SetMaxOpenConns(1)
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close with cached statements: %v", err)
		}
	})
	conn := func() *cachingConn {
		c, err := db.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		var cc *cachingConn
		if err := c.Raw(func(dc any) error { cc = dc.(*cachingConn); return nil }); err != nil {
			t.Fatal(err)
		}
		return cc
	}
	return db, conn
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func TestStmtCache_ReusesTheCompiledStatement(t *testing.T) {
	db, conn := cacheDB(t, 8)
	mustExec(t, db, `CREATE TABLE t (a INTEGER)`)
	before := conn().prepared
	for i := range 100 {
		mustExec(t, db, `INSERT INTO t (a) VALUES (?)`, i)
	}
	var n, sum int
	for range 3 {
		if err := db.QueryRow(`SELECT COUNT(*), SUM(a) FROM t`).Scan(&n, &sum); err != nil {
			t.Fatal(err)
		}
	}
	if n != 100 || sum != 4950 {
		t.Fatalf("count %d sum %d", n, sum)
	}
	if got := conn().prepared - before; got != 2 {
		t.Fatalf("prepared %d statements for 2 query texts run 103 times", got)
	}
}

func TestStmtCache_NestedReadOfTheSameQuery(t *testing.T) {
	db, _ := cacheDB(t, 8)
	mustExec(t, db, `CREATE TABLE t (a INTEGER)`)
	mustExec(t, db, `INSERT INTO t VALUES (1), (2), (3)`)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	const q = `SELECT a FROM t ORDER BY a`
	outer, err := tx.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for outer.Next() {
		var a int
		if err := outer.Scan(&a); err != nil {
			t.Fatal(err)
		}
		inner, err := tx.Query(q) // the same text while the outer rows are open
		if err != nil {
			t.Fatal(err)
		}
		var in []int
		for inner.Next() {
			var b int
			if err := inner.Scan(&b); err != nil {
				t.Fatal(err)
			}
			in = append(in, b)
		}
		if err := inner.Close(); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprint(a, in))
	}
	if err := outer.Err(); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[1 [1 2 3] 2 [1 2 3] 3 [1 2 3]]" {
		t.Fatalf("nested reads: %v", got)
	}
}

func TestStmtCache_SchemaChangesReachCachedStatements(t *testing.T) {
	db, _ := cacheDB(t, 8)
	mustExec(t, db, `CREATE TABLE t (a INTEGER)`)
	mustExec(t, db, `CREATE TABLE log (v TEXT)`)
	mustExec(t, db, `CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('one'); END`)
	mustExec(t, db, `INSERT INTO t (a) VALUES (?)`, 1)
	cols := func() int {
		rows, err := db.Query(`SELECT * FROM t`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		c, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		return len(c)
	}
	if cols() != 1 {
		t.Fatal("one column")
	}
	mustExec(t, db, `ALTER TABLE t ADD COLUMN b TEXT`)
	mustExec(t, db, `DROP TRIGGER t_ins`)
	mustExec(t, db, `CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('two'); END`)
	if cols() != 2 {
		t.Fatal("the cached SELECT * does not see the new column")
	}
	mustExec(t, db, `INSERT INTO t (a) VALUES (?)`, 2) // cached: must fire the new trigger
	var log string
	if err := db.QueryRow(`SELECT group_concat(v, ',') FROM log`).Scan(&log); err != nil {
		t.Fatal(err)
	}
	if log != "one,two" {
		t.Fatalf("trigger log %q: the cached insert ran the dropped trigger", log)
	}
}

func TestStmtCache_KeepsAtMostItsSize(t *testing.T) {
	db, conn := cacheDB(t, 4)
	for i := range 10 {
		var v int
		if err := db.QueryRow(fmt.Sprintf(`SELECT %d`, i)).Scan(&v); err != nil || v != i {
			t.Fatalf("select %d: %d %v", i, v, err)
		}
	}
	if n := conn().lru.Len(); n != 4 {
		t.Fatalf("cache holds %d statements, size 4", n)
	}
}

func TestStmtCache_FailedStatementIsNotKept(t *testing.T) {
	db, conn := cacheDB(t, 4)
	if _, err := db.Exec(`INSERT INTO missing VALUES (1)`); err == nil {
		t.Fatal("insert into a missing table")
	}
	mustExec(t, db, `CREATE TABLE missing (a)`)
	mustExec(t, db, `INSERT INTO missing VALUES (1)`)
	if n := conn().lru.Len(); n != 2 {
		t.Fatalf("cache holds %d statements", n)
	}
}

func TestIsForeignKeyViolation(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "fk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if _, err := st.W.Exec(`CREATE TABLE p (id TEXT PRIMARY KEY); CREATE TABLE c (id TEXT PRIMARY KEY, p TEXT REFERENCES p(id))`); err != nil {
		t.Fatal(err)
	}
	// Checked at the statement.
	err = st.Write(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.Exec(`INSERT INTO c VALUES ('c1', 'none')`)
		return err
	})
	if !IsForeignKeyViolation(err) {
		t.Fatalf("immediate: %v", err)
	}
	// Checked at the commit.
	err = st.Write(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.Exec(`PRAGMA defer_foreign_keys = ON`); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT INTO c VALUES ('c1', 'none')`)
		return err
	})
	if !IsForeignKeyViolation(err) {
		t.Fatalf("deferred: %v", err)
	}
	// Other constraints are not.
	if _, err := st.W.Exec(`INSERT INTO p VALUES ('p1')`); err != nil {
		t.Fatal(err)
	}
	_, err = st.W.Exec(`INSERT INTO p VALUES ('p1')`)
	if err == nil || IsForeignKeyViolation(err) {
		t.Fatalf("unique: %v", err)
	}
}
