package faulttest

import (
	"bufio"
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"iescp/backend/store/pgtest"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/replica"
	"iescp/backend/store"
	"iescp/sync/client"
	"iescp/sync/protocol"
)

// Knobs: the seed replays a run's random choices; the duration is the time spent
// on random operations (heals and convergence come on top).
var (
	seedFlag     = flag.Uint64("seed", 0, "seed of TestFaultInjection (0: random; env IESCP_FAULT_SEED)")
	durationFlag = flag.Duration("fault.duration", 0, "random-operation time of TestFaultInjection (env IESCP_FAULT_DURATION, default 45s)")
)

const (
	defaultDuration = 45 * time.Second
	convergeTimeout = 3 * time.Minute // generous: today's engine backs off up to 60 s
	password        = "fault injection password"
)

var syncBin string // the iescp-sync binary, built once

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "iescp-faulttest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	syncBin = filepath.Join(dir, "iescp-sync")
	cmd := exec.Command("go", "build", "-o", syncBin, "iescp/sync/cmd/iescp-sync")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build iescp-sync: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func runSeed(t *testing.T) uint64 {
	if *seedFlag != 0 {
		return *seedFlag
	}
	if s := os.Getenv("IESCP_FAULT_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("IESCP_FAULT_SEED=%q: %v", s, err)
		}
		return v
	}
	var b [8]byte
	if _, err := crand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return binary.LittleEndian.Uint64(b[:])>>1 + 1
}

func runDuration(t *testing.T) time.Duration {
	if *durationFlag > 0 {
		return *durationFlag
	}
	if s := os.Getenv("IESCP_FAULT_DURATION"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			t.Fatalf("IESCP_FAULT_DURATION=%q: want a positive duration such as 10m", s)
		}
		return d
	}
	return defaultDuration
}

// ---- the server process ----

// serverProc is a real iescp-sync process on 127.0.0.1:0 over one database file,
// killed with SIGKILL and restarted on the same file.
type serverProc struct {
	t      *testing.T
	db     string
	cmd    *exec.Cmd
	exited chan struct{}
	url    string

	mu       sync.Mutex
	admin    [2]string     // email, password: printed once, at the first start
	adminSet chan struct{} // closed once both are read
	errLines []string      // error-level log lines, for the report
}

func (s *serverProc) start() {
	s.t.Helper()
	cmd := exec.Command(syncBin, "serve", "--addr", "127.0.0.1:0", "--db", s.db, "--log-level", "info", "--drain-delay", "0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	if s.adminSet == nil {
		s.adminSet = make(chan struct{})
	}
	urls := make(chan string, 1)
	var pipes sync.WaitGroup
	pipes.Add(2)
	go func() {
		defer pipes.Done()
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			var line struct {
				Level string `json:"level"`
				Msg   string `json:"msg"`
				URL   string `json:"url"`
			}
			if json.Unmarshal(sc.Bytes(), &line) != nil {
				continue
			}
			if line.Msg == "listening" && line.URL != "" {
				select {
				case urls <- line.URL:
				default:
				}
			}
			if line.Level == "ERROR" {
				s.mu.Lock()
				s.errLines = append(s.errLines, sc.Text())
				s.mu.Unlock()
			}
		}
	}()
	go func() {
		defer pipes.Done()
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) == 2 && (f[0] == "email:" || f[0] == "password:") {
				s.mu.Lock()
				had := s.admin[0] != "" && s.admin[1] != ""
				if f[0] == "email:" {
					s.admin[0] = f[1]
				} else {
					s.admin[1] = f[1]
				}
				if !had && s.admin[0] != "" && s.admin[1] != "" {
					close(s.adminSet)
				}
				s.mu.Unlock()
			}
		}
	}()
	exited := make(chan struct{})
	go func() { pipes.Wait(); cmd.Wait(); close(exited) }() //nolint:errcheck // a SIGKILL is the expected end
	timer := time.NewTimer(60 * time.Second)
	defer timer.Stop()
	select {
	case u := <-urls:
		s.cmd, s.exited, s.url = cmd, exited, u
	case <-exited:
		s.t.Fatalf("iescp-sync exited before listening (db %s)", s.db)
	case <-timer.C:
		_ = cmd.Process.Kill() // best effort on the way to failing the test
		s.t.Fatal("iescp-sync did not log \"listening\" within 60 s")
	}
}

// kill9 ends the process with SIGKILL, whatever it is doing.
func (s *serverProc) kill9() {
	if s.cmd == nil {
		return
	}
	if err := s.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		s.t.Fatalf("kill -9 iescp-sync: %v", err)
	}
	<-s.exited
	s.cmd, s.url = nil, ""
}

