package predict

import (
	"context"
	"errors"
	"math"
	"sync/atomic"
	"testing"
)

// A training row's target encoding leaves its own post out (otherwise the history
// feature sees the target and its coefficient is inflated): the Gram's history column
// sum is the sum, over the training rows, of the shrunk mean of the influencer's
// OTHER training posts.
func TestFit_TargetEncodingLeavesOwnPostOut(t *testing.T) {
	profiles, posts := synthetic(4, 300, 8)
	d, err := prepare(context.Background(), profiles, posts, now)
	if err != nil {
		t.Fatal(err)
	}
	l := newLayout(len(d.categories), len(d.niches), false)
	h, g, err := fit(context.Background(), d, l, setTrain)
	if err != nil {
		t.Fatal(err)
	}
	var prior float64
	var n int
	byInf := map[int32][]float64{}
	for i := range d.rows {
		if r := &d.rows[i]; r.set == setTrain {
			byInf[r.inf] = append(byInf[r.inf], float64(r.yER))
			prior += float64(r.yER)
			n++
		}
	}
	prior /= float64(n)
	want, known := 0.0, 0.0
	for _, ys := range byInf {
		for i := range ys {
			others := 0.0
			for j, y := range ys {
				if j != i {
					others += y
				}
			}
			want += (others + Shrinkage*prior) / (float64(len(ys)-1) + Shrinkage)
			if len(ys) > 1 {
				known++
			}
		}
	}
	if math.Abs(h.pER-prior) > 1e-9 || math.Abs(g.s[fHistory]-want) > 1e-6*math.Abs(want) || g.s[fKnown] != known {
		t.Fatalf("history column sum %.6f, want %.6f (prior %.6f/%.6f); known %v, want %v", g.s[fHistory], want, h.pER, prior, g.s[fKnown], known)
	}
}

// countdown is a context that ends after n calls of Err: training must notice it
// wherever it is.
type countdown struct {
	context.Context
	n atomic.Int64
}

func (c *countdown) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func TestTrain_StopsWhenContextEnds(t *testing.T) {
	profiles, posts := synthetic(5, 2000, 20)
	calls := 0
	for n := int64(1); ; n *= 2 {
		c := &countdown{Context: context.Background()}
		c.n.Store(n)
		m, err := Train(c, profiles, posts, now)
		if err == nil {
			if m == nil || calls < 10 {
				t.Fatalf("trained after %d checks", n)
			}
			t.Logf("training checks its context at least %d times on 40,000 posts", calls)
			return
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("after %d checks: %v", n, err)
		}
		calls = int(n)
	}
}

// Predict (the path the desktop uses) gives the same numbers as the path the
// evaluation scores, for a model's own training posts.
func TestPredict_MatchesTheEvaluatedPath(t *testing.T) {
	profiles, posts := synthetic(6, 1000, 10)
	ctx := context.Background()
	m, err := Train(ctx, profiles, posts, now)
	if err != nil {
		t.Fatal(err)
	}
	d, err := prepare(ctx, profiles, posts, now)
	if err != nil || len(d.rows) != len(posts) {
		t.Fatal(err)
	}
	l := newLayout(len(d.categories), len(d.niches), m.Candidate == CandidateInteractions)
	h, g, err := fit(ctx, d, l, setDropped)
	if err != nil {
		t.Fatal(err)
	}
	er, v, err := heads(ctx, d, &l, h, g, m.ER.Lambda, m.Views.Lambda, setDropped)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Profile{}
	for _, p := range profiles {
		byID[p.ID] = p
	}
	var f features
	for i := 0; i < len(posts); i += 37 {
		p := posts[i]
		yE, yV := predictRow(&l, &f, &d.rows[i], h, &er, &v)
		wantE, wantV := fromLog(yE, yV, &er, &v, float64(p.Followers))
		pr := byID[p.InfluencerID]
		in := pr.Input(p.Platform, p.ContentType, p.PostedAt, p.Sponsored)
		in.Followers = p.Followers
		got := m.Predict(in)
		// the model keeps four decimals of the influencers' mean log targets
		if math.Abs(got.ER-wantE) > 1e-4*wantE || math.Abs(got.Views-wantV) > 1e-4*wantV {
			t.Fatalf("post %d: Predict %v/%v, evaluated path %v/%v", i, got.ER, got.Views, wantE, wantV)
		}
	}
}
