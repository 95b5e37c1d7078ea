package securitytest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store"
	"iescp/sync/protocol"
)

// requestTimeout bounds one HTTP exchange (generous: the machine is shared).
const requestTimeout = 60 * time.Second

// addrSeq hands out loopback source addresses, one per client.
var addrSeq atomic.Uint32

// nextAddr is a fresh loopback address (127.1.x.y), never 127.0.0.1. Only Linux
// answers on all of 127/8 out of the box; elsewhere every client shares 127.0.0.1
// (nil), and tests of per-address limits may then throttle each other.
func nextAddr() net.IP {
	if runtime.GOOS != "linux" {
		return nil
	}
	n := addrSeq.Add(1)
	return net.IPv4(127, 1, byte(n>>8), byte(n))
}

// newClient is an HTTP client whose connections come from a loopback address of
// its own, so the server's per-address limits see it as a separate machine.
func newClient() *http.Client {
	return clientFrom(nextAddr())
}

func clientFrom(ip net.IP) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}, Timeout: 10 * time.Second}
	return &http.Client{
		Timeout:   requestTimeout,
		Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 64, DisableCompression: true},
	}
}

// dialFrom opens a raw TCP connection to the server from a fresh loopback address.
func dialFrom(t *testing.T, s *server) net.Conn {
	t.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: nextAddr()}, Timeout: 10 * time.Second}
	c, err := d.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// reply is a decoded HTTP answer.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// errorBody decodes the typed error body, or fails the test when there is none.
func (r *reply) errorBody(t *testing.T) protocol.ErrorDetail {
	t.Helper()
	var e protocol.ErrorBody
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("status %d: want a typed {\"error\":{\"code\",\"message\"}} body, got %q (Content-Type %q)",
			r.Status, clip(string(r.Body)), r.Header.Get("Content-Type"))
	}
	return e.Error
}

// expectError checks the status and the typed error code of an answer.
func (r *reply) expectError(t *testing.T, status int, code string) protocol.ErrorDetail {
	t.Helper()
	if r.Status != status {
		t.Fatalf("got status %d (%s), want %d %s", r.Status, clip(string(r.Body)), status, code)
	}
	e := r.errorBody(t)
	if e.Code != code {
		t.Fatalf("got error code %q (%s), want %q", e.Code, e.Message, code)
	}
	return e
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + fmt.Sprintf("…(%d bytes)", len(s))
	}
	return s
}

// do sends one request; body may be nil, []byte, string or a value to encode.
func do(t *testing.T, c *http.Client, method, url, token string, body any) *reply {
	t.Helper()
	r, err := tryDo(c, method, url, token, body)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func tryDo(c *http.Client, method, url, token string, body any) (*reply, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: read body: %w", method, url, err)
	}
	return &reply{Status: resp.StatusCode, Header: resp.Header, Body: raw}, nil
}

// ---- accounts ----

// actor is one account as a desktop holds it: credentials, tokens, a client id
// and its outbox counter.
type actor struct {
	s        *server
	http     *http.Client
	Name     string // the test's label
	ID       string
	Email    string
	Password string
	Role     string
	access   string
	refresh  string

	mu       sync.Mutex
	clientID string
	next     int64
}

const testPassword = "correct horse battery staple"

var emailSeq atomic.Uint64

// uniqueEmail is an address no other test uses.
func uniqueEmail(label string) string {
	return fmt.Sprintf("%s-%d-%s@example.com", strings.ToLower(label), emailSeq.Add(1), domain.NewID()[24:])
}

