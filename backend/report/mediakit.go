package report

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"iescp/backend/analytics"
	"iescp/backend/domain"
)

// An influencer's media kit as a PDF (issue 12, 1(c) and 7): who they are, their
// followers per platform and their last 90 days' engagement, and, only where the
// media kit shows them, their top posts and their audience breakdown. The
// influencer's desktop builds it from its own replica (their posts are theirs
// alone); what the media kit hides is never put into the MediaKit value, so it
// cannot reach the PDF.

// MediaKitWindow is the window of the media kit's figures.
const MediaKitWindow = 90 * 24 * time.Hour

// MediaKitTopPosts is how many top posts a media kit lists.
const MediaKitTopPosts = 5

// MediaKitCountries is how many countries of the breakdown a media kit lists.
const MediaKitCountries = 8

// MediaKit is what the PDF prints: only what the influencer makes public.
type MediaKit struct {
	Name        string              `json:"name"`
	Headline    string              `json:"headline"`
	Category    string              `json:"category"`
	Niche       string              `json:"niche"`
	GeneratedAt time.Time           `json:"generated_at"`
	Followers   []PlatformFollowers `json:"followers"` // per platform, most followers first
	// The last 90 days (MediaKitWindow), docs/analytics.md's definitions.
	Posts90d    int     `json:"posts_90d"`
	ERFollowers float64 `json:"er_followers"`
	ERViews     float64 `json:"er_views"`
	AvgViews    float64 `json:"avg_views"`
	AvgLikes    float64 `json:"avg_likes"`
	AvgComments float64 `json:"avg_comments"`
	// ShowHistory: TopPosts are the window's posts with the highest ER by
	// followers (nil when the media kit hides the history).
	ShowHistory bool           `json:"show_history"`
	TopPosts    []MediaKitPost `json:"top_posts"`
	// ShowAudience: the breakdown (nil when hidden).
	ShowAudience bool            `json:"show_audience"`
	Audience     []MediaKitShare `json:"audience"`
}

// MediaKitShare is one bucket of the audience breakdown, in basis points.
type MediaKitShare struct {
	Dimension string `json:"dimension"`
	Bucket    string `json:"bucket"`
	ShareBps  int64  `json:"share_bps"`
}

// PlatformFollowers is the followers on one platform: those of its latest post
// with a follower count (analytics.CurrentFollowers, per platform).
type PlatformFollowers struct {
	Platform  string `json:"platform"`
	Followers int64  `json:"followers"`
}

// MediaKitPost is one top post.
type MediaKitPost struct {
	PostedAt    time.Time `json:"posted_at"`
	Platform    string    `json:"platform"`
	ContentType string    `json:"content_type"`
	Views       int64     `json:"views"`
	Likes       int64     `json:"likes"`
	Comments    int64     `json:"comments"`
	ER          float64   `json:"er"`
}

// MediaKitInput is what BuildMediaKit reads: the influencer's profile, their
// media kit choices, their whole post history and their audience breakdown.
type MediaKitInput struct {
	Name, Category, Niche string
	Kit                   domain.MediaKit
	Posts                 []analytics.Post
	Audience              []analytics.AudienceShare
	Now                   time.Time
}

