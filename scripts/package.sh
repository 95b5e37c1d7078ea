#!/usr/bin/env bash
# Builds the installable packages into build/package/ (make package):
#
#   iescp_<version>_<arch>.deb, iescp-<version>.<arch>.rpm   the desktop app
#   iescp-sync_<version>_<arch>.deb                          the sync server + systemd unit
#
# with goreleaser's nfpm (pinned in tools/nfpm/go.mod), from packaging/*.yaml. The
# version comes from the git tags (version below); both binaries are linked with it
# (-X iescp/backend/version.Version), so `iescp-sync version` and the app's
# Settings > About say what the package says. The icons (16..512 px) are made from
# build/appicon.png here, the metainfo gets the version and date, and both the
# metainfo and the desktop entry are validated when the validators are installed.
#
#   scripts/package.sh            build the binaries, then the packages
#   scripts/package.sh --version  print the version the binaries get
#   scripts/package.sh --pkg-version V  print the package version binary version V gets
#
# Needs: Go, the frontend built into frontend/dist (make build does it), the GTK and
# WebKit dev packages (as for make build), ImageMagick; appstreamcli (package
# appstream) and desktop-file-validate (desktop-file-utils) when present.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=build/package
NFPM=(go tool -modfile=tools/nfpm/go.mod nfpm)
ICON_SIZES=(16 22 24 32 48 64 128 256 512)
APP_ID=org.iescp.iescp

log() { echo "package: $*"; }
fail() {
	echo "package: FAIL: $*" >&2
	exit 1
}

# version: what the binaries report, from `git describe --tags --always --dirty`:
#   v1.2.3                   -> 1.2.3
#   v1.2.3-4-gabc1234-dirty  -> 1.2.3-4-gabc1234-dirty (4 commits after v1.2.3, edited)
#   abc1234 (no tag yet)     -> 0.0.0-dev+gabc1234
#   not a git checkout       -> 0.0.0-dev
version() {
	local d
	if d=$(git describe --tags --dirty 2>/dev/null); then
		echo "${d#v}"
	elif d=$(git describe --always --dirty 2>/dev/null) && [[ -n $d ]]; then
		echo "0.0.0-dev+g${d/-dirty/.dirty}"
	else
		echo 0.0.0-dev
	fi
}

# pkg_version VERSION: sets PKG_VERSION and PKG_PRERELEASE (nfpm joins them with "~")
# so that Debian and RPM order the packages as git does: 1.2.3 < 1.2.3+git4.gabc1234
# < 1.2.4, 1.2.4~rc1 < 1.2.4, and a build before any tag, 0.0.0~dev+gabc1234, below
# every tagged one.
pkg_version() {
	local v=$1
	PKG_PRERELEASE=""
	if [[ $v =~ ^([0-9][0-9A-Za-z.]*)-dev(\+.*)?$ ]]; then
		PKG_VERSION=${BASH_REMATCH[1]} PKG_PRERELEASE=dev${BASH_REMATCH[2]}
	elif [[ $v =~ ^([0-9][0-9A-Za-z.]*)-([0-9]+)-(g[0-9a-f]+)(-dirty)?$ ]]; then
		PKG_VERSION=${BASH_REMATCH[1]}+git${BASH_REMATCH[2]}.${BASH_REMATCH[3]}
		[[ -n ${BASH_REMATCH[4]} ]] && PKG_VERSION+=.dirty
	elif [[ $v =~ ^([0-9][0-9A-Za-z.]*)(-dirty)?$ ]]; then
		PKG_VERSION=${BASH_REMATCH[1]}
		[[ -n ${BASH_REMATCH[2]} ]] && PKG_VERSION+=+dirty
	elif [[ $v =~ ^([0-9][0-9A-Za-z.]*)-([0-9A-Za-z.]+)$ ]]; then # v1.2.3-rc1
		PKG_VERSION=${BASH_REMATCH[1]} PKG_PRERELEASE=${BASH_REMATCH[2]}
	else
		fail "cannot make a package version of $v: tag releases as vMAJOR.MINOR.PATCH"
	fi
	PKG_FULL=$PKG_VERSION${PKG_PRERELEASE:+~$PKG_PRERELEASE}-1
}

# --pkg-version VERSION prints the package version a binary version becomes.
if [[ ${1:-} == --pkg-version ]]; then
	pkg_version "$2"
	echo "$PKG_FULL"
	exit 0
fi
VERSION=$(version)
if [[ ${1:-} == --version ]]; then
	echo "$VERSION"
	exit 0
fi
[[ $# -eq 0 ]] || fail "usage: scripts/package.sh [--version]"
pkg_version "$VERSION"
[[ -f frontend/dist/index.html ]] || fail "frontend/dist is not built: run make build first"
for tool in go convert identify; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (make deps installs it)"
done

rm -rf "$OUT"
mkdir -p "$OUT/icons"
LDVERSION="-X iescp/backend/version.Version=$VERSION"

log "version $VERSION (package $PKG_FULL)"
# The desktop app as `wails build` links it (tags desktop,production; the frontend
# is the one make build put in frontend/dist), with the version.
go build -trimpath -tags desktop,production,webkit2_41 -ldflags "-s -w $LDVERSION" -o "$OUT/iescp" .
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w $LDVERSION" -o "$OUT/iescp-sync" ./sync/cmd/iescp-sync
got=$("$OUT/iescp-sync" version)
[[ $got == "iescp-sync $VERSION "* ]] || fail "iescp-sync version says '$got', want $VERSION"

for s in "${ICON_SIZES[@]}"; do
	mkdir -p "$OUT/icons/${s}x${s}"
	convert build/appicon.png -resize "${s}x${s}" -depth 8 -strip "PNG32:$OUT/icons/${s}x${s}/iescp.png"
	[[ $(identify -format '%wx%h' "$OUT/icons/${s}x${s}/iescp.png") == "${s}x${s}" ]] || fail "icon ${s}x${s} came out wrong"
done

sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$(git log -1 --format=%cs 2>/dev/null || date -u +%F)/" \
	"build/linux/$APP_ID.metainfo.xml" >"$OUT/$APP_ID.metainfo.xml"
if command -v appstreamcli >/dev/null 2>&1; then
	appstreamcli validate --no-net "$OUT/$APP_ID.metainfo.xml" || fail "appstreamcli rejects the metainfo"
else
	log "appstreamcli is not installed: the metainfo is not validated"
fi
if command -v desktop-file-validate >/dev/null 2>&1; then
	desktop-file-validate "build/linux/$APP_ID.desktop" || fail "desktop-file-validate rejects the desktop entry"
else
	log "desktop-file-validate is not installed: the desktop entry is not validated"
fi

export IESCP_ARCH=$(go env GOARCH)
export IESCP_PKG_VERSION=$PKG_VERSION IESCP_PKG_PRERELEASE=$PKG_PRERELEASE
export IESCP_MAINTAINER=${IESCP_MAINTAINER:-IESCP team <iescp@localhost>}
"${NFPM[@]}" package --config packaging/iescp.yaml --packager deb --target "$OUT/"
"${NFPM[@]}" package --config packaging/iescp.yaml --packager rpm --target "$OUT/"
"${NFPM[@]}" package --config packaging/iescp-sync.yaml --packager deb --target "$OUT/"
log "built:"
ls -l "$OUT"/*.deb "$OUT"/*.rpm
