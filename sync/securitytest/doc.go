// Package securitytest is the black-box security suite of the sync server: its
// tests build the real iescp-sync binary, start it on a random loopback port with a
// fresh database, and attack it through HTTP only, as someone on the network would
// (docs/operations.md, issue 9).
//
// Each test is named after the hole it guards. Clients dial from their own loopback
// source address (127.1.x.y), so per-address limits of one test never throttle
// another. Most tests share one server process; tests that need special flags or a
// clean state (rate limits, timeouts, pokes) start their own.
//
// The looks inside the server: TestForgedTokensAreRefused reads the token signing
// key from the server's database, and with it signs tokens that are valid but for
// one claim (expired, another issuer, an unknown subject), which is how each claim
// check is proved on its own; the payout tests write a released escrow into its
// ledger; TestHugeMutationNameIsNotStored measures what the database holds.
//
// The suite runs on the engine the run names: SQLite files by default, PostgreSQL
// databases (one per server process) when IESCP_TEST_PG is set (backend/store/pgtest).
package securitytest
