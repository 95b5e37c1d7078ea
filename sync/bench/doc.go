// Package bench holds the sync benchmarks (docs/benchmarks.md, "Sync"): initial
// sync of a large replica, push throughput with many desktops, change latency
// between two desktops, and the server's memory with many event streams. They run
// only with -bench (go test -run '^$' -bench . ./sync/bench); cmd/benchtable runs
// them and prints the table for the docs.
package bench
