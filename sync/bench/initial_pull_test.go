package bench_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store"
	"iescp/backend/store/pgtest"
	"iescp/sync/client"
	"iescp/sync/protocol"
)

// BenchmarkInitialPull is the server's part of BenchmarkInitialSync alone: the
// same fixture and account, every page of a first download pulled at the
// desktop's page size and thrown away (no desktop database, no apply), on SQLite
// and, with IESCP_TEST_PG, on PostgreSQL. What the two engines' servers cost for
// the same download, without the desktop's time in between (make bench-pg).
func BenchmarkInitialPull(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		src := seededDB(b)
		measureInitialPull(b, func() string {
			dbPath := filepath.Join(b.TempDir(), "server.db")
			if err := copyFile(dbPath, src); err != nil {
				b.Fatal(err)
			}
			return dbPath
		})
	})
	b.Run("postgres", func(b *testing.B) {
		if !pgtest.Enabled() {
			b.Skip("needs " + pgtest.Env + " (make bench-pg)")
		}
		measureInitialPull(b, postgresCopies(b))
	})
}

func measureInitialPull(b *testing.B, serverDB func() string) {
	var serverPull, wall time.Duration
	rows, pages := 0, 0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := startServer(b, serverDB())
		auth, _, err := client.Login(context.Background(), s.url, "influencer@iescp.demo", password, &client.MemorySecrets{}, time.Now)
		if err != nil {
			b.Fatal(err)
		}
		tok, err := auth.AccessToken(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		req := protocol.PullRequest{ClientID: domain.NewID(), ProtocolVersion: protocol.ProtocolVersion,
			SchemaVersion: store.LatestVersion(store.SetDomain), Limit: protocol.MaxPullLimit}
		rows, pages = 0, 0
		b.StartTimer()
		start := time.Now()
		for {
			pr := pullPage(b, s.url, tok, &req)
			rows += len(pr.Changes)
			pages++
			req.Cursor, req.Epoch = pr.Cursor, pr.Epoch
			if !pr.HasMore {
				break
			}
		}
		wall += time.Since(start)
		b.StopTimer()
		serverPull += time.Duration(metricValue(b, s.url, "iescp_sync_pull_seconds_sum") * float64(time.Second))
		if rows < seededInfluencers() {
			b.Fatalf("a first download of %d rows", rows)
		}
		s.close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(serverPull.Seconds()/float64(b.N), "server-pull-s")
	b.ReportMetric(wall.Seconds()/float64(b.N), "wall-s")
}

func pullPage(b *testing.B, url, tok string, req *protocol.PullRequest) protocol.PullResponse {
	body, err := json.Marshal(req)
	if err != nil {
		b.Fatal(err)
	}
	hr, err := http.NewRequest(http.MethodPost, url+"/sync/v1/pull", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	hr.Header.Set("Authorization", "Bearer "+tok)
	hr.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("pull: %d", resp.StatusCode)
	}
	var pr protocol.PullResponse
	if err := json.NewDecoder(resp.Body).Decode(&pr); err != nil {
		b.Fatal(err)
	}
	return pr
}
