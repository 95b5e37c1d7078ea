package predict

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"sort"
	"testing"
	"time"

	"iescp/backend/analytics/synth"
)

var figures = flag.Bool("figures", false, "print the held-out figures of docs/prediction.md (1M synthetic posts)")

// TestFigures prints the figures docs/prediction.md quotes: the evaluation at
// 1,000,000 synthetic posts (50,000 influencers × 20, seed 1) and the test split
// broken down by size tier, platform and the planted fake-follower accounts.
//
//	go test ./backend/predict/ -run TestFigures -figures -v
func TestFigures(t *testing.T) {
	if !*figures {
		t.Skip("run with -figures")
	}
	infs, posts := synth.Generate(synth.Config{Seed: 1, Influencers: 50_000, PostsPerInfluencer: 20, Now: now, FakeShare: 0.02})
	profiles := make([]Profile, len(infs))
	fake := map[string]bool{}
	for i, inf := range infs {
		profiles[i] = Profile{ID: inf.ID, Category: inf.Category, Niche: inf.Niche, Followers: inf.Followers}
		fake[inf.ID] = inf.Fake
	}
	ctx := context.Background()
	start := time.Now()
	m, err := Train(ctx, profiles, posts, now)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	b, _ := json.Marshal(m)
	fmt.Printf("Train: %v for %d posts; model JSON %d bytes, %d features, candidate %s, λ ER %g views %g\n",
		took, m.Rows, len(b), len(m.Features), m.Candidate, m.ER.Lambda, m.Views.Lambda)
	ev := m.Metrics
	fmt.Printf("split: train %d, validation %d (from %v), test %d (from %v)\n", ev.TrainRows, ev.ValidationRows,
		ev.ValidationFrom, ev.TestRows, ev.TestFrom)
	for _, v := range ev.Validation {
		fmt.Printf("validation %-12s λ %-6g ER MAE %.4f pp, views MAE %.0f\n", v.Candidate, v.Lambda, v.ERMAE*100, v.ViewsMAE)
	}
	row := func(name string, c Comparison, scale float64) {
		fmt.Printf("%-16s %7d  model %8.3f %6.3f  tier median %8.3f %6.3f  own mean %8.3f %6.3f\n", name, c.Rows,
			c.Model.MAE*scale, c.Model.R2, c.TierMedian.MAE*scale, c.TierMedian.R2, c.OwnMean.MAE*scale, c.OwnMean.R2)
	}
	row("ER (pp)", ev.ER, 100)
	row("ER warm", ev.ERWarm, 100)
	row("ER cold start", ev.ERCold, 100)
	row("views", ev.Views, 1)
	row("views cold", ev.ViewsCold, 1)

	// the test split by group, refitted as Evaluate does
	d, _ := prepare(ctx, profiles, posts, now)
	l := newLayout(len(d.categories), len(d.niches), ev.Candidate == CandidateInteractions)
	h, g, _ := fit(ctx, d, l, setVal)
	er, v, _ := heads(ctx, d, &l, h, g, ev.LambdaER, ev.LambdaViews, setVal)
	base := baselines(d, h, setVal)
	groups := map[string]*comparison{}
	var f features
	for i := range d.rows {
		r := &d.rows[i]
		if r.set != setTest {
			continue
		}
		yE, yV := predictRow(&l, &f, r, h, &er, &v)
		aE, _, fol := actual(r)
		pE, _ := fromLog(yE, yV, &er, &v, fol)
		tE := base.tierER[r.tier]
		oE := tE
		if n := base.n[r.inf]; n > 0 {
			oE = base.sumER[r.inf] / float64(n)
		}
		keys := []string{"tier " + Tiers[r.tier], "platform " + platformName(r.plat)}
		if fake[d.influencers[r.inf]] {
			keys = append(keys, "planted fakes")
		}
		for _, k := range keys {
			if groups[k] == nil {
				groups[k] = &comparison{}
			}
			groups[k].add(pE, tE, oE, aE)
		}
	}
	var keys []string
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		row("ER "+k, groups[k].result(), 100)
	}
}

func platformName(i uint8) string { return []string{"instagram", "youtube", "tiktok", "x", "other"}[i] }
