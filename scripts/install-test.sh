#!/usr/bin/env bash
# The installed thing works, not only the build tree: installs build/package's
# iescp and iescp-sync .debs on this machine with apt-get, starts the service, reads
# the first admin's password where an operator would, then opens the INSTALLED app
# (the desktop entry's Exec, /usr/bin/iescp) under Xvfb, signed in as that admin,
# and checks it signed in: the app's own "signed in as" line, OCR of the window, and
# Settings > About showing the packaged version. Purges both packages at the end
# (and on failure), leaving the machine as it was.
#
#   scripts/install-test.sh        (as root; make package builds the packages first)
#
# The service: under systemd (PID 1), `systemctl restart iescp-sync` and the journal;
# without it (a CI container), the unit's own ExecStart, run the way the unit says:
# as its User/Group with no new privileges, its EnvironmentFile, UMask,
# StateDirectory and WorkingDirectory. The script says which path ran. Either way the
# server listens on 127.0.0.1:0 (set in /etc/default/iescp-sync, as an admin would)
# and the test reads the port from its "listening" log line.
#
# Screenshots and logs: build/test-artifacts/install/.
# Needs: root, apt-get, Xvfb, xauth, imagemagick, tesseract-ocr, xdotool, curl; xprop
# (x11-utils) for the exact WM_CLASS check, appstreamcli and systemd-analyze when present.
set -euo pipefail

cd "$(dirname "$0")/.."
PKG=build/package
ART=build/test-artifacts/install
WAIT_SECONDS=${WAIT_SECONDS:-60}
UNIT=/usr/lib/systemd/system/iescp-sync.service
DESKTOP=/usr/share/applications/org.iescp.iescp.desktop
MIN_STDDEV=${MIN_STDDEV:-0.05}
APT=(apt-get -y -o DPkg::Lock::Timeout=300)
export DEBIAN_FRONTEND=noninteractive

log() { echo "install-test: $*"; }
fail() {
	echo "install-test: FAIL: $*" >&2
	for f in "$ART/app.log" "$ART/service.log"; do
		[[ -f $f ]] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }
	done
	exit 1
}

