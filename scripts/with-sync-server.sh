#!/usr/bin/env bash
# Runs a command with a local IESCP sync server in the background, then stops the
# server when the command exits (Ctrl-C included).
#
#   scripts/with-sync-server.sh SYNC_BIN ADDR DB -- COMMAND [ARGS...]
#
# SYNC_BIN is build/bin/iescp-sync, ADDR host:port (127.0.0.1:8787), DB the
# canonical database (make run uses the seeded .data/desktop/server.db). When a
# healthy server already answers on ADDR it is used as is and left running.
# The server's output (including the admin password it prints once, at its first
# start) goes to DB's directory, sync-server.log.
set -euo pipefail

[[ $# -ge 5 && $4 == -- ]] || { echo "usage: $0 SYNC_BIN ADDR DB -- COMMAND [ARGS...]" >&2; exit 2; }
SYNC_BIN=$1 ADDR=$2 DB=$3
shift 4
URL="http://$ADDR"
LOG="$(dirname "$DB")/sync-server.log"

healthy() { curl -fsS -m 2 "$URL/healthz" >/dev/null 2>&1; }

SERVER_PID=""
stop_server() {
	if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
		echo "Stopping the sync server (pid $SERVER_PID)"
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

if healthy; then
	echo "A sync server already answers on $URL; using it"
else
	[[ -x $SYNC_BIN ]] || { echo "error: $SYNC_BIN is missing (make sync-server builds it)" >&2; exit 1; }
	[[ -f $DB ]] || { echo "error: $DB does not exist (make seed writes it)" >&2; exit 1; }
	mkdir -p "$(dirname "$LOG")"
	offset=$(stat -c %s "$LOG" 2>/dev/null || echo 0)
	echo "Starting the sync server on $URL over $DB (log: $LOG)"
	# First sign-ins download a prebuilt snapshot of their role's view (docs/sync.md).
	"$SYNC_BIN" serve --addr "$ADDR" --db "$DB" --snapshot-dir "$(dirname "$DB")/snapshots" >>"$LOG" 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 1 100); do
		healthy && break
		kill -0 "$SERVER_PID" 2>/dev/null || { echo "error: the sync server exited; see $LOG:" >&2; tail -n 20 "$LOG" >&2; exit 1; }
		sleep 0.1
	done
	healthy || { echo "error: the sync server did not answer $URL/healthz within 10 s; see $LOG" >&2; exit 1; }
	# The server prints the generated admin password once, at its first start.
	tail -c +$((offset + 1)) "$LOG" | grep -i 'password' | head -n 3 || true
fi

"$@"
