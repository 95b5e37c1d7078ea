package predict

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"iescp/backend/analytics"
	"iescp/backend/analytics/synth"
)

var now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func synthetic(seed uint64, n, per int) ([]Profile, []analytics.Post) {
	infs, posts := synth.Generate(synth.Config{Seed: seed, Influencers: n, PostsPerInfluencer: per, Now: now, FakeShare: 0.02})
	profiles := make([]Profile, len(infs))
	for i, inf := range infs {
		profiles[i] = Profile{ID: inf.ID, Category: inf.Category, Niche: inf.Niche, Followers: inf.Followers}
	}
	return profiles, posts
}

// trained is one model on 100,000 synthetic posts, shared by the tests.
var trained = sync.OnceValues(func() (*Model, error) {
	profiles, posts := synthetic(1, 5000, 20)
	return Train(context.Background(), profiles, posts, now)
})

func model(t testing.TB) *Model {
	t.Helper()
	m, err := trained()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func beats(t *testing.T, what string, c Comparison, vsOwn bool) {
	t.Helper()
	if c.Rows < 500 {
		t.Fatalf("%s: only %d test rows", what, c.Rows)
	}
	if !(c.Model.MAE < c.TierMedian.MAE && c.Model.R2 > c.TierMedian.R2) {
		t.Errorf("%s: model %+v does not beat the tier median %+v", what, c.Model, c.TierMedian)
	}
	if vsOwn && !(c.Model.MAE < c.OwnMean.MAE && c.Model.R2 > c.OwnMean.R2) {
		t.Errorf("%s: model %+v does not beat the influencer's own mean %+v", what, c.Model, c.OwnMean)
	}
}

// The held-out evaluation: the model must beat both baselines on the test split, on
// MAE and R², for the engagement rate and the views; for cold-start influencers the
// own mean is the tier median, and the model must still beat it.
func TestTrain_BeatsBaselinesOnHeldOutSplit(t *testing.T) {
	m := model(t)
	ev := m.Metrics
	t.Logf("ER %+v\nwarm %+v\ncold %+v\nviews %+v\nviews cold %+v\ncandidate %s λ %g/%g, %d/%d/%d rows",
		ev.ER, ev.ERWarm, ev.ERCold, ev.Views, ev.ViewsCold, ev.Candidate, ev.LambdaER, ev.LambdaViews,
		ev.TrainRows, ev.ValidationRows, ev.TestRows)
	beats(t, "ER", ev.ER, true)
	beats(t, "ER warm", ev.ERWarm, true)
	beats(t, "ER cold start", ev.ERCold, false)
	beats(t, "views", ev.Views, true)
	beats(t, "views cold start", ev.ViewsCold, false)
	if ev.ER.Model.R2 < 0.35 {
		t.Errorf("ER R² %.3f: the model explains too little", ev.ER.Model.R2)
	}
	if ev.ER.Rows != ev.TestRows || ev.ERWarm.Rows+ev.ERCold.Rows != ev.TestRows {
		t.Errorf("test rows %d, scored %d = %d + %d", ev.TestRows, ev.ER.Rows, ev.ERWarm.Rows, ev.ERCold.Rows)
	}
}

// The split is by time: validation after training, test after validation, and the
// shares as documented.
func TestTrain_SplitByTime(t *testing.T) {
	m := model(t)
	ev := m.Metrics
	if !ev.ValidationFrom.Before(ev.TestFrom) || ev.TestFrom.After(now) {
		t.Fatalf("validation from %v, test from %v", ev.ValidationFrom, ev.TestFrom)
	}
	total := float64(ev.TrainRows + ev.ValidationRows + ev.TestRows)
	if s := float64(ev.TestRows) / 100_000; math.Abs(s-testShare) > 0.01 {
		t.Errorf("test share %.3f", s)
	}
	if s := float64(ev.ValidationRows) / 100_000; math.Abs(s-valShare) > 0.02 {
		t.Errorf("validation share %.3f", s)
	}
	if total > 100_000 || total < 100_000*(1-coldShare) {
		t.Errorf("%v rows in the splits", total)
	}
	if len(ev.Validation) != len(Candidates)*len(Lambdas) || m.Rows != 100_000 {
		t.Errorf("%d validation scores, %d rows", len(ev.Validation), m.Rows)
	}
	// the chosen pair is each candidate's best by validation MAE, and the richer
	// candidate only if it gains more than MinGain
	bestOf := func(cand string, mae func(CandidateScore) float64) CandidateScore {
		var of []CandidateScore
		for _, v := range ev.Validation {
			if v.Candidate == cand {
				of = append(of, v)
			}
		}
		return slices.MinFunc(of, func(a, b CandidateScore) int { return cmpF(mae(a), mae(b)) })
	}
	erMAE := func(c CandidateScore) float64 { return c.ERMAE }
	viewsMAE := func(c CandidateScore) float64 { return c.ViewsMAE }
	base, inter := bestOf(CandidateBase, erMAE), bestOf(CandidateInteractions, erMAE)
	want := base
	if inter.ERMAE < base.ERMAE*(1-MinGain) {
		want = inter
	}
	if want.Candidate != ev.Candidate || want.Lambda != ev.LambdaER || bestOf(want.Candidate, viewsMAE).Lambda != ev.LambdaViews ||
		m.Candidate != ev.Candidate || m.ER.Lambda != ev.LambdaER || m.Views.Lambda != ev.LambdaViews {
		t.Errorf("chose %s/%g/%g, want %+v", ev.Candidate, ev.LambdaER, ev.LambdaViews, want)
	}
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// The documented dependencies come out of the model: reels above photos, smaller
// accounts above bigger ones, sponsored below, evening above night.
func TestPredict_LearnsTheDependencies(t *testing.T) {
	m := model(t)
	in := Input{InfluencerID: "new", Category: "Food", Niche: "Baking", Followers: 30_000, Platform: "instagram",
		ContentType: "photo", Weekday: time.Wednesday, Hour: 12}
	base := m.Predict(in)
	with := func(f func(*Input)) Prediction {
		x := in
		f(&x)
		return m.Predict(x)
	}
	if p := with(func(x *Input) { x.ContentType = "reel" }); !(p.ER > 1.2*base.ER && p.Views > base.Views) {
		t.Errorf("reel %+v vs photo %+v", p, base)
	}
	if p := with(func(x *Input) { x.Followers = 3_000_000 }); !(p.ER < 0.7*base.ER && p.Views > 10*base.Views) {
		t.Errorf("mega %+v vs micro %+v", p, base)
	}
	if p := with(func(x *Input) { x.Sponsored = true }); !(p.ER < base.ER) {
		t.Errorf("sponsored %+v vs %+v", p, base)
	}
	if p := with(func(x *Input) { x.Hour = 19 }); !(p.ER > base.ER) {
		t.Errorf("19:00 %+v vs 12:00 %+v", p, base)
	}
	if p := with(func(x *Input) { x.Hour = 3 }); !(p.ER < base.ER) {
		t.Errorf("03:00 %+v vs 12:00 %+v", p, base)
	}
	if p := with(func(x *Input) { x.Followers = 0 }); p.ER != 0 || p.Views != 0 || p.Reasons == nil || len(p.Reasons) != 0 {
		t.Errorf("no followers: %+v", p)
	}
	if base.ER < 0.005 || base.ER > 0.2 || base.Views < 1000 {
		t.Errorf("implausible %+v", base)
	}
}

// Each reason is its group's contribution coef·(x − mean), computed here from the
// feature names, turned into points; the top three by |effect|, in that order.
func TestPredict_Reasons(t *testing.T) {
	// the shared model, and one of the other candidate (its interactions count
	// towards content_type and audience_size)
	saved := Candidates
	Candidates = []string{CandidateInteractions}
	profiles, posts := synthetic(1, 1000, 20)
	inter, err := Train(context.Background(), profiles, posts, now)
	Candidates = saved
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []*Model{model(t), inter} {
		t.Run(m.Candidate, func(t *testing.T) { checkReasons(t, m, profiles[:50]) })
	}
}

func checkReasons(t *testing.T, m *Model, profiles []Profile) {
	n := 0
	for _, p := range profiles {
		for plat := range p.Followers {
			for _, ct := range []string{"photo", "reel", "short", "video", "text"} {
				in := p.Input(plat, ct, now.Add(-time.Duration(n)*7*time.Hour), n%3 == 0)
				if n%2 == 1 {
					in.InfluencerID = "new-" + in.InfluencerID // cold start
				}
				pred := m.Predict(in)
				if pred.ER == 0 {
					continue
				}
				n++
				want := groupEffects(t, m, in, pred.ER)
				if len(pred.Reasons) != MaxReasons {
					t.Fatalf("%d reasons", len(pred.Reasons))
				}
				for i, r := range pred.Reasons {
					if i > 0 && math.Abs(r.EffectPP) > math.Abs(pred.Reasons[i-1].EffectPP) {
						t.Fatalf("reasons not sorted: %+v", pred.Reasons)
					}
					w := want[i]
					if r.Code != w.Code || r.Value != w.Value || math.Abs(r.EffectPP-w.EffectPP) > 1e-9 {
						t.Fatalf("reason %d = %+v, want %+v (all %+v)", i, r, w, want)
					}
				}
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d predictions", n)
	}
}

// groupEffects recomputes every group's effect from the model's feature names.
func groupEffects(t *testing.T, m *Model, in Input, er float64) []Reason {
	t.Helper()
	tier := Tiers[tierOf(in.Followers)]
	hist := "0"
	for _, h := range m.Influencers {
		if h.ID == in.InfluencerID {
			hist = itoa(h.Posts)
		}
	}
	hb := HourBuckets[in.Hour/3]
	day := strings.ToLower(in.Weekday.String())
	x := func(name string) (float64, bool) {
		code, val, _ := strings.Cut(name, "=")
		switch code {
		case "log_followers":
			return math.Log(float64(in.Followers) + 1), true
		case "sponsored":
			return b2f(in.Sponsored), true
		case "known":
			return b2f(hist != "0"), true
		case "history":
			return 0, true // filled below
		case "tier":
			return b2f(val == tier), true
		case "platform":
			return b2f(val == in.Platform), true
		case "content_type":
			return b2f(val == in.ContentType), true
		case "weekday":
			return b2f(val == day), true
		case "hour":
			return b2f(val == hb), true
		case "category":
			return b2f(val == strings.ToLower(in.Category)), true
		case "niche":
			return b2f(val == strings.ToLower(in.Category+"/"+in.Niche)), true
		case "platform_content":
			return b2f(val == in.Platform+"/"+in.ContentType), true
		case "platform_size":
			return b2f(val == in.Platform+"/"+tier), true
		}
		t.Fatalf("unknown feature %q", name)
		return 0, false
	}
	groups := map[string]float64{}
	values := map[string]string{"audience_size": tier, "sponsored": map[bool]string{true: "yes", false: "no"}[in.Sponsored],
		"history": hist, "platform": in.Platform, "content_type": in.ContentType, "weekday": day, "hour": hb,
		"category": in.Category, "niche": in.Niche}
	code := map[string]string{"log_followers": "audience_size", "tier": "audience_size", "known": "history",
		"platform_content": "content_type", "platform_size": "audience_size"}
	for k, name := range m.Features {
		v, _ := x(name)
		if name == "history" {
			v = m.ER.Prior
			for _, h := range m.Influencers {
				if h.ID == in.InfluencerID {
					v = (h.MeanLogER*float64(h.Posts) + Shrinkage*m.ER.Prior) / (float64(h.Posts) + Shrinkage)
				}
			}
		}
		c, _, _ := strings.Cut(name, "=")
		if g, ok := code[c]; ok {
			c = g
		}
		groups[c] += m.ER.Coef[k] * (v - m.ER.Mean[k])
	}
	var out []Reason
	for c, g := range groups {
		if g != 0 {
			out = append(out, Reason{Code: c, Value: values[c], EffectPP: er * (1 - math.Exp(-g)) * 100})
		}
	}
	sort.Slice(out, func(i, j int) bool { return math.Abs(out[i].EffectPP) > math.Abs(out[j].EffectPP) })
	return out
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestPredict_CheapAndDeterministic(t *testing.T) {
	m := model(t)
	in := Input{InfluencerID: "syn-7", Category: "Pets", Niche: "Cats", Followers: 12_000, Platform: "tiktok",
		ContentType: "short", Weekday: time.Saturday, Hour: 20}
	allocs := testing.AllocsPerRun(100, func() { m.Predict(in) })
	if allocs > 1 {
		t.Errorf("Predict allocates %.0f times", allocs)
	}
	profiles, posts := synthetic(1, 5000, 20)
	again, err := Train(context.Background(), profiles, posts, now)
	if err != nil {
		t.Fatal(err)
	}
	again.Metrics.Seconds = m.Metrics.Seconds
	a, _ := json.Marshal(m)
	b, _ := json.Marshal(again)
	if string(a) != string(b) {
		t.Error("training twice on the same posts gave different models")
	}
}

func TestModel_JSON(t *testing.T) {
	m := model(t)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("model JSON: %d bytes (%d influencers, %d features)", len(b), len(m.Influencers), len(m.Features))
	var back Model
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	known, ok := m.History("syn-3")
	if !ok || known.Posts == 0 {
		t.Fatalf("the trained model has no history of syn-3: %+v", known)
	}
	if _, ok := back.History("syn-3"); ok {
		t.Error("the model read from its JSON has the histories it should leave to the stats rows")
	}
	var probe map[string]json.RawMessage
	_ = json.Unmarshal(b, &probe)
	// format 1: the same model with the histories in its JSON, as an older server wrote it
	probe["format"] = json.RawMessage(`1`)
	probe["influencers"], _ = json.Marshal(m.Influencers)
	v1, _ := json.Marshal(probe)
	var old Model
	if err := json.Unmarshal(v1, &old); err != nil {
		t.Fatalf("a format-1 model: %v", err)
	}
	known3 := Input{InfluencerID: "syn-3", Category: "Tech", Niche: "AI Tools", Followers: 800_000, Platform: "youtube", ContentType: "video", Weekday: time.Monday, Hour: 9}
	withHistory := known3
	withHistory.History = &known
	nobody := Input{InfluencerID: "nobody", Category: "Unknown", Niche: "x", Followers: 2_000, Platform: "x", ContentType: "text", Weekday: time.Sunday, Hour: 23, Sponsored: true}
	for _, c := range []struct {
		name   string
		m      *Model
		in     Input
		unlike bool // the prediction must differ from the trained model's (the history is missing)
	}{
		{"trained, history given", m, withHistory, false},
		{"JSON, history given", &back, withHistory, false},
		{"JSON, no history: a new influencer", &back, known3, true},
		{"format 1, its own history", &old, known3, false},
		{"JSON, unknown", &back, nobody, false},
		{"format 1, unknown", &old, nobody, false},
	} {
		ref := known3
		if c.in.InfluencerID == nobody.InfluencerID {
			ref = nobody
		}
		p, q := m.Predict(ref), c.m.Predict(c.in)
		same := p.ER == q.ER && p.Views == q.Views && slices.Equal(p.Reasons, q.Reasons)
		if p.ER == 0 || same == c.unlike {
			t.Errorf("%s: %+v, the trained model %+v", c.name, q, p)
		}
	}
	for _, k := range []string{"format", "version", "trained_at", "rows", "metrics", "candidate", "er", "views", "features"} {
		if _, ok := probe[k]; !ok {
			t.Errorf("model JSON has no %q", k)
		}
	}
	if bytes.Contains(b, []byte(`"influencers"`)) || !bytes.Contains(b, []byte(`"format":2`)) {
		t.Errorf("the model's JSON is not format 2 without histories: %.200s", b)
	}
	if len(b) > 32<<10 {
		t.Errorf("model JSON of %d bytes: the histories belong in the stats rows", len(b))
	}
	pj, _ := json.Marshal(m.Predict(Input{InfluencerID: "syn-1", Category: "Tech", Niche: "AI Tools", Followers: 5000,
		Platform: "youtube", ContentType: "short", Weekday: time.Friday, Hour: 18}))
	var shape struct {
		ER      *float64 `json:"er"`
		Views   *float64 `json:"views"`
		Reasons []map[string]any
	}
	if err := json.Unmarshal(pj, &shape); err != nil || shape.ER == nil || shape.Views == nil || len(shape.Reasons) != MaxReasons ||
		shape.Reasons[0]["code"] == nil || shape.Reasons[0]["value"] == nil || shape.Reasons[0]["effect_pp"] == nil {
		t.Errorf("prediction JSON %s", pj)
	}
	var other Model
	if err := json.Unmarshal([]byte(strings.Replace(string(b), `"format":2`, `"format":3`, 1)), &other); !errors.Is(err, ErrFormat) {
		t.Errorf("format 3: %v", err)
	}
	if err := json.Unmarshal([]byte(strings.Replace(string(b), `"coef":[`, `"coef":[1,`, 1)), &other); !errors.Is(err, ErrFormat) {
		t.Errorf("an extra coefficient: %v", err)
	}
	if p := (&Model{}).Predict(Input{Followers: 10, Platform: "x", ContentType: "text"}); p.ER != 0 || p.Reasons == nil || len(p.Reasons) != 0 {
		t.Errorf("an empty model predicts %+v", p)
	}
}

func TestTrain_BoundedAndValidated(t *testing.T) {
	profiles, posts := synthetic(2, 1000, 20)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Train(ctx, profiles, posts, now); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	ctx, cancel = context.WithDeadline(context.Background(), now) // long past on any clock
	defer cancel()
	if _, err := Train(ctx, profiles, posts, now); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("past deadline: %v", err)
	}
	if _, err := Train(context.Background(), profiles, posts[:150], now); !errors.Is(err, ErrTooFewPosts) {
		t.Errorf("150 posts: %v", err)
	}
	// unusable posts are skipped: no followers, unknown platform or type, in the future
	bad := slices.Clone(posts[:400])
	for i := range bad {
		switch i % 4 {
		case 0:
			bad[i].Followers = 0
		case 1:
			bad[i].Platform = "myspace"
		case 2:
			bad[i].ContentType = "hologram"
		case 3:
			bad[i].PostedAt = now.Add(time.Hour)
		}
	}
	if _, err := Train(context.Background(), profiles, append(bad, posts[:190]...), now); !errors.Is(err, ErrTooFewPosts) {
		t.Errorf("190 good posts among 590: %v", err)
	}
	m, err := Train(context.Background(), profiles, append(bad, posts...), now)
	if err != nil || m.Rows != len(posts) {
		t.Fatalf("rows %v, %v", m, err)
	}
}

func BenchmarkTrain1M(b *testing.B) {
	profiles, posts := synthetic(1, 50_000, 20)
	b.ResetTimer()
	var m *Model
	for b.Loop() {
		var err error
		if m, err = Train(context.Background(), profiles, posts, now); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(m.Rows), "rows")
	b.ReportMetric(m.Metrics.ER.Model.MAE*100, "ER_MAE_pp")
	b.ReportMetric(m.Metrics.ER.Model.R2, "ER_R2")
}

func BenchmarkPredict(b *testing.B) {
	m := model(b)
	in := Input{InfluencerID: "syn-7", Category: "Pets", Niche: "Cats", Followers: 12_000, Platform: "tiktok",
		ContentType: "short", Weekday: time.Saturday, Hour: 20}
	for b.Loop() {
		m.Predict(in)
	}
}

// Known influencers are predicted from their own past: against the same post by an
// unknown influencer, the prediction moves with the influencer's own mean.
func TestPredict_UsesOwnHistory(t *testing.T) {
	m := model(t)
	var xs, ys []float64
	for _, h := range m.Influencers[:1000] {
		in := Input{InfluencerID: h.ID, Category: "Food", Niche: "Baking", Followers: 30_000, Platform: "instagram",
			ContentType: "photo", Weekday: time.Wednesday, Hour: 12}
		own := m.Predict(in)
		in.InfluencerID = "unknown"
		xs = append(xs, h.MeanLogER)
		ys = append(ys, math.Log(own.ER/m.Predict(in).ER))
	}
	if c := corr(xs, ys); !(c >= 0.9) {
		t.Errorf("correlation of the own mean and the prediction's lift %.3f", c)
	}
}

func corr(xs, ys []float64) float64 {
	var sx, sy, sxx, syy, sxy float64
	n := float64(len(xs))
	for i := range xs {
		sx += xs[i]
		sy += ys[i]
		sxx += xs[i] * xs[i]
		syy += ys[i] * ys[i]
		sxy += xs[i] * ys[i]
	}
	return (sxy - sx*sy/n) / math.Sqrt((sxx-sx*sx/n)*(syy-sy*sy/n))
}