// register creates a sponsor or influencer through the API (from a fresh address)
// and signs it in.
func register(t *testing.T, s *server, role, label string) *actor {
	t.Helper()
	a := &actor{s: s, http: newClient(), Name: label, Email: uniqueEmail(label), Password: testPassword, Role: role}
	req := protocol.RegisterRequest{Role: role, Email: a.Email, Password: a.Password, Name: label}
	if role == "sponsor" {
		req.Profile = protocol.RegisterProfile{CompanyName: label + " Inc", Industry: "retail", Budget: 500_000}
	} else {
		req.Profile = protocol.RegisterProfile{Category: "travel", Niche: "hiking", Bio: "bio of " + label}
	}
	r := do(t, a.http, "POST", s.URL+"/api/v1/auth/register", "", req)
	if r.Status == http.StatusTooManyRequests {
		t.Fatalf("register %s: the server throttled this suite's registrations (429, Retry-After %s): every client has "+
			"an address of its own, so a global registration limit was hit; start the shared server with a higher one",
			label, r.Header.Get("Retry-After"))
	}
	if r.Status != http.StatusCreated {
		t.Fatalf("register %s: status %d: %s", label, r.Status, clip(string(r.Body)))
	}
	var out protocol.RegisterResponse
	if err := json.Unmarshal(r.Body, &out); err != nil {
		t.Fatal(err)
	}
	a.ID = out.User.ID
	if err := a.signIn(); err != nil {
		t.Fatalf("sign in %s: %v", label, err)
	}
	return a
}

// signIn logs in with the actor's password and keeps the tokens.
func (a *actor) signIn() error {
	r, err := tryDo(a.http, "POST", a.s.URL+"/api/v1/auth/login", "", protocol.LoginRequest{Email: a.Email, Password: a.Password})
	if err != nil {
		return err
	}
	if r.Status != http.StatusOK {
		return fmt.Errorf("login %s: status %d: %s", a.Email, r.Status, clip(string(r.Body)))
	}
	var tok protocol.TokenResponse
	if err := json.Unmarshal(r.Body, &tok); err != nil {
		return err
	}
	a.access, a.refresh, a.ID = tok.AccessToken, tok.RefreshToken, tok.User.ID
	return nil
}

// approvedSponsor registers a sponsor, has the admin approve it, and tops its
// wallet up by card, so its deals are funded when accepted (docs/money.md).
func approvedSponsor(t *testing.T, s *server, label string) *actor {
	t.Helper()
	a := register(t, s, "sponsor", label)
	s.adminActor(t).must(t, "admin.approveSponsor", map[string]any{"sponsor_id": a.ID})
	a.topUp(t, 1_000_000)
	return a
}

// topUp pays cents into the sponsor's wallet with the processor's test card that
// always succeeds, through the payment endpoint.
func (a *actor) topUp(t *testing.T, cents int64) {
	t.Helper()
	raw, err := json.Marshal(map[string]any{"amount": cents, "currency": "usd",
		"card": map[string]any{"number": "4242424242424242", "expiry": "12/40", "cvc": "123", "name": a.Name}})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, a.s.URL+"/v1/payments/charges", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	a.mu.Lock()
	tok := a.access
	a.mu.Unlock()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Idempotency-Key", domain.NewID())
	resp, err := a.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("top up %s: status %d: %s", a.Name, resp.StatusCode, clip(string(body)))
	}
}

// ---- push and pull ----

// push sends one mutation from the actor's client and returns its result.
func (a *actor) push(t *testing.T, name string, args any) protocol.MutationResult {
	t.Helper()
	r := a.pushRaw(t, name, args)
	if r.Status != http.StatusOK {
		t.Fatalf("push %s as %s: status %d: %s", name, a.Name, r.Status, clip(string(r.Body)))
	}
	var resp protocol.PushResponse
	if err := json.Unmarshal(r.Body, &resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.Results) != 1 {
		t.Fatalf("push %s as %s: %d results, want 1", name, a.Name, len(resp.Results))
	}
	return resp.Results[0]
}