// adminAccount waits for the first start's admin email and password (stdout
// and the "listening" line on stderr are read apart, in any order).
func (s *serverProc) adminAccount() (string, string) {
	timer := time.NewTimer(30 * time.Second)
	defer timer.Stop()
	select {
	case <-s.adminSet:
	case <-timer.C:
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.admin[0], s.admin[1]
}

// ---- desktops ----

type queued struct {
	id   int64
	name string
	args map[string]any
}

// desk is one desktop: a replica and its engine, restarted now and then on the
// same replica database.
type desk struct {
	name     string
	role     string
	user     protocol.User
	db       *store.Store
	secrets  *client.MemorySecrets
	auth     *client.Auth
	eng      *client.Engine
	pageSize int
	clientID string
	queued   []queued
	parked   bool     // deactivated and refused by the server: cannot sync (see lagging)
	proxy    *Proxy   // this desktop's network to the server
	refused  []string // mutations refused locally, as name:code
	// seen are the server's results of this desktop's mutations as read after
	// each round: the server keeps only each client's last 500, so what a check
	// read once is remembered rather than read again.
	seen map[int64]result
}

func (d *desk) startEngine(t *testing.T) {
	t.Helper()
	eng, err := client.New(context.Background(), client.Config{ServerURL: d.proxy.URL(), DB: d.db, AccountID: d.user.ID,
		Tokens: d.auth, PageSize: d.pageSize})
	if err != nil {
		t.Fatalf("%s: engine: %v", d.name, err)
	}
	d.eng, d.clientID = eng, eng.ClientID()
	eng.Start()
}

// restart stops the engine mid-whatever and starts a new one on the same replica
// with the session restored from the stored refresh token, as an app restart does.
func (d *desk) restart(t *testing.T) {
	t.Helper()
	d.eng.Stop()
	auth, err := client.Resume(d.proxy.URL(), d.user.ID, d.secrets, nil)
	if err != nil {
		t.Fatalf("%s: resume after a restart: %v (the server revoked this desktop's sign-in)", d.name, err)
	}
	d.auth = auth
	d.startEngine(t)
}

func (d *desk) mutate(name string, args map[string]any) bool {
	raw, err := json.Marshal(args)
	if err != nil {
		panic(err)
	}
	id, err := d.eng.Mutate(context.Background(), name, raw)
	if err != nil {
		d.refused = append(d.refused, name+":"+string(domain.ErrorCode(err)))
		return false // refused locally (the replica says no): nothing queued
	}
	d.queued = append(d.queued, queued{id: id, name: name, args: args})
	return true
}

// ---- the run ----

type stats struct {
	queued, localRejects, kills, partitions, restarts, parked int
}

type run struct {
	t     *testing.T
	seed  uint64
	rng   *rand.Rand
	srv   *serverProc   // the first instance: it made the admin account
	fleet []*serverProc // every instance, srv first: 3 on PostgreSQL (one database), 1 on SQLite
	net   network
	desks []*desk
	stats stats
	n     int             // unique names
	heals []time.Duration // heal to every desktop converged
	// netHeals leave out the desktops whose account was flagged, unflagged,
	// deactivated or reactivated in the round: those download everything again
	// (a flagged account's replica is emptied), page by page at page sizes of 1 to
	// 5, which measures the re-download, not how fast desktops hear of the heal.
	netHeals  []time.Duration
	adminMark int // how many of the admin desktop's mutations earlier rounds saw
	checked   int
}

func TestFaultInjection(t *testing.T) {
	if testing.Short() {
		t.Skip("fault injection runs a server process for about a minute; skipped with -short")
	}
	seed, budget := runSeed(t), runDuration(t)
	t.Logf("seed %d (replay: IESCP_FAULT_SEED=%d go test ./sync/faulttest/ -run TestFaultInjection -count=1 -v), random operations for %s",
		seed, seed, budget)
	r := newRun(t, seed)
	start := time.Now()
	round := 0
	for time.Since(start) < budget {
		round++
		length := time.Duration(8+r.rng.IntN(13)) * time.Second
		if left := budget - time.Since(start); left < length+5*time.Second {
			length = left // no round shorter than 5 s
		}
		r.chaos(round, length)
		r.healAndCheck(round)
	}
	c := r.net.counts()
	var applied, rejected int
	for _, d := range r.desks {
		a, rj := r.results(d)
		applied, rejected = applied+a, rejected+rj
	}
	sorted := slices.Clone(r.heals)
	slices.Sort(sorted)
	t.Logf("seed %d: %d rounds in %s; %d mutations queued (%d applied, %d rejected by the server), %d refused locally; "+
		"%d server kill -9, %d partitions (%d requests refused, %d hung), %d answers cut after the server answered, "+
		"%d requests dropped, %d delayed, %d event streams cut, %d 502s while the server was down; %d desktop restarts",
		seed, round, time.Since(start).Round(time.Second), r.stats.queued, applied, rejected, r.stats.localRejects,
		r.stats.kills, r.stats.partitions, c.Refused, c.Hung, c.Cut, c.Dropped, c.Delayed, c.StreamsCut, c.BadGateway, r.stats.restarts)
	t.Logf("heal-to-converged over %d heals: p50 %s, p95 %s, max %s", len(sorted),
		pct(sorted, 50), pct(sorted, 95), pct(sorted, 100))
	net := slices.Clone(r.netHeals)
	slices.Sort(net)
	t.Logf("heal-to-converged of desktops that did not download everything again (account flags and activation unchanged in the round), over %d heals: "+
		"p50 %s, p95 %s, max %s (target p95 <= 5s)", len(net), pct(net, 50), pct(net, 95), pct(net, 100))
	r.logMix()
	for i, p := range r.fleet {
		if lines := p.errorLines(); len(lines) > 0 {
			t.Logf("instance %d logged %d errors; first: %s", i, len(lines), lines[0])
		}
	}
}

// logMix logs what the run exercised: the server's results per mutation name
// and status, and the desktops' local refusals per name and code.
func (r *run) logMix() {
	canon := r.openServerDB()
	defer canon.Close()
	var rows []struct {
		Name   string `db:"name"`
		Status string `db:"status"`
		Code   string `db:"code"`
		N      int    `db:"n"`
	}
	if err := canon.Select(&rows, `SELECT name, status, code, COUNT(*) AS n FROM mutation_results
		GROUP BY name, status, code ORDER BY name, status, code`); err != nil {
		r.t.Fatal(err)
	}
	var server []string
	for _, x := range rows {
		server = append(server, fmt.Sprintf("%s %s%s %d", x.Name, x.Status, map[bool]string{true: "", false: " " + x.Code}[x.Code == ""], x.N))
	}
	local := map[string]int{}
	for _, d := range r.desks {
		for _, x := range d.refused {
			local[x]++
		}
	}
	var refused []string
	for k, n := range local {
		refused = append(refused, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(refused)
	r.t.Logf("server results: %s", strings.Join(server, ", "))
	r.t.Logf("refused locally: %s", strings.Join(refused, ", "))
}

// newRun starts the server process, and signs every desktop in, each through its
// own fault proxy.
func newRun(t *testing.T, seed uint64) *run {
	r := &run{t: t, seed: seed, rng: rand.New(rand.NewPCG(seed, 0x1e5c9))}
	dir := t.TempDir()
	// On PostgreSQL the run is a fleet: three instances on one database behind the
	// desktops' proxies (each desktop's load balancer), a killed instance's
	// desktops failing over to the next one that lives.
	db, size := filepath.Join(dir, "server.db"), 1
	if pgtest.Enabled() {
		db, size = pgtest.Database(t), 3
	}
	for i := range size {
		p := &serverProc{t: t, db: db}
		p.start() // one after another: the first start makes the admin account
		t.Cleanup(func() { p.kill9() })
		r.fleet = append(r.fleet, p)
		if i == 0 {
			r.srv = p
		}
	}
	r.setup(dir)
	return r
}

func (s *serverProc) errorLines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.errLines)
}

// pct is the nearest-rank percentile of sorted durations.
func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (p*len(sorted)+99)/100 - 1
	return sorted[max(0, min(i, len(sorted)-1))].Round(10 * time.Millisecond)
}

func (r *run) name(prefix string) string {
	r.n++
	return fmt.Sprintf("%s %d", prefix, r.n)
}

