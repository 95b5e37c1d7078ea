package desktop

import (
	"testing"

	"iescp/backend/version"
)

// The About card shows the version the build was linked with (-X), not a constant.
func TestAbout_Version(t *testing.T) {
	saved := version.Version
	t.Cleanup(func() { version.Version = saved })
	version.Version = "v3.4.5-2-gdeadbee"
	a := NewAboutService().About()
	if a.Version != "3.4.5-2-gdeadbee" {
		t.Errorf("Version %q, want 3.4.5-2-gdeadbee", a.Version)
	}
	if a.Protocol < 1 || a.Schema < 1 || a.Go == "" || a.Platform == "" {
		t.Errorf("incomplete: %+v", a)
	}
}
