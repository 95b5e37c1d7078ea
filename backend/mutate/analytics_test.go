package mutate_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// postArgs is one post's fields as the mutators take them.
func postArgs(platform, contentType, externalID string, at time.Time, views int64) map[string]any {
	return map[string]any{"platform": platform, "content_type": contentType, "external_id": externalID,
		"posted_at": at.Format(time.RFC3339), "followers": 12_000, "views": views, "reach": views / 2,
		"likes": views / 10, "comments": views / 100, "shares": 3, "saves": 4, "sponsored": false}
}

// post records a post of the influencer and returns its id.
func (w *world) post(infl string) string {
	w.t.Helper()
	id := domain.NewID()
	w.must(infl, "post.record", map[string]any{"id": id, "post": postArgs("instagram", "reel", "", t0.Add(-2*time.Hour), 100)})
	return id
}

// postRows lists the influencer's posts as id:views:version:updated_at:deleted.
func (w *world) postRows(infl string) string {
	w.t.Helper()
	var rows []string
	if err := w.db.R.Select(&rows, `SELECT id || ':' || views || ':' || version || ':' || updated_at || ':' ||
		(deleted_at IS NOT NULL) || ':' || source FROM posts WHERE influencer_id = ? ORDER BY id`, infl); err != nil {
		w.t.Fatal(err)
	}
	return strings.Join(rows, "\n")
}

func TestPostRecord_CreatesCorrectsDeletesAndRefuses(t *testing.T) {
	w := newWorld(t)
	at := t0.Add(-48 * time.Hour)
	id := domain.NewID()
	w.must(w.infl, "post.record", map[string]any{"id": id, "post": postArgs("instagram", "reel", "", at, 1000)})
	if n := w.count(`SELECT COUNT(*) FROM posts WHERE id = ? AND influencer_id = ? AND views = 1000 AND source = 'manual'
		AND posted_at = ?`, id, w.infl, at); n != 1 {
		t.Fatalf("recorded post not stored as given: %s", w.postRows(w.infl))
	}
	// The same id again corrects it.
	w.must(w.infl, "post.record", map[string]any{"id": id, "post": postArgs("instagram", "reel", "", at, 2000)})
	if n := w.count(`SELECT COUNT(*) FROM posts WHERE id = ? AND views = 2000`, id); n != 1 {
		t.Fatalf("correction not stored: %s", w.postRows(w.infl))
	}
	// With its platform id, the id is derived (given or not).
	w.must(w.infl, "post.record", map[string]any{"post": postArgs("tiktok", "short", "7301", at, 500)})
	derived := mutate.PostID(w.infl, "tiktok", "7301")
	if n := w.count(`SELECT COUNT(*) FROM posts WHERE id = ?`, derived); n != 1 {
		t.Fatalf("post with external_id not at its derived id %s: %s", derived, w.postRows(w.infl))
	}

	// Another influencer's post does not exist for them: correcting or deleting it
	// is not_found, and nothing changes.
	before := w.postRows(w.infl)
	w.want(domain.CodeNotFound, w.infl2, "post.record", map[string]any{"id": id, "post": postArgs("instagram", "reel", "", at, 1)})
	w.want(domain.CodeNotFound, w.infl2, "post.delete", map[string]any{"id": id})
	if after := w.postRows(w.infl); after != before {
		t.Fatalf("another influencer changed the posts:\n%s\n%s", before, after)
	}

	bad := []struct {
		name string
		args map[string]any
	}{
		{"no id and no external id", map[string]any{"post": postArgs("x", "text", "", at, 1)}},
		{"not a uuid", map[string]any{"id": "42", "post": postArgs("x", "text", "", at, 1)}},
		{"unknown platform", map[string]any{"id": domain.NewID(), "post": postArgs("myspace", "text", "", at, 1)}},
		{"unknown content type", map[string]any{"id": domain.NewID(), "post": postArgs("x", "podcast", "", at, 1)}},
		{"negative views", map[string]any{"id": domain.NewID(), "post": postArgs("x", "text", "", at, -1)}},
		{"views over the bound", map[string]any{"id": domain.NewID(), "post": postArgs("x", "text", "", at, mutate.MaxMetric+1)}},
		{"in the future", map[string]any{"id": domain.NewID(), "post": postArgs("x", "text", "", t0.Add(72*time.Hour), 1)}},
		{"no time", map[string]any{"id": domain.NewID(), "post": map[string]any{"platform": "x", "content_type": "text"}}},
		{"external id too long", map[string]any{"post": postArgs("x", "text", strings.Repeat("9", 65), at, 1)}},
		{"id not derived from the external id", map[string]any{"id": domain.NewID(), "post": postArgs("x", "text", "55", at, 1)}},
		{"unknown field", map[string]any{"id": domain.NewID(), "influencer_id": w.infl2, "post": postArgs("x", "text", "", at, 1)}},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			w.want(domain.CodeInvalidArgument, w.infl, "post.record", b.args)
		})
	}
	if after := w.postRows(w.infl); after != before {
		t.Fatalf("refused records changed the posts:\n%s\n%s", before, after)
	}

	// Deleting: own only, once; recording it again brings it back.
	w.must(w.infl, "post.delete", map[string]any{"id": id})
	if n := w.count(`SELECT COUNT(*) FROM posts WHERE id = ? AND deleted_at IS NOT NULL`, id); n != 1 {
		t.Fatal("post.delete did not mark the post deleted")
	}
	w.want(domain.CodeNotFound, w.infl, "post.delete", map[string]any{"id": id})
	w.want(domain.CodeNotFound, w.infl, "post.delete", map[string]any{"id": domain.NewID()})
	w.must(w.infl, "post.record", map[string]any{"id": id, "post": postArgs("instagram", "reel", "", at, 2000)})
	if n := w.count(`SELECT COUNT(*) FROM posts WHERE id = ? AND deleted_at IS NULL`, id); n != 1 {
		t.Fatal("recording a deleted post again did not bring it back")
	}
}

