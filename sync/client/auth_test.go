package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iescp/backend/store/pgtest"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store"
	"iescp/sync/client"
	"iescp/sync/protocol"
	"iescp/sync/server"
)

// cutRefreshes runs the real handler for every request, but for the first n
// refresh requests it throws the answer away and drops the connection, as a crash
// or a network cut after the server committed would.
type cutRefreshes struct {
	t  *testing.T
	h  http.Handler
	mu sync.Mutex
	n  int
}

func (c *cutRefreshes) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	cut := r.URL.Path == "/api/v1/auth/refresh" && c.n > 0
	if cut {
		c.n--
	}
	c.mu.Unlock()
	if !cut {
		c.h.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, r)
	if rec.Code != http.StatusOK {
		c.t.Errorf("the cut refresh failed on the server: %d %s", rec.Code, rec.Body)
	}
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		c.t.Errorf("hijack: %v", err)
		return
	}
	conn.Close()
}

// TestAuth_RefreshSurvivesLostAnswers: the desktop's Auth loses 1, 2 or 3
// refresh answers in a row (retrying after more than 30 s each time); it stays
// signed in, keeps its stored token, and its next refreshes and requests work.
func TestAuth_RefreshSurvivesLostAnswers(t *testing.T) {
	for lost := 1; lost <= 3; lost++ {
		t.Run(fmt.Sprintf("%d lost", lost), func(t *testing.T) {
			var mu sync.Mutex
			now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
			clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
			advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
			srv, err := server.New(server.Config{DBPath: pgtest.ServerDB(t, t.TempDir()), Now: clock,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				t.Fatal(err)
			}
			cut := &cutRefreshes{t: t, h: srv.Handler()}
			ts := httptest.NewServer(cut)
			t.Cleanup(func() {
				ts.CloseClientConnections()
				ts.Close()
				srv.Close()
			})
			ctx := context.Background()
			u, err := client.Register(ctx, ts.URL, protocol.RegisterRequest{Role: "influencer", Email: "ivy@example.com",
				Password: pw, Name: "Ivy", Profile: protocol.RegisterProfile{Category: "Tech", Niche: "Phones"}})
			if err != nil {
				t.Fatal(err)
			}
			secrets := &client.MemorySecrets{}
			a, _, err := client.Login(ctx, ts.URL, "ivy@example.com", pw, secrets, clock)
			if err != nil {
				t.Fatal(err)
			}
			cut.mu.Lock()
			cut.n = lost
			cut.mu.Unlock()
			for i := 0; i < lost; i++ {
				if _, err := a.Refresh(ctx); err == nil {
					t.Fatalf("refresh %d: the answer was cut but Refresh succeeded", i)
				}
				if tok, _ := secrets.Get(u.ID); tok == "" {
					t.Fatalf("refresh %d: a cut answer deleted the stored token", i)
				}
				advance(31 * time.Second)
			}
			for i := 0; i < 2; i++ { // the retry that arrives, then an ordinary rotation
				access, err := a.Refresh(ctx)
				if err != nil {
					t.Fatalf("refresh after %d lost answers (#%d): %v", lost, i, err)
				}
				pull(t, ts.URL, access)
				advance(10 * time.Minute)
			}
			if tok, _ := secrets.Get(u.ID); tok == "" {
				t.Fatal("signed out: no stored token")
			}
			// The session resumes from the stored token, as after a restart.
			b, err := client.Resume(ts.URL, u.ID, secrets, clock)
			if err != nil {
				t.Fatal(err)
			}
			access, err := b.AccessToken(ctx)
			if err != nil {
				t.Fatalf("resume: %v", err)
			}
			pull(t, ts.URL, access)
		})
	}
}

// pull makes one authenticated pull and wants it answered 200.
func pull(t *testing.T, url, access string) {
	t.Helper()
	body, _ := json.Marshal(protocol.PullRequest{ClientID: domain.NewID(), ProtocolVersion: protocol.ProtocolVersion,
		SchemaVersion: store.LatestVersion(store.SetDomain), Limit: 10})
	req, _ := http.NewRequest("POST", url+"/sync/v1/pull", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+access)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("pull: got %d %s, want 200", resp.StatusCode, b)
	}
}
