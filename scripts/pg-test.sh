#!/usr/bin/env bash
# The server and sync suites on PostgreSQL: a throwaway cluster (scripts/pg-cluster.sh)
# on a free port, the packages whose tests pick the engine from IESCP_TEST_PG, and the
# cluster stopped and removed however the run ends. `make test` runs this after the
# SQLite pass (go-test).
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
cleanup() {
	scripts/pg-cluster.sh stop "$tmp/pg" || true
	rm -rf "$tmp"
}
trap cleanup EXIT
url=$(scripts/pg-cluster.sh start "$tmp/pg")
echo "pg-test: PostgreSQL $(psql "$url" -Atc 'SHOW server_version' 2>/dev/null || echo '?') at ${url%%\?*}"
IESCP_TEST_PG=$url go test -count=1 "$@" ./backend/store/... ./backend/replica/... ./sync/...