func TestPostsImport_IdempotentAndValidated(t *testing.T) {
	w := newWorld(t)
	at := t0.Add(-30 * 24 * time.Hour)
	batch := func(views int64) map[string]any {
		return map[string]any{"posts": []map[string]any{
			postArgs("instagram", "photo", "A1", at, views),
			postArgs("instagram", "carousel", "A2", at.Add(time.Hour), 300),
			postArgs("youtube", "video", "", at.Add(2*time.Hour), 9000), // no platform id: derived from its time
		}}
	}
	w.must(w.infl, "posts.import", batch(100))
	if n := w.count(`SELECT COUNT(*) FROM posts WHERE influencer_id = ? AND source = 'import' AND deleted_at IS NULL`, w.infl); n != 3 {
		t.Fatalf("imported %d posts, want 3: %s", n, w.postRows(w.infl))
	}
	var a mutate.PostsImport
	raw, _ := json.Marshal(batch(100))
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatal(err)
	}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, id := range a.PostIDs(w.infl) {
		if w.count(`SELECT COUNT(*) FROM posts WHERE id = ?`, id) != 1 {
			t.Errorf("PostIDs names %s, which the import did not write", id)
		}
	}

	// The same file again changes nothing: no row, no version, no timestamp.
	first := w.postRows(w.infl)
	w.must(w.infl, "posts.import", batch(100))
	if again := w.postRows(w.infl); again != first {
		t.Fatalf("importing the same posts again changed them:\n%s\n%s", first, again)
	}
	// A corrected figure updates that post alone.
	w.must(w.infl, "posts.import", batch(150))
	if n := w.count(`SELECT COUNT(*) FROM posts WHERE id = ? AND views = 150`, mutate.PostID(w.infl, "instagram", "A1")); n != 1 {
		t.Fatalf("corrected figure not imported: %s", w.postRows(w.infl))
	}
	if n := w.count(`SELECT COUNT(*) FROM posts WHERE influencer_id = ?`, w.infl); n != 3 {
		t.Fatalf("a corrected import made new rows: %s", w.postRows(w.infl))
	}
	// A post its influencer deleted stays deleted.
	w.must(w.infl, "post.delete", map[string]any{"id": mutate.PostID(w.infl, "instagram", "A2")})
	w.must(w.infl, "posts.import", batch(150))
	if n := w.count(`SELECT COUNT(*) FROM posts WHERE id = ? AND deleted_at IS NOT NULL`, mutate.PostID(w.infl, "instagram", "A2")); n != 1 {
		t.Fatal("importing again brought back a deleted post")
	}
	// Another influencer importing the same file gets rows of their own.
	w.must(w.infl2, "posts.import", batch(100))
	if n := w.count(`SELECT COUNT(*) FROM posts WHERE influencer_id = ?`, w.infl2); n != 3 {
		t.Fatalf("the other influencer's import wrote %d rows, want 3", n)
	}

	// A batch naming a row another account holds (it cannot happen by the derived
	// ids; a forged or colliding id) is refused whole: that post does not exist
	// for the importer, and nothing of the batch is written.
	planted := mutate.ImportedPostID(w.infl, mutate.PostFields{Platform: "x", ExternalID: "P1"})
	if _, err := w.db.W.Exec(`INSERT INTO posts (id, influencer_id, platform, content_type, posted_at, followers, views, reach,
		likes, comments, shares, saves, sponsored, source, created_at, updated_at)
		VALUES (?, ?, 'x', 'text', ?, 1, 1, 1, 1, 1, 1, 1, 0, 'manual', ?, ?)`, planted, w.infl2, at, at, at); err != nil {
		t.Fatal(err)
	}
	w.want(domain.CodeNotFound, w.infl, "posts.import", map[string]any{"posts": []map[string]any{
		postArgs("x", "text", "P0", at, 1), postArgs("x", "text", "P1", at, 1)}})
	if n := w.count(`SELECT COUNT(*) FROM posts WHERE influencer_id = ? AND platform = 'x'`, w.infl); n != 0 {
		t.Fatalf("a refused batch wrote %d posts", n)
	}

	// A bad row refuses the whole batch.
	before := w.postRows(w.infl)
	tooMany := make([]map[string]any, mutate.MaxImportBatch+1)
	for i := range tooMany {
		tooMany[i] = postArgs("x", "text", fmt.Sprint(i), at, 1)
	}
	for name, args := range map[string]map[string]any{
		"empty":     {"posts": []map[string]any{}},
		"too many":  {"posts": tooMany},
		"bad row":   {"posts": []map[string]any{postArgs("x", "text", "N1", at, 1), postArgs("x", "text", "N2", at, -5)}},
		"duplicate": {"posts": []map[string]any{postArgs("x", "text", "N1", at, 1), postArgs("x", "text", "N1", at, 2)}},
		"future":    {"posts": []map[string]any{postArgs("x", "text", "N1", at, 1), postArgs("x", "text", "N3", t0.Add(100*time.Hour), 2)}},
	} {
		t.Run(name, func(t *testing.T) {
			w.want(domain.CodeInvalidArgument, w.infl, "posts.import", args)
		})
	}
	if after := w.postRows(w.infl); after != before {
		t.Fatalf("a refused import changed the posts:\n%s\n%s", before, after)
	}
}

