package postimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"iescp/backend/analytics"
	"iescp/backend/domain"
)

var now = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

func open(t *testing.T, name string) *bytes.Reader {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}

func inspect(t *testing.T, name string) Preview {
	t.Helper()
	p, err := Inspect(open(t, name))
	if err != nil {
		t.Fatalf("Inspect(%s): %v", name, err)
	}
	return p
}

// parseFile inspects a file, takes the suggested mapping and parses with opt.
func parseFile(t *testing.T, name string, opt Options) Result {
	t.Helper()
	p := inspect(t, name)
	if opt.Now.IsZero() {
		opt.Now = now
	}
	res, err := Parse(open(t, name), p.Mapping, opt)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return res
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestInspect_DetectsEachShape(t *testing.T) {
	cases := []struct {
		file, shape, delim string
		mapping            map[string]int
		needed             []string
		platform, ct       string
	}{
		{"template.csv", ShapeTemplate, ",", map[string]int{
			FieldPlatform: 0, FieldContentType: 1, FieldPostedAt: 2, FieldExternalID: 3, FieldFollowers: 4, FieldViews: 5,
			FieldReach: 6, FieldLikes: 7, FieldComments: 8, FieldShares: 9, FieldSaves: 10, FieldSponsored: 11,
		}, []string{}, "", ""},
		{"instagram.csv", ShapeInstagram, ",", map[string]int{
			FieldExternalID: 0, FieldPostedAt: 6, FieldContentType: 8, FieldViews: 11, FieldReach: 12,
			FieldLikes: 13, FieldShares: 14, FieldComments: 16, FieldSaves: 17,
		}, []string{FieldFollowers}, "instagram", ""},
		{"youtube.csv", ShapeYouTube, ",", map[string]int{
			FieldExternalID: 0, FieldPostedAt: 2, FieldViews: 4, FieldLikes: 9, FieldComments: 10, FieldShares: 11,
		}, []string{FieldFollowers}, "youtube", "video"},
		{"tiktok.csv", ShapeTikTok, ",", map[string]int{
			FieldExternalID: 1, FieldPostedAt: 2, FieldLikes: 3, FieldComments: 4, FieldShares: 5, FieldViews: 6,
		}, []string{FieldFollowers}, "tiktok", "video"},
		{"x.csv", ShapeX, ",", map[string]int{
			FieldExternalID: 0, FieldPostedAt: 3, FieldViews: 4, FieldShares: 7, FieldComments: 8, FieldLikes: 9,
		}, []string{FieldFollowers}, "x", "text"},
		{"semicolon_bom_dmy.csv", ShapeTemplate, ";", map[string]int{
			FieldPlatform: 0, FieldContentType: 1, FieldPostedAt: 2, FieldExternalID: 3, FieldFollowers: 4, FieldViews: 5,
			FieldReach: 6, FieldLikes: 7, FieldComments: 8, FieldShares: 9, FieldSaves: 10, FieldSponsored: 11,
		}, []string{}, "", ""},
		{"custom.csv", ShapeUnknown, ",", map[string]int{}, []string{FieldPlatform, FieldContentType, FieldPostedAt, FieldFollowers}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			p := inspect(t, c.file)
			if p.Shape != c.shape || p.Delimiter != c.delim || p.Platform != c.platform || p.ContentType != c.ct {
				t.Errorf("shape %q delim %q platform %q ct %q; want %q %q %q %q", p.Shape, p.Delimiter, p.Platform, p.ContentType, c.shape, c.delim, c.platform, c.ct)
			}
			if !reflect.DeepEqual(p.Mapping.Columns, c.mapping) {
				t.Errorf("mapping %v, want %v", p.Mapping.Columns, c.mapping)
			}
			if !reflect.DeepEqual(p.Needed, c.needed) {
				t.Errorf("needed %v, want %v", p.Needed, c.needed)
			}
			for _, f := range Fields {
				_, mapped := p.Mapping.Columns[f]
				if mapped == contains(p.Missing, f) {
					t.Errorf("field %s: mapped %v but missing lists it %v", f, mapped, !mapped)
				}
			}
			if len(p.Rows) == 0 || p.TotalRows < len(p.Rows) {
				t.Errorf("rows %d of %d", len(p.Rows), p.TotalRows)
			}
		})
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestInspect_QuotesFormulasInPreview(t *testing.T) {
	p := inspect(t, "instagram.csv")
	if got := p.Rows[2][4]; got != `'=HYPERLINK("http://x")` {
		t.Errorf("preview cell %q, want the formula behind a quote", got)
	}
	if got := p.Rows[1][4]; got != "Five breakfasts, all under 10 minutes" {
		t.Errorf("a caption over two lines shows as %q", got)
	}
}

type post struct {
	line                                                    int
	id, platform, ct, at                                    string
	followers, views, reach, likes, comments, shares, saves int64
	sponsored                                               bool
}

func checkPosts(t *testing.T, res Result, want []post) {
	t.Helper()
	if len(res.Refused) != 0 {
		t.Errorf("refused: %+v", res.Refused)
	}
	if len(res.Accepted) != len(want) {
		t.Fatalf("accepted %d rows, want %d", len(res.Accepted), len(want))
	}
	for i, w := range want {
		got := res.Accepted[i]
		wp := analytics.Post{
			Platform: w.platform, ContentType: w.ct, PostedAt: utc(w.at), Followers: w.followers, Views: w.views,
			Reach: w.reach, Likes: w.likes, Comments: w.comments, Shares: w.shares, Saves: w.saves, Sponsored: w.sponsored,
		}
		if got.Line != w.line || got.ExternalID != w.id || !reflect.DeepEqual(got.Post, wp) {
			t.Errorf("row %d:\n got %d %q %+v\nwant %d %q %+v", i, got.Line, got.ExternalID, got.Post, w.line, w.id, wp)
		}
	}
	if res.Counts.Accepted != len(want) || res.Counts.Refused != 0 {
		t.Errorf("counts %+v", res.Counts)
	}
}

func TestParse_Template(t *testing.T) {
	res := parseFile(t, "template.csv", Options{})
	checkPosts(t, res, []post{
		{2, "ig-3301", "instagram", "reel", "2025-03-01T18:30:00Z", 48200, 61400, 40100, 3120, 141, 88, 230, false},
		{3, "ig-3302", "instagram", "carousel", "2025-03-04T12:15:00Z", 48350, 15800, 12900, 1450, 62, 15, 310, false},
		{4, "ig-3303", "instagram", "photo", "2025-03-08T00:00:00Z", 48410, 9900, 8200, 980, 33, 4, 71, true},
		{5, "yt-9xQ2", "youtube", "video", "2025-03-10T16:00:00Z", 125000, 18450, 0, 1210, 96, 40, 0, false},
		{6, "yt-7Lm1", "youtube", "short", "2025-03-12T09:00:00Z", 125300, 1200, 0, 210, 12, 9, 0, false},
		{7, "tt-7123", "tiktok", "video", "2025-03-15T20:45:00Z", 310000, 2400000, 1900000, 201000, 1830, 4100, 9800, true},
		{8, "x-1770", "x", "text", "2025-03-18T08:10:00Z", 9100, 5400, 0, 120, 8, 14, 3, false},
	})
}

func TestParse_TemplateInTimeZone(t *testing.T) {
	res := parseFile(t, "template.csv", Options{TimeZone: "America/New_York"})
	// Zoned dates keep their zone; the others are New York time (EST, UTC-5, in March before the 9th; EDT after).
	want := map[int]string{2: "2025-03-01T18:30:00Z", 3: "2025-03-04T17:15:00Z", 4: "2025-03-08T05:00:00Z", 5: "2025-03-10T16:00:00Z", 6: "2025-03-12T13:00:00Z"}
	for _, r := range res.Accepted {
		if w, ok := want[r.Line]; ok && !r.Post.PostedAt.Equal(utc(w)) {
			t.Errorf("line %d: %s, want %s", r.Line, r.Post.PostedAt.Format(time.RFC3339), w)
		}
	}
}

func TestParse_Instagram(t *testing.T) {
	p := inspect(t, "instagram.csv")
	res := parseFile(t, "instagram.csv", Options{Platform: p.Platform, Followers: 48000})
	checkPosts(t, res, []post{
		{2, "18034511223344556", "instagram", "reel", "2025-03-01T18:30:00Z", 48000, 61400, 40100, 3120, 141, 88, 230, false},
		{3, "18034511223344557", "instagram", "carousel", "2025-03-04T12:15:00Z", 48000, 15800, 12900, 1450, 62, 15, 310, false},
		{5, "18034511223344558", "instagram", "photo", "2025-03-08T09:05:00Z", 48000, 9900, 8200, 980, 33, 4, 71, false},
		{6, "18034511223344559", "instagram", "story", "2025-03-09T21:40:00Z", 48000, 2300, 2100, 0, 0, 0, 0, false},
	})
}

func TestParse_YouTubeSkipsTheTotalRow(t *testing.T) {
	p := inspect(t, "youtube.csv")
	res := parseFile(t, "youtube.csv", Options{Platform: p.Platform, ContentType: p.ContentType, Followers: 125000})
	checkPosts(t, res, []post{
		{3, "9xQ2aBcDeF0", "youtube", "video", "2025-03-10T00:00:00Z", 125000, 18450, 0, 1210, 96, 40, 0, false},
		{4, "7Lm1GhIjKl2", "youtube", "video", "2025-03-12T00:00:00Z", 125000, 2500, 0, 210, 12, 9, 0, false},
	})
	if res.Counts.Skipped != 1 || res.Counts.Rows != 3 {
		t.Errorf("counts %+v, want 3 rows, 1 skipped", res.Counts)
	}
}

func TestParse_TikTok(t *testing.T) {
	p := inspect(t, "tiktok.csv")
	res := parseFile(t, "tiktok.csv", Options{Platform: p.Platform, ContentType: p.ContentType, Followers: 310000})
	checkPosts(t, res, []post{
		{2, "https://www.tiktok.com/@lena/video/7341234567890123456", "tiktok", "video", "2025-03-15T20:45:00Z", 310000, 2400000, 0, 201000, 1830, 4100, 0, false},
		{3, "https://www.tiktok.com/@lena/video/7341234567890123457", "tiktok", "video", "2025-03-16T19:02:00Z", 310000, 180000, 0, 12500, 240, 310, 0, false},
	})
}

func TestParse_X(t *testing.T) {
	p := inspect(t, "x.csv")
	res := parseFile(t, "x.csv", Options{Platform: p.Platform, ContentType: p.ContentType, Followers: 9100})
	checkPosts(t, res, []post{
		{2, "1767000000000000001", "x", "text", "2025-03-18T08:10:00Z", 9100, 5400, 0, 120, 8, 14, 0, false},
		{3, "1767000000000000002", "x", "text", "2025-03-18T09:42:00Z", 9100, 800, 0, 9, 1, 0, 0, false},
	})
}

func TestParse_SemicolonBOMDayFirst(t *testing.T) {
	p := inspect(t, "semicolon_bom_dmy.csv")
	if p.DateOrder != DateOrderDMY || p.DateAmbiguous {
		t.Fatalf("date order %q ambiguous %v; 13/03 says day first", p.DateOrder, p.DateAmbiguous)
	}
	res := parseFile(t, "semicolon_bom_dmy.csv", Options{DateOrder: p.DateOrder})
	checkPosts(t, res, []post{
		{2, "ig-1", "instagram", "reel", "2025-03-01T18:30:00Z", 48200, 61400, 40100, 3120, 141, 88, 230, false},
		{3, "ig-2", "instagram", "carousel", "2025-03-13T12:15:00Z", 48350, 15800, 12900, 1450, 62, 15, 310, true},
	})
	// Read month first, 13/03 is no date and 01/03 is January 3.
	res = parseFile(t, "semicolon_bom_dmy.csv", Options{DateOrder: DateOrderMDY})
	if len(res.Accepted) != 1 || !res.Accepted[0].Post.PostedAt.Equal(utc("2025-01-03T18:30:00Z")) {
		t.Errorf("month first: accepted %+v", res.Accepted)
	}
	if len(res.Refused) != 1 || res.Refused[0].Reason != ReasonBadDate || res.Refused[0].Line != 3 {
		t.Errorf("month first: refused %+v", res.Refused)
	}
}

func TestInspect_BOMBeforeAQuotedHeader(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "instagram.csv"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Inspect(bytes.NewReader(append([]byte("\xEF\xBB\xBF"), b...)))
	if err != nil || p.Shape != ShapeInstagram || p.Header[0] != "Post ID" {
		t.Fatalf("%v, shape %q, header %q", err, p.Shape, p.Header)
	}
}

func TestInspect_ExcelSepLine(t *testing.T) {
	file := "sep=;\r\nplatform;content_type;posted_at;followers;views\r\nx;text;2025/03/18 08:10;9100;1,5K\r\nx;text;2025/03/19;9100;abc\r\n"
	p, err := Inspect(strings.NewReader(file))
	if err != nil || p.Delimiter != ";" || len(p.Header) != 5 || p.Header[0] != "platform" {
		t.Fatalf("%v %+v", err, p)
	}
	res, err := Parse(strings.NewReader(file), p.Mapping, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Accepted) != 1 || res.Accepted[0].Line != 3 || res.Accepted[0].Post.Views != 1500 ||
		!res.Accepted[0].Post.PostedAt.Equal(utc("2025-03-18T08:10:00Z")) {
		t.Errorf("accepted %+v", res.Accepted)
	}
	if len(res.Refused) != 1 || res.Refused[0].Line != 4 || res.Refused[0].Reason != ReasonBadNumber {
		t.Errorf("refused %+v: lines count the sep= line", res.Refused)
	}
}

func TestInspect_AmbiguousSlashDates(t *testing.T) {
	p := inspect(t, "instagram.csv") // 03/01, 03/04, 03/08, 03/09: either order
	if p.DateOrder != DateOrderMDY || !p.DateAmbiguous {
		t.Errorf("date order %q ambiguous %v, want mdy and ambiguous", p.DateOrder, p.DateAmbiguous)
	}
	p = inspect(t, "template.csv") // ISO dates: nothing to ask
	if p.DateAmbiguous {
		t.Errorf("ISO dates reported ambiguous")
	}
}

func TestParse_BadRowsEachReason(t *testing.T) {
	res := parseFile(t, "bad_rows.csv", Options{})
	type key struct {
		line   int
		field  string
		reason string
	}
	var got []key
	for _, r := range res.Refused {
		got = append(got, key{r.Line, r.Field, r.Reason})
	}
	want := []key{
		{3, FieldViews, ReasonBadNumber},
		{4, FieldLikes, ReasonPercentage},
		{5, FieldComments, ReasonNegative},
		{6, FieldPostedAt, ReasonMissing},
		{7, FieldPostedAt, ReasonBadDate},
		{8, FieldPostedAt, ReasonFutureDate},
		{9, FieldContentType, ReasonUnknownContentType},
		{10, FieldPlatform, ReasonUnknownPlatform},
		{11, FieldSponsored, ReasonBadBoolean},
		{12, FieldExternalID, ReasonDuplicate},
		{13, FieldViews, ReasonTooLarge},
		{14, FieldViews, ReasonBadNumber},
		{15, FieldFollowers, ReasonMissing},
		{15, FieldViews, ReasonMissing},
		{15, FieldReach, ReasonMissing},
		{15, FieldLikes, ReasonMissing},
		{15, FieldComments, ReasonMissing},
		{15, FieldShares, ReasonMissing},
		{15, FieldSaves, ReasonMissing},
		{15, FieldSponsored, ReasonMissing},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("refused:\n got %v\nwant %v", got, want)
	}
	if len(res.Accepted) != 1 || res.Accepted[0].Line != 2 {
		t.Errorf("accepted %+v, want line 2 only", res.Accepted)
	}
	c := res.Counts
	if c.Rows != 14 || c.Accepted != 1 || c.Refused != 13 || c.ByReason[ReasonMissing] != 9 || c.ByReason[ReasonDuplicate] != 1 {
		t.Errorf("counts %+v", c)
	}
	for _, r := range res.Refused {
		switch r.Line {
		case 12:
			if r.Params["first_line"] != "2" || r.Column != 3 || r.Value != "a1" {
				t.Errorf("duplicate %+v", r)
			}
		case 14:
			if r.Value != "'=1+1" {
				t.Errorf("formula echoed as %q", r.Value)
			}
		case 5:
			if r.Value != "'-7" {
				t.Errorf("negative echoed as %q", r.Value)
			}
		case 8:
			if r.Params["now"] != "2025-06-01T00:00:00Z" {
				t.Errorf("future_date params %v", r.Params)
			}
		}
	}
}

func TestParse_CellTooLong(t *testing.T) {
	long := strings.Repeat("x", MaxCellChars+1)
	file := "platform,content_type,posted_at,external_id,followers,views\n" +
		"instagram,photo,2025-03-01,ok," + strings.Repeat("9", 3) + ",10\n" +
		"instagram,photo,2025-03-01," + long + ",100,10\n"
	p, err := Inspect(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Parse(strings.NewReader(file), p.Mapping, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Refused) != 1 || res.Refused[0].Reason != ReasonTooLarge || res.Refused[0].Line != 3 || res.Refused[0].Field != FieldExternalID {
		t.Fatalf("refused %+v", res.Refused)
	}
	if n := len([]rune(res.Refused[0].Value)); n > 61 {
		t.Errorf("report echoes %d characters of the cell", n)
	}
	// At the limit exactly: accepted.
	ok := strings.Replace(file, long, long[1:], 1)
	res, err = Parse(strings.NewReader(ok), p.Mapping, Options{Now: now})
	if err != nil || len(res.Accepted) != 2 {
		t.Fatalf("a cell of %d characters: %v %+v", MaxCellChars, err, res.Refused)
	}
}

func TestFileErrors(t *testing.T) {
	big := "platform,content_type,posted_at,followers,views\n" + strings.Repeat("instagram,photo,2025-03-01,100,10\n", MaxBytes/34+1)
	var rows strings.Builder
	rows.WriteString("platform,content_type,posted_at,followers,views\n")
	for i := 0; i <= MaxRows; i++ {
		rows.WriteString("x,text,2025-03-01,1,1\n")
	}
	atRows := strings.TrimSuffix(rows.String(), "x,text,2025-03-01,1,1\n")
	cases := []struct {
		name, reason string
		data         []byte
		code         domain.Code
		param        string // a parameter the error must have
		value        string // its value, if it matters
	}{
		{"too many bytes", FileTooLarge, []byte(big), domain.CodePayloadTooLarge, "max_bytes", ""},
		{"too many rows", FileTooLarge, []byte(rows.String()), domain.CodePayloadTooLarge, "max_rows", ""},
		{"header cell too long", FileTooLarge, []byte("a," + strings.Repeat("b", MaxCellChars+1) + "\n1,2\n"), domain.CodePayloadTooLarge, "max_cell_chars", ""},
		{"empty.csv", FileEmpty, nil, domain.CodeInvalidArgument, "", ""},
		{"header_only.csv", FileEmpty, nil, domain.CodeInvalidArgument, "", ""},
		{"blank lines", FileEmpty, []byte("\n\n  \n"), domain.CodeInvalidArgument, "", ""},
		{"not_csv.txt", FileNotCSV, nil, domain.CodeInvalidArgument, "columns", ""},
		{"not_csv.pdf", FileNotCSV, nil, domain.CodeInvalidArgument, "looks_like", "pdf"},
		{"xlsx", FileNotCSV, []byte("PK\x03\x04\x14\x00"), domain.CodeInvalidArgument, "looks_like", "xlsx"},
		{"binary", FileNotCSV, []byte("a,b\n\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16"), domain.CodeInvalidArgument, "looks_like", "binary"},
		{"broken quote", FileNotCSV, []byte("a,b\n\"x,1\n2,\"3\"4\n"), domain.CodeInvalidArgument, "line", "2"},
		{"latin1.csv", FileBadEncoding, nil, domain.CodeInvalidArgument, "line", "2"},
		{"utf16.csv", FileBadEncoding, nil, domain.CodeInvalidArgument, "encoding", "utf-16"},
		// UTF-16 with a BOM and no NUL byte (every character outside Latin): the BOM says it.
		{"utf-16 cjk", FileBadEncoding, []byte("\xff\xfe\x0d\x54\x4d\x52\x2c\x54\x70\x65"), domain.CodeInvalidArgument, "encoding", "utf-16"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := c.data
			if data == nil {
				var err error
				if data, err = os.ReadFile(filepath.Join("testdata", c.name)); err != nil {
					t.Fatal(err)
				}
			}
			for _, call := range []func() error{
				func() error { _, err := Inspect(bytes.NewReader(data)); return err },
				func() error {
					_, err := Parse(bytes.NewReader(data), Mapping{}, Options{Now: now})
					return err
				},
				func() error { _, _, err := ParseAudience(bytes.NewReader(data)); return err },
			} {
				err := call()
				var fe *FileError
				if !errors.As(err, &fe) || fe.Reason != c.reason {
					t.Fatalf("err %v, want %s", err, c.reason)
				}
				if c.param != "" && fe.Params[c.param] == "" {
					t.Errorf("params %v lack %s", fe.Params, c.param)
				}
				if c.value != "" && fe.Params[c.param] != c.value {
					t.Errorf("%s = %q, want %q", c.param, fe.Params[c.param], c.value)
				}
				if got := domain.ErrorCode(err); got != c.code {
					t.Errorf("domain code %s, want %s", got, c.code)
				}
			}
		})
	}
	// At the row limit exactly: read.
	if p, err := Inspect(strings.NewReader(atRows)); err != nil || p.TotalRows != MaxRows {
		t.Errorf("%d rows: %v, %d", MaxRows, err, p.TotalRows)
	}
}

func TestParse_MappingOverride(t *testing.T) {
	// A file no shape knows: the user maps every column.
	m := Mapping{Columns: map[string]int{FieldPostedAt: 0, FieldViews: 1, FieldLikes: 2, FieldComments: 3, FieldPlatform: 4}}
	res, err := Parse(open(t, "custom.csv"), m, Options{Now: now, ContentType: "video", Followers: 5000})
	if err != nil {
		t.Fatal(err)
	}
	checkPosts(t, res, []post{
		{2, "", "instagram", "video", "2025-03-01T10:00:00Z", 5000, 1000, 0, 50, 5, 0, 0, false},
		{3, "", "tiktok", "video", "2025-03-02T10:00:00Z", 5000, 2000, 0, 90, 7, 0, 0, false},
	})
	// Without the defaults the unmapped fields are missing on every row.
	res, err = Parse(open(t, "custom.csv"), m, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Refused != 2 || res.Counts.ByReason[ReasonMissing] != 4 {
		t.Errorf("counts %+v", res.Counts)
	}
	for _, r := range res.Refused {
		if r.Column != -1 || (r.Field != FieldContentType && r.Field != FieldFollowers) {
			t.Errorf("refused %+v", r)
		}
	}

	// Overriding a suggestion: the template's views read as reach and back.
	p := inspect(t, "template.csv")
	p.Mapping.Columns[FieldViews], p.Mapping.Columns[FieldReach] = p.Mapping.Columns[FieldReach], p.Mapping.Columns[FieldViews]
	res, err = Parse(open(t, "template.csv"), p.Mapping, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if first := res.Accepted[0].Post; first.Views != 40100 || first.Reach != 61400 {
		t.Errorf("swapped: views %d reach %d", first.Views, first.Reach)
	}
	// Unmapping a metric makes it 0.
	delete(p.Mapping.Columns, FieldSaves)
	res, _ = Parse(open(t, "template.csv"), p.Mapping, Options{Now: now})
	if res.Accepted[0].Post.Saves != 0 {
		t.Errorf("unmapped saves %d", res.Accepted[0].Post.Saves)
	}
}

func TestParse_RefusesBadMappingAndOptions(t *testing.T) {
	good := inspect(t, "template.csv").Mapping.Columns
	with := func(f string, c int) Mapping {
		m := map[string]int{}
		for k, v := range good {
			m[k] = v
		}
		m[f] = c
		return Mapping{Columns: m}
	}
	cases := []struct {
		name string
		m    Mapping
		opt  Options
	}{
		{"column out of range", with(FieldViews, 12), Options{Now: now}},
		{"negative column", with(FieldViews, -1), Options{Now: now}},
		{"column twice", with(FieldViews, 6), Options{Now: now}},
		{"unknown field", with("clicks", 0), Options{Now: now}},
		{"no clock", Mapping{Columns: good}, Options{}},
		{"unknown zone", Mapping{Columns: good}, Options{Now: now, TimeZone: "Mars/Olympus"}},
		{"unknown order", Mapping{Columns: good}, Options{Now: now, DateOrder: "ymd"}},
		{"unknown platform", Mapping{Columns: good}, Options{Now: now, Platform: "myspace"}},
		{"unknown content type", Mapping{Columns: good}, Options{Now: now, ContentType: "gif"}},
		{"negative followers", Mapping{Columns: good}, Options{Now: now, Followers: -1}},
	}
	for _, c := range cases {
		_, err := Parse(open(t, "template.csv"), c.m, c.opt)
		if domain.ErrorCode(err) != domain.CodeInvalidArgument {
			t.Errorf("%s: %v, want invalid_argument", c.name, err)
		}
	}
}

func TestParse_Deterministic(t *testing.T) {
	for _, name := range []string{"bad_rows.csv", "instagram.csv", "template.csv"} {
		var first []byte
		for i := 0; i < 20; i++ {
			p := inspect(t, name)
			res, err := Parse(open(t, name), p.Mapping, Options{Now: now, Followers: 1})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(struct {
				P Preview
				R Result
			}{p, res})
			if first == nil {
				first = b
			} else if !bytes.Equal(first, b) {
				t.Fatalf("%s: run %d differs", name, i)
			}
		}
	}
}

func TestParseCount(t *testing.T) {
	cases := []struct {
		in     string
		want   int64
		reason string
	}{
		{"1234", 1234, ""}, {"1,234", 1234, ""}, {"1,234,567", 1234567, ""}, {"1.234", 1234, ""},
		{"1 234", 1234, ""}, {"1\u00a0234", 1234, ""}, {"1\u202f234", 1234, ""}, {"1'234", 1234, ""},
		{"1.2K", 1200, ""}, {"1,5k", 1500, ""}, {"3M", 3000000, ""}, {"2.45M", 2450000, ""}, {"1B", 1000000000, ""},
		{"1234.0", 1234, ""}, {"", 0, ""}, {" - ", 0, ""}, {"--", 0, ""}, {"0", 0, ""}, {"-0", 0, ""},
		{"12.5", 0, ReasonBadNumber}, {"1,23", 0, ReasonBadNumber}, {"abc", 0, ReasonBadNumber}, {"1.2.3", 0, ReasonBadNumber},
		{"1e6", 0, ReasonBadNumber}, {"3.5%", 0, ReasonPercentage}, {"12 %", 0, ReasonPercentage},
		{"-5", 0, ReasonNegative}, {"-1.2K", 0, ReasonNegative}, {"-1,234", 0, ReasonNegative},
		{"1000000000001", 0, ReasonTooLarge}, {"2000B", 0, ReasonTooLarge}, {"99999999999999999999", 0, ReasonTooLarge},
		{"1000000000000", MaxCount, ""},
	}
	for _, c := range cases {
		n, e := parseCount(c.in)
		reason := ""
		if e != nil {
			reason = e.reason
		}
		if n != c.want || reason != c.reason {
			t.Errorf("parseCount(%q) = %d, %q; want %d, %q", c.in, n, reason, c.want, c.reason)
		}
	}
}

func TestParseDate(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		in, order string
		loc       *time.Location
		want      string // RFC 3339 UTC, or a reason
	}{
		{"2025-03-01T18:30:00Z", DateOrderMDY, berlin, "2025-03-01T18:30:00Z"},
		{"2025-03-01T18:30:00+02:00", DateOrderMDY, time.UTC, "2025-03-01T16:30:00Z"},
		{"2025-03-01T18:30:00", DateOrderMDY, berlin, "2025-03-01T17:30:00Z"},
		{"2025-03-01 18:30", DateOrderMDY, berlin, "2025-03-01T17:30:00Z"},
		{"2025-07-01 18:30", DateOrderMDY, berlin, "2025-07-01T16:30:00Z"},
		{"2025-03-01", DateOrderMDY, time.UTC, "2025-03-01T00:00:00Z"},
		{"03/01/2025 18:30", DateOrderMDY, time.UTC, "2025-03-01T18:30:00Z"},
		{"03/01/2025 18:30", DateOrderDMY, time.UTC, "2025-01-03T18:30:00Z"},
		{"3/1/2025 6:30 PM", DateOrderMDY, time.UTC, "2025-03-01T18:30:00Z"},
		{"01.03.2025 18:30", DateOrderMDY, time.UTC, "2025-03-01T18:30:00Z"},
		{"Mar 10, 2025", DateOrderMDY, time.UTC, "2025-03-10T00:00:00Z"},
		{"2025-03-18 08:10 +0000", DateOrderMDY, berlin, "2025-03-18T08:10:00Z"},
		{"13/03/2025", DateOrderMDY, time.UTC, ReasonBadDate},
		{"03/13/2025", DateOrderDMY, time.UTC, ReasonBadDate},
		{"2025-02-30", DateOrderMDY, time.UTC, ReasonBadDate},
		{"yesterday", DateOrderMDY, time.UTC, ReasonBadDate},
		{"  ", DateOrderMDY, time.UTC, ReasonMissing},
	}
	for _, c := range cases {
		got, e := parseDate(c.in, c.order, c.loc)
		s := ""
		if e != nil {
			s = e.reason
		} else {
			s = got.Format(time.RFC3339)
		}
		if s != c.want {
			t.Errorf("parseDate(%q, %s, %s) = %s, want %s", c.in, c.order, c.loc, s, c.want)
		}
	}
}

func TestContentTypeWords(t *testing.T) {
	for in, want := range map[string]string{
		"IG reel": "reel", "IG Reels": "reel", "IG carousel": "carousel", "IG image": "photo", "IG story": "story",
		"Video": "video", "Short": "short", "Shorts": "short", "Live stream": "live", "Tweet": "text", "  photo ": "photo",
	} {
		if got, e := parseContentType(in); e != nil || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, e, want)
		}
	}
	for ct := range contentTypes {
		if !contains(analytics.ContentTypes, contentTypes[ct]) {
			t.Errorf("%q maps to %q, not an analytics content type", ct, contentTypes[ct])
		}
	}
	for p := range platforms {
		if !contains(analytics.Platforms, platforms[p]) {
			t.Errorf("%q maps to %q, not an analytics platform", p, platforms[p])
		}
	}
	for _, s := range shapes {
		if s.platform != "" && !contains(analytics.Platforms, s.platform) {
			t.Errorf("shape %s platform %q", s.name, s.platform)
		}
		if s.contentType != "" && !contains(analytics.ContentTypes, s.contentType) {
			t.Errorf("shape %s content type %q", s.name, s.contentType)
		}
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"plain": "plain", "=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "-1": "'-1", "@cmd": "'@cmd",
		"\tx": "' x", "a\nb": "a b", strings.Repeat("é", 70): strings.Repeat("é", 60) + "…", "": "",
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseAudience(t *testing.T) {
	shares, refused, err := ParseAudience(open(t, "audience.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := []analytics.AudienceShare{
		{Dimension: "country", Bucket: "US", ShareBps: 4150},
		{Dimension: "country", Bucket: "GB", ShareBps: 1200},
		{Dimension: "country", Bucket: "DE", ShareBps: 925},
		{Dimension: "age", Bucket: "18-24", ShareBps: 3100},
		{Dimension: "age", Bucket: "25-34", ShareBps: 4200},
		{Dimension: "age", Bucket: "35-44", ShareBps: 1700},
		{Dimension: "age", Bucket: "45-54", ShareBps: 1000},
		{Dimension: "gender", Bucket: "female", ShareBps: 6140},
		{Dimension: "gender", Bucket: "male", ShareBps: 3760},
		{Dimension: "gender", Bucket: "other", ShareBps: 100},
	}
	if len(refused) != 0 || !reflect.DeepEqual(shares, want) {
		t.Errorf("shares %v refused %+v", shares, refused)
	}
}

func TestParseAudience_BadFile(t *testing.T) {
	shares, refused, err := ParseAudience(open(t, "audience_bad.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range refused {
		got = append(got, fmt.Sprintf("%d %s %s %v", r.Line, r.Field, r.Reason, r.Params))
	}
	want := []string{
		"2 share bad_sum map[dimension:country sum_bps:10600]",
		"3 bucket unknown_bucket map[]",
		"5 share bad_sum map[dimension:age sum_bps:4000]",
		"6 share bad_share map[]",
		"7 share negative map[]",
		"8 share missing map[]",
		"9 dimension unknown_dimension map[]",
		"11 bucket duplicate map[first_line:10]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("refused:\n got %q\nwant %q", got, want)
	}
	wantShares := []analytics.AudienceShare{
		{Dimension: "gender", Bucket: "female", ShareBps: 5000},
		{Dimension: "gender", Bucket: "male", ShareBps: 5000},
	}
	if !reflect.DeepEqual(shares, wantShares) {
		t.Errorf("shares %v", shares)
	}
}

func TestParseAudience_NeedsItsColumns(t *testing.T) {
	_, _, err := ParseAudience(strings.NewReader("country,share\nUS,50%\n"))
	var fe *FileError
	if !errors.As(err, &fe) || fe.Reason != FileNotCSV || fe.Params["missing_column"] != "dimension" {
		t.Errorf("err %v", err)
	}
}

// BenchmarkParse_MaxRows reads a file at the row limit (50,000 template rows).
func BenchmarkParse_MaxRows(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("platform,content_type,posted_at,external_id,followers,views,reach,likes,comments,shares,saves,sponsored\n")
	for i := 0; i < MaxRows; i++ {
		fmt.Fprintf(&sb, "instagram,reel,2025-03-01 18:%02d,id-%d,48200,\"61,400\",40100,3.1K,141,88,230,no\n", i%60, i)
	}
	data := []byte(sb.String())
	p, err := Inspect(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Parse(bytes.NewReader(data), p.Mapping, Options{Now: now})
		if err != nil || res.Counts.Accepted != MaxRows {
			b.Fatalf("%v %+v", err, res.Counts)
		}
	}
}

// FuzzParse: whatever the bytes, Inspect, Parse and ParseAudience return without
// panicking, a file-level error is a FileError, every data row is accepted, refused or
// skipped exactly once, every reason is a documented code and every echoed value is
// quoted.
func FuzzParse(f *testing.F) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".csv") {
			b, err := os.ReadFile(filepath.Join("testdata", e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	known := map[string]bool{}
	for _, r := range []string{ReasonMissing, ReasonBadNumber, ReasonPercentage, ReasonNegative, ReasonTooLarge, ReasonBadDate,
		ReasonFutureDate, ReasonUnknownPlatform, ReasonUnknownContentType, ReasonBadBoolean, ReasonDuplicate,
		ReasonUnknownDimension, ReasonUnknownBucket, ReasonBadShare, ReasonBadSum} {
		known[r] = true
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var fe *FileError
		p, err := Inspect(bytes.NewReader(data))
		if err != nil {
			if !errors.As(err, &fe) {
				t.Fatalf("Inspect: %v is not a FileError", err)
			}
			return
		}
		res, err := Parse(bytes.NewReader(data), p.Mapping, Options{Now: now, Platform: "other", ContentType: "text", Followers: 1})
		if err != nil {
			t.Fatalf("Parse with Inspect's own mapping: %v", err)
		}
		lines := map[int]bool{}
		for _, r := range res.Refused {
			if !known[r.Reason] {
				t.Errorf("reason %q", r.Reason)
			}
			if r.Value != "" && strings.ContainsRune("=+-@", rune(r.Value[0])) {
				t.Errorf("value %q echoed unquoted", r.Value)
			}
			lines[r.Line] = true
		}
		if len(lines) != res.Counts.Refused || len(res.Accepted) != res.Counts.Accepted ||
			res.Counts.Accepted+res.Counts.Refused+res.Counts.Skipped != res.Counts.Rows || res.Counts.Rows != p.TotalRows {
			t.Errorf("counts %+v, %d refused lines, %d rows inspected", res.Counts, len(lines), p.TotalRows)
		}
		for _, a := range res.Accepted {
			q := a.Post
			if q.Views < 0 || q.Likes < 0 || q.Followers < 0 || q.PostedAt.After(now) || q.PostedAt.Location() != time.UTC ||
				!contains(analytics.Platforms, q.Platform) || !contains(analytics.ContentTypes, q.ContentType) {
				t.Errorf("accepted %+v", a)
			}
		}
		_, _, _ = ParseAudience(bytes.NewReader(data))
	})
}
