package export

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/store"
)

// The awkward text of the round trip: commas, quotes, both kinds of line break, and
// non-ASCII from three scripts plus an emoji outside the BMP.
const (
	tricky      = "Café Zoë, \"Ł\" \n émoji 🎉"
	trickyCRLF  = "Line one, \"quoted\"\r\nline two\nline three — ☕"
	trickyLone  = "before\rafter" // a lone CR: written as a line break, never dropped
	companyName = "Łódź \"Media\", Ltd.\nEU"
)

// testDir holds the databases shared by the tests and the benchmark.
var testDir string

func TestMain(m *testing.M) {
	d, err := os.MkdirTemp("", "iescp-export-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testDir = d
	code := m.Run()
	if big.st != nil {
		big.st.Close()
	}
	os.RemoveAll(d)
	os.Exit(code)
}

func exec(t testing.TB, st *store.Store, q string, args ...any) {
	t.Helper()
	if _, err := st.W.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// smallDB is a fresh replica with two sponsors, two influencers and an admin:
// sponsor s1 owns campaigns c1 (tricky text), c2 (formula-like text, flagged) and the
// deleted c3; sponsor s2 owns c4. Requests r1..r3 are s1's live ones, r4 is deleted,
// r5 is s2's.
func smallDB(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "x.db"), store.SetDomain)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	const at = "2026-10-08 14:29:56+00:00"
	for _, a := range [][]any{
		{"s1", "s1@example.com", "sponsor", tricky, 1, 0, "", "2026-09-01 08:00:00+00:00"},
		{"s2", "s2@example.com", "sponsor", "Other Sponsor", 1, 0, "", "2026-09-02 08:00:00+00:00"},
		{"i1", "i1@example.com", "influencer", "Zoë Account", 1, 1, "=cmd|' /C calc'!A0", "2026-09-03 08:00:00+00:00"},
		{"i2", "", "influencer", "Plain Name", 0, 0, "", "2026-09-04 10:00:00.5+02:00"},
		{"ad", "admin@example.com", "admin", "Admin", 1, 0, "", "2026-08-01 08:00:00+00:00"},
	} {
		exec(t, st, `INSERT INTO accounts (id, email, role, name, active, flagged, flag_reason, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(a, at)...)
	}
	exec(t, st, `INSERT INTO sponsor_profiles (account_id, company_name, industry, budget, approval, updated_at)
		VALUES ('s1', ?, 'Food, Drink', 1000000, 'approved', ?), ('s2', 'Other Co', '', 0, 'pending', ?)`, companyName, at, at)
	exec(t, st, `INSERT INTO influencer_profiles (account_id, display_name, category, niche, reach_instagram, reach_youtube,
		updated_at) VALUES ('i1', ?, 'food', 'vegan', 1000, 234, ?), ('i2', '', '', '', 0, 0, ?)`, tricky, at, at)
	for _, c := range [][]any{
		{"c1", "s1", tricky, trickyCRLF, "food", "vegan", "2026-11-01", "2026-12-31", 123450, 35050, "public", trickyLone,
			"active", 0, "", "2026-10-01 09:00:00+00:00", nil},
		{"c2", "s1", `=HYPERLINK("http://evil.example","click")`, "+1 more", "\tcat", "\rniche", "2026-11-02", "2026-11-30",
			100, 0, "private", "-2 goals", "draft", 1, "@SUM(A1:A9)", "2026-10-02 09:00:00+00:00", nil},
		{"c3", "s1", "Deleted campaign", "", "", "", "2026-11-01", "2026-11-02", 0, 0, "private", "", "draft", 0, "",
			"2026-10-03 09:00:00+00:00", "2026-10-04 09:00:00+00:00"},
		{"c4", "s2", "Other sponsor secret", "", "", "", "2026-11-01", "2026-11-02", 5000, 1000, "public", "", "active", 0,
			"", "2026-10-01 10:00:00+00:00", nil},
	} {
		exec(t, st, `INSERT INTO campaigns (id, sponsor_id, name, description, category, niche, start_date, end_date, budget,
			committed, visibility, goals, status, flagged, flag_reason, created_at, deleted_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(c, at)...)
	}
	for _, r := range [][]any{
		{"r1", "c1", "i1", "sponsor", trickyCRLF, 10000, "pending", "", "2026-10-05 09:00:00+00:00", nil, nil, nil},
		{"r2", "c1", "i2", "influencer", "-1 post", 25050, "completed", "", "2026-10-06 09:00:00+00:00",
			"2026-10-06 12:00:00+00:00", "2026-10-07 12:00:00.999+00:00", nil},
		{"r3", "c2", "i1", "sponsor", "", 100, "accepted", "", "2026-10-07 09:00:00+00:00", "2026-10-07 10:00:00+00:00", nil, nil},
		{"r4", "c1", "i1", "sponsor", "", 999, "withdrawn", "gone", "2026-10-04 09:00:00+00:00", nil, nil,
			"2026-10-04 10:00:00+00:00"},
		{"r5", "c4", "i1", "sponsor", "secret", 1000, "accepted", "", "2026-10-05 09:30:00+00:00", nil, nil, nil},
	} {
		exec(t, st, `INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, requirements, payment_amount,
			status, close_reason, created_at, responded_at, completed_at, deleted_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(r, at)...)
	}
	exec(t, st, `INSERT INTO offers (id, ad_request_id, seq, author_id, author_role, amount, created_at) VALUES
		('o1', 'r1', 1, 's1', 'sponsor', 12000, ?), ('o2', 'r1', 2, 'i1', 'influencer', 10000, ?),
		('o3', 'r2', 1, 'i2', 'influencer', 25050, ?)`, at, at, at)
	return st
}

// export runs Write into memory and checks the bytes are RFC 4180 as promised: valid
// UTF-8 without a BOM, CRLF everywhere, ending in CRLF. It returns the parsed records.
func export(t *testing.T, st *store.Store, kind Kind, account string) [][]string {
	t.Helper()
	var buf bytes.Buffer
	n, err := Write(context.Background(), st.R, kind, account, &buf, nil)
	if err != nil {
		t.Fatalf("Write(%s): %v", kind, err)
	}
	data := buf.Bytes()
	if !utf8.Valid(data) {
		t.Errorf("%s: not valid UTF-8", kind)
	}
	if bytes.HasPrefix(data, []byte(UTF8BOM)) {
		t.Errorf("%s: starts with a BOM", kind)
	}
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Errorf("%s: does not end in CRLF", kind)
	}
	if got, want := bytes.Count(data, []byte("\n")), bytes.Count(data, []byte("\r\n")); got != want {
		t.Errorf("%s: %d LF but %d CRLF: a bare LF or CR", kind, got, want)
	}
	if got := bytes.Count(data, []byte("\r")); got != bytes.Count(data, []byte("\r\n")) {
		t.Errorf("%s: a bare CR", kind)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("%s: parse: %v\n%s", kind, err, data)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: no header", kind)
	}
	if !slices.Equal(recs[0], Header(kind)) {
		t.Errorf("%s: header %q, want %q", kind, recs[0], Header(kind))
	}
	if n != len(recs)-1 {
		t.Errorf("%s: Write says %d rows, file has %d", kind, n, len(recs)-1)
	}
	return recs
}

// lf is what a value reads back as: RFC 4180 line breaks are CRLF on the wire and
// encoding/csv (like most readers) hands them back as LF.
func lf(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

func checkRecords(t *testing.T, kind Kind, got, want [][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d:\n%q", kind, len(got), len(want), got)
	}
	h := Header(kind)
	for i := range want {
		if len(got[i]) != len(h) || len(want[i]) != len(h) {
			t.Fatalf("%s row %d: %d fields (want %d), header has %d", kind, i, len(got[i]), len(want[i]), len(h))
		}
		for j, w := range want[i] {
			if g := got[i][j]; g != w {
				t.Errorf("%s row %d %s: got %q, want %q", kind, i, h[j], g, w)
			}
		}
	}
}

func TestHeaders(t *testing.T) {
	want := map[Kind]string{
		SponsorCampaigns: "id,name,description,category,niche,start_date,end_date,budget_usd,committed_usd,remaining_usd," +
			"visibility,goals,status,flagged,flag_reason,created_at,updated_at,requests_pending,requests_accepted," +
			"requests_rejected,requests_withdrawn,requests_completed,amount_completed_usd",
		AdminCampaigns: "id,sponsor_id,sponsor_name,sponsor_company,name,description,category,niche,start_date,end_date," +
			"budget_usd,committed_usd,remaining_usd,visibility,goals,status,flagged,flag_reason,created_at,updated_at," +
			"requests_pending,requests_accepted,requests_rejected,requests_withdrawn,requests_completed,amount_completed_usd",
		SponsorAdRequests: "id,campaign_id,campaign_name,influencer_id,influencer_name,initiated_by,status," +
			"payment_amount_usd,requirements,offers,close_reason,created_at,updated_at,responded_at,completed_at",
		AdminAccounts: "id,email,name,role,active,flagged,flag_reason,company_name,industry,approval,display_name," +
			"category,niche,reach_total,created_at",
	}
	for _, k := range Kinds {
		if got := strings.Join(Header(k), ","); got != want[k] {
			t.Errorf("%s header:\n got %s\nwant %s", k, got, want[k])
		}
		for _, c := range specs[k].cols {
			if (c.typ == colMoney) != strings.HasSuffix(c.name, "_usd") {
				t.Errorf("%s: column %s: money columns, and only they, end in _usd", k, c.name)
			}
		}
	}
}

func TestRoundTrip_SponsorCampaigns(t *testing.T) {
	st := smallDB(t)
	got := export(t, st, SponsorCampaigns, "s1")
	checkRecords(t, SponsorCampaigns, got[1:], [][]string{
		{"c1", tricky, lf(trickyCRLF), "food", "vegan", "2026-11-01", "2026-12-31", "1234.50", "350.50", "884.00",
			"public", lf(trickyLone), "active", "false", "", "2026-10-01 09:00:00", "2026-10-08 14:29:56",
			"1", "0", "0", "0", "1", "250.50"},
		{"c2", `'=HYPERLINK("http://evil.example","click")`, "'+1 more", "'\tcat", "'\nniche", "2026-11-02", "2026-11-30",
			"1.00", "0.00", "1.00", "private", "'-2 goals", "draft", "true", "'@SUM(A1:A9)",
			"2026-10-02 09:00:00", "2026-10-08 14:29:56", "0", "1", "0", "0", "0", "0.00"},
	})
}