// TestPostsImport_BatchFitsArgs: a full batch at the longest values each field
// takes still fits a mutation's arguments, so the desktop can always send one.
func TestPostsImport_BatchFitsArgs(t *testing.T) {
	posts := make([]mutate.PostFields, mutate.MaxImportBatch)
	for i := range posts {
		posts[i] = mutate.PostFields{Platform: "instagram", ContentType: "carousel", ExternalID: strings.Repeat("9", 64),
			PostedAt: time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC), Followers: mutate.MaxMetric, Views: mutate.MaxMetric,
			Reach: mutate.MaxMetric, Likes: mutate.MaxMetric, Comments: mutate.MaxMetric, Shares: mutate.MaxMetric,
			Saves: mutate.MaxMetric, Sponsored: true}
	}
	raw, err := json.Marshal(&mutate.PostsImport{Posts: posts})
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) > mutate.MaxArgsBytes {
		t.Fatalf("a full batch is %d bytes, over MaxArgsBytes %d", len(raw), mutate.MaxArgsBytes)
	}
	if _, err := mutate.Decode("posts.import", raw); err != nil {
		t.Fatalf("a full batch does not decode: %v", err)
	}
	t.Logf("a full batch at its longest: %d of %d bytes", len(raw), mutate.MaxArgsBytes)
}

func (w *world) audience(infl, dim string) string {
	w.t.Helper()
	var rows []string
	if err := w.db.R.Select(&rows, `SELECT bucket || '=' || share_bps FROM audience_shares WHERE influencer_id = ? AND dimension = ?
		ORDER BY bucket`, infl, dim); err != nil {
		w.t.Fatal(err)
	}
	return strings.Join(rows, ",")
}

