#!/usr/bin/env bash
# End-to-end test of the desktop app (issue 4): Debian's Chromium, driven by
# playwright-core (frontend/e2e/journey.mjs), uses two desktops served by
# `wails dev` (real Go bindings, one data dir each) against a real sync server:
#
#   sponsor desktop     `wails dev` itself: it runs Vite and the dev binary, which
#                       serves the app with its bindings on 127.0.0.1:$PORT_A
#   influencer desktop  a second run of that dev binary (the environment `wails dev`
#                       gives it, another devserver port and data dir) over the
#                       same Vite; it reaches the server through a relay the test
#                       owns (its network link, to take it offline on its own)
#   sync server         build/bin/iescp-sync over a freshly seeded database; the
#                       test stops it and starts it again on the same address
#
#   scripts/e2e.sh [path/to/iescp]      (make e2e-test; make build sync-server first)
#
# Screenshots of every step and all logs: build/test-artifacts/e2e/. Needs Xvfb,
# curl, Node.js with frontend/node_modules (playwright-core), Go, and chromium
# (/usr/bin/chromium, or CHROMIUM=...); nothing is downloaded.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=${1:-build/bin/iescp}
SYNC_BIN=${SYNC_BIN:-$(dirname "$BIN")/iescp-sync}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
TAGS=${TAGS:-webkit2_41}
ART=build/test-artifacts/e2e
PASSWORD=x-e2e-pass
# wails dev compiles the dev binary first: minutes on a cold build cache.
STARTUP_SECONDS=${STARTUP_SECONDS:-900}
JOURNEY_SECONDS=${JOURNEY_SECONDS:-900}

