// Package faulttest holds the randomized fault-injection test of sync (issue 9):
// a real iescp-sync process killed with SIGKILL, desktops restarted, and a fault
// proxy between them that partitions, drops, delays and cuts answers after the
// server committed. This file is the proxy; the test is in fault_test.go.
package faulttest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Partition is how the proxy treats requests while the network is split.
type Partition int

const (
	Connected Partition = iota
	Refuse              // every request's connection is closed at once
	Hang                // requests wait, unanswered, until the partition heals; then their connection is closed
)

// Faults are the per-request fault rates of the proxy (0 to 1).
type Faults struct {
	Drop     float64       // the request is never forwarded; the connection is closed
	Delay    float64       // the request is held up to MaxDelay before it is forwarded
	MaxDelay time.Duration //
	Cut      float64       // push and pull only: forwarded, answered by the server, then the connection is closed unanswered
}

// Counts are what the proxy did.
type Counts struct {
	Forwarded, Refused, Hung, Dropped, Delayed, Cut, StreamsCut, BadGateway int64
}

// Proxy is an HTTP reverse proxy on 127.0.0.1:0 in front of the sync server. Its
// URL stays the same while the server behind it restarts on new ports.
type Proxy struct {
	ln  net.Listener
	srv *http.Server
	tr  *http.Transport

	mu        sync.Mutex
	upstream  *url.URL // nil while the server is down
	partition Partition
	healed    chan struct{} // closed when the current partition ends
	faults    Faults
	rng       *rand.Rand
	streams   map[int64]context.CancelFunc
	nextID    int64

	before func(*http.Request) // called before each request (not streams) is forwarded

	forwarded, refused, hung, dropped, delayed, cut, streamsCut, badGateway atomic.Int64
}

// NewProxy listens on 127.0.0.1:0 and serves until Close. seed drives its
// random choices.
func NewProxy(seed uint64) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{
		ln:      ln,
		tr:      &http.Transport{MaxIdleConnsPerHost: 16, IdleConnTimeout: 30 * time.Second, DisableCompression: true},
		healed:  make(chan struct{}),
		rng:     rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		streams: map[int64]context.CancelFunc{},
	}
	close(p.healed)
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 30 * time.Second}
	go p.srv.Serve(ln) //nolint:errcheck // ends with Close
	return p, nil
}

// URL is the address desktops use.
func (p *Proxy) URL() string { return "http://" + p.ln.Addr().String() }

// Close stops the proxy.
func (p *Proxy) Close() {
	p.SetPartition(Connected)
	p.cutStreams()
	_ = p.srv.Close() // a test's teardown: the listener's close error changes nothing
	p.tr.CloseIdleConnections()
}

// SetUpstream points the proxy at the server's current URL ("" while it is down).
// Connections to the old server are dropped.
func (p *Proxy) SetUpstream(raw string) error {
	var u *url.URL
	if raw != "" {
		var err error
		if u, err = url.Parse(raw); err != nil {
			return err
		}
	}
	p.mu.Lock()
	p.upstream = u
	p.mu.Unlock()
	p.tr.CloseIdleConnections()
	return nil
}

// SetPartition splits (Refuse, Hang) or heals (Connected) the network. Splitting
// cuts the open event streams; healing releases hung requests (closed unanswered).
func (p *Proxy) SetPartition(m Partition) {
	p.mu.Lock()
	old := p.partition
	p.partition = m
	if old == Connected && m != Connected {
		p.healed = make(chan struct{})
	}
	if old != Connected && m == Connected {
		close(p.healed)
	}
	p.mu.Unlock()
	if m != Connected {
		p.cutStreams()
	}
}

// SetFaults sets the per-request fault rates.
func (p *Proxy) SetFaults(f Faults) {
	p.mu.Lock()
	p.faults = f
	p.mu.Unlock()
}

// BeforeForward sets a function called before each request other than an event
// stream is forwarded (nil: none): a test lands changes between the pages of a
// pull round with it.
func (p *Proxy) BeforeForward(f func(*http.Request)) {
	p.mu.Lock()
	p.before = f
	p.mu.Unlock()
}