func TestAudienceSet_ReplacesADimensionAndRefusesBadBuckets(t *testing.T) {
	w := newWorld(t)
	buckets := func(kv ...any) []map[string]any {
		var out []map[string]any
		for i := 0; i+1 < len(kv); i += 2 {
			out = append(out, map[string]any{"bucket": kv[i], "share_bps": kv[i+1]})
		}
		return out
	}
	w.must(w.infl, "audience.set", map[string]any{"dimension": "country", "buckets": buckets("us", 4000, "DE", 2500, " gb ", 1000)})
	if got := w.audience(w.infl, "country"); got != "DE=2500,GB=1000,US=4000" {
		t.Fatalf("countries: %s", got)
	}
	if id := mutate.AudienceShareID(w.infl, "country", "US"); w.count(`SELECT COUNT(*) FROM audience_shares WHERE id = ?`, id) != 1 {
		t.Fatal("a bucket is not at AudienceShareID")
	}
	// Replacing: a bucket left out goes to 0 (rows are never deleted); an
	// unchanged one is not written again (same updated_at, so no new version).
	var v0 string
	if err := w.db.R.Get(&v0, `SELECT updated_at FROM audience_shares WHERE id = ?`, mutate.AudienceShareID(w.infl, "country", "DE")); err != nil {
		t.Fatal(err)
	}
	w.must(w.infl, "audience.set", map[string]any{"dimension": "country", "buckets": buckets("US", 5000, "DE", 2500)})
	if got := w.audience(w.infl, "country"); got != "DE=2500,GB=0,US=5000" {
		t.Fatalf("countries after replacing: %s", got)
	}
	var v1 string
	if err := w.db.R.Get(&v1, `SELECT updated_at FROM audience_shares WHERE id = ?`, mutate.AudienceShareID(w.infl, "country", "DE")); err != nil {
		t.Fatal(err)
	}
	if v1 != v0 {
		t.Errorf("an unchanged bucket was written again (updated_at %s -> %s)", v0, v1)
	}
	w.must(w.infl, "audience.set", map[string]any{"dimension": "age", "buckets": buckets("18-24", 6000, "25-34", 4000)})
	w.must(w.infl, "audience.set", map[string]any{"dimension": "gender", "buckets": buckets("female", 7000, "male", 2500, "other", 500)})
	if got := w.audience(w.infl, "age") + "|" + w.audience(w.infl, "gender"); got != "18-24=6000,25-34=4000|female=7000,male=2500,other=500" {
		t.Fatalf("age and gender: %s", got)
	}
	// Another influencer's breakdown is their own.
	w.must(w.infl2, "audience.set", map[string]any{"dimension": "country", "buckets": buckets("FR", 10000)})
	if got := w.audience(w.infl, "country"); got != "DE=2500,GB=0,US=5000" {
		t.Fatalf("another influencer changed the breakdown: %s", got)
	}

	sixtyOne := make([]map[string]any, 0, 61)
	var codes []string
	for _, a := range "ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
		for _, b := range "ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
			if mutate.Country(string(a) + string(b)) {
				codes = append(codes, string(a)+string(b))
			}
		}
	}
	for _, c := range codes[:61] {
		sixtyOne = append(sixtyOne, map[string]any{"bucket": c, "share_bps": 1})
	}
	sixty := sixtyOne[:60]
	before := w.audience(w.infl, "country")
	for name, args := range map[string]map[string]any{
		"unknown dimension": {"dimension": "income", "buckets": buckets("high", 1)},
		"unknown country":   {"dimension": "country", "buckets": buckets("XX", 1)},
		"not assigned UK":   {"dimension": "country", "buckets": buckets("UK", 1)},
		"a region":          {"dimension": "country", "buckets": buckets("EU", 1)},
		"unknown age band":  {"dimension": "age", "buckets": buckets("18-25", 1)},
		"unknown gender":    {"dimension": "gender", "buckets": buckets("robot", 1)},
		"duplicate":         {"dimension": "country", "buckets": buckets("US", 1, "us", 2)},
		"negative":          {"dimension": "country", "buckets": buckets("US", -1)},
		"over a whole":      {"dimension": "country", "buckets": buckets("US", 10001)},
		"sum over a whole":  {"dimension": "country", "buckets": buckets("US", 6000, "DE", 4001)},
		"61 countries":      {"dimension": "country", "buckets": sixtyOne},
	} {
		t.Run(name, func(t *testing.T) { w.want(domain.CodeInvalidArgument, w.infl, "audience.set", args) })
	}
	if after := w.audience(w.infl, "country"); after != before {
		t.Fatalf("refused sets changed the breakdown: %s -> %s", before, after)
	}
	w.must(w.infl, "audience.set", map[string]any{"dimension": "country", "buckets": sixty})
	// An empty list clears the dimension.
	w.must(w.infl, "audience.set", map[string]any{"dimension": "age", "buckets": []any{}})
	if n := w.count(`SELECT COUNT(*) FROM audience_shares WHERE influencer_id = ? AND dimension = 'age' AND share_bps <> 0`, w.infl); n != 0 {
		t.Fatalf("clearing the ages left %d buckets", n)
	}
}

