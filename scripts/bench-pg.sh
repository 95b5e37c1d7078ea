#!/usr/bin/env bash
# make bench-pg: the PostgreSQL benchmarks of sync/bench (fleet_test.go) on 1 core and
# on 2, each on its own throwaway cluster (scripts/pg-cluster.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=${BENCH:-'PushPostgres|ChangeLatencyAcrossInstances'}
for cpus in 0 0-1; do
	tmp=$(mktemp -d)
	trap 'scripts/pg-cluster.sh stop "$tmp/pg" || true; rm -rf "$tmp"' EXIT
	url=$(PG_CPUS=$cpus PG_OPTS="-c fsync=on -c full_page_writes=on -c synchronous_commit=off" scripts/pg-cluster.sh start "$tmp/pg")
	n=$(( ${cpus#*-} + 1 ))
	echo "== cores $cpus (GOMAXPROCS=$n, PostgreSQL pinned to the same)"
	IESCP_TEST_PG=$url taskset -c "$cpus" go test ./sync/bench/ -run '^$' -bench "$BENCH" -benchtime 1x -count "${COUNT:-3}" -cpu "$n" -timeout 30m
	scripts/pg-cluster.sh stop "$tmp/pg"
	rm -rf "$tmp"
	trap - EXIT
done