// setup registers accounts, signs each in on its own desktop, and has the admin
// approve the sponsors: no faults yet.
func (r *run) setup(dir string) {
	t := r.t
	ctx := context.Background()
	email, pass := r.srv.adminAccount()
	if email == "" || pass == "" {
		t.Fatal("the first start printed no admin email and password on standard output")
	}
	type account struct{ role, email, name string }
	accounts := []account{{"admin", email, "admin"}}
	for i := range 2 {
		accounts = append(accounts, account{"sponsor", fmt.Sprintf("sponsor%d@example.com", i), fmt.Sprintf("sponsor%d", i)})
	}
	for i := range 3 {
		accounts = append(accounts, account{"influencer", fmt.Sprintf("infl%d@example.com", i), fmt.Sprintf("infl%d", i)})
	}
	for i, a := range accounts {
		proxy, err := NewProxy(r.seed + uint64(i))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(proxy.Close)
		if err := proxy.SetUpstream(r.fleet[i%len(r.fleet)].url); err != nil {
			t.Fatal(err)
		}
		r.net = append(r.net, proxy)
		url := proxy.URL()
		pw := password
		if a.role == "admin" {
			pw = pass
		} else {
			req := protocol.RegisterRequest{Role: a.role, Email: a.email, Password: pw, Name: a.name}
			if a.role == "sponsor" {
				req.Profile.CompanyName, req.Profile.Industry = a.name+" Ltd", "Retail"
			} else {
				req.Profile.Category, req.Profile.Niche = "Tech", "Phones"
			}
			if _, err := client.Register(ctx, url, req); err != nil {
				t.Fatalf("register %s: %v", a.email, err)
			}
		}
		secrets := &client.MemorySecrets{}
		auth, user, err := client.Login(ctx, url, a.email, pw, secrets, nil)
		if err != nil {
			t.Fatalf("login %s: %v", a.email, err)
		}
		db, err := store.Open(filepath.Join(dir, a.name+".db"), store.SetDomain, store.SetDesktop)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		d := &desk{name: a.name, role: a.role, user: user, db: db, secrets: secrets, auth: auth, pageSize: 1 + r.rng.IntN(5),
			proxy: proxy}
		if i == 1 || i == len(accounts)-1 {
			d.pageSize = 1 // a sponsor and an influencer pull one version per page
		}
		d.startEngine(t)
		t.Cleanup(func() { d.eng.Stop() })
		r.desks = append(r.desks, d)
	}
	var sizes []string
	for _, d := range r.desks {
		sizes = append(sizes, fmt.Sprintf("%s=%d", d.name, d.pageSize))
	}
	t.Logf("desktops and page sizes: %s", strings.Join(sizes, " "))
	admin := r.desks[0]
	for _, d := range r.desks {
		if d.role == "sponsor" {
			if !admin.mutate("admin.approveSponsor", map[string]any{"sponsor_id": d.user.ID}) {
				t.Fatalf("admin cannot approve %s locally", d.name)
			}
			r.stats.queued++
		}
	}
	r.healAndCheck(0)
}

// chaos runs random operations for length: mutations by random desktops, server
// kills, partitions, desktop restarts, with per-round rates of dropped, delayed
// and cut requests.
func (r *run) chaos(round int, length time.Duration) {
	faults := Faults{Drop: r.rng.Float64() * 0.05, Delay: r.rng.Float64() * 0.2, MaxDelay: 300 * time.Millisecond,
		Cut: r.rng.Float64() * 0.08}
	r.net.setFaults(faults)
	r.t.Logf("round %d: %s of chaos; drop %.1f%%, delay %.1f%%, cut %.1f%%", round, length.Round(time.Second),
		faults.Drop*100, faults.Delay*100, faults.Cut*100)
	end := time.Now().Add(length)
	// Each round ends with some desktops (sometimes all) cut off for its last
	// quarter while every user keeps working; the heal that follows is what is
	// measured. Earlier partitions cut off random desktops for a while: their
	// catch-up spans many pages while the others write.
	split := end.Add(-length / 4)
	partitionLeft, downLeft, steps, empty := 0, 0, 0, 0
	before, counts := r.stats, r.net.counts()
	defer func() {
		c := r.net.counts()
		r.t.Logf("round %d: %d steps (%d found nothing to do), %d mutations queued, %d refused locally, %d kill -9, %d partitions, %d desktop restarts, "+
			"%d answers cut, %d requests dropped, %d delayed, %d refused and %d hung by partitions", round, steps, empty,
			r.stats.queued-before.queued, r.stats.localRejects-before.localRejects, r.stats.kills-before.kills,
			r.stats.partitions-before.partitions, r.stats.restarts-before.restarts, c.Cut-counts.Cut, c.Dropped-counts.Dropped,
			c.Delayed-counts.Delayed, c.Refused-counts.Refused, c.Hung-counts.Hung)
	}()
	think := time.NewTimer(0)
	defer think.Stop()
	for time.Now().Before(end) {
		steps++
		<-think.C // the users' think time between actions
		think.Reset(time.Duration(10+r.rng.IntN(60)) * time.Millisecond)
		if partitionLeft >= 0 && time.Now().After(split) {
			if partitionLeft == 0 {
				r.stats.partitions++
				r.partition()
			}
			partitionLeft = -1 // until the heal
		}
		if partitionLeft > 0 {
			if partitionLeft--; partitionLeft == 0 {
				r.net.setPartition(Connected)
			}
		}
		if downLeft > 0 {
			if downLeft--; downLeft == 0 {
				r.startServer()
			}
		}
		switch x := r.rng.Float64(); {
		case x < 0.006 && downLeft == 0:
			r.fleet[r.rng.IntN(len(r.fleet))].kill9()
			r.reroute()
			r.stats.kills++
			downLeft = r.rng.IntN(15) // 0: back at once
			if downLeft == 0 {
				r.startServer()
			}
		case x < 0.012 && partitionLeft == 0 && time.Now().Before(split):
			r.stats.partitions++
			r.partition()
			partitionLeft = 5 + r.rng.IntN(50)
		case x < 0.022:
			r.stats.restarts++
			r.desks[r.rng.IntN(len(r.desks))].restart(r.t)
		default:
			if !r.randomMutation() {
				empty++
			}
		}
	}
}

// startServer starts the instances that are down and sends each desktop to its own.
func (r *run) startServer() {
	for _, p := range r.fleet {
		if p.cmd == nil {
			p.start()
		}
	}
	r.reroute()
}

