package predict

import (
	"context"
	"math"
	"slices"
	"time"

	"iescp/backend/analytics"
)

// Evaluate runs the training recipe without the final fit: it splits the posts
// (docs/prediction.md, "The split"), chooses the feature set and the penalties on the
// validation split, refits on training + validation and scores the model and the
// baselines on the test split. Train calls it and stores the result as Model.Metrics.
func Evaluate(ctx context.Context, influencers []Profile, posts []analytics.Post, now time.Time) (Eval, error) {
	d, err := prepare(ctx, influencers, posts, now)
	if err != nil {
		return Eval{}, err
	}
	return evaluate(ctx, d)
}

// Train fits a model on all the usable posts (followers > 0, a known platform and
// content type, not after now) with the feature set and penalties the held-out
// evaluation chose, and returns it with that evaluation as Metrics. It stops with
// ctx's error when ctx ends (the server gives the job a deadline). TrainedAt is now.
func Train(ctx context.Context, influencers []Profile, posts []analytics.Post, now time.Time) (*Model, error) {
	d, err := prepare(ctx, influencers, posts, now)
	if err != nil {
		return nil, err
	}
	ev, err := evaluate(ctx, d)
	if err != nil {
		return nil, err
	}
	l := newLayout(len(d.categories), len(d.niches), ev.Candidate == CandidateInteractions)
	h, g, err := fit(ctx, d, l, setDropped)
	if err != nil {
		return nil, err
	}
	er, v, err := heads(ctx, d, &l, h, g, ev.LambdaER, ev.LambdaViews, setDropped)
	if err != nil {
		return nil, err
	}
	m := &Model{Format: Format, TrainedAt: now.UTC(), Rows: h.nRows, Metrics: ev, Candidate: ev.Candidate,
		Shrinkage: Shrinkage, Categories: d.categories, Niches: d.niches, Features: l.names(d.categories, d.niches),
		ER: er, Views: v}
	for i, id := range d.influencers {
		if n := h.n[i]; n > 0 {
			m.Influencers = append(m.Influencers, History{ID: id, Posts: int(n),
				MeanLogER: round4(h.sER[i] / float64(n)), MeanLogViews: round4(h.sV[i] / float64(n))})
		}
	}
	if err := m.build(); err != nil {
		return nil, err
	}
	return m, nil
}

// round4 keeps four decimals of a mean log target (a relative error of at most
// 5e-5 in the prediction): the influencers' list is most of the model's JSON, and
// the full float64 digits would add a third to it.
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// heads solves both heads and sets their priors and smearing factors.
func heads(ctx context.Context, d *data, l *layout, h *history, g *gram, lambdaER, lambdaV float64, maxSet uint8) (Head, Head, error) {
	er, err := g.solve(false, lambdaER)
	if err != nil {
		return Head{}, Head{}, err
	}
	v, err := g.solve(true, lambdaV)
	if err != nil {
		return Head{}, Head{}, err
	}
	er.Prior, v.Prior = h.pER, h.pV
	if err := smear(ctx, d, l, h, &er, &v, maxSet); err != nil {
		return Head{}, Head{}, err
	}
	return er, v, nil
}

// actual is a row's engagement rate and views (undoing the log's +0.5).
func actual(r *row) (er, views, followers float64) {
	followers = math.Exp(float64(r.logF)) - 1
	return math.Exp(float64(r.yER)) - 0.5/followers, math.Exp(float64(r.yV))*followers - 0.5, followers
}

func fromLog(yE, yV float64, er, v *Head, followers float64) (float64, float64) {
	return math.Max(math.Exp(yE)*er.Smear-0.5/followers, 0), math.Max(math.Exp(yV)*v.Smear*followers-0.5, 0)
}

