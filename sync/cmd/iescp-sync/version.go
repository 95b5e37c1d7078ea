package main

import buildversion "iescp/backend/version"

// version is what `iescp-sync version` and the "listening" log line report: the git
// tag the build was made from (-ldflags "-X iescp/backend/version.Version=...", as
// the Makefile and scripts/package.sh do), or buildversion.Fallback.
var version = buildversion.String()
