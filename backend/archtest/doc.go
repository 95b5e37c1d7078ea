// Package archtest holds the import-direction test: the module's packages sit in
// layers (docs/architecture.md) and imports run one way, from a higher layer to a
// lower one, never up.
//
//  1. core: backend/domain, auth, store, replica, mutate, search; sync/protocol
//  2. read models and documents: backend/queries, export, report
//  3. sync and machinery: sync/client, sync/server; backend/jobs, secrets, localdata
//  4. desktop services and commands: backend/desktop, backend/seed, sync/cmd/iescp-sync
//  5. shell: the root package (main.go, app.go)
//
// Besides, backend/seed never imports backend/desktop, nothing under backend/ or
// sync/ imports the Wails runtime (it belongs to the shell), and the test-support
// packages (fake servers, harnesses, benchmarks) are imported by tests only. A new
// package must be placed in the table in layers_test.go, or the test fails.
//
// desktop_test.go keeps the desktop services thin: no non-test file of
// backend/desktop over 250 lines, and none with a string literal that opens
// with SELECT, INSERT, UPDATE or DELETE (SQL lives in backend/queries, the
// mutators and backend/localdata).
//
// The package has no code: `go test ./backend/archtest/` runs the checks.
package archtest