func evaluate(ctx context.Context, d *data) (Eval, error) {
	start := time.Now()
	ev := Eval{Split: "time; 5% of influencers held out as cold start"}
	minT := [setDropped + 1]int64{math.MaxInt64, math.MaxInt64, math.MaxInt64, math.MaxInt64}
	for i := range d.rows {
		r := &d.rows[i]
		switch r.set {
		case setTrain:
			ev.TrainRows++
		case setVal:
			ev.ValidationRows++
		case setTest:
			ev.TestRows++
		}
		minT[r.set] = min(minT[r.set], r.t)
	}
	if ev.TrainRows == 0 || ev.ValidationRows == 0 || ev.TestRows == 0 {
		return Eval{}, ErrTooFewPosts
	}
	ev.ValidationFrom, ev.TestFrom = time.Unix(minT[setVal], 0).UTC(), time.Unix(minT[setTest], 0).UTC()

	// choose the candidate and the penalties on the validation split: each
	// candidate's best λ (per head); a later, richer candidate replaces the chosen
	// one only if its ER MAE is lower by more than MinGain
	bestER := math.Inf(1)
	for _, cand := range Candidates {
		l := newLayout(len(d.categories), len(d.niches), cand == CandidateInteractions)
		h, g, err := fit(ctx, d, l, setTrain)
		if err != nil {
			return Eval{}, err
		}
		candER, candLambdaER := math.Inf(1), 0.0
		candV, candLambdaV := math.Inf(1), 0.0
		for _, lambda := range Lambdas {
			er, v, err := heads(ctx, d, &l, h, g, lambda, lambda, setTrain)
			if err != nil {
				return Eval{}, err
			}
			var sE, sV scorer
			var f features
			for i := range d.rows {
				r := &d.rows[i]
				if r.set != setVal {
					continue
				}
				yE, yV := predictRow(&l, &f, r, h, &er, &v)
				aE, aV, fol := actual(r)
				pE, pV := fromLog(yE, yV, &er, &v, fol)
				sE.add(pE, aE)
				sV.add(pV, aV)
			}
			cs := CandidateScore{Candidate: cand, Lambda: lambda, ERMAE: sE.metric().MAE, ViewsMAE: sV.metric().MAE}
			ev.Validation = append(ev.Validation, cs)
			if cs.ERMAE < candER {
				candER, candLambdaER = cs.ERMAE, lambda
			}
			if cs.ViewsMAE < candV {
				candV, candLambdaV = cs.ViewsMAE, lambda
			}
		}
		if candER < bestER*(1-MinGain) {
			bestER, ev.Candidate, ev.LambdaER, ev.LambdaViews = candER, cand, candLambdaER, candLambdaV
		}
	}

	// refit on training + validation, score on the test split
	l := newLayout(len(d.categories), len(d.niches), ev.Candidate == CandidateInteractions)
	h, g, err := fit(ctx, d, l, setVal)
	if err != nil {
		return Eval{}, err
	}
	er, v, err := heads(ctx, d, &l, h, g, ev.LambdaER, ev.LambdaViews, setVal)
	if err != nil {
		return Eval{}, err
	}
	base := baselines(d, h, setVal)
	var all, warm, cold, views, viewsCold comparison
	var f features
	for i := range d.rows {
		if i&0x3fff == 0 {
			if err := ctx.Err(); err != nil {
				return Eval{}, err
			}
		}
		r := &d.rows[i]
		if r.set != setTest {
			continue
		}
		yE, yV := predictRow(&l, &f, r, h, &er, &v)
		aE, aV, fol := actual(r)
		pE, pV := fromLog(yE, yV, &er, &v, fol)
		tE, tV := base.tierER[r.tier], base.tierViewsPF[r.tier]*fol
		oE, oV := tE, tV
		if n := base.n[r.inf]; n > 0 {
			oE, oV = base.sumER[r.inf]/float64(n), base.sumViews[r.inf]/float64(n)
		}
		all.add(pE, tE, oE, aE)
		views.add(pV, tV, oV, aV)
		if base.n[r.inf] > 0 {
			warm.add(pE, tE, oE, aE)
		} else {
			cold.add(pE, tE, oE, aE)
			viewsCold.add(pV, tV, oV, aV)
		}
	}
	ev.ER, ev.ERWarm, ev.ERCold, ev.Views, ev.ViewsCold = all.result(), warm.result(), cold.result(), views.result(), viewsCold.result()
	ev.Seconds = time.Since(start).Seconds()
	return ev, nil
}

type comparison struct{ model, tier, own scorer }

func (c *comparison) add(model, tier, own, y float64) {
	c.model.add(model, y)
	c.tier.add(tier, y)
	c.own.add(own, y)
}

func (c *comparison) result() Comparison {
	return Comparison{Rows: c.model.n, Model: c.model.metric(), TierMedian: c.tier.metric(), OwnMean: c.own.metric()}
}

// baseline holds the naive predictors fitted on the rows with set ≤ maxSet: each
// size tier's median engagement rate and median views per follower, and each
// influencer's mean engagement rate and views.
type baseline struct {
	tierER, tierViewsPF [5]float64
	n                   []int32
	sumER, sumViews     []float64
}

func baselines(d *data, h *history, maxSet uint8) *baseline {
	b := &baseline{n: h.n, sumER: make([]float64, len(d.influencers)), sumViews: make([]float64, len(d.influencers))}
	var ers, vpf [5][]float64
	for i := range d.rows {
		r := &d.rows[i]
		if r.set > maxSet {
			continue
		}
		aE, aV, fol := actual(r)
		ers[r.tier] = append(ers[r.tier], aE)
		vpf[r.tier] = append(vpf[r.tier], aV/fol)
		b.sumER[r.inf] += aE
		b.sumViews[r.inf] += aV
	}
	median := func(xs []float64) float64 {
		if len(xs) == 0 {
			return 0
		}
		slices.Sort(xs)
		return xs[len(xs)/2]
	}
	for t := range 5 {
		b.tierER[t], b.tierViewsPF[t] = median(ers[t]), median(vpf[t])
	}
	return b
}