// reroute points each desktop's proxy at its instance, or, while that one is down,
// at the next that lives (as a load balancer fails over); nowhere when all are down.
func (r *run) reroute() {
	for i, p := range r.net {
		url := ""
		for j := range r.fleet {
			if s := r.fleet[(i+j)%len(r.fleet)]; s.cmd != nil {
				url = s.url
				break
			}
		}
		if err := p.SetUpstream(url); err != nil {
			r.t.Fatal(err)
		}
	}
}

// partition cuts a random non-empty set of desktops (often all) off the server,
// refusing or hanging their requests.
func (r *run) partition() {
	mode := []Partition{Refuse, Hang}[r.rng.IntN(2)]
	all := r.rng.IntN(3) == 0
	cut := 0
	for i, p := range r.net {
		if all || r.rng.IntN(2) == 0 || (cut == 0 && i == len(r.net)-1) {
			p.SetPartition(mode)
			cut++
		}
	}
}

// network is the desktops' proxies, one each.
type network []*Proxy

func (n network) setFaults(f Faults) {
	for _, p := range n {
		p.SetFaults(f)
	}
}

func (n network) setPartition(m Partition) {
	for _, p := range n {
		p.SetPartition(m)
	}
}

func (n network) counts() Counts {
	var c Counts
	for _, p := range n {
		x := p.Counts()
		c.Forwarded += x.Forwarded
		c.Refused += x.Refused
		c.Hung += x.Hung
		c.Dropped += x.Dropped
		c.Delayed += x.Delayed
		c.Cut += x.Cut
		c.StreamsCut += x.StreamsCut
		c.BadGateway += x.BadGateway
	}
	return c
}

// heal ends every fault; the time of the heal starts the convergence clock.
func (r *run) heal() time.Time {
	r.net.setFaults(Faults{})
	r.net.setPartition(Connected)
	r.startServer()
	return time.Now()
}

func (r *run) healAndCheck(round int) {
	redownload := r.accountsOutAndBack()
	healed := r.heal()
	took, each := r.waitConverged(round, healed)
	var net time.Duration
	for d, t := range each {
		if !redownload[d.user.ID] {
			net = max(net, t)
		}
	}
	if round > 0 {
		r.heals = append(r.heals, took)
		r.netHeals = append(r.netHeals, net)
	}
	r.t.Logf("round %d: healed, every desktop converged after %s (%s without those that download again)", round,
		took.Round(10*time.Millisecond), net.Round(10*time.Millisecond))
	r.check(round)
}

// accountsOutAndBack are the accounts the admin flagged, unflagged, deactivated
// or reactivated since the last heal: their desktops download everything again.
func (r *run) accountsOutAndBack() map[string]bool {
	out := map[string]bool{}
	for _, d := range r.desks {
		if d.role != "admin" {
			continue
		}
		for _, q := range d.queued[min(r.adminMark, len(d.queued)):] {
			switch {
			case q.name == "admin.setActive":
				out[fmt.Sprint(q.args["account_id"])] = true
			case (q.name == "admin.flag" || q.name == "admin.unflag") && q.args["target"] == "account":
				out[fmt.Sprint(q.args["id"])] = true
			}
		}
		r.adminMark = len(d.queued)
	}
	return out
}

// ---- random mutations ----

func (r *run) pick(d *desk, q string, args ...any) []string {
	var ids []string
	if err := d.db.R.Select(&ids, q, args...); err != nil {
		r.t.Fatalf("%s: %s: %v", d.name, q, err)
	}
	sort.Strings(ids)
	return ids
}

func (r *run) one(ids []string) (string, bool) {
	if len(ids) == 0 {
		return "", false
	}
	return ids[r.rng.IntN(len(ids))], true
}

// randomMutation makes a random desktop (the admin one turn in twelve) try a
// mutation its replica suggests, trying a few desktops and actions before it
// gives up; false when none found anything to do.
func (r *run) randomMutation() bool {
	for range 6 {
		d := r.desks[0]
		if r.rng.IntN(12) != 0 {
			d = r.desks[1+r.rng.IntN(len(r.desks)-1)]
		}
		var name string
		var args map[string]any
		switch d.role {
		case "admin":
			name, args = r.adminMutation(d)
		case "sponsor":
			name, args = r.sponsorMutation(d)
		default:
			name, args = r.influencerMutation(d)
		}
		if name == "" {
			continue
		}
		if d.mutate(name, args) {
			r.stats.queued++
		} else {
			r.stats.localRejects++
		}
		return true
	}
	return false
}

func (r *run) amount() int64 { return int64(1_000 + r.rng.IntN(60_000)) }

// negotiate answers the other party's latest offer on a pending request, or
// withdraws a request; "" when there is nothing to answer.
func (r *run) negotiate(d *desk) (string, map[string]any) {
	type open struct {
		ID     string `db:"id"`
		Offer  string `db:"offer"`
		Author string `db:"author"`
		Status string `db:"status"`
	}
	var reqs []open
	if err := d.db.R.Select(&reqs, `SELECT r.id, o.id AS offer, o.author_id AS author, r.status FROM ad_requests r
		JOIN offers o ON o.ad_request_id = r.id AND o.seq = (SELECT MAX(seq) FROM offers WHERE ad_request_id = r.id)
		WHERE r.status IN ('pending', 'accepted') ORDER BY r.id`); err != nil {
		r.t.Fatalf("%s: open requests: %v", d.name, err)
	}
	if len(reqs) == 0 {
		return "", nil
	}
	q := reqs[r.rng.IntN(len(reqs))]
	x := r.rng.IntN(10)
	switch {
	case q.Status == "accepted" && d.role == "sponsor" && x < 6:
		return "adRequest.complete", map[string]any{"ad_request_id": q.ID}
	case q.Status == "pending" && q.Author != d.user.ID && x < 4:
		return "adRequest.accept", map[string]any{"ad_request_id": q.ID, "offer_id": q.Offer}
	case q.Status == "pending" && q.Author != d.user.ID && x < 7:
		return "adRequest.counter", map[string]any{"ad_request_id": q.ID, "offer_id": domain.NewID(), "in_reply_to": q.Offer,
			"amount": r.amount(), "requirements": r.name("counter")}
	case q.Status == "pending" && q.Author != d.user.ID && x < 8:
		return "adRequest.reject", map[string]any{"ad_request_id": q.ID, "reason": "no thanks"}
	case x >= 8:
		return "adRequest.withdraw", map[string]any{"ad_request_id": q.ID, "reason": "changed plans"}
	}
	return "", nil
}