func TestRoundTrip_SponsorAdRequests(t *testing.T) {
	st := smallDB(t)
	got := export(t, st, SponsorAdRequests, "s1")
	checkRecords(t, SponsorAdRequests, got[1:], [][]string{
		{"r1", "c1", tricky, "i1", tricky, "sponsor", "pending", "100.00", lf(trickyCRLF), "2", "",
			"2026-10-05 09:00:00", "2026-10-08 14:29:56", "", ""},
		{"r2", "c1", tricky, "i2", "Plain Name", "influencer", "completed", "250.50", "'-1 post", "1", "",
			"2026-10-06 09:00:00", "2026-10-08 14:29:56", "2026-10-06 12:00:00", "2026-10-07 12:00:00"},
		{"r3", "c2", `'=HYPERLINK("http://evil.example","click")`, "i1", tricky, "sponsor", "accepted", "1.00", "", "0", "",
			"2026-10-07 09:00:00", "2026-10-08 14:29:56", "2026-10-07 10:00:00", ""},
	})
}

func TestRoundTrip_AdminAccounts(t *testing.T) {
	st := smallDB(t)
	got := export(t, st, AdminAccounts, "ignored")
	checkRecords(t, AdminAccounts, got[1:], [][]string{
		{"ad", "admin@example.com", "Admin", "admin", "true", "false", "", "", "", "", "", "", "", "", "2026-08-01 08:00:00"},
		{"s1", "s1@example.com", tricky, "sponsor", "true", "false", "", lf(companyName), "Food, Drink", "approved",
			"", "", "", "", "2026-09-01 08:00:00"},
		{"s2", "s2@example.com", "Other Sponsor", "sponsor", "true", "false", "", "Other Co", "", "pending",
			"", "", "", "", "2026-09-02 08:00:00"},
		{"i1", "i1@example.com", "Zoë Account", "influencer", "true", "true", "'=cmd|' /C calc'!A0", "", "", "",
			tricky, "food", "vegan", "1234", "2026-09-03 08:00:00"},
		// Stored with a +02:00 offset and a fraction: exported in UTC, to the second.
		{"i2", "", "Plain Name", "influencer", "false", "false", "", "", "", "", "", "", "", "0", "2026-09-04 08:00:00"},
	})
}

