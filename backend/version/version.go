// Package version holds the version both binaries (the desktop app iescp and the
// sync server iescp-sync) report. The build sets it from the git tags:
//
//	go build -ldflags "-X iescp/backend/version.Version=$(git describe --tags --always --dirty)"
//
// (scripts/package.sh and the Makefile do); a plain `go build` leaves Fallback.
package version

import "strings"

// Fallback is the version of a build that was not given one.
const Fallback = "0.0.0-dev"

// Version is set at link time with -X; empty or blank means Fallback.
var Version = Fallback

// String returns the version without a leading "v" (git tags are "v1.2.3", the
// packages and the About say "1.2.3"), or Fallback when none was set.
func String() string {
	v := strings.TrimSpace(Version)
	if v == "" {
		return Fallback
	}
	return strings.TrimPrefix(v, "v")
}