// BuildMediaKit computes the media kit's figures and leaves out what the kit hides.
func BuildMediaKit(in MediaKitInput) MediaKit {
	m := analytics.InfluencerMetrics(in.Posts, in.Now, MediaKitWindow)
	k := MediaKit{Name: in.Name, Headline: in.Kit.Headline, Category: in.Category, Niche: in.Niche,
		GeneratedAt: in.Now.UTC(), Posts90d: m.Posts, ERFollowers: m.ERFollowers, ERViews: m.ERViews,
		AvgViews: m.AvgViews, AvgLikes: m.AvgLikes, AvgComments: m.AvgComments,
		ShowHistory: in.Kit.ShowHistory, ShowAudience: in.Kit.ShowAudience, Followers: []PlatformFollowers{}}
	latest := map[string]analytics.Post{}
	for _, p := range in.Posts {
		if p.Followers <= 0 {
			continue
		}
		if l, ok := latest[p.Platform]; !ok || p.PostedAt.After(l.PostedAt) || (p.PostedAt.Equal(l.PostedAt) && p.ID > l.ID) {
			latest[p.Platform] = p
		}
	}
	for pl, p := range latest {
		k.Followers = append(k.Followers, PlatformFollowers{Platform: pl, Followers: p.Followers})
	}
	sort.Slice(k.Followers, func(i, j int) bool {
		a, b := k.Followers[i], k.Followers[j]
		if a.Followers != b.Followers {
			return a.Followers > b.Followers
		}
		return a.Platform < b.Platform
	})
	if in.Kit.ShowHistory {
		er := func(p analytics.Post) float64 {
			if p.Followers <= 0 {
				return 0
			}
			return float64(p.Engagements()) / float64(p.Followers)
		}
		for _, p := range analytics.TopN(analytics.InWindow(in.Posts, in.Now, MediaKitWindow), MediaKitTopPosts, er,
			func(p analytics.Post) string { return p.ID }) {
			k.TopPosts = append(k.TopPosts, MediaKitPost{PostedAt: p.PostedAt.UTC(), Platform: p.Platform,
				ContentType: p.ContentType, Views: p.Views, Likes: p.Likes, Comments: p.Comments, ER: er(p)})
		}
	}
	if in.Kit.ShowAudience {
		for _, a := range in.Audience {
			if a.ShareBps > 0 {
				k.Audience = append(k.Audience, MediaKitShare{Dimension: a.Dimension, Bucket: a.Bucket, ShareBps: a.ShareBps})
			}
		}
	}
	return k
}

// FileBase is the media kit's file name without extension: "iescp-media-kit-ivan-lens".
func (k *MediaKit) FileBase() string {
	s := Slug(k.Name, 40)
	if s == "" {
		return "iescp-media-kit"
	}
	return "iescp-media-kit-" + s
}

var platformNames = map[string]string{"instagram": "Instagram", "youtube": "YouTube", "tiktok": "TikTok", "x": "X", "other": "Other"}

func platformName(p string) string {
	if n, ok := platformNames[p]; ok {
		return n
	}
	return p
}

var dimensionNames = map[string]string{"country": "Countries", "age": "Age", "gender": "Gender"}

func count(f float64) string {
	if f < 0 {
		return "0"
	}
	return groupThousands(uint64(f + 0.5))
}

func pct(f float64) string { return FormatRate(&f) }

func bps(b int64) string {
	return strconv.FormatFloat(float64(b)/100, 'f', -1, 64) + "%"
}