func TestMediaKitUpdate_PatchesFromTheDefaults(t *testing.T) {
	w := newWorld(t)
	kit := func() string {
		var s []string
		if err := w.db.R.Select(&s, `SELECT show_audience || ',' || show_history || ',' || headline || ',' || updated_at
			FROM media_kits WHERE influencer_id = ?`, w.infl); err != nil {
			t.Fatal(err)
		}
		return strings.Join(s, "")
	}
	w.must(w.infl, "mediaKit.update", map[string]any{"headline": "  Phones, honestly  "})
	if got := kit(); !strings.HasPrefix(got, "0,1,Phones, honestly,") {
		t.Fatalf("first update did not start from the defaults: %q", got)
	}
	w.must(w.infl, "mediaKit.update", map[string]any{"show_audience": true})
	if got := kit(); !strings.HasPrefix(got, "1,1,Phones, honestly,") {
		t.Fatalf("patch lost a field: %q", got)
	}
	same := kit()
	w.must(w.infl, "mediaKit.update", map[string]any{"show_audience": true, "headline": "Phones, honestly"})
	if got := kit(); got != same {
		t.Fatalf("an unchanged kit was written again: %q -> %q", same, got)
	}
	for name, args := range map[string]map[string]any{
		"nothing":            {},
		"headline too long":  {"headline": strings.Repeat("é", mutate.MaxHeadline+1)},
		"headline two lines": {"headline": "a\nb"},
		"another's kit":      {"influencer_id": w.infl2, "show_audience": true},
	} {
		t.Run(name, func(t *testing.T) { w.want(domain.CodeInvalidArgument, w.infl, "mediaKit.update", args) })
	}
	w.must(w.infl, "mediaKit.update", map[string]any{"headline": strings.Repeat("é", mutate.MaxHeadline)})
	if got := kit(); got == same {
		t.Fatal("a 140-character headline was not stored")
	}
}

func TestCampaign_TargetAudience(t *testing.T) {
	w := newWorld(t)
	id := domain.NewID()
	w.must(w.sponsor, "campaign.create", map[string]any{"id": id, "name": "Targeted", "start_date": "2026-12-01",
		"end_date": "2026-12-31", "budget": 100, "target_countries": "us, de,GB", "target_ages": "18-24,25-34",
		"target_platforms": "tiktok,instagram"})
	cp := w.campaignRow(id)
	if cp.TargetCountries != "US,DE,GB" || cp.TargetAges != "18-24,25-34" || cp.TargetPlatforms != "tiktok,instagram" {
		t.Fatalf("targets stored as %q %q %q", cp.TargetCountries, cp.TargetAges, cp.TargetPlatforms)
	}
	w.must(w.sponsor, "campaign.update", map[string]any{"id": id, "target_countries": "FR", "target_ages": ""})
	cp = w.campaignRow(id)
	if cp.TargetCountries != "FR" || cp.TargetAges != "" || cp.TargetPlatforms != "tiktok,instagram" {
		t.Fatalf("targets after update %q %q %q", cp.TargetCountries, cp.TargetAges, cp.TargetPlatforms)
	}
	twentyOne := []string{"AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
		"BA", "BB", "BD", "BE", "BF", "BG"}
	for name, patch := range map[string]map[string]any{
		"unknown country":   {"target_countries": "US,XX"},
		"duplicate country": {"target_countries": "US,us"},
		"21 countries":      {"target_countries": strings.Join(twentyOne, ",")},
		"unknown age band":  {"target_ages": "18-30"},
		"unknown platform":  {"target_platforms": "myspace"},
		"empty entry":       {"target_platforms": "tiktok,,x"},
	} {
		t.Run(name, func(t *testing.T) {
			patch["id"] = id
			w.want(domain.CodeInvalidArgument, w.sponsor, "campaign.update", patch)
			create := map[string]any{"id": domain.NewID(), "name": "T", "start_date": "2026-12-01", "end_date": "2026-12-31", "budget": 1}
			for k, v := range patch {
				if k != "id" {
					create[k] = v
				}
			}
			w.want(domain.CodeInvalidArgument, w.sponsor, "campaign.create", create)
		})
	}
	w.must(w.sponsor, "campaign.update", map[string]any{"id": id, "target_countries": strings.Join(twentyOne[:20], ",")})
	if cp := w.campaignRow(id); cp.TargetCountries != strings.Join(twentyOne[:20], ",") {
		t.Fatalf("20 countries stored as %q", cp.TargetCountries)
	}
}
