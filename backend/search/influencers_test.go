package search

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"iescp/backend/domain"
)

// influencerWorld is the fixture of the influencer tests: who is who, by short name.
type influencerWorld struct {
	*fx
	ids   map[string]string // short name → account id
	names map[string]string // account id → short name
}

func newInfluencerWorld(t *testing.T) *influencerWorld {
	f := newFixture(t)
	w := &influencerWorld{fx: f, ids: map[string]string{}, names: map[string]string{}}
	add := func(short string, p infl) {
		id := f.influencer(p)
		w.ids[short], w.names[id] = id, short
	}
	add("zoe", infl{name: "Zoë Martin", display: "Zoë Kitchen", category: "Food", niche: "Vegan",
		bio: "Plant-based recipes from Lisbon", ig: 50_000, yt: 10_000})
	add("tom", infl{name: "Tom Baker", display: "TechWithTom", category: "Tech", niche: "Smartphones",
		bio: "Phone reviews and unboxings", yt: 900_000, x: 20_000})
	add("anna", infl{name: "Anna Schmidt", display: "Fit Anna", category: "Fitness", niche: "Yoga",
		bio: "Yoga flows and HIIT for busy people", ig: 120_000, tt: 300_000})
	add("jose", infl{name: "José García", display: "Crème Brûlée Club", category: "Food", niche: "Baking",
		bio: "Pâtisserie and sourdough", ig: 8_000})
	add("gabe", infl{name: "Gabriel Silva", display: "Gamer Gabe", category: "Gaming", niche: "Esports",
		bio: "Esports analysis every night", yt: 2_000_000, other: 500_000})
	add("near", infl{name: "Nora Ek", display: "NEAR AND OR NOT", category: "Music", niche: "DJ",
		bio: `Mixes "quoted" * - ^ tracks`, tt: 1_000})
	add("studio", infl{name: "Sam Reed", display: "Stretch Studio", category: "Fitness", niche: "Pilates",
		bio: "Pilates, mobility and sometimes yoga", ig: 30_000})
	add("tokyo", infl{name: "Yuki Tanaka", display: "東京グルメ", category: "Food", niche: "Street Food",
		bio: "東京 street food 🍜", tt: 75_000})
	// Never returned: flagged and deactivated accounts.
	add("fraud", infl{name: "Flag Person", display: "Vegan Fraud", category: "Food", niche: "Vegan",
		bio: "vegan yoga lisbon", ig: 3_000_000, flagged: true})
	add("sleeper", infl{name: "Idle Person", display: "Vegan Sleeper", category: "Food", niche: "Vegan",
		bio: "vegan yoga lisbon", ig: 5_000, inactive: true})

	sp := f.sponsor("Acme Foods", domain.ApprovalApproved, true, false)
	c := f.campaign(camp{sponsor: sp, name: "Any"})
	f.review("influencer", c, w.ids["zoe"], 5)
	f.review("influencer", c, w.ids["zoe"], 4)
	f.review("influencer", c, w.ids["tom"], 3)
	f.review("campaign", c, w.ids["tom"], 1) // the influencer rating a campaign: not the influencer's rating
	f.review("influencer", c, w.ids["fraud"], 5)
	return w
}