func (r *run) sponsorMutation(d *desk) (string, map[string]any) {
	me := d.user.ID
	switch x := r.rng.IntN(100); {
	case x < 15:
		return "campaign.create", map[string]any{"id": domain.NewID(), "name": r.name("campaign"), "start_date": "2027-01-01",
			"end_date": "2027-12-31", "budget": 50_000 + r.rng.IntN(400_000), "visibility": []string{"public", "private"}[r.rng.IntN(2)],
			"publish": r.rng.IntN(2) == 0}
	case x < 30:
		if id, ok := r.one(r.pick(d, `SELECT id FROM campaigns WHERE sponsor_id = ? AND status = 'draft'`, me)); ok {
			return "campaign.publish", map[string]any{"id": id}
		}
	case x < 40:
		if id, ok := r.one(r.pick(d, `SELECT id FROM campaigns WHERE sponsor_id = ? AND status IN ('draft', 'active')`, me)); ok {
			return "campaign.update", map[string]any{"id": id, "name": r.name("renamed")}
		}
	case x < 55:
		if id, ok := r.one(r.pick(d, `SELECT id FROM campaigns WHERE sponsor_id = ? AND status IN ('draft', 'active')`, me)); ok {
			var vis string
			if err := d.db.R.Get(&vis, `SELECT visibility FROM campaigns WHERE id = ?`, id); err != nil {
				r.t.Fatalf("%s: campaign %s: %v", d.name, id, err)
			}
			return "campaign.setVisibility", map[string]any{"id": id, "visibility": map[string]string{"public": "private", "private": "public"}[vis]}
		}
	case x < 75:
		camp, ok := r.one(r.pick(d, `SELECT id FROM campaigns WHERE sponsor_id = ? AND status = 'active'`, me))
		infl, ok2 := r.one(r.pick(d, `SELECT account_id FROM influencer_profiles`))
		if ok && ok2 {
			return "adRequest.send", map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(), "campaign_id": camp,
				"influencer_id": infl, "amount": r.amount(), "requirements": r.name("reels")}
		}
	default:
		return r.negotiate(d)
	}
	return "", nil
}

func (r *run) influencerMutation(d *desk) (string, map[string]any) {
	if r.rng.IntN(100) < 15 {
		if camp, ok := r.one(r.pick(d, `SELECT c.id FROM campaigns c WHERE c.visibility = 'public' AND c.status = 'active'
			AND NOT EXISTS (SELECT 1 FROM ad_requests r WHERE r.campaign_id = c.id AND r.influencer_id = ?)`, d.user.ID)); ok {
			return "adRequest.apply", map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(), "campaign_id": camp,
				"amount": r.amount(), "requirements": r.name("apply")}
		}
	}
	return r.negotiate(d)
}

func (r *run) adminMutation(d *desk) (string, map[string]any) {
	// Flags and deactivations come and go: a flagged or deactivated account
	// sees nothing and can do nothing, so at most one is out at a time and the
	// admin lifts it soon.
	type acc struct {
		ID      string `db:"id"`
		Flagged bool   `db:"flagged"`
		Active  bool   `db:"active"`
	}
	var accs []acc
	if err := d.db.R.Select(&accs, `SELECT id, flagged, active FROM accounts WHERE role != 'admin' ORDER BY id`); err != nil {
		r.t.Fatalf("%s: accounts: %v", d.name, err)
	}
	for _, a := range accs {
		if a.Flagged && r.rng.IntN(2) == 0 {
			return "admin.unflag", map[string]any{"target": "account", "id": a.ID}
		}
		if !a.Active && r.rng.IntN(2) == 0 {
			return "admin.setActive", map[string]any{"account_id": a.ID, "active": true}
		}
	}
	out := 0
	for _, a := range accs {
		if a.Flagged || !a.Active {
			out++
		}
	}
	switch x := r.rng.IntN(100); {
	case x < 15 && out == 0 && len(accs) > 0:
		return "admin.flag", map[string]any{"target": "account", "id": accs[r.rng.IntN(len(accs))].ID, "reason": r.name("spam")}
	case x < 25 && out == 0 && len(accs) > 0:
		return "admin.setActive", map[string]any{"account_id": accs[r.rng.IntN(len(accs))].ID, "active": false}
	default:
		type camp struct {
			ID      string `db:"id"`
			Flagged bool   `db:"flagged"`
		}
		var cs []camp
		if err := d.db.R.Select(&cs, `SELECT id, flagged FROM campaigns WHERE deleted_at IS NULL ORDER BY id`); err != nil {
			r.t.Fatalf("%s: campaigns: %v", d.name, err)
		}
		if len(cs) > 0 {
			c := cs[r.rng.IntN(len(cs))]
			if c.Flagged {
				return "admin.unflag", map[string]any{"target": "campaign", "id": c.ID}
			}
			return "admin.flag", map[string]any{"target": "campaign", "id": c.ID, "reason": r.name("misleading")}
		}
	}
	return "", nil
}

// ---- convergence ----

func (r *run) openServerDB() *sqlx.DB {
	if store.IsPostgresURL(r.srv.db) {
		s, err := store.OpenServer(r.srv.db)
		if err != nil {
			r.t.Fatal(err)
		}
		return s.R // on PostgreSQL the store's one pool: closing it closes the store
	}
	db, err := sqlx.Open("sqlite", store.DSN(r.srv.db, true))
	if err != nil {
		r.t.Fatal(err)
	}
	return db
}

