package postimport

import (
	"sort"
	"strings"
)

// Fields a column may be mapped to, in the template's order.
const (
	FieldPlatform    = "platform"
	FieldContentType = "content_type"
	FieldPostedAt    = "posted_at"
	FieldExternalID  = "external_id"
	FieldFollowers   = "followers"
	FieldViews       = "views"
	FieldReach       = "reach"
	FieldLikes       = "likes"
	FieldComments    = "comments"
	FieldShares      = "shares"
	FieldSaves       = "saves"
	FieldSponsored   = "sponsored"
)

// Fields is every field, in the template's column order.
var Fields = []string{
	FieldPlatform, FieldContentType, FieldPostedAt, FieldExternalID, FieldFollowers,
	FieldViews, FieldReach, FieldLikes, FieldComments, FieldShares, FieldSaves, FieldSponsored,
}

// Shapes Inspect recognises.
const (
	ShapeTemplate  = "template"  // ours: docs/import.md, testdata/template.csv
	ShapeInstagram = "instagram" // Meta Business Suite / Instagram post export
	ShapeYouTube   = "youtube"   // YouTube Studio content export
	ShapeTikTok    = "tiktok"    // TikTok Studio per-video export
	ShapeX         = "x"         // X (Twitter) analytics tweet export
	ShapeUnknown   = "unknown"   // none of them: columns matched by name where they can be
)

// shape is one export shape: the header names (normalised) each field may have,
// the columns that identify it, and the platform and content type its rows have when
// the file does not say.
type shape struct {
	name        string
	signature   []string // all of these present: this shape
	columns     map[string][]string
	platform    string
	contentType string
}

// Written from the public descriptions of each export (help pages and articles that
// list their columns), not from files of every version and language: the mapping
// step exists because real exports vary (docs/import.md).
var shapes = []shape{
	{
		name:      ShapeTemplate,
		signature: []string{"platform", "content_type", "posted_at", "views", "likes"},
		columns: map[string][]string{
			FieldPlatform: {"platform"}, FieldContentType: {"content_type"}, FieldPostedAt: {"posted_at"},
			FieldExternalID: {"external_id"}, FieldFollowers: {"followers"}, FieldViews: {"views"},
			FieldReach: {"reach"}, FieldLikes: {"likes"}, FieldComments: {"comments"},
			FieldShares: {"shares"}, FieldSaves: {"saves"}, FieldSponsored: {"sponsored"},
		},
	},
	{
		name:      ShapeInstagram,
		signature: []string{"post id", "permalink", "post type"},
		columns: map[string][]string{
			FieldExternalID: {"post id"}, FieldPostedAt: {"publish time"}, FieldContentType: {"post type"},
			FieldViews: {"views", "impressions"}, FieldReach: {"reach"}, FieldLikes: {"likes"},
			FieldComments: {"comments"}, FieldShares: {"shares"}, FieldSaves: {"saves"},
			FieldFollowers: {"followers"},
		},
		platform: "instagram",
	},
	{
		name:      ShapeYouTube,
		signature: []string{"video title", "video publish time"},
		columns: map[string][]string{
			FieldExternalID: {"content"}, FieldPostedAt: {"video publish time"}, FieldViews: {"views"},
			FieldLikes: {"likes"}, FieldComments: {"comments added"}, FieldShares: {"shares"},
			FieldContentType: {"content type"}, FieldFollowers: {"followers"},
		},
		platform:    "youtube",
		contentType: "video",
	},
	{
		name:      ShapeTikTok,
		signature: []string{"post time", "total likes"},
		columns: map[string][]string{
			FieldExternalID: {"video link"}, FieldPostedAt: {"post time"},
			FieldViews: {"total views", "video views"}, FieldLikes: {"total likes"},
			FieldComments: {"total comments"}, FieldShares: {"total shares"},
			FieldSaves: {"total saves", "add to favorites"}, FieldReach: {"reached audience"},
			FieldFollowers: {"followers"},
		},
		platform:    "tiktok",
		contentType: "video",
	},
	{
		name:      ShapeX,
		signature: []string{"tweet id", "tweet permalink"},
		columns: map[string][]string{
			FieldExternalID: {"tweet id"}, FieldPostedAt: {"time"}, FieldViews: {"impressions"},
			FieldLikes: {"likes"}, FieldComments: {"replies"}, FieldShares: {"retweets"},
			FieldSaves: {"bookmarks"}, FieldFollowers: {"followers"},
		},
		platform:    "x",
		contentType: "text",
	},
}

// normHeader lowercases a header cell, trims it and its quotes, and collapses
// spaces, so "  Publish Time " and "publish time" match.
func normHeader(s string) string {
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.Trim(strings.TrimSpace(s), `"'`)
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// detect picks the shape whose signature columns are all in the header (the one with
// the longest signature if several), or ShapeUnknown, and suggests a mapping.
func detect(header []string) (shape, map[string]int) {
	idx := map[string]int{}
	for i, h := range header {
		n := normHeader(h)
		if _, seen := idx[n]; !seen {
			idx[n] = i
		}
	}
	best := -1
	for i, s := range shapes {
		ok := true
		for _, col := range s.signature {
			if _, found := idx[col]; !found {
				ok = false
				break
			}
		}
		if ok && (best < 0 || len(s.signature) > len(shapes[best].signature)) {
			best = i
		}
	}
	if best >= 0 {
		return shapes[best], suggest(idx, []shape{shapes[best]})
	}
	// Unknown: each field takes the first column any shape's names for it match.
	return shape{name: ShapeUnknown}, suggest(idx, shapes)
}

func suggest(idx map[string]int, from []shape) map[string]int {
	m := map[string]int{}
	used := map[int]bool{}
	for _, f := range Fields {
		for _, s := range from {
			if _, done := m[f]; done {
				break
			}
			for _, name := range s.columns[f] {
				if i, ok := idx[name]; ok && !used[i] {
					m[f] = i
					used[i] = true
					break
				}
			}
		}
	}
	return m
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