func (w *influencerWorld) short(p Page[InfluencerHit]) []string {
	out := []string{}
	for _, h := range p.Items {
		out = append(out, w.names[h.AccountID])
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestInfluencers_Filters(t *testing.T) {
	w := newInfluencerWorld(t)
	cases := []struct {
		name    string
		q       InfluencerQuery
		want    []string
		ordered bool
	}{
		{"everyone, biggest first", InfluencerQuery{}, []string{"gabe", "tom", "anna", "tokyo", "zoe", "studio", "jose", "near"}, true},
		{"word in bio", InfluencerQuery{Text: "sourdough"}, []string{"jose"}, false},
		{"word in account name", InfluencerQuery{Text: "garcia"}, []string{"jose"}, false},
		{"word in niche", InfluencerQuery{Text: "esports"}, []string{"gabe"}, false},
		{"word in category", InfluencerQuery{Text: "gaming"}, []string{"gabe"}, false},
		{"all words required", InfluencerQuery{Text: "plant lisbon"}, []string{"zoe"}, false},
		{"words in any order and column", InfluencerQuery{Text: "lisbon vegan"}, []string{"zoe"}, false},
		{"prefix on the last word", InfluencerQuery{Text: "techw"}, []string{"tom"}, false},
		{"prefix of two letters", InfluencerQuery{Text: "yo"}, []string{"anna", "studio"}, false},
		{"only the last word is a prefix", InfluencerQuery{Text: "pil mobility"}, nil, false},
		{"diacritics folded in the query", InfluencerQuery{Text: "zoe"}, []string{"zoe"}, false},
		{"diacritics folded in the index", InfluencerQuery{Text: "Creme BRULEE"}, []string{"jose"}, false},
		{"diacritics in both", InfluencerQuery{Text: "pâtisserie"}, []string{"jose"}, false},
		{"case-insensitive", InfluencerQuery{Text: "HIIT"}, []string{"anna"}, false},
		{"non-latin script", InfluencerQuery{Text: "東京"}, []string{"tokyo"}, false},
		{"no match", InfluencerQuery{Text: "zzzzzz"}, nil, false},
		{"flagged and deactivated never match", InfluencerQuery{Text: "vegan"}, []string{"zoe"}, false},
		{"category, any case", InfluencerQuery{Category: "food"}, []string{"zoe", "jose", "tokyo"}, false},
		{"niche", InfluencerQuery{Niche: "Vegan"}, []string{"zoe"}, false},
		{"category and niche", InfluencerQuery{Category: "Fitness", Niche: "pilates"}, []string{"studio"}, false},
		{"text and category", InfluencerQuery{Text: "yoga", Category: "Fitness"}, []string{"anna", "studio"}, false},
		{"unknown category", InfluencerQuery{Category: "Knitting"}, nil, false},
		{"min reach on total", InfluencerQuery{MinReach: 100_000}, []string{"gabe", "tom", "anna"}, true},
		{"max reach on total", InfluencerQuery{MaxReach: 40_000}, []string{"studio", "jose", "near"}, true},
		{"reach range, inclusive", InfluencerQuery{MinReach: 30_000, MaxReach: 75_000}, []string{"tokyo", "zoe", "studio"}, true},
		{"platform: reach on it only", InfluencerQuery{Platform: "youtube"}, []string{"gabe", "tom", "zoe"}, true},
		{"platform x", InfluencerQuery{Platform: "x"}, []string{"tom"}, false},
		{"platform other", InfluencerQuery{Platform: "other"}, []string{"gabe"}, false},
		{"platform with min reach on it", InfluencerQuery{Platform: "instagram", MinReach: 40_000}, []string{"anna", "zoe"}, true},
		{"platform with max reach on it", InfluencerQuery{Platform: "tiktok", MaxReach: 100_000}, []string{"tokyo", "near"}, true},
		{"platform, text and range", InfluencerQuery{Platform: "instagram", Text: "yoga", MaxReach: 50_000}, []string{"studio"}, false},
		{"sort by name", InfluencerQuery{Sort: SortName}, []string{"jose", "anna", "gabe", "near", "studio", "tom", "zoe", "tokyo"}, true},
		{"sort by name, descending", InfluencerQuery{Sort: SortName, Order: OrderDesc}, []string{"tokyo", "zoe", "tom", "studio", "near", "gabe", "anna", "jose"}, true},
		{"sort by reach, ascending", InfluencerQuery{Sort: SortReach, Order: OrderAsc}, []string{"near", "jose", "studio", "zoe", "tokyo", "anna", "tom", "gabe"}, true},
		{"sort by platform reach", InfluencerQuery{Sort: SortReach, Platform: "instagram"}, []string{"anna", "zoe", "studio", "jose"}, true},
		{"sort by rating, unrated by reach", InfluencerQuery{Sort: SortRating}, []string{"zoe", "tom", "gabe", "anna", "tokyo", "studio", "jose", "near"}, true},
		{"sort by rating, ascending", InfluencerQuery{Sort: SortRating, Order: OrderAsc}, []string{"near", "jose", "studio", "tokyo", "anna", "gabe", "tom", "zoe"}, true},
		{"sort by rating with text", InfluencerQuery{Sort: SortRating, Text: "food"}, []string{"zoe", "tokyo", "jose"}, true},
		{"sort by rating with a filter", InfluencerQuery{Sort: SortRating, Platform: "youtube"}, []string{"zoe", "tom", "gabe"}, true},
		{"relevance: the stronger match first", InfluencerQuery{Text: "yoga"}, []string{"anna", "studio"}, true},
		{"relevance, explicit", InfluencerQuery{Text: "yoga", Sort: SortRelevance}, []string{"anna", "studio"}, true},
		{"relevance reversed", InfluencerQuery{Text: "yoga", Sort: SortRelevance, Order: OrderDesc}, []string{"studio", "anna"}, true},
		{"text sorted by reach", InfluencerQuery{Text: "food", Sort: SortReach}, []string{"tokyo", "zoe", "jose"}, true},
		{"relevance without text is by reach", InfluencerQuery{Sort: SortRelevance, Category: "Food"}, []string{"tokyo", "zoe", "jose"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := w.influencers(c.q)
			if err != nil {
				t.Fatal(err)
			}
			got := w.short(p)
			if c.want == nil {
				c.want = []string{}
			}
			if (c.ordered && !slices.Equal(got, c.want)) || (!c.ordered && !sameSet(got, c.want)) {
				t.Errorf("got %v, want %v", got, c.want)
			}
			if p.Total != len(c.want) {
				t.Errorf("total: got %d, want %d", p.Total, len(c.want))
			}
		})
	}
}

func TestInfluencers_Hit(t *testing.T) {
	w := newInfluencerWorld(t)
	p, err := w.influencers(InfluencerQuery{Text: "kitchen"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 {
		t.Fatalf("got %d hits, want 1", len(p.Items))
	}
	want := InfluencerHit{AccountID: w.ids["zoe"], Name: "Zoë Martin", DisplayName: "Zoë Kitchen", Category: "Food",
		Niche: "Vegan", Bio: "Plant-based recipes from Lisbon", ReachInstagram: 50_000, ReachYouTube: 10_000,
		ReachTotal: 60_000, Rating: 4.5, ReviewCount: 2, RiskReasons: []RiskReason{}, RiskJSON: "[]"}
	if !reflect.DeepEqual(p.Items[0], want) {
		t.Errorf("got %+v, want %+v", p.Items[0], want)
	}
	p, err = w.influencers(InfluencerQuery{Text: "TechWithTom"})
	if err != nil {
		t.Fatal(err)
	}
	if h := p.Items[0]; h.Rating != 3 || h.ReviewCount != 1 || h.ReachX != 20_000 || h.ReachTotal != 920_000 {
		t.Errorf("got rating %v (%d reviews), x %d, total %d; want 3 (1), 20000, 920000", h.Rating, h.ReviewCount, h.ReachX, h.ReachTotal)
	}
	p, err = w.influencers(InfluencerQuery{Text: "gabe"})
	if err != nil {
		t.Fatal(err)
	}
	if h := p.Items[0]; h.Rating != 0 || h.ReviewCount != 0 {
		t.Errorf("unrated: got rating %v (%d reviews), want 0 (0)", h.Rating, h.ReviewCount)
	}
}

func TestInfluencers_Paging(t *testing.T) {
	w := newInfluencerWorld(t)
	for _, size := range []int{1, 2, 3, 8, 100} {
		for _, sort := range []string{SortName, SortReach, SortRating} {
			full, err := w.influencers(InfluencerQuery{Sort: sort})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			pages := 0
			for page := 1; ; page++ {
				p, err := w.influencers(InfluencerQuery{Sort: sort, Page: page, PageSize: size})
				if err != nil {
					t.Fatal(err)
				}
				if p.Total != 8 || p.Page != page || p.PageSize != size {
					t.Fatalf("size %d page %d: got total %d page %d size %d", size, page, p.Total, p.Page, p.PageSize)
				}
				if len(p.Items) == 0 {
					break
				}
				if len(p.Items) > size {
					t.Fatalf("size %d: got %d items", size, len(p.Items))
				}
				pages++
				got = append(got, w.short(p)...)
			}
			if !slices.Equal(got, w.short(full)) {
				t.Errorf("sort %s, size %d: pages concatenate to %v, want %v", sort, size, got, w.short(full))
			}
			if want := (8 + size - 1) / size; pages != want {
				t.Errorf("sort %s, size %d: got %d pages, want %d", sort, size, pages, want)
			}
		}
	}
	p, err := w.influencers(InfluencerQuery{Page: 99, PageSize: 10})
	if err != nil || len(p.Items) != 0 || p.Items == nil || p.Total != 8 || p.Pages() != 1 {
		t.Errorf("page past the end: got %d items (nil %v), total %d, pages %d, err %v; want an empty page of 8",
			len(p.Items), p.Items == nil, p.Total, p.Pages(), err)
	}
}

func TestInfluencers_Invalid(t *testing.T) {
	w := newInfluencerWorld(t)
	cases := []struct {
		name string
		q    InfluencerQuery
		msg  string
	}{
		{"page 0", InfluencerQuery{Page: 0, PageSize: 10}, "page"},
		{"negative page", InfluencerQuery{Page: -1, PageSize: 10}, "page"},
		{"page size 0", InfluencerQuery{Page: 1, PageSize: 0}, "page_size"},
		{"page size too big", InfluencerQuery{Page: 1, PageSize: 101}, "page_size"},
		{"negative page size", InfluencerQuery{Page: 1, PageSize: -5}, "page_size"},
		{"unknown platform", InfluencerQuery{Page: 1, PageSize: 10, Platform: "myspace"}, "platform"},
		{"platform injection", InfluencerQuery{Page: 1, PageSize: 10, Platform: "total; DROP TABLE accounts"}, "platform"},
		{"negative reach", InfluencerQuery{Page: 1, PageSize: 10, MinReach: -1}, "reach"},
		{"min above max", InfluencerQuery{Page: 1, PageSize: 10, MinReach: 10, MaxReach: 5}, "reach"},
		{"unknown sort", InfluencerQuery{Page: 1, PageSize: 10, Sort: "budget"}, "sort"},
		{"sort injection", InfluencerQuery{Page: 1, PageSize: 10, Sort: "reach; DROP TABLE accounts"}, "sort"},
		{"unknown order", InfluencerQuery{Page: 1, PageSize: 10, Order: "sideways"}, "order"},
		{"text too long", InfluencerQuery{Page: 1, PageSize: 10, Text: strings.Repeat("a", 201)}, "200"},
		{"invalid UTF-8", InfluencerQuery{Page: 1, PageSize: 10, Text: "caf\xe9"}, "UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Influencers(t.Context(), w.s.R, c.q)
			if domain.ErrorCode(err) != domain.CodeInvalidArgument || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %v, want invalid_argument mentioning %q", err, c.msg)
			}
		})
	}
	// The longest accepted text is fine.
	if _, err := w.influencers(InfluencerQuery{Text: strings.Repeat("é", 200)}); err != nil {
		t.Errorf("200 characters: got %v, want no error", err)
	}
}

// hostile inputs: FTS5 syntax, SQL, control characters and odd Unicode never cause an
// error, and never return what they should not.
var hostile = []string{
	``, ` `, `"`, `""`, `"""`, `'`, `*`, `**`, `"*"`, `-`, `--`, `-vegan`, `+`, `^`, `^vegan`, `:`, `bio:vegan`,
	`{bio}: vegan`, `NEAR(`, `NEAR(vegan lisbon)`, `NEAR(vegan lisbon, 2)`, `vegan NOT lisbon`, `AND`, `OR`, `NOT`,
	`vegan OR`, `(`, `)`, `(vegan`, `vegan)`, `vegan*`, `*vegan`, `ve*gan`, `'; DROP TABLE accounts; --`,
	`%`, `_`, `\`, `\"`, "\x00", "vegan\x00lisbon", "\t\n\r", `🙂`, `🍜 東京`, "e\u0301", "\u0301", "\u200b", "\ufeff",
	`ﷺ`, `𝔳𝔢𝔤𝔞𝔫`, `ＶＥＧＡＮ`, `ǅ`, `İstanbul`, `ß`, strings.Repeat(`"`, 200), strings.Repeat(`a `, 100),
	strings.Repeat(`NEAR( `, 33), `rank`, `rowid`, `influencer_search`, `MATCH`, `$1`, `?`, `?1`, `:name`, `@x`,
}

func TestInfluencers_HostileText(t *testing.T) {
	w := newInfluencerWorld(t)
	for _, text := range hostile {
		t.Run(text, func(t *testing.T) {
			for _, sort := range []string{SortRelevance, SortReach, SortName, SortRating} {
				p, err := w.influencers(InfluencerQuery{Text: text, Sort: sort})
				if err != nil {
					t.Fatalf("sort %s: got %v, want no error", sort, err)
				}
				if p.Items == nil {
					t.Fatalf("sort %s: nil items", sort)
				}
				for _, h := range p.Items {
					if n := w.names[h.AccountID]; n == "fraud" || n == "sleeper" {
						t.Errorf("sort %s: returned %s", sort, n)
					}
				}
			}
		})
	}
	// Operators are words, not syntax.
	for text, want := range map[string][]string{
		`NEAR(`:             {"near"},
		`"AND" OR`:          {"near"},
		`-vegan`:            {"zoe"},
		`bio:vegan`:         {},
		`vegan NOT lisbon`:  {},
		`(vegan) "lisbon"*`: {"zoe"},
		`"quoted"`:          {"near"},
		`vegan*`:            {"zoe"},
	} {
		p, err := w.influencers(InfluencerQuery{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if got := w.short(p); !sameSet(got, want) {
			t.Errorf("%q: got %v, want %v", text, got, want)
		}
	}
}

func TestMatchQuery(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{`  "" * - ^ ( ) : `, ""},
		{"vegan", `"vegan"*`},
		{"Vegan Lisbon", `"Vegan" "Lisbon"*`},
		{`NEAR(a b, 2)`, `"NEAR" "a" "b" "2"`},
		{`"quoted phrase"`, `"quoted" "phrase"*`},
		{`it's`, `"it" "s"`},
		{`it's ok`, `"it" "s" "ok"*`},
		{"crème brûlée", `"crème" "brûlée"*`},
		{"e\u0301t\u00e9", "\"e\u0301t\u00e9\"*"},
		{"\u0301 x", `"x"`},
		{"x", `"x"`},
		{"東", `"東"`},
		{"東京", `"東京"*`},
		{"東京 🍜 ramen", `"東京" "ramen"*`},
		{"a b c d e f g h i j k l m n", `"a" "b" "c" "d" "e" "f" "g" "h" "i" "j" "k" "l"`},
		{"aa bb cc dd ee ff gg hh ii jj kk ll mm", `"aa" "bb" "cc" "dd" "ee" "ff" "gg" "hh" "ii" "jj" "kk" "ll"*`},
	}
	for _, c := range cases {
		if got := MatchQuery(c.in); got != c.want {
			t.Errorf("MatchQuery(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestInfluencers_IndexFollowsChanges(t *testing.T) {
	w := newInfluencerWorld(t)
	find := func(text string) []string {
		t.Helper()
		p, err := w.influencers(InfluencerQuery{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return w.short(p)
	}
	steps := []struct {
		name   string
		sql    string
		args   []any
		checks map[string][]string // text → who it finds afterwards
	}{
		{"profile renamed", `UPDATE influencer_profiles SET display_name = 'Gabe Plays Chess' WHERE account_id = ?`,
			[]any{w.ids["gabe"]}, map[string][]string{"chess": {"gabe"}, "gamer": {}, "esports": {"gabe"}}},
		{"bio and niche changed", `UPDATE influencer_profiles SET bio = 'Marathon training diaries', niche = 'Running'
			WHERE account_id = ?`, []any{w.ids["anna"]},
			map[string][]string{"marathon": {"anna"}, "hiit": {}, "yoga": {"studio"}, "running": {"anna"}}},
		{"reach change leaves the index alone", `UPDATE influencer_profiles SET reach_youtube = 5 WHERE account_id = ?`,
			[]any{w.ids["tom"]}, map[string][]string{"unboxings": {"tom"}}},
		{"account renamed", `UPDATE accounts SET name = 'Thomas Bäcker' WHERE id = ?`, []any{w.ids["tom"]},
			map[string][]string{"backer": {"tom"}, "baker": {}, "thomas": {"tom"}}},
		{"account flagged", `UPDATE accounts SET flagged = 1 WHERE id = ?`, []any{w.ids["jose"]},
			map[string][]string{"sourdough": {}}},
		{"account unflagged", `UPDATE accounts SET flagged = 0 WHERE id = ?`, []any{w.ids["jose"]},
			map[string][]string{"sourdough": {"jose"}}},
		{"account deactivated", `UPDATE accounts SET active = 0 WHERE id = ?`, []any{w.ids["studio"]},
			map[string][]string{"pilates": {}}},
		{"profile deleted", `DELETE FROM influencer_profiles WHERE account_id = ?`, []any{w.ids["zoe"]},
			map[string][]string{"kitchen": {}, "lisbon": {}, "plant": {}}},
		{"profile recreated", `INSERT INTO influencer_profiles (account_id, display_name, category, niche, bio, updated_at)
			VALUES (?, 'Zoë Again', 'Food', 'Vegan', 'Back in Lisbon', '2026-11-16')`, []any{w.ids["zoe"]},
			map[string][]string{"again": {"zoe"}, "kitchen": {}, "lisbon": {"zoe"}}},
		{"profile replaced", `INSERT OR REPLACE INTO influencer_profiles (account_id, display_name, category, niche, bio, updated_at)
			VALUES (?, 'Crumb Club', 'Food', 'Baking', 'Bread only', '2026-11-16')`, []any{w.ids["jose"]},
			map[string][]string{"crumb": {"jose"}, "creme": {}, "sourdough": {}, "garcia": {"jose"}}},
		{"profile upserted", `INSERT INTO influencer_profiles (account_id, display_name, updated_at) VALUES (?, 'Night DJ', '2026-11-16')
			ON CONFLICT (account_id) DO UPDATE SET display_name = excluded.display_name`, []any{w.ids["near"]},
			map[string][]string{"night dj": {"near"}, "near": {}, "quoted": {"near"}}},
		{"account deleted with its profile", `DELETE FROM accounts WHERE id = ?`, []any{w.ids["tokyo"]},
			map[string][]string{"東京": {}, "tanaka": {}}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			w.exec(s.sql, s.args...)
			w.integrity()
			for text, want := range s.checks {
				if got := find(text); !sameSet(got, want) {
					t.Errorf("%q: got %v, want %v", text, got, want)
				}
			}
		})
	}
	t.Run("rebuild agrees", func(t *testing.T) {
		before := find("lisbon")
		w.exec(`INSERT INTO influencer_search (influencer_search) VALUES ('rebuild')`)
		w.integrity()
		if got := find("lisbon"); !slices.Equal(got, before) {
			t.Errorf("after rebuild: got %v, want %v", got, before)
		}
	})
}