func TestRoundTrip_AdminCampaigns(t *testing.T) {
	st := smallDB(t)
	got := export(t, st, AdminCampaigns, "")
	ids := make([]string, 0, len(got)-1)
	for _, r := range got[1:] {
		ids = append(ids, r[0])
	}
	if want := []string{"c1", "c4", "c2"}; !slices.Equal(ids, want) {
		t.Fatalf("admin campaigns %q, want %q (by creation, deleted c3 left out)", ids, want)
	}
	checkRecords(t, AdminCampaigns, got[1:2], [][]string{
		{"c1", "s1", tricky, lf(companyName), tricky, lf(trickyCRLF), "food", "vegan", "2026-11-01", "2026-12-31",
			"1234.50", "350.50", "884.00", "public", lf(trickyLone), "active", "false", "", "2026-10-01 09:00:00",
			"2026-10-08 14:29:56", "1", "0", "0", "0", "1", "250.50"},
	})
	if r := got[2]; r[2] != "Other Sponsor" || r[3] != "Other Co" || r[10] != "50.00" || r[21] != "1" {
		t.Errorf("c4: %q", r)
	}
}

func TestScoping(t *testing.T) {
	st := smallDB(t)
	for _, c := range []struct {
		kind    Kind
		account string
		want    []string
	}{
		{SponsorCampaigns, "s1", []string{"c1", "c2"}},
		{SponsorCampaigns, "s2", []string{"c4"}},
		{SponsorCampaigns, "i1", nil},
		{SponsorAdRequests, "s1", []string{"r1", "r2", "r3"}},
		{SponsorAdRequests, "s2", []string{"r5"}},
		{SponsorAdRequests, "nobody", nil},
	} {
		recs := export(t, st, c.kind, c.account)
		var ids []string
		for _, r := range recs[1:] {
			ids = append(ids, r[0])
		}
		if !slices.Equal(ids, c.want) {
			t.Errorf("%s for %s: rows %q, want %q", c.kind, c.account, ids, c.want)
		}
		var all strings.Builder
		for _, r := range recs {
			all.WriteString(strings.Join(r, "\x00"))
		}
		if c.account == "s1" && (strings.Contains(all.String(), "secret") || strings.Contains(all.String(), "c4")) {
			t.Errorf("%s for s1 shows s2's data", c.kind)
		}
		if c.account == "s2" && strings.Contains(all.String(), "Café") && c.kind == SponsorCampaigns {
			t.Errorf("%s for s2 shows s1's campaign", c.kind)
		}
	}
	// The sponsor's request counts only count its own, live requests.
	recs := export(t, st, SponsorCampaigns, "s2")
	if r := recs[1]; r[18] != "1" || r[17] != "0" {
		t.Errorf("c4 counts: %q", r[17:22])
	}
}