log() { echo "e2e: $*"; }
show_logs() {
	local f
	for f in "$ART"/*.log; do
		[[ -s $f ]] || continue
		echo "--- $f (last 30 lines)" >&2
		tail -n 30 "$f" >&2
	done
}
fail() {
	echo "e2e: FAIL: $*" >&2
	show_logs
	exit 1
}

for tool in Xvfb curl node go; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (make deps installs what the tests need)"
done
[[ -x $CHROMIUM ]] || fail "no Chromium at $CHROMIUM (apt-get install chromium; the test never downloads a browser)"
[[ -x $BIN && -x $SYNC_BIN ]] || fail "$BIN or $SYNC_BIN is missing; run make build sync-server"
[[ -f frontend/node_modules/playwright-core/package.json ]] || fail "frontend/node_modules has no playwright-core; run make deps-frontend"

mkdir -p build/test-artifacts
echo '*' >build/test-artifacts/.gitignore # artifacts never get committed
rm -rf "$ART"
mkdir -p "$ART"

TMP=$(mktemp -d)
XVFB_PID=""
WAILS_PID=""
APP_B_PID=""
SYNC_PIDFILE=$TMP/sync.pid

# descendants PID: every process below PID (deepest first).
descendants() {
	local child
	for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		descendants "$child"
		echo "$child"
	done
}
# stop PID [SECONDS]: TERM, then KILL what is left of it and its children.
stop() {
	local pid=$1 secs=${2:-10} tree
	[[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
	tree=$(descendants "$pid")
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 1 $((secs * 10))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	# shellcheck disable=SC2086 # a list of pids
	kill -KILL "$pid" $tree 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
cleanup() {
	stop "$APP_B_PID"
	# wails dev stops its app and Vite, and deletes its dev binary, on TERM.
	stop "$WAILS_PID" 20
	[[ -f $SYNC_PIDFILE ]] && stop "$(cat "$SYNC_PIDFILE")"
	stop "$XVFB_PID"
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })'
}
# wait_http URL SECONDS PID WHAT: until URL answers, while PID lives.
wait_http() {
	local url=$1 secs=$2 pid=$3 what=$4
	for _ in $(seq 1 $((secs * 2))); do
		curl -fsS -m 2 -o /dev/null "$url" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || fail "$what exited before answering $url"
		sleep 0.5
	done
	fail "$what did not answer $url within ${secs}s"
}

# Demo data: the canonical database the sync server serves (the desktops start empty
# and download what their account may see when they sign in).
"$BIN" seed --data-dir "$TMP/seed" --password "$PASSWORD" \
	--influencers 5 --sponsors 2 --campaigns 8 --ad-requests 12 >"$ART/seed.log" 2>&1 ||
	fail "seeding failed (see $ART/seed.log)"
DB=$TMP/seed/server.db

# The sync server on a free port (the test restarts it on the same one).
: >"$ART/sync-server.log"
SYNC_PORT=""
for _ in 1 2 3 4 5; do
	port=$(free_port)
	"$SYNC_BIN" serve --addr "127.0.0.1:$port" --db "$DB" >>"$ART/sync-server.log" 2>&1 &
	echo $! >"$SYNC_PIDFILE"
	for _ in $(seq 1 100); do
		curl -fsS -m 1 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && { SYNC_PORT=$port; break; }
		kill -0 "$(cat "$SYNC_PIDFILE")" 2>/dev/null || break
		sleep 0.1
	done
	[[ -n $SYNC_PORT ]] && break
	stop "$(cat "$SYNC_PIDFILE")"
done
[[ -n $SYNC_PORT ]] || fail "the sync server did not start (see $ART/sync-server.log)"
log "sync server on 127.0.0.1:$SYNC_PORT"

# Our own X display for the two app windows `wails dev` opens (-displayfd picks a free one).
mkfifo "$TMP/displayfd"
exec 3<>"$TMP/displayfd"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -auth "$TMP/xauth" >"$ART/xvfb.log" 2>&1 &
XVFB_PID=$!
read -r -t 120 DISPLAY_NUM <&3 || fail "Xvfb did not report a display"
exec 3<&-
export DISPLAY=":$DISPLAY_NUM"
unset WAYLAND_DISPLAY
# No accelerated compositing under Xvfb; no accessibility bus; a D-Bus address that
# fails at once, so tokens go to the data dir's file and never to a real keyring.
export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1
export DBUS_SESSION_BUS_ADDRESS=disabled: XDG_DATA_HOME=$TMP/xdg
log "Xvfb on $DISPLAY"

PORT_A=$(free_port)
PORT_B=$(free_port)
LINK_PORT=$(free_port)
while [[ $PORT_B == "$PORT_A" ]]; do PORT_B=$(free_port); done
while [[ $LINK_PORT == "$PORT_A" || $LINK_PORT == "$PORT_B" ]]; do LINK_PORT=$(free_port); done

# The sponsor's desktop: wails dev (Vite, then the dev binary with real bindings).
# -s: Vite serves the frontend, nothing is built into frontend/dist; -nogorebuild and
# -noreload: edits made while the test runs do not restart the app under it.
WAILS=$(go tool -n wails 2>/dev/null || true)
if [[ ! -x $WAILS ]]; then
	go build -o "$TMP/wails" github.com/wailsapp/wails/v2/cmd/wails || fail "could not build the wails CLI"
	WAILS=$TMP/wails
fi
log "starting wails dev (sponsor desktop on 127.0.0.1:$PORT_A)"
"$WAILS" dev -tags "$TAGS" -m -nosyncgomod -skipbindings -s -nogorebuild -noreload -nocolour -viteservertimeout 120 \
	-devserver "127.0.0.1:$PORT_A" -appargs "--data-dir $TMP/sponsor --server http://127.0.0.1:$SYNC_PORT" \
	>"$ART/wails-dev.log" 2>&1 &
WAILS_PID=$!
started=$SECONDS
wait_http "http://127.0.0.1:$PORT_A/" "$STARTUP_SECONDS" "$WAILS_PID" "wails dev"
VITE_URL=$(sed 's/\x1b\[[0-9;]*m//g' "$ART/wails-dev.log" | sed -n 's/^Using Frontend DevServer URL: *//p' | tail -n 1)
[[ -n $VITE_URL ]] || fail "could not find Vite's URL in $ART/wails-dev.log"
log "wails dev ready after $((SECONDS - started))s (Vite on $VITE_URL)"

# The influencer's desktop: the same dev binary, run as wails dev runs it (see
# wails' internal/app/app_dev.go: devserver, frontenddevserverurl, assetdir and
# loglevel come from the environment), on its own port and data dir. A copy, since
# wails dev deletes its binary when it stops (and make build empties build/bin).
DEV_BIN=build/bin/iescp-dev-$(go env GOOS)-$(go env GOARCH)
[[ -x $DEV_BIN ]] || fail "wails dev left no dev binary at $DEV_BIN"
cp "$DEV_BIN" "$TMP/iescp-dev"
env devserver="127.0.0.1:$PORT_B" frontenddevserverurl="$VITE_URL" assetdir="" loglevel=Info \
	"$TMP/iescp-dev" --data-dir "$TMP/influencer" --server "http://127.0.0.1:$LINK_PORT" \
	>"$ART/influencer-app.log" 2>&1 &
APP_B_PID=$!
wait_http "http://127.0.0.1:$PORT_B/" 120 "$APP_B_PID" "the influencer's desktop"
log "influencer desktop on 127.0.0.1:$PORT_B (its link to the server: 127.0.0.1:$LINK_PORT)"

log "running frontend/e2e/journey.mjs in $CHROMIUM"
journey_started=$SECONDS
set +e
E2E_SPONSOR_URL="http://127.0.0.1:$PORT_A" E2E_INFLUENCER_URL="http://127.0.0.1:$PORT_B" \
	E2E_PASSWORD="$PASSWORD" E2E_ARTIFACTS="$PWD/$ART" \
	E2E_SYNC_BIN="$PWD/$SYNC_BIN" E2E_SYNC_DB="$DB" E2E_SYNC_PORT="$SYNC_PORT" \
	E2E_SYNC_PIDFILE="$SYNC_PIDFILE" E2E_SYNC_LOG="$PWD/$ART/sync-server.log" E2E_LINK_PORT="$LINK_PORT" \
	CHROMIUM="$CHROMIUM" timeout "$JOURNEY_SECONDS" node frontend/e2e/journey.mjs 2>&1 | tee "$ART/journey.out"
status=${PIPESTATUS[0]}
set -e
[[ $status == 124 ]] && fail "the journey did not finish within ${JOURNEY_SECONDS}s"
[[ $status == 0 ]] || fail "the journey failed (exit $status); screenshots in $ART/"
log "PASS: journey in $((SECONDS - journey_started))s, $SECONDS s in all; screenshots in $ART/"
