package desktop

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/localdata"
	"iescp/backend/mutate"
	"iescp/backend/queries"
	"iescp/backend/search"
)

func TestSettingsService_Server(t *testing.T) {
	dataDir := t.TempDir()
	s, _ := newTestDesktop(t, "", dataDir)
	got, err := s.Settings.Server()
	if err != nil || got.ServerURL != localdata.DefaultServerURL || got.Overridden {
		t.Fatalf("got %+v (%v), want the default", got, err)
	}
	if _, err := s.Settings.SetServer("gopher://x"); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("got %v, want invalid_argument", err)
	}
	if got, err = s.Settings.SetServer("https://sync.example.com/"); err != nil || got.ServerURL != "https://sync.example.com" {
		t.Fatalf("got %+v (%v), want the new address", got, err)
	}
	s.Shutdown(context.Background())

	// Stored in directory.db; --server overrides it for a run.
	s2, _ := newTestDesktop(t, "http://10.0.0.1:9000", dataDir)
	if got, _ := s2.Settings.Server(); got.ServerURL != "http://10.0.0.1:9000" || !got.Overridden ||
		got.StoredURL != "https://sync.example.com" || got.Default != localdata.DefaultServerURL {
		t.Fatalf("got %+v, want the override, with the stored address beside it", got)
	}
	// Setting an address in the panel replaces the override for the rest of the run.
	if got, err := s2.Settings.SetServer("https://third.example.com"); err != nil || got.Overridden ||
		got.ServerURL != "https://third.example.com" || got.StoredURL != got.ServerURL {
		t.Fatalf("got %+v (%v), want the new address in use", got, err)
	}
	if _, err := s2.Settings.SetServer("https://sync.example.com"); err != nil {
		t.Fatal(err)
	}
	s2.Shutdown(context.Background())
	s3, _ := newTestDesktop(t, "", dataDir)
	if got, _ := s3.Settings.Server(); got.ServerURL != "https://sync.example.com" || got.Overridden {
		t.Fatalf("got %+v, want the stored address", got)
	}
}

// The UI reads the limits it checks forms and pages against from Go, signed in or not.
func TestSettingsService_Limits(t *testing.T) {
	s, _ := newTestDesktop(t, "", "")
	got, err := s.Settings.Limits()
	if err != nil {
		t.Fatal(err)
	}
	if got.Input != mutate.CurrentLimits() || got.Input.MaxAmount <= 0 || got.Input.NameLen <= 0 {
		t.Fatalf("got input limits %+v, want mutate's", got.Input)
	}
	if got.MaxPageSize != queries.MaxPageSize || got.DefaultPageSize != queries.DefaultPageSize ||
		got.SearchMaxPageSize != search.MaxPageSize {
		t.Fatalf("got page sizes %+v", got)
	}
	b, _ := json.Marshal(got)
	for _, key := range []string{`"max_amount":`, `"max_page_size":200`, `"default_page_size":`, `"search_max_page_size":`,
		`"max_deliverables":20`, `"max_quantity":100`, `"platforms":["instagram",`, `"content_types":["reel",`} {
		if !strings.Contains(string(b), key) {
			t.Fatalf("the UI's JSON %s lacks %s", b, key)
		}
	}
}
