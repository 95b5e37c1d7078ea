package securitytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/store"
	"iescp/sync/protocol"
)

// TestMalformedBodiesGetTypedErrors sends broken JSON to every endpoint that takes
// a body: each answers 400 invalid_argument with the typed error body, never 5xx.
func TestMalformedBodiesGetTypedErrors(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	a := register(t, s, "influencer", "malformed")
	sv := store.LatestVersion(store.SetDomain)
	pull := fmt.Sprintf(`{"client_id":%q,"protocol_version":1,"schema_version":%d,"cursor":0,"limit":10`, domain.NewID(), sv)
	push := fmt.Sprintf(`{"client_id":%q,"protocol_version":1,"schema_version":%d,"mutations":[]`, domain.NewID(), sv)
	for _, ep := range []struct {
		path, token, valid string // valid is a good body without its closing brace
	}{
		{"/api/v1/auth/login", "", `{"email":"x@example.com","password":"whatever1"`},
		{"/api/v1/auth/register", "", `{"role":"influencer","email":"y@example.com","password":"long enough pw","name":"Y"`},
		{"/api/v1/auth/refresh", "", `{"refresh_token":"abc"`},
		{"/api/v1/auth/logout", a.access, `{"refresh_token":"abc"`},
		{"/sync/v1/pull", a.access, pull},
		{"/sync/v1/push", a.access, push},
	} {
		for _, bad := range []struct{ name, body string }{
			{"empty", ""},
			{"truncated", ep.valid},
			{"not_json", "email=x&password=y"},
			{"array", "[]"},
			{"unknown_field", ep.valid + `,"is_admin":true}`},
			{"trailing_data", ep.valid + `}{}`},
			{"wrong_type", `{"` + strings.SplitN(strings.TrimPrefix(ep.valid, `{"`), `"`, 2)[0] + `":12345}`},
			{"duplicate_object", ep.valid + `}` + ep.valid + `}`},
			{"invalid_utf8", ep.valid[:len(ep.valid)-1] + "\xff\xfe\"}"},
		} {
			t.Run(strings.TrimPrefix(ep.path, "/")+"/"+bad.name, func(t *testing.T) {
				r := do(t, newClient(), "POST", s.URL+ep.path, ep.token, []byte(bad.body))
				if bad.name == "invalid_utf8" && r.Status < 500 {
					return // refused or the value's bytes replaced: either is fine, just no 5xx
				}
				r.expectError(t, http.StatusBadRequest, "invalid_argument")
			})
		}
	}
}

// TestOversizeBodiesAreRefused sends bodies over each endpoint's limit: 413
// payload_too_large, typed.
func TestOversizeBodiesAreRefused(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	a := register(t, s, "influencer", "oversize")
	pad := func(n int) string { return strings.Repeat("a", n) }
	sv := store.LatestVersion(store.SetDomain)
	for _, tc := range []struct {
		name, path, token, body string
	}{
		{"login", "/api/v1/auth/login", "", `{"email":"x@example.com","password":"` + pad(128<<10) + `"}`},
		{"register", "/api/v1/auth/register", "", `{"role":"influencer","email":"z@example.com","password":"pw pw pw pw","name":"` + pad(128<<10) + `"}`},
		{"refresh", "/api/v1/auth/refresh", "", `{"refresh_token":"` + pad(128<<10) + `"}`},
		{"pull", "/sync/v1/pull", a.access, fmt.Sprintf(`{"client_id":%q,"protocol_version":1,"schema_version":%d,"epoch":%q}`, domain.NewID(), sv, pad(128<<10))},
		{"push", "/sync/v1/push", a.access, fmt.Sprintf(`{"client_id":%q,"protocol_version":1,"schema_version":%d,"mutations":[{"id":1,"name":"profile.update","args":{"name":%q}}]}`,
			domain.NewID(), sv, pad(protocol.MaxBodyBytes+1<<20))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, newClient(), "POST", s.URL+tc.path, tc.token, []byte(tc.body))
			r.expectError(t, http.StatusRequestEntityTooLarge, "payload_too_large")
		})
	}
	t.Run("too_many_mutations", func(t *testing.T) {
		ms := make([]protocol.Mutation, protocol.MaxPushMutations+1)
		for i := range ms {
			ms[i] = protocol.Mutation{ID: int64(i + 1), Name: "profile.update", Args: json.RawMessage(`{"name":"n"}`)}
		}
		req := a.syncReq(ms...)
		req.ClientID = domain.NewID()
		do(t, newClient(), "POST", s.URL+"/sync/v1/push", a.access, req).
			expectError(t, http.StatusRequestEntityTooLarge, "payload_too_large")
	})
}