// lagging says why a desktop has not converged ("" once it has): its outbox
// still has pending changes, its last round failed, or its cursor is behind the
// newest version of a row its user may hold (0 for an account that sees
// nothing). The server pokes only the users a change concerns, so a desktop's
// cursor may rightly stay behind versions that wrote only rows it never holds. A deactivated account
// whose desktop the server refuses to renew (403 on refresh: signed out) is
// parked: it cannot pull, so it keeps its last replica and its pending changes.
func (r *run) lagging(canon *sqlx.DB, version int64, d *desk) (why string, parked bool) {
	st := d.eng.Status()
	var acc struct {
		Active  bool `db:"active"`
		Flagged bool `db:"flagged"`
	}
	if err := canon.Get(&acc, `SELECT active, flagged FROM accounts WHERE id = ?`, d.user.ID); err != nil {
		return err.Error(), false
	}
	if st.State == client.StateSignedOut {
		if !acc.Active {
			return "", true
		}
		return fmt.Sprintf("%s: signed out by the server although the account is active (flagged %v): %s", d.name, acc.Flagged, st.LastError), false
	}
	var pending int
	if err := d.db.R.Get(&pending, `SELECT COUNT(*) FROM outbox WHERE status = 'pending'`); err != nil {
		return err.Error(), false
	}
	if pending > 0 {
		return fmt.Sprintf("%s: %d changes pending (state %s, last error %q)", d.name, pending, st.State, st.LastError), false
	}
	var want int64
	if acc.Active && !acc.Flagged {
		w, err := newestHeld(canon, replica.Viewer{ID: d.user.ID, Role: domain.Role(d.user.Role)})
		if err != nil {
			return err.Error(), false
		}
		want = w
	}
	var cursor int64
	if err := d.db.R.Get(&cursor, `SELECT cursor FROM sync_state WHERE id = 1`); err != nil {
		return err.Error(), false
	}
	if cursor < want || (want == 0 && cursor != 0 && (!acc.Active || acc.Flagged)) || st.State != client.StateOnline {
		return fmt.Sprintf("%s: cursor %d, server at %d (state %s, last error %q, active %v, flagged %v)", d.name, cursor, want,
			st.State, st.LastError, acc.Active, acc.Flagged), false
	}
	return "", false
}

// newestHeld is the newest version of a row viewer may hold (replica's may-hold
// rule: what its pull sends as put or del), 0 when there is none.
func newestHeld(canon *sqlx.DB, viewer replica.Viewer) (int64, error) {
	var newest int64
	for _, tb := range replica.Tables {
		q, args := tb.MayHoldWhere(viewer, "", "")
		var v int64
		if err := canon.Get(&v, `SELECT COALESCE(MAX(version), 0) FROM `+tb.Name+` WHERE `+tb.Key()+` IN (`+q+`)`, args...); err != nil {
			return 0, fmt.Errorf("newest %s row %s may hold: %w", tb.Name, viewer.ID, err)
		}
		newest = max(newest, v)
	}
	return newest, nil
}

// waitConverged polls every desktop's status and cursor until all are current,
// and returns the time since healed.
func (r *run) waitConverged(round int, healed time.Time) (time.Duration, map[*desk]time.Duration) {
	each := map[*desk]time.Duration{} // when each desktop first converged
	canon := r.openServerDB()
	defer canon.Close()
	timeout := convergeTimeout
	if d, ok := r.t.Deadline(); ok {
		// Fail with this report rather than be killed by go test's timeout.
		timeout = max(10*time.Second, min(timeout, time.Until(d)-30*time.Second))
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	slowLogged := false
	for {
		var why []string
		var version int64
		if err := canon.Get(&version, `SELECT version FROM sync_meta WHERE id = 1`); err != nil {
			why = append(why, err.Error())
		} else {
			for _, d := range r.desks {
				w, parked := r.lagging(canon, version, d)
				if w != "" {
					why = append(why, w)
				} else if _, ok := each[d]; !ok {
					each[d] = time.Since(healed)
				}
				d.parked = parked
			}
		}
		if len(why) == 0 {
			return time.Since(healed), each
		}
		if !slowLogged && time.Since(healed) > 5*time.Second {
			// Past the target: say who is behind and why, to find what is slow.
			slowLogged = true
			r.t.Logf("round %d: 5 s after the heal, still behind:\n%s", round, strings.Join(why, "\n"))
		}
		select {
		case <-tick.C:
		case <-deadline.C:
			r.t.Fatalf("seed %d round %d: not converged %s after the heal:\n%s", r.seed, round, timeout.Round(time.Second), strings.Join(why, "\n"))
			return 0, nil
		}
	}
}

// ---- invariants ----

// norm renders a column value canonically: times in UTC RFC 3339, integral
// numbers as integers, NULL as NULL.
func norm(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case []byte:
		return norm(string(x))
	case bool:
		if x {
			return "1"
		}
		return "0"
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		if x == float64(int64(x)) {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999"} {
			if ts, err := time.Parse(layout, x); err == nil {
				return ts.UTC().Format(time.RFC3339Nano)
			}
		}
		return x
	}
	return fmt.Sprint(v)
}

type rowset map[string][]string // key → column values

func readRows(q sqlx.Queryer, query string, args ...any) (rowset, error) {
	rows, err := q.Queryx(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := rowset{}
	for rows.Next() {
		vals, err := rows.SliceScan()
		if err != nil {
			return nil, err
		}
		cols := make([]string, len(vals))
		for i, v := range vals {
			cols[i] = norm(v)
		}
		out[cols[0]] = cols
	}
	return out, rows.Err()
}

// compareReplica lists every difference between a desktop's replica and what
// its account may see on the server, naming table, id and column.
func (r *run) compareReplica(canon *sqlx.DB, d *desk) []string {
	var acc domain.Account
	if err := canon.Get(&acc, `SELECT * FROM accounts WHERE id = ?`, d.user.ID); err != nil {
		return []string{fmt.Sprintf("%s: account: %v", d.name, err)}
	}
	viewer := replica.Viewer{ID: acc.ID, Role: acc.Role}
	var diffs []string
	for _, tb := range replica.Tables {
		want := rowset{}
		if acc.Active && !acc.Flagged { // a flagged or deactivated account sees nothing
			q, args := tb.Select(viewer, "")
			var err error
			if want, err = readRows(canon, q, args...); err != nil {
				return append(diffs, fmt.Sprintf("%s: server %s: %v", d.name, tb.Name, err))
			}
		}
		got, err := readRows(d.db.R, `SELECT `+strings.Join(tb.Columns, ", ")+` FROM `+tb.Name)
		if err != nil {
			return append(diffs, fmt.Sprintf("%s: replica %s: %v", d.name, tb.Name, err))
		}
		for _, id := range sortedKeys(want) {
			g, ok := got[id]
			if !ok {
				diffs = append(diffs, fmt.Sprintf("%s: %s %s missing from the replica (server row: %s)", d.name, tb.Name, id, strings.Join(want[id], " | ")))
				continue
			}
			for i, c := range tb.Columns {
				if g[i] != want[id][i] {
					diffs = append(diffs, fmt.Sprintf("%s: %s %s column %s: replica %q, server %q", d.name, tb.Name, id, c, g[i], want[id][i]))
				}
			}
		}
		for _, id := range sortedKeys(got) {
			if _, ok := want[id]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s: %s %s in the replica but not visible on the server (replica row: %s)", d.name, tb.Name, id, strings.Join(got[id], " | ")))
			}
		}
	}
	return diffs
}

