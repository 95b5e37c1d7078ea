package search

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"iescp/backend/domain"
)

type statRow struct {
	followers     int64
	er, pred      float64
	size, perf    string
	risk, segment int
	reasons       string
}

func (f *fx) stats(id string, s statRow) {
	if s.reasons == "" {
		s.reasons = "[]"
	}
	f.exec(`INSERT INTO influencer_stats (influencer_id, followers, er_followers, er_views, size_tier, perf_tier, segment,
		risk_score, risk_reasons, predicted_er, predicted_views, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, s.followers, s.er, s.er*2, s.size, s.perf, s.segment, s.risk, s.reasons, s.pred, s.followers/10, fixtureTime)
}

// newStatsWorld is the influencer world with the analytics job's stats for some:
// gabe, near and studio stay unrated; vera (Food, Vegan, huge, low ER) joins.
func newStatsWorld(t *testing.T) *influencerWorld {
	w := newInfluencerWorld(t)
	vera := w.influencer(infl{name: "Vera Lind", display: "Vera Greens", category: "Food", niche: "Vegan",
		bio: "Vegan street bites", ig: 2_000_000})
	w.ids["vera"], w.names[vera] = vera, "vera"
	for short, s := range map[string]statRow{
		"zoe": {followers: 60_000, er: 0.05, pred: 0.045, size: "mid", perf: "A", risk: 10, segment: 1},
		"jose": {followers: 8_000, er: 0.08, pred: 0.07, size: "nano", perf: "A", risk: 70, segment: 1,
			reasons: `[{"code":"follower_jump","points":40,"params":{"jump":3.5}},{"code":"low_comments","points":30,"params":{}}]`},
		"tokyo": {followers: 75_000, er: 0.02, pred: 0.03, size: "mid", perf: "B", risk: 40, segment: 1},
		"anna":  {followers: 420_000, er: 0.03, pred: 0.02, size: "mid", perf: "B", risk: 0, segment: 2},
		"tom":   {followers: 920_000, er: 0.01, pred: 0.012, size: "macro", perf: "C", risk: 65, segment: 2},
		"vera":  {followers: 2_000_000, er: 0.01, pred: 0.01, size: "mega", perf: "B", risk: 20, segment: 1},
		"fraud": {followers: 3_000_000, er: 0.06, pred: 0.05, size: "mega", perf: "A", risk: 90, segment: 1},
	} {
		w.stats(w.ids[short], s)
	}
	return w
}

func TestInfluencers_Stats(t *testing.T) {
	w := newStatsWorld(t)
	unrated := []string{"gabe", "studio", "near"} // by reach, after the rated
	cases := []struct {
		name    string
		q       InfluencerQuery
		want    []string
		ordered bool
	}{
		{"min ER", InfluencerQuery{MinER: 0.03}, []string{"jose", "zoe", "anna"}, false},
		{"max ER", InfluencerQuery{MaxER: 0.02}, []string{"tokyo", "tom", "vera"}, false},
		{"ER range, inclusive", InfluencerQuery{MinER: 0.02, MaxER: 0.05}, []string{"zoe", "anna", "tokyo"}, false},
		{"size tier", InfluencerQuery{SizeTier: "mid"}, []string{"zoe", "tokyo", "anna"}, false},
		{"performance tier", InfluencerQuery{PerfTier: "A"}, []string{"zoe", "jose"}, false},
		{"risk low", InfluencerQuery{RiskLevel: RiskLow}, []string{"anna", "zoe", "vera"}, false},
		{"risk medium", InfluencerQuery{RiskLevel: RiskMedium}, []string{"tokyo"}, false},
		{"risk high (flagged never)", InfluencerQuery{RiskLevel: RiskHigh}, []string{"tom", "jose"}, false},
		{"hide high risk keeps the unrated", InfluencerQuery{HideHighRisk: true},
			[]string{"gabe", "vera", "anna", "tokyo", "zoe", "studio", "near"}, true},
		{"stats filter with text", InfluencerQuery{Text: "vegan", SizeTier: "mega"}, []string{"vera"}, false},
		{"sort by ER, unrated last", InfluencerQuery{Sort: SortER},
			append([]string{"jose", "zoe", "anna", "tokyo", "vera", "tom"}, unrated...), true},
		{"sort by ER, ascending, unrated still last", InfluencerQuery{Sort: SortER, Order: OrderAsc},
			append([]string{"tom", "vera", "tokyo", "anna", "zoe", "jose"}, unrated...), true},
		{"sort by predicted ER", InfluencerQuery{Sort: SortPredicted},
			append([]string{"jose", "zoe", "tokyo", "anna", "tom", "vera"}, unrated...), true},
		{"sort by risk, lowest first", InfluencerQuery{Sort: SortRisk},
			append([]string{"anna", "zoe", "vera", "tokyo", "tom", "jose"}, unrated...), true},
		{"sort by ER with a stats filter", InfluencerQuery{Sort: SortER, MinER: 0.02},
			[]string{"jose", "zoe", "anna", "tokyo"}, true},
		{"sort by ER hiding high risk", InfluencerQuery{Sort: SortER, HideHighRisk: true},
			append([]string{"zoe", "anna", "tokyo", "vera"}, unrated...), true},
		{"sort by ER with text", InfluencerQuery{Sort: SortER, Text: "food"}, []string{"jose", "zoe", "tokyo", "vera"}, true},
		{"more like zoe: her segment, her niche first, then closest", InfluencerQuery{Like: w.ids["zoe"]},
			[]string{"vera", "tokyo", "jose"}, true},
		{"more like, hiding high risk", InfluencerQuery{Like: w.ids["zoe"], HideHighRisk: true}, []string{"vera", "tokyo"}, true},
		{"more like anna", InfluencerQuery{Like: w.ids["anna"]}, []string{"tom"}, true},
		{"more like, filtered", InfluencerQuery{Like: w.ids["zoe"], MinER: 0.015}, []string{"tokyo", "jose"}, true},
		{"stats filter by reach", InfluencerQuery{MinER: 0.02}, []string{"anna", "tokyo", "zoe", "jose"}, true},
		{"stats filter by name", InfluencerQuery{RiskLevel: RiskLow, Sort: SortName}, []string{"anna", "vera", "zoe"}, true},
		{"stats and profile filters", InfluencerQuery{SizeTier: "mid", Category: "food"}, []string{"tokyo", "zoe"}, true},
	}
	defer func(n int) { wideStats = n }(wideStats)
	for _, wide := range []int{wideStats, 1} { // the stats indexes drive, then the profiles'
		wideStats = wide
		for _, c := range cases {
			t.Run(fmt.Sprint(c.name, ", wide ", wide), func(t *testing.T) {
				p, err := w.influencers(c.q)
				if err != nil {
					t.Fatal(err)
				}
				got := w.short(p)
				if (c.ordered && !slices.Equal(got, c.want)) || (!c.ordered && !sameSet(got, c.want)) {
					t.Errorf("got %v, want %v", got, c.want)
				}
				if p.Total != len(c.want) {
					t.Errorf("total: got %d, want %d", p.Total, len(c.want))
				}
			})
		}
	}
}

// Pages of a stats sort cross from the rated to the unrated and past them.
func TestInfluencers_StatsPaging(t *testing.T) {
	w := newStatsWorld(t)
	want := []string{"jose", "zoe", "anna", "tokyo", "vera", "tom", "gabe", "studio", "near"}
	for _, size := range []int{1, 2, 4, 5, 6, 7} {
		var got []string
		for page := 1; page <= (len(want)+size-1)/size; page++ {
			p, err := w.influencers(InfluencerQuery{Sort: SortER, Page: page, PageSize: size})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, w.short(p)...)
		}
		if !slices.Equal(got, want) {
			t.Errorf("page size %d: got %v, want %v", size, got, want)
		}
	}
}

func TestInfluencers_StatsHit(t *testing.T) {
	w := newStatsWorld(t)
	p, err := w.influencers(InfluencerQuery{Text: "sourdough"})
	if err != nil {
		t.Fatal(err)
	}
	h := p.Items[0]
	if !h.Rated || h.ERFollowers != 0.08 || h.ERViews != 0.16 || h.SizeTier != "nano" || h.PerfTier != "A" ||
		h.RiskScore != 70 || h.PredictedER != 0.07 || h.PredictedViews != 800 || h.Segment != 1 {
		t.Errorf("jose's stats: got %+v", h)
	}
	if len(h.RiskReasons) != 2 || h.RiskReasons[0].Code != "follower_jump" || h.RiskReasons[0].Points != 40 ||
		h.RiskReasons[0].Params["jump"] != 3.5 || h.RiskReasons[1].Code != "low_comments" {
		t.Errorf("jose's reasons: got %+v", h.RiskReasons)
	}
	p, err = w.influencers(InfluencerQuery{Text: "esports"})
	if err != nil {
		t.Fatal(err)
	}
	if h := p.Items[0]; h.Rated || h.ERFollowers != 0 || h.SizeTier != "" || h.RiskReasons == nil || len(h.RiskReasons) != 0 {
		t.Errorf("gabe (unrated): got %+v", h)
	}
}

func TestInfluencers_StatsInvalid(t *testing.T) {
	w := newStatsWorld(t)
	cases := []struct {
		name string
		q    InfluencerQuery
		code domain.Code
		msg  string
	}{
		{"negative min ER", InfluencerQuery{MinER: -0.1}, domain.CodeInvalidArgument, "min_er"},
		{"max ER too big", InfluencerQuery{MaxER: 11}, domain.CodeInvalidArgument, "max_er"},
		{"NaN ER", InfluencerQuery{MinER: math.NaN()}, domain.CodeInvalidArgument, "min_er"},
		{"min above max", InfluencerQuery{MinER: 0.05, MaxER: 0.01}, domain.CodeInvalidArgument, "must not be above"},
		{"size tier", InfluencerQuery{SizeTier: "huge"}, domain.CodeInvalidArgument, "size_tier"},
		{"perf tier", InfluencerQuery{PerfTier: "D"}, domain.CodeInvalidArgument, "perf_tier"},
		{"risk level", InfluencerQuery{RiskLevel: "extreme"}, domain.CodeInvalidArgument, "risk_level"},
		{"hide high and high", InfluencerQuery{RiskLevel: RiskHigh, HideHighRisk: true}, domain.CodeInvalidArgument, "contradicts"},
		{"sort", InfluencerQuery{Sort: "popularity"}, domain.CodeInvalidArgument, "sort must be"},
		{"like not an id", InfluencerQuery{Like: "zoe"}, domain.CodeInvalidArgument, "like must be"},
		{"like with a sort", InfluencerQuery{Like: w.ids["zoe"], Sort: SortER}, domain.CodeInvalidArgument, "closeness"},
		{"like unknown", InfluencerQuery{Like: "00000000-0000-7000-8000-999999999999"}, domain.CodeNotFound, "not found"},
		{"like flagged", InfluencerQuery{Like: w.ids["fraud"]}, domain.CodeNotFound, "not found"},
		{"like unrated", InfluencerQuery{Like: w.ids["gabe"]}, domain.CodeInvalidArgument, "no analytics"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := w.influencers(c.q)
			if domain.ErrorCode(err) != c.code || err == nil || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %v, want %s containing %q", err, c.code, c.msg)
			}
		})
	}
}
