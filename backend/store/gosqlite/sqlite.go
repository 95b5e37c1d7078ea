// Package sqlite stands in for github.com/glebarez/go-sqlite (go.mod's replace): it
// hands GORM's SQLite dialector (github.com/glebarez/sqlite, which imports that
// driver for its error type alone) the driver of modernc.org/sqlite itself.
//
// Why: glebarez/go-sqlite is a fork of an old modernc driver that compiles every
// statement on every execution, and SQLite compiles a table's triggers into each
// statement that fires them. modernc.org/sqlite keeps a prepared statement's compiled
// program across executions, and backend/store keeps one per query text on each
// connection (stmtcache.go). Both packages register the driver name "sqlite", so they
// cannot be linked together; this module makes glebarez/sqlite link against modernc's.
package sqlite

import modsqlite "modernc.org/sqlite"

// Error is the driver's error, with the SQLite result code the dialector translates
// (a unique or foreign-key violation) into GORM's typed errors.
type Error = modsqlite.Error
