#!/usr/bin/env bash
# Two desktops side by side against one sync server: one data dir each, so each
# window is its own computer. Sign in as sponsor@iescp.demo on the left and
# influencer@iescp.demo on the right; a change in one shows in the other.
#
#   scripts/demo-windows.sh BIN SERVER_URL LEFT_DATA_DIR RIGHT_DATA_DIR
set -euo pipefail

[[ $# -eq 4 ]] || { echo "usage: $0 BIN SERVER_URL LEFT_DATA_DIR RIGHT_DATA_DIR" >&2; exit 2; }
BIN=$1 URL=$2 LEFT=$3 RIGHT=$4
mkdir -p "$LEFT" "$RIGHT"

PIDS=()
stop() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 130' INT TERM

"$BIN" --server "$URL" --data-dir "$LEFT" &
PIDS+=($!)
"$BIN" --server "$URL" --data-dir "$RIGHT" &
PIDS+=($!)

# Side by side, when xdotool can see the windows (X11); otherwise leave them be.
if command -v xdotool >/dev/null 2>&1 && [[ -n ${DISPLAY:-} ]]; then
	for _ in $(seq 1 50); do
		mapfile -t WIDS < <(xdotool search --onlyvisible --name '^IESCP$' 2>/dev/null || true)
		[[ ${#WIDS[@]} -ge 2 ]] && break
		sleep 0.2
	done
	if [[ ${#WIDS[@]} -ge 2 ]]; then
		read -r W H < <(xdotool getdisplaygeometry)
		half=$((W / 2))
		xdotool windowsize "${WIDS[0]}" "$half" "$H" windowmove "${WIDS[0]}" 0 0 2>/dev/null || true
		xdotool windowsize "${WIDS[1]}" "$half" "$H" windowmove "${WIDS[1]}" "$half" 0 2>/dev/null || true
	fi
fi

echo "Demo: sign in as sponsor@iescp.demo in one window and influencer@iescp.demo in the other."
# Until either window closes; then the trap closes the other one.
wait -n "${PIDS[@]}" || true