func TestFormulaGuard(t *testing.T) {
	for in, want := range map[string]string{
		"":               "",
		"plain":          "plain",
		"=1+1":           "'=1+1",
		"+1":             "'+1",
		"-1":             "'-1",
		"@SUM(A1)":       "'@SUM(A1)",
		"\tx":            "'\tx",
		"\rx":            "'\nx",
		"a=b":            "a=b",
		" =1":            " =1",
		"'=quoted":       "'=quoted",
		"café -1":        "café -1",
		"x\r\ny\rz\nw":   "x\ny\nz\nw",
		"=\"a,b\"\r\n":   "'=\"a,b\"\n",
		"＝full width ok": "＝full width ok",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
	// Numbers are never guarded: a money, count or boolean cell is written as is.
	for _, c := range []column{{typ: colMoney}, {typ: colInt}} {
		if got := c.format(sql.NullString{}, sql.NullInt64{Int64: -150, Valid: true}); got != "-150" && got != "-1.50" {
			t.Errorf("numeric cell %v: %q", c.typ, got)
		}
	}
	// And through a real export: formula-like text is guarded, numbers are not.
	st := smallDB(t)
	recs := export(t, st, SponsorCampaigns, "s1")
	c2 := recs[2]
	for i, name := range recs[0] {
		v := c2[i]
		if v == "" {
			continue
		}
		switch specs[SponsorCampaigns].cols[i].typ {
		case colText:
			if strings.ContainsRune("=+-@\t\r", rune(v[0])) {
				t.Errorf("%s = %q: unguarded", name, v)
			}
		default:
			if v[0] == '\'' {
				t.Errorf("numeric %s = %q: guarded", name, v)
			}
		}
	}
}

func TestInstant(t *testing.T) {
	for in, want := range map[string]string{
		"2026-10-08 14:29:56+00:00":        "2026-10-08 14:29:56",
		"2026-10-08 16:29:56.123456+02:00": "2026-10-08 14:29:56",
		"2026-10-08T14:29:56Z":             "2026-10-08 14:29:56",
		"2026-10-08T14:29:56.9Z":           "2026-10-08 14:29:56",
		"2026-10-08T09:29:56-05:00":        "2026-10-08 14:29:56",
		"2026-10-08 14:29:56":              "2026-10-08 14:29:56",
		"2026-10-08":                       "2026-10-08 00:00:00",
		"yesterday":                        "yesterday",
		"=1+1":                             "'=1+1",
	} {
		if got := Instant(in); got != want {
			t.Errorf("Instant(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMoney(t *testing.T) {
	for c, want := range map[int64]string{
		0: "0.00", 1: "0.01", 10: "0.10", 99: "0.99", 100: "1.00", 123450: "1234.50", 100000000: "1000000.00",
		-5: "-0.05", -123456: "-1234.56", 9223372036854775807: "92233720368547758.07",
		-9223372036854775808: "-92233720368547758.08",
	} {
		if got := Money(c); got != want {
			t.Errorf("Money(%d) = %q, want %q", c, got, want)
		}
	}
}

func TestParseKindAndNames(t *testing.T) {
	for _, k := range Kinds {
		got, err := ParseKind(string(k))
		if err != nil || got != k {
			t.Errorf("ParseKind(%q) = %q, %v", k, got, err)
		}
	}
	for _, s := range []string{"", "campaigns", "SPONSOR_CAMPAIGNS", "sponsor_campaigns "} {
		_, err := ParseKind(s)
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != domain.CodeInvalidArgument {
			t.Errorf("ParseKind(%q): %v, want invalid_argument", s, err)
		}
	}
	roles := map[Kind]string{SponsorCampaigns: "sponsor", SponsorAdRequests: "sponsor", AdminAccounts: "admin",
		AdminCampaigns: "admin", "nope": ""}
	for k, want := range roles {
		if got := KindRole(k); got != want {
			t.Errorf("KindRole(%q) = %q, want %q", k, got, want)
		}
	}
	now := time.Date(2026, 11, 21, 23, 30, 0, 0, time.UTC)
	names := map[string]bool{}
	for _, k := range Kinds {
		n := DefaultFileName(k, now)
		if names[n] || !strings.HasPrefix(n, "iescp-") || !strings.HasSuffix(n, "-2026-11-21.csv") {
			t.Errorf("DefaultFileName(%s) = %q", k, n)
		}
		names[n] = true
	}
	if got := DefaultFileName(SponsorCampaigns, now); got != "iescp-campaigns-2026-11-21.csv" {
		t.Errorf("DefaultFileName = %q", got)
	}
}

func TestWriteErrors(t *testing.T) {
	st := smallDB(t)
	ctx := context.Background()
	var de *domain.Error
	if _, err := Write(ctx, st.R, "bogus", "s1", &bytes.Buffer{}, nil); !errors.As(err, &de) ||
		de.Code != domain.CodeInvalidArgument {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := Write(ctx, st.R, SponsorCampaigns, "", &bytes.Buffer{}, nil); !errors.As(err, &de) ||
		de.Code != domain.CodeInvalidArgument {
		t.Errorf("sponsor kind without an account: %v", err)
	}
	// The writer's error comes back.
	boom := errors.New("disk full")
	if _, err := Write(ctx, st.R, AdminAccounts, "", failWriter{boom}, nil); !errors.Is(err, boom) {
		t.Errorf("failing writer: %v, want %v", err, boom)
	}
	// A cancelled context stops before anything.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if n, err := Write(cctx, st.R, AdminAccounts, "", &bytes.Buffer{}, nil); !errors.Is(err, context.Canceled) || n != 0 {
		t.Errorf("cancelled: %d, %v", n, err)
	}
	// Through the writer connection (BEGIN IMMEDIATE by default) the export still
	// takes no write lock: a write from another connection goes through meanwhile.
	// Were the export holding it, the write would wait for an export that waits for
	// the write, until the busy timeout fails it with "database is locked".
	other, err := store.Open(st.Path, store.SetDomain)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var buf bytes.Buffer
	if _, err := Write(ctx, st.W, AdminAccounts, "", &buf, func(int, int) {
		if _, err := other.W.ExecContext(ctx, `UPDATE accounts SET name = 'Admin 2' WHERE id = 'ad'`); err != nil {
			t.Errorf("write during an export: %v", err)
		}
	}); err != nil {
		t.Errorf("via the writer: %v", err)
	}
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

// The large fixture, built once for the tests and the benchmark.
const (
	bigRows      = 100_000
	bigOtherRows = 1_000
)

var big struct {
	once sync.Once
	st   *store.Store
	err  error
	took time.Duration
}

// bigDB holds sponsor "bs" with 20 campaigns and 100,000 ad requests over 50
// influencers (each with one offer), and sponsor "os" with 1,000 more.
func bigDB(tb testing.TB) *store.Store {
	tb.Helper()
	big.once.Do(func() {
		start := time.Now()
		big.st, big.err = buildBig(filepath.Join(testDir, "big.db"))
		big.took = time.Since(start)
	})
	if big.err != nil {
		tb.Fatal(big.err)
	}
	return big.st
}

func buildBig(path string) (*store.Store, error) {
	st, err := store.Open(path, store.SetDomain)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	const at = "'2026-01-01 00:00:00+00:00'"
	stmts := []string{
		`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES
			('bs', 'bs@example.com', 'sponsor', 'Big Sponsor', ` + at + `, ` + at + `),
			('os', 'os@example.com', 'sponsor', 'Other Sponsor', ` + at + `, ` + at + `)`,
		`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 49)
			INSERT INTO accounts (id, email, role, name, created_at, updated_at)
			SELECT printf('bi%02d', i), printf('bi%02d@example.com', i), 'influencer', printf('Influencer %d', i), ` + at + `, ` + at + ` FROM n`,
		`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 49)
			INSERT INTO influencer_profiles (account_id, display_name, category, niche, reach_instagram, updated_at)
			SELECT printf('bi%02d', i), printf('Créatrice %d, "the" one', i), 'food', 'vegan', i * 1000, ` + at + ` FROM n`,
		`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
			INSERT INTO campaigns (id, sponsor_id, name, description, start_date, end_date, budget, committed, status,
				created_at, updated_at)
			SELECT printf('bc%02d', i), CASE WHEN i = 20 THEN 'os' ELSE 'bs' END, printf('Campaign %d, "big"', i), 'A campaign',
				'2026-01-01', '2026-12-31', 100000000000, 0, 'active', ` + at + `, ` + at + ` FROM n`,
		fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
			INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, requirements, payment_amount, status,
				created_at, updated_at, responded_at)
			SELECT printf('r%%07d', i), CASE WHEN i >= %d THEN 'bc20' ELSE printf('bc%%02d', i %% 20) END,
				printf('bi%%02d', i %% 50), CASE i %% 2 WHEN 0 THEN 'sponsor' ELSE 'influencer' END,
				'One post, one story' || char(10) || 'and "a" reel ' || i, 1000 + i,
				CASE (i / 20) %% 5 WHEN 0 THEN 'pending' WHEN 1 THEN 'accepted' WHEN 2 THEN 'rejected' WHEN 3 THEN 'withdrawn'
					ELSE 'completed' END,
				strftime('%%Y-%%m-%%d %%H:%%M:%%S+00:00', 1767225600 + i, 'unixepoch'),
				strftime('%%Y-%%m-%%d %%H:%%M:%%S+00:00', 1767225600 + i, 'unixepoch'),
				CASE WHEN (i / 20) %% 5 = 0 THEN NULL ELSE strftime('%%Y-%%m-%%d %%H:%%M:%%S+00:00', 1767229200 + i, 'unixepoch') END
			FROM n`, bigRows+bigOtherRows-1, bigRows),
		`INSERT INTO offers (id, ad_request_id, seq, author_id, author_role, amount, created_at)
			SELECT 'o' || id, id, 1, 'bs', 'sponsor', payment_amount, created_at FROM ad_requests`,
	}
	err = st.Write(ctx, func(tx *sqlx.Tx) error {
		for _, q := range stmts {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%.60s: %w", q, err)
			}
		}
		return nil
	})
	if err == nil {
		_, err = st.W.ExecContext(ctx, `ANALYZE`)
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// countingWriter counts bytes and lines without keeping them.
type countingWriter struct{ bytes, crlf int }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.bytes += len(p)
	c.crlf += bytes.Count(p, []byte("\r\n"))
	return len(p), nil
}

func TestLargeExport(t *testing.T) {
	st := bigDB(t)
	t.Logf("built %d + %d ad requests (and as many offers) in %s", bigRows, bigOtherRows, big.took.Round(time.Millisecond))

	t.Run("100k rows with progress", func(t *testing.T) {
		type call struct{ done, total int }
		var calls []call
		var out countingWriter
		start := time.Now()
		n, err := Write(context.Background(), st.R, SponsorAdRequests, "bs", &out, func(done, total int) {
			calls = append(calls, call{done, total})
		})
		took := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("exported %d ad requests (%.1f MB) in %s: %.0f rows/s, %d progress calls",
			n, float64(out.bytes)/1e6, took.Round(time.Millisecond), float64(n)/took.Seconds(), len(calls))
		if n != bigRows {
			t.Errorf("rows = %d, want %d", n, bigRows)
		}
		// Each record has one line break inside its requirements, all CRLF: two per row.
		if want := 1 + 2*bigRows; out.crlf != want {
			t.Errorf("%d CRLF in the file, want %d", out.crlf, want)
		}
		if len(calls) < 10 || len(calls) > 101 {
			t.Errorf("%d progress calls, want about one per 1%%", len(calls))
		}
		for i, c := range calls {
			if c.total != bigRows {
				t.Fatalf("call %d: total %d, want %d", i, c.total, bigRows)
			}
			if i > 0 && c.done <= calls[i-1].done {
				t.Fatalf("call %d: done %d after %d", i, c.done, calls[i-1].done)
			}
		}
		if last := calls[len(calls)-1]; last != (call{bigRows, bigRows}) {
			t.Errorf("last progress %v, want {%d %d}", last, bigRows, bigRows)
		}
	})

	t.Run("parses back", func(t *testing.T) {
		var buf bytes.Buffer
		if _, err := Write(context.Background(), st.R, SponsorAdRequests, "os", &buf, nil); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1+bigOtherRows {
			t.Fatalf("%d records, want %d", len(recs), 1+bigOtherRows)
		}
		r := recs[1] // r0100000, the first of the other sponsor's
		want := []string{"r0100000", "bc20", `Campaign 20, "big"`, "bi00", `Créatrice 0, "the" one`, "sponsor", "pending",
			"1010.00", "One post, one story\nand \"a\" reel 100000", "1", "", "2026-01-02 03:46:40", "2026-01-02 03:46:40", "", ""}
		if !slices.Equal(r, want) {
			t.Errorf("first row\n got %q\nwant %q", r, want)
		}
	})

	t.Run("campaign counts", func(t *testing.T) {
		var buf bytes.Buffer
		if _, err := Write(context.Background(), st.R, SponsorCampaigns, "bs", &buf, nil); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 21 {
			t.Fatalf("%d records, want 21", len(recs))
		}
		// 5,000 requests a campaign, 1,000 in each status.
		for _, r := range recs[1:] {
			if !slices.Equal(r[17:22], []string{"1000", "1000", "1000", "1000", "1000"}) {
				t.Errorf("%s counts %q", r[0], r[17:22])
			}
		}
	})

	t.Run("cancel mid-export", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var out countingWriter
		var after []int
		cancelled := false
		n, err := Write(ctx, st.R, SponsorAdRequests, "bs", &out, func(done, total int) {
			if cancelled {
				after = append(after, done)
			}
			if done >= 20_000 && !cancelled {
				cancelled = true
				cancel()
			}
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if n < 20_000 || n > 21_000 {
			t.Errorf("stopped after %d rows, want just after 20,000", n)
		}
		if len(after) > 0 {
			t.Errorf("progress after cancel: %v", after)
		}
		// The connection went back to the pool clean: a new export works.
		if _, err := Write(context.Background(), st.R, SponsorCampaigns, "bs", &countingWriter{}, nil); err != nil {
			t.Errorf("after cancel: %v", err)
		}
	})
}

func BenchmarkExportAdRequests(b *testing.B) {
	st := bigDB(b)
	b.ReportAllocs()
	start := time.Now()
	total := 0
	for b.Loop() {
		var out countingWriter
		n, err := Write(context.Background(), st.R, SponsorAdRequests, "bs", &out, func(int, int) {})
		if err != nil {
			b.Fatal(err)
		}
		total += n
		b.SetBytes(int64(out.bytes))
	}
	b.ReportMetric(float64(total)/time.Since(start).Seconds(), "rows/s")
}