// Counts reports what the proxy did so far.
func (p *Proxy) Counts() Counts {
	return Counts{Forwarded: p.forwarded.Load(), Refused: p.refused.Load(), Hung: p.hung.Load(), Dropped: p.dropped.Load(),
		Delayed: p.delayed.Load(), Cut: p.cut.Load(), StreamsCut: p.streamsCut.Load(), BadGateway: p.badGateway.Load()}
}

func (p *Proxy) cutStreams() {
	p.mu.Lock()
	cancels := p.streams
	p.streams = map[int64]context.CancelFunc{}
	p.mu.Unlock()
	for _, c := range cancels {
		p.streamsCut.Add(1)
		c()
	}
}

// chance draws under the lock (one RNG shared by every connection).
func (p *Proxy) chance(rate float64) bool {
	if rate <= 0 {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rng.Float64() < rate
}

func (p *Proxy) delayFor(max time.Duration) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if max <= 0 {
		return 0
	}
	return time.Duration(p.rng.Int64N(int64(max)))
}

// hangUp closes the client's connection without an answer.
func hangUp(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // closes the connection too
	}
	_ = conn.Close() // the hang-up is the point; its error has no one to go to
}

func badGateway(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadGateway)
	_, _ = io.WriteString(w, `{"error":{"code":"unavailable","message":"the sync server is not answering"}}`) // a failed write: the desktop sees a cut connection
}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	part, healed, faults, up, before := p.partition, p.healed, p.faults, p.upstream, p.before
	p.mu.Unlock()
	switch part {
	case Refuse:
		p.refused.Add(1)
		hangUp(w)
		return
	case Hang:
		p.hung.Add(1)
		select {
		case <-healed:
		case <-r.Context().Done():
		}
		hangUp(w)
		return
	}
	if p.chance(faults.Drop) {
		p.dropped.Add(1)
		hangUp(w)
		return
	}
	if p.chance(faults.Delay) {
		p.delayed.Add(1)
		t := time.NewTimer(p.delayFor(faults.MaxDelay))
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if up == nil {
		p.badGateway.Add(1)
		badGateway(w)
		return
	}
	if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/events") {
		p.stream(w, r, up)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		hangUp(w)
		return
	}
	if before != nil {
		before(r)
	}
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.URL.Scheme, out.URL.Host, out.Host = up.Scheme, up.Host, up.Host
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.ContentLength = int64(len(body))
	resp, err := p.tr.RoundTrip(out)
	if err != nil {
		p.badGateway.Add(1)
		badGateway(w)
		return
	}
	answer, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close() // read to the end already; ReadAll's error is the one that counts
	if err != nil {
		// The server died mid-answer: the desktop sees the connection drop.
		p.cut.Add(1)
		hangUp(w)
		return
	}
	if (strings.HasSuffix(r.URL.Path, "/sync/v1/push") || strings.HasSuffix(r.URL.Path, "/sync/v1/pull") ||
		strings.HasSuffix(r.URL.Path, "/api/v1/auth/refresh")) && p.chance(faults.Cut) {
		// The server has done (and committed) the work; its answer is lost. For a
		// refresh that is a rotated token the desktop never saw: it retries with the
		// old one and must get the same replacement (issue 9, item 13).
		p.cut.Add(1)
		hangUp(w)
		return
	}
	p.forwarded.Add(1)
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(answer) // a failed write: the desktop sees a cut connection
}

// stream relays an event stream, flushing each write, until either side ends or
// a partition cuts it.
func (p *Proxy) stream(w http.ResponseWriter, r *http.Request, up *url.URL) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	p.mu.Lock()
	p.nextID++
	id := p.nextID
	p.streams[id] = cancel
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.streams, id)
		p.mu.Unlock()
	}()
	rp := &httputil.ReverseProxy{
		Rewrite:       func(pr *httputil.ProxyRequest) { pr.SetURL(up); pr.Out.Host = up.Host },
		Transport:     p.tr,
		FlushInterval: -1,
		ErrorLog:      log.New(io.Discard, "", 0), // a killed server ends streams mid-body: expected
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			if errors.Is(err, context.Canceled) {
				return
			}
			p.badGateway.Add(1)
			badGateway(w)
		},
	}
	p.forwarded.Add(1)
	rp.ServeHTTP(w, r.WithContext(ctx))
}
