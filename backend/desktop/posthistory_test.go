package desktop

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/postimport"
	"iescp/backend/queries"
)

func testdataFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "postimport", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b64(b)
}

// serverPosts is how many live posts of the influencer the server holds.
func serverPosts(t *testing.T, ts *testServer, influencerID string) int {
	t.Helper()
	var n int
	if err := ts.srv.DB().R.Get(&n, `SELECT COUNT(*) FROM posts WHERE influencer_id = ? AND deleted_at IS NULL`, influencerID); err != nil {
		t.Fatal(err)
	}
	return n
}

func postTotal(t *testing.T, ps *PostHistoryService) int {
	t.Helper()
	p, err := ps.List(queries.PostQuery{})
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	return p.Total
}

// An influencer's post history through the real replica, sync client and server:
// the template file is inspected and imported (7 new posts, one posts.import, on
// the server once pushed); importing it again is "nothing new" and queues nothing;
// a changed figure is one update; a file of bad rows reports each row's line and
// reason and imports its one good row; files refused whole answer typed errors and
// lose nothing; offline, an import queues and its posts show at once; manual
// entry, correction and deletion; the audience's sums are refused by the mutator;
// a sponsor is refused.
func TestPostHistoryService_ImportRecordAudience(t *testing.T) {
	ts := newTestServer(t)
	in := ts.register("influencer", "ivan@creator.test", "Ivan")
	d, _ := newTestDesktop(t, ts.URL, "")
	if _, err := d.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	ps := NewPostHistoryService(d)

	tmpl := testdataFile(t, "template.csv")
	prev, err := ps.Inspect("template.csv", tmpl)
	if err != nil || prev.Shape != "template" || prev.TotalRows != 7 || len(prev.Needed) != 0 || len(prev.Rows) != 7 {
		t.Fatalf("inspect: %+v, %v", prev, err)
	}
	rep, err := ps.Import(tmpl, prev.Mapping, postimport.Options{TimeZone: "UTC"})
	if err != nil || rep.New != 7 || rep.Updated != 0 || rep.Unchanged != 0 || rep.Batches != 1 || rep.NothingNew ||
		rep.Counts.Accepted != 7 || len(rep.Refused) != 0 {
		t.Fatalf("import: %+v, %v", rep, err)
	}
	page, err := ps.List(queries.PostQuery{PageSize: 3})
	if err != nil || page.Total != 7 || len(page.Items) != 3 || page.Items[0].Platform != "x" ||
		!page.Items[0].PostedAt.Equal(time.Date(2025, 3, 18, 8, 10, 0, 0, time.UTC)) || page.Items[1].Views != 2_400_000 {
		t.Fatalf("the history: %+v, %v", page, err)
	}
	drained(t, d, "the import to upload")
	if n := serverPosts(t, ts, in.ID); n != 7 {
		t.Fatalf("the server holds %d posts, want 7", n)
	}

	again, err := ps.Import(tmpl, prev.Mapping, postimport.Options{TimeZone: "UTC"})
	if err != nil || !again.NothingNew || again.New != 0 || again.Unchanged != 7 || again.Batches != 0 {
		t.Fatalf("the same file again: %+v, %v", again, err)
	}
	if st, _ := d.Sync.Status(); st.Pending != 0 {
		t.Errorf("a second import queued %d changes", st.Pending)
	}
	changed := strings.Replace(mustDecode(t, tmpl), "ig-3301,48200,61400", "ig-3301,48200,61999", 1)
	upd, err := ps.Import(b64([]byte(changed)), prev.Mapping, postimport.Options{TimeZone: "UTC"})
	if err != nil || upd.Updated != 1 || upd.Unchanged != 6 || upd.New != 0 || upd.Batches != 1 {
		t.Fatalf("a changed figure: %+v, %v", upd, err)
	}

	// A file of bad rows: each refusal with its line, field and reason; the good row comes in.
	bad := testdataFile(t, "bad_rows.csv")
	bp, err := ps.Inspect("bad_rows.csv", bad)
	if err != nil {
		t.Fatal(err)
	}
	br, err := ps.Import(bad, bp.Mapping, postimport.Options{})
	if err != nil || br.New != 1 || br.Counts.Accepted != 1 || br.Counts.Refused != 13 {
		t.Fatalf("bad rows: %+v, %v", br, err)
	}
	reasons := map[int]string{}
	for _, r := range br.Refused {
		if reasons[r.Line] == "" {
			reasons[r.Line] = r.Field + ":" + r.Reason
		}
	}
	for line, want := range map[int]string{3: "views:bad_number", 4: "likes:percentage", 8: "posted_at:future_date",
		12: "external_id:duplicate", 14: "views:bad_number", 15: "followers:missing"} {
		if reasons[line] != want {
			t.Errorf("line %d: %q, want %q", line, reasons[line], want)
		}
	}
	if n := postTotal(t, ps); n != 8 {
		t.Fatalf("after the bad rows: %d posts, want 8", n)
	}

	// Files refused whole: typed errors, nothing lost.
	for _, c := range []struct {
		file string
		code domain.Code
	}{{"not_csv.pdf", domain.CodeInvalidArgument}, {"utf16.csv", domain.CodeInvalidArgument}, {"empty.csv", domain.CodeInvalidArgument}} {
		if _, err := ps.Inspect(c.file, testdataFile(t, c.file)); uiCode(t, err) != c.code {
			t.Errorf("inspect %s: %v", c.file, err)
		}
		if _, err := ps.Import(testdataFile(t, c.file), prev.Mapping, postimport.Options{}); uiCode(t, err) != c.code {
			t.Errorf("import %s: %v", c.file, err)
		}
	}
	huge := strings.Repeat("A", (postimport.MaxBytes/3+2)*4)
	if _, err := ps.Inspect("huge.csv", huge); uiCode(t, err) != domain.CodePayloadTooLarge {
		t.Errorf("an 10 MiB+ file: %v", err)
	}
	if _, err := ps.Import(tmpl, postimport.Mapping{Columns: map[string]int{"posted_at": 99}}, postimport.Options{}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Errorf("a mapping outside the header: %v", err)
	}
	if n := postTotal(t, ps); n != 8 {
		t.Fatalf("after the bad files: %d posts, want 8", n)
	}

	drained(t, d, "the corrections to upload")

	// Two rows that are the same post (no platform id, same platform and second):
	// the first is kept, the second reported as a duplicate of its line.
	twins := b64([]byte("platform,content_type,posted_at,followers\ninstagram,reel,2025-01-01 10:00,100\ninstagram,photo,2025-01-01 10:00:00,100\n"))
	tp, err := ps.Inspect("twins.csv", twins)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := ps.Import(twins, tp.Mapping, postimport.Options{})
	if err != nil || tr.New != 1 || tr.Counts.Accepted != 1 || tr.Counts.Refused != 1 || len(tr.Refused) != 1 ||
		tr.Refused[0].Line != 3 || tr.Refused[0].Reason != "duplicate" || tr.Refused[0].Params["first_line"] != "2" {
		t.Fatalf("twins: %+v, %v", tr, err)
	}
	xf := testdataFile(t, "x.csv")
	xp, err := ps.Inspect("x.csv", xf)
	if err != nil || xp.Shape != "x" || !contains(xp.Needed, "followers") {
		t.Fatalf("inspect x: %+v, %v", xp, err)
	}
	// Without the followers default every row is refused: a report, not an error.
	if r, err := ps.Import(xf, xp.Mapping, postimport.Options{}); err != nil || r.Counts.Accepted != 0 || !r.NothingNew ||
		r.Counts.Refused != r.Counts.Rows {
		t.Fatalf("x without followers: %+v, %v", r, err)
	}

	// Manual entry, correction, deletion.
	at := testNow().Add(-48 * time.Hour).Truncate(time.Second)
	id, err := ps.Record(mutate.PostRecord{Post: mutate.PostFields{Platform: "tiktok", ContentType: "video", PostedAt: at,
		Followers: 5000, Views: 9000, Likes: 400, Comments: 20}})
	if err != nil || id == "" {
		t.Fatalf("record: %q, %v", id, err)
	}
	if _, err := ps.Record(mutate.PostRecord{ID: id, Post: mutate.PostFields{Platform: "tiktok", ContentType: "video",
		PostedAt: at, Followers: 5000, Views: 9500, Likes: 400, Comments: 20}}); err != nil {
		t.Fatalf("correct: %v", err)
	}
	if p, _ := ps.List(queries.PostQuery{}); p.Items[0].ID != id || p.Items[0].Views != 9500 || p.Items[0].ER != 420.0/5000 {
		t.Fatalf("the corrected post: %+v", p.Items[0])
	}
	if _, err := ps.Record(mutate.PostRecord{Post: mutate.PostFields{Platform: "tiktok", ContentType: "video",
		PostedAt: testNow().Add(72 * time.Hour), Followers: 1}}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Errorf("a post in the future: %v", err)
	}
	if _, err := ps.Record(mutate.PostRecord{Post: mutate.PostFields{Platform: "myspace", ContentType: "video", PostedAt: at}}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Errorf("an unknown platform: %v", err)
	}
	if err := ps.Delete(id); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if err := ps.Delete(id); uiCode(t, err) != domain.CodeNotFound {
		t.Errorf("delete twice: %v", err)
	}
	if n := postTotal(t, ps); n != 9 {
		t.Errorf("after delete: %d posts", n)
	}

	// The audience: the mutator refuses a sum over 100 %; a file sets each dimension.
	if err := ps.SetAudience(mutate.AudienceSet{Dimension: "gender", Buckets: []mutate.AudienceBucket{
		{Bucket: "female", ShareBps: 7000}, {Bucket: "male", ShareBps: 4000}}}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Errorf("shares over 100 %%: %v", err)
	}
	ar, err := ps.ImportAudience(testdataFile(t, "audience.csv"))
	if err != nil || len(ar.Dimensions) != 3 || ar.Buckets != 10 || len(ar.Refused) != 0 {
		t.Fatalf("import audience: %+v, %v", ar, err)
	}
	aud, err := ps.Audience()
	if err != nil || len(aud) != 10 || aud[0].Bucket != "US" || aud[0].ShareBps != 4150 {
		t.Fatalf("audience: %+v, %v", aud, err)
	}
	abr, err := ps.ImportAudience(testdataFile(t, "audience_bad.csv"))
	if err != nil || len(abr.Refused) == 0 {
		t.Fatalf("a bad audience file: %+v, %v", abr, err)
	}
	if aud2, _ := ps.Audience(); len(aud2) == 0 {
		t.Errorf("a bad audience file emptied the breakdown")
	}
	if err := ps.SetAudience(mutate.AudienceSet{Dimension: "gender", Buckets: []mutate.AudienceBucket{
		{Bucket: "female", ShareBps: 6000}, {Bucket: "male", ShareBps: 4000}}}); err != nil {
		t.Fatalf("set gender: %v", err)
	}

	// Offline: an import queues, the posts show now and reach the server later.
	ts.stop()
	off, err := ps.Import(xf, xp.Mapping, postimport.Options{Followers: 9100, Platform: xp.Platform, ContentType: xp.ContentType})
	if err != nil || off.New != 2 {
		t.Fatalf("an offline import: %+v, %v", off, err)
	}
	if n := postTotal(t, ps); n != 9+off.New {
		t.Errorf("offline: %d posts, want %d", n, 9+off.New)
	}
	if st, _ := d.Sync.Status(); st.Pending == 0 {
		t.Errorf("the offline import is not queued: %+v", st)
	}
	// A post the influencer deleted stays deleted when its file comes again.
	if err := ps.Delete(mutate.PostID(in.ID, "instagram", "ig-3302")); err != nil {
		t.Fatalf("delete an imported post: %v", err)
	}
	re, err := ps.Import(tmpl, prev.Mapping, postimport.Options{TimeZone: "UTC"})
	if err != nil || re.Deleted != 1 || re.Updated != 1 || re.Unchanged != 5 || re.New != 0 {
		t.Fatalf("the template after a deletion: %+v, %v", re, err)
	}
}