// PDF renders the media kit on one US Letter page.
func (k *MediaKit) PDF() ([]byte, error) {
	f := newPDF(k.Name+" — media kit", "Media kit of "+k.Name, k.GeneratedAt)
	p := &pdfDoc{Fpdf: f}
	p.AddPage()

	p.fill(colAccent)
	p.Rect(0, 0, pageW, 38, "F")
	p.color("#ffffff")
	p.font(false, 8)
	p.text(marginX, 7, contW*0.6, 4, PlatformName+" · MEDIA KIT", "L")
	p.shrink(true, 20, k.Name, contW*0.7)
	p.text(marginX, 12, contW*0.7, 10, k.Name, "L")
	p.font(false, 10)
	if k.Headline != "" {
		p.text(marginX, 23, contW, 6, k.Headline, "L")
	}
	var cat []string
	for _, c := range []string{k.Category, k.Niche} {
		if strings.TrimSpace(c) != "" {
			cat = append(cat, c)
		}
	}
	p.font(false, 8.5)
	p.text(marginX, 30, contW*0.7, 5, strings.Join(cat, " · "), "L")
	p.text(marginX+contW*0.6, 30, contW*0.4, 5, "As of "+k.GeneratedAt.Format("Jan 2, 2006"), "R")
	p.y = 46

	p.heading("Followers")
	if len(k.Followers) == 0 {
		p.font(false, 9.5)
		p.color(colMuted)
		p.text(marginX, p.y, contW, 5, "No follower count recorded yet.", "L")
		p.y += 7
	} else {
		w := contW / float64(max(len(k.Followers), 3))
		for i, fl := range k.Followers {
			x := marginX + float64(i)*w
			p.font(false, 8)
			p.color(colMuted)
			p.text(x, p.y, w-2, 4, platformName(fl.Platform), "L")
			p.font(true, 13)
			p.color(colText)
			p.text(x, p.y+4.5, w-2, 7, groupThousands(uint64(fl.Followers)), "L")
		}
		p.y += 15
	}

	p.heading("Last 90 days")
	kpis := [][2]string{{"Posts", strconv.Itoa(k.Posts90d)}, {"ER by followers", pct(k.ERFollowers)},
		{"ER by views", pct(k.ERViews)}, {"Avg views", count(k.AvgViews)}, {"Avg likes", count(k.AvgLikes)},
		{"Avg comments", count(k.AvgComments)}}
	w := contW / float64(len(kpis))
	for i, kp := range kpis {
		x := marginX + float64(i)*w
		p.font(false, 8)
		p.color(colMuted)
		p.text(x, p.y, w-2, 4, kp[0], "L")
		p.font(true, 12)
		p.color(colText)
		p.text(x, p.y+4.5, w-2, 7, kp[1], "L")
	}
	p.y += 16

	p.draw(colBorder)
	p.SetLineWidth(0.2)
	if k.ShowHistory {
		p.heading("Top posts")
		if len(k.TopPosts) == 0 {
			p.font(false, 9.5)
			p.color(colMuted)
			p.text(marginX, p.y, contW, 5, "No posts in the last 90 days.", "L")
			p.y += 7
		} else {
			cols := []float64{0.18, 0.15, 0.14, 0.15, 0.13, 0.13, 0.12}
			head := []string{"DATE", "PLATFORM", "TYPE", "VIEWS", "LIKES", "COMMENTS", "ER"}
			row := func(cells []string, bold bool, size float64, c string) {
				x := marginX
				p.font(bold, size)
				p.color(c)
				for i, cell := range cells {
					align := "L"
					if i >= 3 {
						align = "R"
					}
					p.text(x, p.y, contW*cols[i]-1, 5.5, cell, align)
					x += contW * cols[i]
				}
				p.y += 6.5
			}
			row(head, true, 7.5, colMuted)
			p.Line(marginX, p.y-1, pageW-marginX, p.y-1)
			for _, tp := range k.TopPosts {
				row([]string{tp.PostedAt.Format("Jan 2, 2006"), platformName(tp.Platform), titleCase(tp.ContentType),
					groupThousands(uint64(tp.Views)), groupThousands(uint64(tp.Likes)), groupThousands(uint64(tp.Comments)),
					pct(tp.ER)}, false, 9.5, colText)
			}
		}
		p.y += 4
	}

	if k.ShowAudience {
		p.heading("Audience")
		if len(k.Audience) == 0 {
			p.font(false, 9.5)
			p.color(colMuted)
			p.text(marginX, p.y, contW, 5, "No audience breakdown recorded yet.", "L")
			p.y += 7
		} else {
			colW := (contW - 8) / 3
			top := p.y
			bottom := top
			for i, dim := range []string{"country", "age", "gender"} {
				x := marginX + float64(i)*(colW+4)
				y := top
				p.font(true, 8)
				p.color(colMuted)
				p.text(x, y, colW, 4, strings.ToUpper(dimensionNames[dim]), "L")
				y += 6
				n := 0
				for _, a := range k.Audience {
					if a.Dimension != dim || (dim == "country" && n >= MediaKitCountries) {
						continue
					}
					n++
					p.font(false, 9)
					p.color(colText)
					p.text(x, y, colW*0.45, 5, a.Bucket, "L")
					p.fill(colGrid)
					p.Rect(x+colW*0.45, y+1.2, colW*0.35, 2.6, "F")
					p.fill(colCommitted)
					p.Rect(x+colW*0.45, y+1.2, colW*0.35*float64(a.ShareBps)/10000, 2.6, "F")
					p.text(x+colW*0.8, y, colW*0.2, 5, bps(a.ShareBps), "R")
					y += 5.5
				}
				bottom = max(bottom, y)
			}
			p.y = bottom + 4
		}
	}

	p.font(false, 7.5)
	p.color(colMuted)
	p.Line(marginX, pageH-16, pageW-marginX, pageH-16)
	p.text(marginX, pageH-15, contW, 5, "Figures from the posts "+k.Name+" recorded in "+PlatformName+
		"; engagement rate = (likes + comments + shares + saves) ÷ followers.", "L")
	p.text(marginX, pageH-10.5, contW, 5, PlatformName+" · media kit · "+k.GeneratedAt.Format("Jan 2, 2006"), "L")
	return outputPDF(f)
}
