package desktop

import (
	"context"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/localdata"
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
	if got, _ := s2.Settings.Server(); got.ServerURL != "http://10.0.0.1:9000" || !got.Overridden {
		t.Fatalf("got %+v, want the override", got)
	}
	s2.Shutdown(context.Background())
	s3, _ := newTestDesktop(t, "", dataDir)
	if got, _ := s3.Settings.Server(); got.ServerURL != "https://sync.example.com" || got.Overridden {
		t.Fatalf("got %+v, want the stored address", got)
	}
}