func sortedKeys(m rowset) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type result struct {
	Name   string `db:"name"`
	Status string `db:"status"`
	Code   string `db:"code"`
}

// serverResults are the server's mutation results of a desktop's client id.
func serverResults(canon *sqlx.DB, clientID string) (map[int64]result, error) {
	var rows []struct {
		ID int64 `db:"mutation_id"`
		result
	}
	if err := canon.Select(&rows, `SELECT mutation_id, name, status, code FROM mutation_results WHERE client_id = ?`, clientID); err != nil {
		return nil, err
	}
	out := map[int64]result{}
	for _, x := range rows {
		out[x.ID] = x.result
	}
	return out, nil
}

func (r *run) results(d *desk) (applied, rejected int) {
	canon := r.openServerDB()
	defer canon.Close()
	res, err := serverResults(canon, d.clientID)
	if err != nil {
		r.t.Fatal(err)
	}
	for _, x := range res {
		if x.Status == protocol.StatusApplied {
			applied++
		} else {
			rejected++
		}
	}
	return applied, rejected
}

// checkMutations: every queued mutation has exactly one server result under its
// own id and name (none lost, none doubled, none renumbered), the outbox keeps
// exactly the rejected ones, and each applied mutation's effect is on the server.
func (r *run) checkMutations(canon *sqlx.DB) []string {
	var bad []string
	lastUpdate := map[string]queued{} // campaign → its last applied rename
	lastFlag := map[string]queued{}   // target → its last applied flag/unflag
	lastActive := map[string]queued{} // account → its last applied setActive
	var creates, requests, offers int
	for _, d := range r.desks {
		srv, err := serverResults(canon, d.clientID)
		if err != nil {
			return append(bad, err.Error())
		}
		if d.seen == nil {
			d.seen = map[int64]result{}
		}
		for id, x := range srv {
			if old, ok := d.seen[id]; ok && old != x {
				bad = append(bad, fmt.Sprintf("%s: the server's result of mutation %d changed from %+v to %+v", d.name, id, old, x))
			}
			d.seen[id] = x
		}
		// The server keeps the results of each client's last 500 mutation ids: one
		// seen before and gone from that window is lost.
		var lastID int64
		if err := canon.Get(&lastID, `SELECT COALESCE((SELECT last_mutation_id FROM sync_clients WHERE client_id = ?), 0)`, d.clientID); err != nil {
			return append(bad, err.Error())
		}
		for id, x := range d.seen {
			if _, ok := srv[id]; !ok && id > lastID-protocol.MaxPushMutations {
				bad = append(bad, fmt.Sprintf("%s: mutation %d (%s) lost: the server no longer has its result", d.name, id, x.Name))
			}
		}
		res := d.seen
		outbox, err := client.Outbox(context.Background(), d.db)
		if err != nil {
			return append(bad, err.Error())
		}
		localRejected, localPending := map[int64]bool{}, map[int64]bool{}
		for _, m := range outbox {
			switch {
			case m.Status == "pending" && d.parked:
				localPending[m.ID] = true // it waits for the account to be reactivated
			case m.Status == "pending":
				bad = append(bad, fmt.Sprintf("%s: mutation %d (%s) still pending", d.name, m.ID, m.Name))
			default:
				localRejected[m.ID] = true
			}
		}
		mine := map[int64]bool{}
		var maxID int64
		for _, q := range d.queued {
			mine[q.id] = true
			maxID = max(maxID, q.id)
			got, ok := res[q.id]
			switch {
			case !ok && localPending[q.id]:
				continue // not pushed yet
			case !ok:
				bad = append(bad, fmt.Sprintf("%s: mutation %d (%s %v) lost: the server has no result for it", d.name, q.id, q.name, q.args))
				continue
			case got.Name != q.name:
				bad = append(bad, fmt.Sprintf("%s: mutation %d is %s on the desktop but %s on the server", d.name, q.id, q.name, got.Name))
				continue
			case !localPending[q.id] && (got.Status == protocol.StatusRejected) != localRejected[q.id]:
				bad = append(bad, fmt.Sprintf("%s: mutation %d (%s): server says %s %s, the outbox says rejected=%v", d.name, q.id, q.name,
					got.Status, got.Code, localRejected[q.id]))
			}
			if got.Status != protocol.StatusApplied {
				continue
			}
			bad = append(bad, effect(canon, d, q)...)
			switch q.name {
			case "campaign.create":
				creates++
			case "adRequest.send", "adRequest.apply":
				requests++
				offers++
			case "adRequest.counter":
				offers++
			case "campaign.update":
				lastUpdate[q.args["id"].(string)] = q
			case "admin.flag", "admin.unflag":
				lastFlag[q.args["target"].(string)+" "+q.args["id"].(string)] = q
			case "admin.setActive":
				lastActive[q.args["account_id"].(string)] = q
			}
		}
		for id, x := range res {
			if !mine[id] {
				bad = append(bad, fmt.Sprintf("%s: the server has a result for mutation %d (%s) this desktop never made", d.name, id, x.Name))
			}
		}
		var last int64
		if err := canon.Get(&last, `SELECT COALESCE((SELECT last_mutation_id FROM sync_clients WHERE client_id = ?), 0)`, d.clientID); err != nil {
			return append(bad, err.Error())
		}
		if last != maxID && !(d.parked && last < maxID) {
			bad = append(bad, fmt.Sprintf("%s: server's last_mutation_id %d, the desktop's last mutation %d", d.name, last, maxID))
		}
	}
	for id, q := range lastUpdate {
		var name string
		if err := canon.Get(&name, `SELECT name FROM campaigns WHERE id = ?`, id); err != nil {
			bad = append(bad, fmt.Sprintf("campaigns %s: %v", id, err))
			continue
		}
		if name != q.args["name"] {
			bad = append(bad, fmt.Sprintf("campaigns %s column name: server %q, last applied campaign.update (mutation %d) set %q", id, name, q.id, q.args["name"]))
		}
	}
	for key, q := range lastFlag {
		target, id, _ := strings.Cut(key, " ")
		var flagged bool
		if err := canon.Get(&flagged, `SELECT flagged FROM `+target+`s WHERE id = ?`, id); err != nil {
			bad = append(bad, fmt.Sprintf("%ss %s: %v", target, id, err))
			continue
		}
		if flagged != (q.name == "admin.flag") {
			bad = append(bad, fmt.Sprintf("%ss %s column flagged: server %v after the last applied %s (mutation %d)", target, id, flagged, q.name, q.id))
		}
	}
	for id, q := range lastActive {
		var active bool
		if err := canon.Get(&active, `SELECT active FROM accounts WHERE id = ?`, id); err != nil {
			bad = append(bad, fmt.Sprintf("accounts %s: %v", id, err))
			continue
		}
		if active != q.args["active"].(bool) {
			bad = append(bad, fmt.Sprintf("accounts %s column active: server %v after the last applied admin.setActive (mutation %d)", id, active, q.id))
		}
	}
	// Nothing doubled: the server holds exactly the rows the applied mutations made.
	for _, c := range []struct {
		table string
		want  int
	}{{"campaigns", creates}, {"ad_requests", requests}, {"offers", offers}} {
		var n int
		if err := canon.Get(&n, `SELECT COUNT(*) FROM `+c.table); err != nil {
			bad = append(bad, fmt.Sprintf("%s: %v", c.table, err))
			continue
		}
		if n != c.want {
			bad = append(bad, fmt.Sprintf("%s: the server has %d rows, the applied mutations made %d", c.table, n, c.want))
		}
	}
	return bad
}

