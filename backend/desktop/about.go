package desktop

import (
	"runtime"

	"iescp/backend/store"
	"iescp/backend/version"
	"iescp/sync/protocol"
)

// AboutService tells Settings' About card what this build is. It works signed out.
type AboutService struct{}

// NewAboutService returns the About service (it holds no state).
func NewAboutService() *AboutService { return &AboutService{} }

// About is this build of the desktop app.
type About struct {
	// Version is the git tag the build was made from (backend/version), e.g. "1.2.0"
	// or "1.2.0-3-gabc1234-dirty"; "0.0.0-dev" for a build not given one.
	Version  string `json:"version"`
	Protocol int    `json:"protocol"` // the sync protocol it speaks
	Schema   int    `json:"schema"`   // the local database's schema version
	Go       string `json:"go"`       // the Go toolchain it was built with
	Platform string `json:"platform"` // GOOS/GOARCH
}

// About returns this build's version and what it was built with.
func (*AboutService) About() About {
	return About{
		Version: version.String(), Protocol: protocol.ProtocolVersion, Schema: store.LatestVersion(store.SetDomain),
		Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH,
	}
}
