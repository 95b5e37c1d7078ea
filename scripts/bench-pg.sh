#!/usr/bin/env bash
# make bench-pg: the PostgreSQL benchmarks of sync/bench on throwaway clusters
# (scripts/pg-cluster.sh), fsync on, with pg_stat_statements loaded:
#  1. push throughput and cross-instance latency (fleet_test.go) on 1 core and on 2;
#  2. the initial sync of the seeded 100k fixture (initial_pg_test.go) with the
#     server on PostgreSQL, beside the same on SQLite in the same process (one seed
#     for both), and the server's part alone (initial_pull_test.go) on both
#     on all cores; then PostgreSQL's own time per statement in those runs.
# BENCH / INITIAL_BENCH pick the benchmarks (INITIAL_BENCH= skips step 2), COUNT the
# runs of each (3), IESCP_BENCH_INFLUENCERS the fixture's size (100,000).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=${BENCH-'PushPostgres|ChangeLatencyAcrossInstances'}
INITIAL_BENCH=${INITIAL_BENCH-'^Benchmark(InitialSync(Postgres)?|InitialPull)$'}
opts="-c fsync=on -c full_page_writes=on -c synchronous_commit=off -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"

psql_bin() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[[ -x $d/psql ]] && { echo "$d/psql"; return; }
	done
	command -v psql
}

if [[ -n $BENCH ]]; then
	for cpus in 0 0-1; do
		tmp=$(mktemp -d)
		trap 'scripts/pg-cluster.sh stop "$tmp/pg" || true; rm -rf "$tmp"' EXIT
		url=$(PG_CPUS=$cpus PG_OPTS="$opts" scripts/pg-cluster.sh start "$tmp/pg")
		n=$(( ${cpus#*-} + 1 ))
		echo "== cores $cpus (GOMAXPROCS=$n, PostgreSQL pinned to the same)"
		IESCP_TEST_PG=$url taskset -c "$cpus" go test ./sync/bench/ -run '^$' -bench "$BENCH" -benchtime 1x -count "${COUNT:-3}" -cpu "$n" -timeout 30m
		scripts/pg-cluster.sh stop "$tmp/pg"
		rm -rf "$tmp"
		trap - EXIT
	done
fi

if [[ -n $INITIAL_BENCH ]]; then
	tmp=$(mktemp -d)
	trap 'scripts/pg-cluster.sh stop "$tmp/pg" || true; rm -rf "$tmp"' EXIT
	url=$(PG_OPTS="$opts" scripts/pg-cluster.sh start "$tmp/pg")
	echo "== initial sync, SQLite and PostgreSQL, all cores"
	IESCP_TEST_PG=$url go test ./sync/bench/ -run '^$' -bench "$INITIAL_BENCH" -benchtime 1x -count "${COUNT:-3}" -timeout 3h
	echo "== PostgreSQL's time per statement in the initial syncs (pg_stat_statements, top 12)"
	"$(psql_bin)" "$url" -X -q -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' -c "
		SELECT round(s.total_exec_time::numeric, 1) AS total_ms, s.calls,
		       round((s.total_exec_time / s.calls)::numeric, 3) AS ms_per_call, s.rows,
		       left(regexp_replace(s.query, '\s+', ' ', 'g'), 140) AS query
		FROM pg_stat_statements s
		WHERE s.dbid NOT IN (SELECT oid FROM pg_database) -- the runs' copies, dropped after each run
		ORDER BY s.total_exec_time DESC LIMIT 12"
	scripts/pg-cluster.sh stop "$tmp/pg"
	rm -rf "$tmp"
	trap - EXIT
fi