// effect checks that an applied mutation's effect is on the server.
func effect(canon *sqlx.DB, d *desk, q queued) []string {
	str := func(k string) string { s, _ := q.args[k].(string); return s }
	var bad []string
	has := func(what, query string, args ...any) {
		var ok bool
		if err := canon.Get(&ok, `SELECT EXISTS (`+query+`)`, args...); err != nil || !ok {
			bad = append(bad, fmt.Sprintf("%s: mutation %d (%s) applied but %s is not on the server (%v)", d.name, q.id, q.name, what, err))
		}
	}
	offer := func(id string) {
		has("offers "+id, `SELECT 1 FROM offers WHERE id = ? AND author_id = ? AND amount = ?`, id, d.user.ID, q.args["amount"])
	}
	status := func(id string, statuses ...string) {
		has(fmt.Sprintf("ad_requests %s with status in %v", id, statuses),
			`SELECT 1 FROM ad_requests WHERE id = ? AND status IN ('`+strings.Join(statuses, "','")+`')`, id)
	}
	switch q.name {
	case "campaign.create":
		has("campaigns "+str("id"), `SELECT 1 FROM campaigns WHERE id = ? AND sponsor_id = ?`, str("id"), d.user.ID)
	case "campaign.publish":
		has("campaigns "+str("id")+" published", `SELECT 1 FROM campaigns WHERE id = ? AND status != 'draft'`, str("id"))
	case "adRequest.send", "adRequest.apply":
		has("ad_requests "+str("id"), `SELECT 1 FROM ad_requests WHERE id = ? AND campaign_id = ?`, str("id"), str("campaign_id"))
		offer(str("offer_id"))
	case "adRequest.counter":
		offer(str("offer_id"))
	case "adRequest.accept":
		status(str("ad_request_id"), "accepted", "completed", "withdrawn")
		has("ad_requests "+str("ad_request_id")+" paying the accepted offer", `SELECT 1 FROM ad_requests r JOIN offers o ON o.id = ?
			WHERE r.id = ? AND r.payment_amount = o.amount AND r.responded_at IS NOT NULL`, str("offer_id"), str("ad_request_id"))
	case "adRequest.reject":
		status(str("ad_request_id"), "rejected")
	case "adRequest.withdraw":
		status(str("ad_request_id"), "withdrawn")
	case "adRequest.complete":
		status(str("ad_request_id"), "completed")
	}
	return bad
}

// check verifies every invariant after a round has converged.
func (r *run) check(round int) {
	bad := r.violations(round)
	r.checked++
	if len(bad) > 0 {
		const show = 40
		more := ""
		if len(bad) > show {
			more = fmt.Sprintf("\n... and %d more", len(bad)-show)
			bad = bad[:show]
		}
		r.t.Fatalf("seed %d round %d: %d invariant violations after convergence (replay with IESCP_FAULT_SEED=%d):\n%s%s",
			r.seed, round, len(bad), r.seed, strings.Join(bad, "\n"), more)
	}
}

// violations lists every broken invariant: the budget, the mutations' results
// and effects, each replica against its user's view, the database's integrity.
func (r *run) violations(round int) []string {
	canon := r.openServerDB()
	defer canon.Close()
	var bad []string
	var budget []struct {
		ID        string `db:"id"`
		Budget    int64  `db:"budget"`
		Committed int64  `db:"committed"`
		Sum       int64  `db:"sum"`
	}
	if err := canon.Select(&budget, `SELECT id, budget, committed, COALESCE((SELECT SUM(payment_amount) FROM ad_requests r
		WHERE r.campaign_id = c.id AND r.status IN ('accepted', 'completed')), 0) AS sum FROM campaigns c ORDER BY id`); err != nil {
		r.t.Fatal(err)
	}
	for _, b := range budget {
		if b.Committed != b.Sum || b.Committed > b.Budget {
			bad = append(bad, fmt.Sprintf("campaigns %s: committed %d cents, accepted and completed requests %d, budget %d: want committed = sum <= budget",
				b.ID, b.Committed, b.Sum, b.Budget))
		}
	}
	bad = append(bad, r.checkMutations(canon)...)
	for _, d := range r.desks {
		if d.parked {
			r.stats.parked++
			r.t.Logf("round %d: %s is deactivated and its sign-in refused (403 on refresh): it keeps its last replica and "+
				"outbox until reactivated; its replica is not compared this round", round, d.name)
			continue
		}
		bad = append(bad, r.compareReplica(canon, d)...)
	}
	if store.IsPostgresURL(r.srv.db) {
		// PostgreSQL's own check of every B-tree index against its table (amcheck).
		var n int
		if _, err := canon.Exec(`CREATE EXTENSION IF NOT EXISTS amcheck`); err != nil {
			bad = append(bad, fmt.Sprintf("server database: amcheck: %v", err))
		} else if err := canon.Get(&n, `SELECT COUNT(bt_index_check(c.oid, true)) FROM pg_index i
			JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
			JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE am.amname = 'btree' AND ns.nspname = 'public'`); err != nil || n == 0 {
			bad = append(bad, fmt.Sprintf("server database: index check of %d indexes: %v", n, err))
		}
		return bad
	}
	var ok string
	if err := canon.Get(&ok, `PRAGMA quick_check`); err != nil || ok != "ok" {
		bad = append(bad, fmt.Sprintf("server database quick_check: %q %v", ok, err))
	}
	return bad
}
