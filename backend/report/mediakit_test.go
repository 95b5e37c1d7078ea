package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"iescp/backend/analytics"
	"iescp/backend/domain"
)

var kitNow = time.Date(2026, 11, 15, 12, 0, 0, 0, time.UTC)

func kitInput(showHistory, showAudience bool) MediaKitInput {
	at := func(days int) time.Time { return kitNow.AddDate(0, 0, -days) }
	return MediaKitInput{
		Name: "Ivan Lens", Category: "Tech", Niche: "Phones",
		Kit: domain.MediaKit{ShowHistory: showHistory, ShowAudience: showAudience, Headline: "Honest phone reviews"},
		Posts: []analytics.Post{
			// 400 days ago: outside the window, but the oldest follower count of YouTube.
			{ID: "p0", Platform: "youtube", ContentType: "video", PostedAt: at(400), Followers: 90_000, Views: 1, Likes: 9000},
			{ID: "p1", Platform: "instagram", ContentType: "reel", PostedAt: at(10), Followers: 48_200, Views: 61_400, Likes: 3120, Comments: 141, Shares: 88, Saves: 230},
			{ID: "p2", Platform: "instagram", ContentType: "photo", PostedAt: at(20), Followers: 48_000, Views: 9900, Likes: 980, Comments: 33, Shares: 4, Saves: 71},
			{ID: "p3", Platform: "youtube", ContentType: "short", PostedAt: at(30), Followers: 125_300, Views: 18_450, Likes: 1210, Comments: 96, Shares: 40},
		},
		Audience: []analytics.AudienceShare{{Dimension: "country", Bucket: "US", ShareBps: 4150},
			{Dimension: "country", Bucket: "DE", ShareBps: 0}, {Dimension: "age", Bucket: "25-34", ShareBps: 4200},
			{Dimension: "gender", Bucket: "female", ShareBps: 6140}},
		Now: kitNow,
	}
}

// The media kit's figures: followers per platform from each platform's latest
// post, the 90-day window's ER and averages (docs/analytics.md), top posts by ER,
// the audience without zero buckets; and nothing of what the kit hides.
func TestBuildMediaKit_FiguresAndHiddenParts(t *testing.T) {
	k := BuildMediaKit(kitInput(true, true))
	if len(k.Followers) != 2 || k.Followers[0] != (PlatformFollowers{"youtube", 125_300}) ||
		k.Followers[1] != (PlatformFollowers{"instagram", 48_200}) {
		t.Errorf("followers: %+v", k.Followers)
	}
	// ER by followers: the mean of 3579/48200, 1088/48000, 1346/125300.
	want := (3579.0/48200 + 1088.0/48000 + 1346.0/125300) / 3
	if k.Posts90d != 3 || abs(k.ERFollowers-want) > 1e-12 || k.AvgViews != (61_400+9900+18_450)/3.0 {
		t.Errorf("window: posts %d ER %v (want %v) avg views %v", k.Posts90d, k.ERFollowers, want, k.AvgViews)
	}
	if len(k.TopPosts) != 3 || k.TopPosts[0].Platform != "instagram" || k.TopPosts[0].ContentType != "reel" {
		t.Errorf("top posts: %+v", k.TopPosts)
	}
	if len(k.Audience) != 3 {
		t.Errorf("audience: %+v", k.Audience)
	}
	hidden := BuildMediaKit(kitInput(false, false))
	if hidden.TopPosts != nil || hidden.Audience != nil || hidden.ERFollowers != k.ERFollowers {
		t.Errorf("hidden parts leaked: %+v", hidden)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// The PDF, read back with pdftotext, prints the name, headline, categories,
// followers and 90-day figures; the top posts and the audience appear only when
// the media kit shows them.
func TestMediaKitPDF_OnlyWhatIsPublic(t *testing.T) {
	shown := BuildMediaKit(kitInput(true, true))
	b, err := shown.PDF()
	if err != nil {
		t.Fatal(err)
	}
	writeArtifact(t, "media-kit.pdf", b)
	raw, ok := pdfText(t, b, "media-kit")
	if !ok {
		t.Skip("pdftotext is not installed (poppler-utils)")
	}
	text := strings.Join(strings.Fields(raw), " ")
	common := []string{"Ivan Lens", "Honest phone reviews", "Tech · Phones", "YouTube", "125,300", "Instagram", "48,200",
		"Last 90 days", "ER by followers", pct(shown.ERFollowers), "Avg views", "29,917"}
	for _, w := range append(common, "Top posts", "Nov 5, 2026", "61,400", "Audience", "US", "41.5%", "25-34", "42%", "female", "61.4%") {
		if !strings.Contains(text, w) {
			t.Errorf("the media kit lacks %q in:\n%s", w, text)
		}
	}
	renderPage(t, b, "media-kit")

	hidden := BuildMediaKit(kitInput(false, false))
	hb, err := hidden.PDF()
	if err != nil {
		t.Fatal(err)
	}
	writeArtifact(t, "media-kit-hidden.pdf", hb)
	raw, _ = pdfText(t, hb, "media-kit-hidden")
	text = strings.Join(strings.Fields(raw), " ")
	for _, w := range common {
		if !strings.Contains(text, w) {
			t.Errorf("the hidden media kit lacks %q", w)
		}
	}
	for _, w := range []string{"Top posts", "Nov 5, 2026", "61,400", "Audience", "41.5%", "25-34", "female", "61.4%"} {
		if strings.Contains(text, w) {
			t.Errorf("the media kit hides it, yet the PDF says %q:\n%s", w, text)
		}
	}
	again, err := hidden.PDF()
	if err != nil || !bytes.Equal(again, hb) {
		t.Errorf("the same media kit rendered to different bytes (%v)", err)
	}
	if got := shown.FileBase(); got != "iescp-media-kit-ivan-lens" {
		t.Errorf("FileBase = %q", got)
	}
}
