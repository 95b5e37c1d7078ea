package bench_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store"
	"iescp/sync/protocol"
)

const (
	pushDesktops   = 50
	pushPerDesktop = 200 // mutations each desktop pushes per benchmark iteration
)

// pusher is a desktop reduced to its wire behaviour: a client ID, the next
// mutation ID and an access token; it pushes prepared mutations over HTTP.
type pusher struct {
	user     string
	role     string
	clientID string
	next     int64
	token    string
	n        int // mutations made, for unique names
}

// mutation returns the next mutation this desktop would send: an influencer
// edits its bio (a public row: every connected desktop is poked), a sponsor
// creates a private draft campaign.
func (p *pusher) mutation() protocol.Mutation {
	p.n++
	var name string
	var args any
	if p.role == "sponsor" {
		name = "campaign.create"
		args = map[string]any{"id": domain.NewID(), "name": fmt.Sprintf("Draft %d", p.n), "start_date": "2027-01-01",
			"end_date": "2027-02-01", "budget": 10_000, "visibility": "private", "description": "bench"}
	} else {
		name = "profile.update"
		args = map[string]any{"bio": fmt.Sprintf("bio, edit %d", p.n)}
	}
	raw, _ := json.Marshal(args)
	m := protocol.Mutation{ID: p.next, Name: name, Args: raw, ClientTime: time.Now().UTC()}
	p.next++
	return m
}

func (p *pusher) push(ctx context.Context, hc *http.Client, url string, batch int) error {
	req := protocol.PushRequest{ClientID: p.clientID, ProtocolVersion: protocol.ProtocolVersion,
		SchemaVersion: store.LatestVersion(store.SetDomain)}
	for range batch {
		req.Mutations = append(req.Mutations, p.mutation())
	}
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/sync/v1/push", bytes.NewReader(body))
	if err != nil {
		return err
	}
	hr.Header.Set("Authorization", "Bearer "+p.token)
	hr.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(hr)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var out protocol.PushResponse
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return fmt.Errorf("push: status %d: %w", resp.StatusCode, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("push: status %d", resp.StatusCode)
	}
	for _, r := range out.Results {
		if r.Status != protocol.StatusApplied {
			return fmt.Errorf("push: mutation %d %s: %s", r.ID, r.Code, r.Message)
		}
	}
	if out.LastMutationID != p.next-1 {
		return fmt.Errorf("push: server's last mutation %d, want %d", out.LastMutationID, p.next-1)
	}
	return nil
}

// pushPlatform registers half sponsors, half influencers and signs each in once.
func pushPlatform(b *testing.B) (*liveServer, []*pusher) {
	b.Helper()
	s := startServer(b, b.TempDir()+"/server.db")
	return s, pushers(b, s)
}

// pushers registers and signs in the 50 desktops on server s.
func pushers(b *testing.B, s *liveServer) []*pusher {
	b.Helper()
	ps := make([]*pusher, pushDesktops)
	var wg sync.WaitGroup
	errs := make(chan error, pushDesktops)
	for i := range ps {
		role := "influencer"
		if i%2 == 0 {
			role = "sponsor"
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			email := fmt.Sprintf("%s%d@bench.example", role, i)
			u := register(b, s.url, role, email, fmt.Sprintf("Bench %s %d", role, i))
			d := newDesktop(b, s.url, email, password, b.TempDir(), nil)
			tok, err := d.auth.AccessToken(context.Background())
			if err != nil {
				errs <- err
				return
			}
			ps[i] = &pusher{user: u.ID, role: role, clientID: d.engine.ClientID(), next: 1, token: tok}
			d.close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	for i, p := range ps {
		if p == nil { // its goroutine failed the benchmark (register or newDesktop said why)
			b.Fatalf("desktop %d was not set up", i)
		}
	}
	return ps
}

// BenchmarkPush50Desktops: 50 desktops (25 sponsors creating draft campaigns, 25
// influencers editing their profile) push at the same time to one server over
// loopback, each sending pushPerDesktop mutations in pushes of `batch` mutations
// one after the other. batch=1 is a desktop pushing every edit on its own (the
// engine's 30 ms debounce rarely gathers more); larger batches are a desktop
// coming back online with a queue. Raw HTTP pushes of prepared mutations, so the
// benchmark process spends little CPU next to the server on the same cores.
func BenchmarkPush50Desktops(b *testing.B) {
	for _, batch := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			s, ps := pushPlatform(b)
			defer s.close()
			measurePushes(b, ps, func(int) string { return s.url }, batch)
		})
	}
}

// measurePushes has every pusher push pushPerDesktop mutations at once, in pushes
// of batch, pusher i to the server at url(i), and reports the rates.
func measurePushes(b *testing.B, ps []*pusher, url func(int) string, batch int) {
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: pushDesktops * 2}, Timeout: time.Minute}
	defer hc.CloseIdleConnections()
	ctx := context.Background()
	var muts atomic.Int64
	b.ResetTimer()
	stopProfile := profileWindow(b)
	cpu := cpuNow()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		var wg sync.WaitGroup
		errs := make(chan error, len(ps))
		for j, p := range ps {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for sent := 0; sent < pushPerDesktop; sent += batch {
					if err := p.push(ctx, hc, url(j), batch); err != nil {
						errs <- err
						return
					}
					muts.Add(int64(batch))
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	reportCPU(b, cpu, muts.Load(), "mutation")
	stopProfile()
	b.ReportMetric(float64(muts.Load())/elapsed.Seconds(), "mutations/s")
	b.ReportMetric(float64(muts.Load())/float64(batch)/elapsed.Seconds(), "pushes/s")
}