[[ $(id -u) == 0 ]] || fail "run as root: it installs and purges packages"
for tool in apt-get dpkg-query Xvfb xauth import convert identify tesseract xdotool curl setpriv; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (make deps installs it)"
done
shopt -s nullglob
debs=("$PKG"/iescp_*.deb "$PKG"/iescp-sync_*.deb)
shopt -u nullglob
[[ ${#debs[@]} == 2 ]] || fail "want one iescp_*.deb and one iescp-sync_*.deb in $PKG (make package), found: ${debs[*]:-none}"
for p in iescp iescp-sync; do
	if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q installed; then
		fail "$p is already installed here: this test would purge it; remove it first"
	fi
done
getent passwd iescp >/dev/null && fail "a user iescp exists before the install: this test would delete it"
[[ -e /var/lib/iescp ]] && fail "/var/lib/iescp exists before the install: this test would delete it"

mkdir -p "$ART"
echo '*' >"$(dirname "$ART")/.gitignore"
rm -f "$ART"/*.png "$ART"/*.txt "$ART"/*.log

TMP=$(mktemp -d)
SERVER_PID="" XVFB_PID="" APP_PID="" INSTALLED=""
cleanup() {
	local rc=$?
	for p in $APP_PID $SERVER_PID $XVFB_PID; do kill "$p" 2>/dev/null || true; done
	for p in $APP_PID $SERVER_PID $XVFB_PID; do wait "$p" 2>/dev/null || true; done
	if [[ -n $INSTALLED ]]; then
		"${APT[@]}" purge iescp iescp-sync >"$ART/purge.log" 2>&1 || echo "install-test: purge failed (see $ART/purge.log)" >&2
		local left=""
		for p in iescp iescp-sync; do
			dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed\|config-files' && left+=" package $p"
		done
		getent passwd iescp >/dev/null && left+=" user iescp"
		[[ -e /var/lib/iescp ]] && left+=" /var/lib/iescp"
		[[ -e /etc/default/iescp-sync ]] && left+=" /etc/default/iescp-sync"
		[[ -e /usr/bin/iescp ]] && left+=" /usr/bin/iescp"
		if [[ -n $left ]]; then
			echo "install-test: FAIL: the purge left:$left" >&2
			rc=1
		else
			log "purged iescp and iescp-sync: nothing left behind"
		fi
	fi
	rm -rf "$TMP"
	exit "$rc"
}
trap cleanup EXIT

want_version=$(scripts/package.sh --version)
want_pkg=$(scripts/package.sh --pkg-version "$want_version")

# ---- install ----
INSTALLED=yes
"${APT[@]}" install "${debs[@]/#/./}" >"$ART/install.log" 2>&1 || fail "apt-get install failed (see $ART/install.log)"
for p in iescp iescp-sync; do
	got=$(dpkg-query -W -f='${Version}' "$p")
	[[ $got == "$want_pkg" ]] || fail "$p installed as version $got, want $want_pkg"
done
log "installed iescp and iescp-sync $want_pkg"

# What the desktop package put where.
[[ $(command -v iescp) == /usr/bin/iescp && $(command -v iescp-sync) == /usr/bin/iescp-sync ]] ||
	fail "iescp and iescp-sync are not /usr/bin's on the PATH"
for s in 16 22 24 32 48 64 128 256 512; do
	icon=/usr/share/icons/hicolor/${s}x${s}/apps/iescp.png
	[[ $(identify -format '%wx%h' "$icon" 2>/dev/null) == "${s}x${s}" ]] || fail "$icon is missing or not ${s}x${s}"
done
[[ -f /usr/share/metainfo/org.iescp.iescp.metainfo.xml ]] || fail "no AppStream metainfo installed"
grep -q "release version=\"$want_version\"" /usr/share/metainfo/org.iescp.iescp.metainfo.xml ||
	fail "the metainfo's release is not $want_version"
if command -v appstreamcli >/dev/null 2>&1; then
	appstreamcli validate --no-net /usr/share/metainfo/org.iescp.iescp.metainfo.xml >"$ART/appstream.log" 2>&1 ||
		fail "appstreamcli rejects the installed metainfo (see $ART/appstream.log)"
fi
desktop_key() { sed -n "s/^$1=//p" "$DESKTOP" | head -n 1; }
[[ -f $DESKTOP ]] || fail "no $DESKTOP"
[[ $(desktop_key Icon) == iescp ]] || fail "the desktop entry's Icon is not iescp"
WM_CLASS=$(desktop_key StartupWMClass)
read -ra EXEC <<<"$(desktop_key Exec)"
[[ ${EXEC[0]} == iescp ]] || fail "the desktop entry runs ${EXEC[0]}, not iescp"

# ---- the service ----
got=$(iescp-sync version) || fail "iescp-sync version failed"
[[ $got == "iescp-sync $want_version "* ]] || fail "iescp-sync version says '$got', want $want_version"
log "$got"
getent passwd iescp >/dev/null || fail "the package did not create the user iescp"
[[ $(getent passwd iescp | cut -d: -f7) == */nologin ]] || fail "the user iescp has a login shell"
if command -v systemd-analyze >/dev/null 2>&1; then
	systemd-analyze verify "$UNIT" >"$ART/unit-verify.log" 2>&1 || fail "systemd-analyze verify rejects the unit (see $ART/unit-verify.log)"
	systemd-analyze security --offline=yes "$UNIT" >"$ART/unit-security.txt" 2>&1 || true
	log "unit: $(grep -o 'Overall exposure level.*' "$ART/unit-security.txt" || echo 'exposure not measured')"
fi

# An admin's setting: listen on a port the kernel picks (nothing else here may hold a fixed one).
sed -i 's/^IESCP_SYNC_ADDR=.*/IESCP_SYNC_ADDR=127.0.0.1:0/' /etc/default/iescp-sync
unit_key() { sed -n "s/^$1=//p" "$UNIT" | tail -n 1; }

if [[ -d /run/systemd/system ]]; then
	log "path: systemd is PID 1: systemctl restart iescp-sync"
	since=$(date '+%Y-%m-%d %H:%M:%S')
	systemctl restart iescp-sync.service || fail "systemctl restart iescp-sync failed"
	service_log() { journalctl -u iescp-sync.service --since "$since" -o cat --no-pager >"$ART/service.log" 2>&1 || true; }
else
	log "path: no systemd running (PID 1 is $(ps -p 1 -o comm= 2>/dev/null || echo unknown)): running the unit's ExecStart as its User"
	user=$(unit_key User) group=$(unit_key Group) envfile=$(unit_key EnvironmentFile)
	state=/var/lib/$(unit_key StateDirectory) workdir=$(unit_key WorkingDirectory)
	[[ -n $user && -n $group && -n $envfile && $state != /var/lib/ ]] || fail "the unit lacks User, Group, EnvironmentFile or StateDirectory"
	install -d -o "$user" -g "$group" -m "$(unit_key StateDirectoryMode)" "$state"
	# ExecStart with systemd's expansion: an unquoted $VAR splits into words.
	set -a
	# shellcheck disable=SC1090
	. "$envfile"
	set +a
	argv=()
	read -ra words <<<"$(unit_key ExecStart)"
	for w in "${words[@]}"; do
		if [[ $w =~ ^\$([A-Za-z_][A-Za-z0-9_]*)$ ]]; then
			read -ra more <<<"${!BASH_REMATCH[1]:-}"
			argv+=("${more[@]}")
		else
			argv+=("$w")
		fi
	done
	log "as $user:$group in $workdir: ${argv[*]}"
	(
		cd "$workdir"
		umask "$(unit_key UMask)"
		exec setpriv --reuid "$user" --regid "$group" --init-groups --no-new-privs --inh-caps=-all --bounding-set=-all -- "${argv[@]}"
	) >"$ART/service.log" 2>&1 &
	SERVER_PID=$!
	service_log() { :; }
fi

URL=""
for _ in $(seq 1 100); do
	service_log
	URL=$(sed -n 's/.*"msg":"listening".*"url":"\([^"]*\)".*/\1/p' "$ART/service.log" | tail -n 1)
	[[ -n $URL ]] && break
	[[ -n $SERVER_PID ]] && ! kill -0 "$SERVER_PID" 2>/dev/null && fail "iescp-sync exited"
	sleep 0.2
done
[[ -n $URL ]] || fail "iescp-sync did not log that it listens"
curl -fsS -m 5 "$URL/healthz" >"$TMP/healthz" || fail "GET $URL/healthz failed"
log "service healthy at $URL ($(tr -d '\n' <"$TMP/healthz" | cut -c1-80))"

# The first admin's password, where the operator is told to look.
PWFILE=$(sed -n 's/^IESCP_SYNC_ADMIN_PASSWORD_FILE=//p' /etc/default/iescp-sync)
[[ -f $PWFILE ]] || fail "no first admin password file at $PWFILE"
[[ $(stat -c '%a %U' "$PWFILE") == "600 iescp" ]] || fail "$PWFILE is $(stat -c '%a %U' "$PWFILE"), want 600 iescp"
PASSWORD=$(head -n 1 "$PWFILE")
[[ ${#PASSWORD} -ge 20 ]] || fail "$PWFILE holds no password"
grep -q "\"password_file\":\"$PWFILE\"" "$ART/service.log" || fail "the service log does not say where the password is"
grep -qF "$PASSWORD" "$ART/service.log" && fail "the admin password is in the service log"
[[ $(stat -c '%U' /var/lib/iescp/iescp-sync.db) == iescp ]] || fail "the database is not the iescp user's"
log "first admin's password read from $PWFILE (600 iescp); the log names the file, not the password"

# ---- the installed app, signed in ----
mkfifo "$TMP/displayfd"
exec 3<>"$TMP/displayfd"
Xvfb -displayfd 3 -screen 0 1280x2200x24 -nolisten tcp -auth "$TMP/xauth" >"$ART/xvfb.log" 2>&1 &
XVFB_PID=$!
read -r -t 10 DISPLAY_NUM <&3 || fail "Xvfb did not report a display"
export DISPLAY=":$DISPLAY_NUM"
unset WAYLAND_DISPLAY
export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1
export XDG_DATA_HOME=$TMP/xdg NO_AT_BRIDGE=1

ocr() { convert "$1" -resize 200% -colorspace Gray "$TMP/ocr.png" && tesseract "$TMP/ocr.png" - 2>/dev/null >"$2"; }
has() {
	local f=$1 text
	shift
	text=$(tr -s '[:space:]' ' ' <"$f")
	for w in "$@"; do grep -qiE "$w" <<<"$text" || return 1; done
}
seen() { tr -s '[:space:]' ' ' <"$1" | cut -c1-400; }

# The desktop entry's command (iescp, found on the PATH: /usr/bin/iescp) with the
# flags the window test uses; the password reaches it through the environment.
IESCP_PASSWORD=$PASSWORD "${EXEC[@]}" --data-dir "$TMP/desk" --server "$URL" --sign-in admin@localhost >"$ART/app.log" 2>&1 &
APP_PID=$!
SHOT=$ART/installed-signed-in.png
wid="" ready=""
for i in $(seq 1 "$WAIT_SECONDS"); do
	sleep 1
	kill -0 "$APP_PID" 2>/dev/null || fail "the installed app exited"
	# Found by the desktop entry's StartupWMClass: what a dock matches the window by.
	[[ -n $wid ]] || wid=$(xdotool search --onlyvisible --class "^$WM_CLASS\$" 2>/dev/null | head -n 1 || true)
	[[ -n $wid ]] || continue
	xdotool windowmove "$wid" 0 0 windowsize "$wid" 1280 800 2>/dev/null || true
	grep -q "signed in as admin@localhost" "$ART/app.log" || continue
	import -window root -crop 1280x800+0+0 +repage "$SHOT" 2>/dev/null || continue
	ocr "$SHOT" "$TMP/poll.txt" || continue
	if grep -qiE 'step [0-9] of [0-9]' "$TMP/poll.txt"; then # a first sign-in's tour
		xdotool windowfocus "$wid" key Escape 2>/dev/null || true
		continue
	fi
	if has "$TMP/poll.txt" ashboar; then
		ready=yes
		log "the installed app shows the admin dashboard after ${i}s"
		break
	fi
done
[[ -n $wid ]] || fail "no window of class $WM_CLASS (the desktop entry's StartupWMClass) after ${WAIT_SECONDS}s"
# xdotool matches without case; docks match StartupWMClass exactly, against the
# WM_CLASS instance or class.
if command -v xprop >/dev/null 2>&1; then
	wm=$(xprop -id "$wid" WM_CLASS)
	[[ $wm == *"\"$WM_CLASS\""* ]] || fail "the window's $wm does not hold StartupWMClass $WM_CLASS exactly"
	log "window $wm matches StartupWMClass=$WM_CLASS"
fi
exe=$(readlink "/proc/$APP_PID/exe")
[[ $exe == /usr/bin/iescp ]] || fail "the window is $exe's, not the installed /usr/bin/iescp's"
grep -q "signed in as admin@localhost" "$ART/app.log" || fail "the installed app did not log the --sign-in of admin@localhost"
[[ -n $ready ]] || fail "no dashboard after ${WAIT_SECONDS}s; OCR saw: $(seen "$TMP/poll.txt")"
xdotool windowfocus "$wid" key Escape 2>/dev/null || true
sleep 1
import -window root -crop 1280x800+0+0 +repage "$SHOT" || fail "screenshot failed"
ocr "$SHOT" "$ART/installed-signed-in.txt"
sd=$(identify -format '%[fx:standard_deviation]' "$SHOT")
awk -v s="$sd" -v m="$MIN_STDDEV" 'BEGIN { exit !(s > m) }' || fail "$SHOT looks blank (standard deviation $sd)"
has "$ART/installed-signed-in.txt" ashboar || fail "$SHOT shows no dashboard; OCR saw: $(seen "$ART/installed-signed-in.txt")"
if grep -qiE 'could not load|something went wrong|cannot reach|sign in to' "$ART/installed-signed-in.txt"; then
	fail "$SHOT shows an error or the sign-in screen; OCR saw: $(seen "$ART/installed-signed-in.txt")"
fi
log "signed in: $SHOT"

# Settings > About shows the packaged version (through the command palette, Ctrl+K;
# the window made tall enough to show the whole page).
ABOUT=$ART/installed-about.png
xdotool windowsize "$wid" 1280 2200 2>/dev/null || true
xdotool windowfocus "$wid" key ctrl+k 2>/dev/null || fail "xdotool could not reach the window"
sleep 1
xdotool type --delay 50 "Settings"
sleep 1
xdotool key Return
# OCR reads "+" and "-" unreliably and takes 1 for l or I, 0 for o: the version's
# number and its commit, if any, with those read either way.
version_re=$(grep -oE '^[0-9.]+|g[0-9a-f]{7,}' <<<"$want_version" | tr '\n' ' ' |
	sed -e 's/ $//' -e 's/\./[.,]/g' -e 's/1/[1lI|]/g' -e 's/0/[0oO]/g' -e 's/ /.{1,12}/')
shown=""
for _ in $(seq 1 5); do
	sleep 1
	import -window root "$ABOUT" 2>/dev/null || continue
	ocr "$ABOUT" "$ART/installed-about.txt" || continue
	if has "$ART/installed-about.txt" 'about iescp' "$version_re"; then
		shown=yes
		break
	fi
done
[[ -n $shown ]] || fail "Settings shows no About with version $want_version; OCR saw: $(seen "$ART/installed-about.txt")"
log "Settings > About shows $want_version: $ABOUT"
log PASS