// TestHugeMutationNameIsNotStored pushes a mutation whose name is 4 MiB: it is
// refused, the answer does not echo the name back, and the database does not grow
// by megabytes (neither the name nor a message quoting it is kept).
func TestHugeMutationNameIsNotStored(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	a := register(t, s, "influencer", "hugename")
	a.pullAll(t)
	name := strings.Repeat("N", 4<<20)
	before := s.dbBytes(t)
	r := a.pushRaw(t, name, map[string]any{})
	after := s.dbBytes(t)
	echo := []byte(strings.Repeat("N", 1024))
	switch r.Status {
	case http.StatusOK:
		var resp protocol.PushResponse
		if err := json.Unmarshal(r.Body, &resp); err != nil {
			t.Fatal(err)
		}
		if len(resp.Results) != 1 || resp.Results[0].Status != protocol.StatusRejected {
			t.Fatalf("a 4 MiB mutation name: got %s, want it rejected", clip(string(r.Body)))
		}
	default:
		if r.Status < 400 || r.Status >= 500 {
			t.Fatalf("a 4 MiB mutation name: status %d", r.Status)
		}
		r.errorBody(t)
	}
	if len(r.Body) > 64<<10 || bytes.Contains(r.Body, echo) {
		t.Errorf("the answer echoes the name: %d bytes", len(r.Body))
	}
	if grew := after - before; grew > 1<<20 {
		t.Errorf("the database (with its WAL) grew by %.1f MiB for one refused mutation", float64(grew)/(1<<20))
	}
	// Pulls do not hand the name or a message quoting it back either.
	page := do(t, a.http, "POST", s.URL+"/sync/v1/pull", a.access, protocol.PullRequest{ClientID: a.clientID,
		ProtocolVersion: protocol.ProtocolVersion, SchemaVersion: store.LatestVersion(store.SetDomain)})
	if page.Status != http.StatusOK || len(page.Body) > 256<<10 || bytes.Contains(page.Body, echo) {
		t.Errorf("pull after the refused mutation: status %d, %d bytes, echoes the name: %v",
			page.Status, len(page.Body), bytes.Contains(page.Body, echo))
	}
	// The client goes on: its next mutation applies.
	a.must(t, "profile.update", map[string]any{"name": "still here"})
}

// TestLookalikeEmailsAreRefused registers addresses that look like an existing
// account's (fullwidth letters, invisible characters, homoglyphs): each is refused,
// or treated as the existing account, never a new one.
func TestLookalikeEmailsAreRefused(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	victim := fmt.Sprintf("victim%d@example.com", emailSeq.Add(1))
	reg := func(email string) *reply {
		return do(t, newClient(), "POST", s.URL+"/api/v1/auth/register", "", protocol.RegisterRequest{
			Role: "influencer", Email: email, Password: testPassword, Name: "Look Alike"})
	}
	if r := reg(victim); r.Status != http.StatusCreated {
		t.Fatalf("register the victim: %d %s", r.Status, r.Body)
	}
	v := victim
	for _, tc := range []struct{ name, email string }{
		{"upper_case", strings.ToUpper(v)},
		{"fullwidth_first_letter", "\uff56" + v[1:]},
		{"fullwidth_admin", "\uff41dmin@localhost"},
		{"zero_width_space", v[:3] + "\u200b" + v[3:]},
		{"zero_width_space_admin", "adm\u200bin@localhost"},
		{"soft_hyphen", v[:3] + "\u00ad" + v[3:]},
		{"cyrillic_es", v[:2] + "\u0441" + v[3:]},
		{"cyrillic_a_admin", "\u0430dmin@localhost"},
		{"combining_mark", v[:2] + "\u0307" + v[2:]},
		{"right_to_left_mark", "\u200f" + v},
		{"fullwidth_at", strings.Replace(v, "@", "\uff20", 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := reg(tc.email)
			switch r.Status {
			case http.StatusBadRequest, http.StatusConflict:
				if e := r.errorBody(t); e.Code != "invalid_argument" {
					t.Errorf("%q: code %s, want invalid_argument", tc.email, e.Code)
				}
			default:
				t.Errorf("registering %q (looks like %s): status %d %s, want it refused or taken as the existing account",
					tc.email, victim, r.Status, clip(string(r.Body)))
			}
		})
	}
}

// TestWhitespacePasswordsAreRefused: a password of only whitespace, or shorter
// than the minimum in characters (however many bytes), is refused.
func TestWhitespacePasswordsAreRefused(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	for _, tc := range []struct{ name, pw string }{
		{"spaces", strings.Repeat(" ", 12)},
		{"tabs_and_newlines", " \t \n \t \r\n \t  "},
		{"ideographic_spaces", strings.Repeat("\u3000", 10)},
		{"no_break_spaces", strings.Repeat("\u00a0", 10)},
		{"em_spaces", strings.Repeat("\u2003", 10)},
		{"short_in_characters", "€€€€€"}, // 15 bytes, 5 characters
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, newClient(), "POST", s.URL+"/api/v1/auth/register", "", protocol.RegisterRequest{
				Role: "influencer", Email: uniqueEmail("blankpw"), Password: tc.pw, Name: "Blank"})
			r.expectError(t, http.StatusBadRequest, "invalid_argument")
		})
	}
}