// pushRaw sends one mutation and returns the HTTP answer; the outbox counter
// moves on only when the server took the mutation.
func (a *actor) pushRaw(t *testing.T, name string, args any) *reply {
	t.Helper()
	raw, ok := args.(json.RawMessage)
	if !ok {
		var err error
		if raw, err = json.Marshal(args); err != nil {
			t.Fatal(err)
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.clientID == "" {
		a.clientID = domain.NewID()
	}
	m := protocol.Mutation{ID: a.next + 1, Name: name, Args: raw, ClientTime: time.Now().UTC()}
	r := do(t, a.http, "POST", a.s.URL+"/sync/v1/push", a.access, a.syncReq(m))
	if r.Status == http.StatusOK {
		a.next++
	}
	return r
}

func (a *actor) syncReq(ms ...protocol.Mutation) protocol.PushRequest {
	if a.clientID == "" {
		a.clientID = domain.NewID()
	}
	return protocol.PushRequest{ClientID: a.clientID, ProtocolVersion: protocol.ProtocolVersion,
		SchemaVersion: store.LatestVersion(store.SetDomain), Mutations: ms}
}

// pullReq is a pull from cursor 0 with a client id of its own.
func pullReq() protocol.PullRequest {
	return protocol.PullRequest{ClientID: domain.NewID(), ProtocolVersion: protocol.ProtocolVersion,
		SchemaVersion: store.LatestVersion(store.SetDomain)}
}

// must pushes a mutation that has to apply.
func (a *actor) must(t *testing.T, name string, args any) {
	t.Helper()
	if res := a.push(t, name, args); res.Status != protocol.StatusApplied {
		t.Fatalf("%s as %s: %s %s: %s", name, a.Name, res.Status, res.Code, res.Message)
	}
}

// pullPage pulls one page from cursor.
func (a *actor) pullPage(t *testing.T, cursor int64) protocol.PullResponse {
	t.Helper()
	a.mu.Lock()
	if a.clientID == "" {
		a.clientID = domain.NewID()
	}
	req := protocol.PullRequest{ClientID: a.clientID, ProtocolVersion: protocol.ProtocolVersion,
		SchemaVersion: store.LatestVersion(store.SetDomain), Cursor: cursor, Limit: protocol.MaxPullLimit}
	a.mu.Unlock()
	r := do(t, a.http, "POST", a.s.URL+"/sync/v1/pull", a.access, req)
	if r.Status != http.StatusOK {
		t.Fatalf("pull as %s: status %d: %s", a.Name, r.Status, clip(string(r.Body)))
	}
	var resp protocol.PullResponse
	if err := json.Unmarshal(r.Body, &resp); err != nil {
		t.Fatal(err)
	}
	return resp
}

// row is one pulled row, numbers kept as json.Number.
type row map[string]any

func decodeRow(t *testing.T, raw json.RawMessage) row {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var r row
	if err := dec.Decode(&r); err != nil {
		t.Fatal(err)
	}
	return r
}

// replica is what a viewer holds: table -> id -> row.
type replica map[string]map[string]row

// pullAll pulls everything the actor may see, from cursor 0, every page, and
// returns the rows and the final cursor.
func (a *actor) pullAll(t *testing.T) (replica, int64) {
	t.Helper()
	rep := replica{}
	cursor := a.pullInto(t, rep, 0, nil)
	return rep, cursor
}

// pullInto applies pages from cursor into rep until the server has no more, and
// returns the new cursor. Every change is also handed to seen, if set.
func (a *actor) pullInto(t *testing.T, rep replica, cursor int64, seen func(protocol.Change)) int64 {
	t.Helper()
	for {
		page := a.pullPage(t, cursor)
		if page.Reset {
			t.Fatalf("pull as %s: unexpected reset", a.Name)
		}
		for _, ch := range page.Changes {
			if seen != nil {
				seen(ch)
			}
			if rep[ch.Table] == nil {
				rep[ch.Table] = map[string]row{}
			}
			switch ch.Op {
			case protocol.OpPut:
				rep[ch.Table][ch.ID] = decodeRow(t, ch.Row)
			case protocol.OpDel:
				delete(rep[ch.Table], ch.ID)
			default:
				t.Fatalf("pull: unknown op %q", ch.Op)
			}
		}
		cursor = page.Cursor
		if !page.HasMore {
			return cursor
		}
	}
}

// get returns a row of the replica or nil.
func (r replica) get(table, id string) row { return r[table][id] }

// str is a row's column as a string ("" when absent or null).
func (r row) str(col string) string {
	v, ok := r[col]
	if !ok || v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// num is a row's column as an integer (0 when absent or null).
func (r row) num(t *testing.T, col string) int64 {
	t.Helper()
	v, ok := r[col]
	if !ok || v == nil {
		return 0
	}
	n, err := strconv.ParseInt(fmt.Sprint(v), 10, 64)
	if err != nil {
		t.Fatalf("column %s = %v is not an integer", col, v)
	}
	return n
}

// diffRows lists, column by column, how two rows differ.
func diffRows(a, b row) []string {
	var out []string
	cols := map[string]bool{}
	for k := range a {
		cols[k] = true
	}
	for k := range b {
		cols[k] = true
	}
	var keys []string
	for k := range cols {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		va, oka := a[k]
		vb, okb := b[k]
		if oka != okb || fmt.Sprint(va) != fmt.Sprint(vb) {
			out = append(out, fmt.Sprintf("%s: %v → %v", k, va, vb))
		}
	}
	return out
}

// ---- campaigns and requests ----

// campaign creates a campaign owned by the sponsor and returns its id.
func (a *actor) campaign(t *testing.T, visibility string, publish bool, budget int64) string {
	t.Helper()
	id := domain.NewID()
	a.must(t, "campaign.create", map[string]any{"id": id, "name": "Campaign " + id[24:], "description": "d",
		"start_date": "2026-01-01", "end_date": "2099-12-31", "budget": budget, "visibility": visibility, "publish": publish})
	return id
}

// send has the sponsor invite the influencer to the campaign; returns the request
// and offer ids.
func (a *actor) send(t *testing.T, campaign string, infl *actor, amount int64) (string, string) {
	t.Helper()
	id, offer := domain.NewID(), domain.NewID()
	a.must(t, "adRequest.send", map[string]any{"id": id, "offer_id": offer, "campaign_id": campaign,
		"influencer_id": infl.ID, "amount": amount, "requirements": "one reel"})
	return id, offer
}

// ---- event streams ----

// stream is an open /sync/v1/events connection.
type stream struct {
	Status int
	Body   []byte // the error body when Status is not 200
	First  int64  // the version of the first poke
	pokes  chan int64
	closed chan struct{}
	cancel context.CancelFunc
}

// openStream opens an event stream with the token and, when the server accepts
// it, waits for the first poke (sent at once by the server).
func openStream(t *testing.T, s *server, c *http.Client, token string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", s.URL+"/sync/v1/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	// A stream outlives any client timeout: the context ends it.
	sc := &http.Client{Transport: c.Transport}
	resp, err := sc.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("open stream: %v", err)
	}
	st := &stream{Status: resp.StatusCode, pokes: make(chan int64, 1024), closed: make(chan struct{}), cancel: cancel}
	t.Cleanup(cancel)
	if resp.StatusCode != http.StatusOK {
		st.Body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		close(st.closed)
		return st
	}
	go func() {
		defer close(st.closed)
		defer resp.Body.Close()
		br := bufio.NewReader(resp.Body)
		event := ""
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\r\n")
			switch {
			case strings.HasPrefix(line, "event:"):
				event = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:") && event == "poke":
				var p protocol.Poke
				if json.Unmarshal([]byte(strings.TrimSpace(strings.TrimPrefix(line, "data:"))), &p) == nil {
					st.pokes <- p.Version
				}
			case line == "":
				event = ""
			}
		}
	}()
	select {
	case st.First = <-st.pokes:
	case <-st.closed:
	case <-time.After(requestTimeout):
		t.Fatal("the event stream sent no first poke")
	}
	return st
}

func (st *stream) isClosed() bool {
	select {
	case <-st.closed:
		return true
	default:
		return false
	}
}