func mustDecode(t *testing.T, s string) string {
	t.Helper()
	b, err := decodeFile(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

// The media kit: its defaults, a change of choices, a preview with only what it
// shows, and the PDF saved through the save dialog with the hidden parts absent
// (read back with pdftotext); a sponsor has no post history, audience or media kit.
func TestPostHistoryService_MediaKitAndSponsor(t *testing.T) {
	ts := newTestServer(t)
	ts.register("influencer", "ivan@creator.test", "Ivan")
	ts.register("sponsor", "maya@brand.test", "Maya")
	d, _ := newTestDesktop(t, ts.URL, "")
	if _, err := d.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	ps := NewPostHistoryService(d)
	at := testNow().Add(-72 * time.Hour).Truncate(time.Second)
	if _, err := ps.Record(mutate.PostRecord{Post: mutate.PostFields{Platform: "instagram", ContentType: "reel",
		ExternalID: "ig-1", PostedAt: at, Followers: 48_200, Views: 61_400, Likes: 3120, Comments: 141}}); err != nil {
		t.Fatalf("record: %v", err)
	}
	if err := ps.SetAudience(mutate.AudienceSet{Dimension: "country", Buckets: []mutate.AudienceBucket{{Bucket: "pt", ShareBps: 3750}}}); err != nil {
		t.Fatalf("audience: %v", err)
	}
	mk, err := ps.MediaKit()
	if err != nil || mk.Kit.ShowAudience || !mk.Kit.ShowHistory || mk.Preview.Name != "Ivan" || mk.Preview.Posts90d != 1 ||
		len(mk.Preview.TopPosts) != 1 || mk.Preview.Audience != nil || mk.Limits.MaxHeadline != mutate.MaxHeadline {
		t.Fatalf("the default media kit: %+v, %v", mk, err)
	}
	yes, no, headline := true, false, "Phones, honestly"
	if err := ps.UpdateMediaKit(mutate.MediaKitUpdate{ShowAudience: &yes, ShowHistory: &no, Headline: &headline}); err != nil {
		t.Fatalf("update: %v", err)
	}
	long := strings.Repeat("x", mutate.MaxHeadline+1)
	if err := ps.UpdateMediaKit(mutate.MediaKitUpdate{Headline: &long}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Errorf("a headline too long: %v", err)
	}
	mk, err = ps.MediaKit()
	if err != nil || !mk.Kit.ShowAudience || mk.Kit.ShowHistory || mk.Preview.TopPosts != nil || len(mk.Preview.Audience) != 1 ||
		mk.Preview.Audience[0].Bucket != "PT" || mk.Preview.Headline != headline {
		t.Fatalf("the media kit after the update: %+v, %v", mk, err)
	}

	dir := t.TempDir()
	var asked string
	d.SaveDialog = func(name string) (string, error) { asked = name; return filepath.Join(dir, name), nil }
	f, err := ps.SaveMediaKitPDF()
	if err != nil || asked != "iescp-media-kit-ivan.pdf" || f.Size == 0 {
		t.Fatalf("save: %+v (asked %q), %v", f, asked, err)
	}
	if text := pdfTextOf(t, f.Path); text != "" {
		for _, w := range []string{"Ivan", headline, "Instagram", "48,200", "Audience", "PT", "37.5%"} {
			if !strings.Contains(text, w) {
				t.Errorf("the PDF lacks %q: %s", w, text)
			}
		}
		if strings.Contains(text, "Top posts") || strings.Contains(text, "Reel") {
			t.Errorf("the PDF shows the hidden history: %s", text)
		}
	}
	d.SaveDialog = func(string) (string, error) { return "", nil }
	if f, err := ps.SaveMediaKitPDF(); err != nil || f.Path != "" {
		t.Errorf("a cancelled dialog: %+v, %v", f, err)
	}

	sp, _ := newTestDesktop(t, ts.URL, "")
	if _, err := sp.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatalf("sponsor sign in: %v", err)
	}
	sps := NewPostHistoryService(sp)
	if _, err := sps.Record(mutate.PostRecord{Post: mutate.PostFields{Platform: "instagram", ContentType: "reel", PostedAt: at,
		Followers: 1}}); uiCode(t, err) != domain.CodeForbidden {
		t.Errorf("a sponsor records a post: %v", err)
	}
	if _, err := sps.Import(testdataFile(t, "template.csv"), postimport.Mapping{}, postimport.Options{}); uiCode(t, err) != domain.CodeForbidden {
		t.Errorf("a sponsor imports: %v", err)
	}
	if err := sps.SetAudience(mutate.AudienceSet{Dimension: "gender"}); uiCode(t, err) != domain.CodeForbidden {
		t.Errorf("a sponsor sets an audience: %v", err)
	}
	for name, f := range map[string]func() error{
		"list":     func() error { _, err := sps.List(queries.PostQuery{}); return err },
		"audience": func() error { _, err := sps.Audience(); return err },
		"kit":      func() error { _, err := sps.MediaKit(); return err },
	} {
		if err := f(); uiCode(t, err) != domain.CodeForbidden {
			t.Errorf("a sponsor's %s: %v", name, err)
		}
	}
}
