package predict

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"sort"
	"time"

	"gonum.org/v1/gonum/mat"

	"iescp/backend/analytics"
)

// The training recipe's fixed choices (docs/prediction.md).
var (
	// Lambdas is the ridge penalty grid the validation split chooses from (on the
	// features' covariance scale, so independent of the number of rows).
	Lambdas = []float64{1e-5, 1e-4, 1e-3, 1e-2, 1e-1}
	// Candidates are the feature sets the validation split chooses from, simplest
	// first.
	Candidates = []string{CandidateBase, CandidateInteractions}
)

const (
	CandidateBase         = "base"         // the features of docs/prediction.md
	CandidateInteractions = "interactions" // base + platform×content type and platform×size tier

	// Shrinkage is the target encoding's prior weight: an influencer's own mean
	// counts n/(n+Shrinkage) against the training mean.
	Shrinkage = 5.0
	// minLevelPosts is how many posts a category or niche needs for its own slot.
	minLevelPosts = 30
	// MinGain is how much lower (relatively) a richer candidate's validation ER MAE
	// must be to be chosen over a simpler one: a smaller edge is noise, and the
	// simpler model is smaller and easier to explain.
	MinGain = 0.005
	// MinPosts is the fewest usable posts Train accepts.
	MinPosts = 200

	valShare, testShare = 0.15, 0.2 // the latest 20 % of time is the test split, the 15 % before it validation
	coldShare           = 0.05      // influencers held out entirely, to measure cold start
)

// ErrTooFewPosts is returned by Train and Evaluate when fewer than MinPosts posts are
// usable (followers > 0, a known platform and content type, not after now).
var ErrTooFewPosts = errors.New("predict: too few posts to train on")

// data is the posts encoded for the fits, with the vocabularies.
type data struct {
	rows        []row
	influencers []string // index → id
	categories  []string
	niches      []string
}

// prepare validates and encodes the posts, builds the category and niche
// vocabularies (values with at least minLevelPosts posts) and splits the rows.
func prepare(ctx context.Context, profiles []Profile, posts []analytics.Post, now time.Time) (*data, error) {
	type prof struct{ cat, niche string }
	byID := make(map[string]prof, len(profiles))
	for _, p := range profiles {
		byID[p.ID] = prof{normalise(p.Category), nicheKey(p.Category, p.Niche)}
	}
	texts := make([]prof, 0, len(posts))
	d := &data{rows: make([]row, 0, len(posts))}
	infIdx := map[string]int32{}
	catCount, nicheCount := map[string]int{}, map[string]int{}
	for i, p := range posts {
		if i&0xffff == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		plat, ct := indexOf(analytics.Platforms, p.Platform), indexOf(analytics.ContentTypes, p.ContentType)
		if p.Followers <= 0 || plat < 0 || ct < 0 || p.PostedAt.After(now) || p.Views < 0 || p.Engagements() < 0 {
			continue
		}
		ix, ok := infIdx[p.InfluencerID]
		if !ok {
			ix = int32(len(d.influencers))
			infIdx[p.InfluencerID] = ix
			d.influencers = append(d.influencers, p.InfluencerID)
		}
		pr := byID[p.InfluencerID]
		catCount[pr.cat]++
		nicheCount[pr.niche]++
		texts = append(texts, pr)
		at := p.PostedAt.UTC()
		f := float64(p.Followers)
		d.rows = append(d.rows, row{
			t: at.Unix(), inf: ix, logF: float32(logFollowers(p.Followers)),
			yER:  float32(math.Log((float64(p.Engagements()) + 0.5) / f)),
			yV:   float32(math.Log((float64(p.Views) + 0.5) / f)),
			tier: uint8(tierOf(p.Followers)), plat: uint8(plat), ctype: uint8(ct),
			day: uint8(at.Weekday()), hour: uint8(hourBucket(at.Hour())), sponsored: p.Sponsored,
		})
	}
	if len(d.rows) < MinPosts {
		return nil, fmt.Errorf("%w: %d usable of %d (at least %d)", ErrTooFewPosts, len(d.rows), len(posts), MinPosts)
	}
	vocab := func(counts map[string]int) []string {
		var out []string
		for k, n := range counts {
			if n >= minLevelPosts && k != "" && k != "/" {
				out = append(out, k)
			}
		}
		sort.Strings(out)
		return out
	}
	d.categories, d.niches = vocab(catCount), vocab(nicheCount)
	catIx, nicheIx := map[string]int{}, map[string]int{}
	for i, c := range d.categories {
		catIx[c] = i
	}
	for i, n := range d.niches {
		nicheIx[n] = i
	}
	for i := range d.rows {
		c, ok := catIx[texts[i].cat]
		if !ok {
			c = len(d.categories)
		}
		n, ok := nicheIx[texts[i].niche]
		if !ok {
			n = len(d.niches)
		}
		d.rows[i].cat, d.rows[i].niche = uint16(c), uint16(n)
	}
	d.split()
	return d, nil
}

// split assigns the rows: a stable 5 % of the influencers (by a hash of the id) are
// cold — their posts in the test period are tested, the earlier ones used nowhere;
// of the rest, posts in the latest 20 % of the time range are the test split, the
// 15 % before them validation, the rest training.
func (d *data) split() {
	times := make([]int64, len(d.rows))
	for i := range d.rows {
		times[i] = d.rows[i].t
	}
	slices.Sort(times)
	cutTest := times[int(float64(len(times))*(1-testShare))]
	cutVal := times[int(float64(len(times))*(1-testShare-valShare))]
	cold := make([]bool, len(d.influencers))
	for i, id := range d.influencers {
		h := fnv.New64a()
		_, _ = h.Write([]byte(id))
		cold[i] = float64(h.Sum64()%10000)/10000 < coldShare
	}
	for i := range d.rows {
		r := &d.rows[i]
		switch {
		case r.t >= cutTest:
			r.set = setTest
		case cold[r.inf]:
			r.set = setDropped
		case r.t >= cutVal:
			r.set = setVal
		default:
			r.set = setTrain
		}
	}
}

// history is the per-influencer sums of a fit's training rows (the target encoding).
type history struct {
	n       []int32
	sER, sV []float64
	pER, pV float64 // the training means: the priors
	nRows   int
}

func (h *history) encode(inf int32, yER, yV float64, own bool) (er, v float64, known bool) {
	n, sE, sV := float64(h.n[inf]), h.sER[inf], h.sV[inf]
	if own { // leave the row's own target out (a training row)
		n, sE, sV = n-1, sE-yER, sV-yV
	}
	return (sE + Shrinkage*h.pER) / (n + Shrinkage), (sV + Shrinkage*h.pV) / (n + Shrinkage), n > 0
}

// gram accumulates X'X, X'y and the column sums of the training rows for both heads.
// The two heads' designs differ only in the history column: the ER head's is in g,
// the views head's cross-products with it in gV.
type gram struct {
	p          int
	n          float64
	g          []float64 // p×p, upper triangle (ER design)
	s          []float64 // column sums (ER design)
	xyE, xyV   []float64 // X'y of each head (in its own design)
	gV         []float64 // Σ x_a · historyV for a ≠ fHistory; at fHistory Σ historyV²
	sHV        float64   // Σ historyV
	sumE, sumV float64
}

func (l layout) rowFeatures(f *features, r *row, hE float64, known bool) {
	l.encode(f, float64(r.logF), r.sponsored, hE, known, int(r.tier), int(r.plat), int(r.ctype),
		int(r.day), int(r.hour), int(r.cat), int(r.niche))
}

// fit accumulates the rows with set ≤ maxSet and returns the history and Gram.
func fit(ctx context.Context, d *data, l layout, maxSet uint8) (*history, *gram, error) {
	h := &history{n: make([]int32, len(d.influencers)), sER: make([]float64, len(d.influencers)), sV: make([]float64, len(d.influencers))}
	for i := range d.rows {
		r := &d.rows[i]
		if r.set <= maxSet {
			h.n[r.inf]++
			h.sER[r.inf] += float64(r.yER)
			h.sV[r.inf] += float64(r.yV)
			h.pER += float64(r.yER)
			h.pV += float64(r.yV)
			h.nRows++
		}
	}
	if h.nRows == 0 {
		return nil, nil, ErrTooFewPosts
	}
	h.pER /= float64(h.nRows)
	h.pV /= float64(h.nRows)
	p := l.p
	g := &gram{p: p, g: make([]float64, p*p), s: make([]float64, p), xyE: make([]float64, p), xyV: make([]float64, p), gV: make([]float64, p)}
	var f features
	for i := range d.rows {
		if i&0x3fff == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		r := &d.rows[i]
		if r.set > maxSet {
			continue
		}
		yE, yV := float64(r.yER), float64(r.yV)
		hE, hV, known := h.encode(r.inf, yE, yV, true)
		l.rowFeatures(&f, r, hE, known)
		g.n++
		g.sumE += yE
		g.sumV += yV
		g.sHV += hV
		for a := 0; a < f.n; a++ {
			ia, va := int(f.idx[a]), f.val[a]
			g.s[ia] += va
			g.xyE[ia] += va * yE
			if ia == fHistory {
				g.xyV[ia] += hV * yV
				g.gV[ia] += hV * hV
			} else {
				g.xyV[ia] += va * yV
				g.gV[ia] += va * hV
			}
			rowG := g.g[ia*p:]
			for b := a; b < f.n; b++ {
				rowG[f.idx[b]] += va * f.val[b]
			}
		}
	}
	return h, g, nil
}

// solve returns the ridge coefficients of one head for penalty lambda: the centred
// normal equations (Cov + λI) β = Cov(x, y), intercept unpenalised.
func (g *gram) solve(views bool, lambda float64) (Head, error) {
	p, n := g.p, g.n
	mean := make([]float64, p)
	copy(mean, g.s)
	xy, sumY := g.xyE, g.sumE
	if views {
		mean[fHistory] = g.sHV
		xy, sumY = g.xyV, g.sumV
	}
	for a := range mean {
		mean[a] /= n
	}
	yBar := sumY / n
	cov := mat.NewSymDense(p, nil)
	rhs := mat.NewVecDense(p, nil)
	for a := 0; a < p; a++ {
		for b := a; b < p; b++ {
			v := g.g[a*p+b]
			if views && (a == fHistory || b == fHistory) {
				v = g.gV[a+b-fHistory] // the other index (or fHistory itself)
			}
			c := v/n - mean[a]*mean[b]
			if a == b {
				c += lambda
			}
			cov.SetSym(a, b, c)
		}
		rhs.SetVec(a, xy[a]/n-mean[a]*yBar)
	}
	var chol mat.Cholesky
	if ok := chol.Factorize(cov); !ok {
		return Head{}, errors.New("predict: the normal equations are not positive definite")
	}
	var beta mat.VecDense
	if err := chol.SolveVecTo(&beta, rhs); err != nil {
		return Head{}, fmt.Errorf("predict: solve: %w", err)
	}
	h := Head{Coef: make([]float64, p), Mean: mean, Lambda: lambda}
	icpt := yBar
	for a := range p {
		h.Coef[a] = beta.AtVec(a)
		icpt -= h.Coef[a] * mean[a]
	}
	h.Intercept = icpt
	return h, nil
}

// predictRow returns both heads' log predictions for a row, the history taken from h
// (a held-out row: its own target is not in h).
func predictRow(l *layout, f *features, r *row, h *history, er, v *Head) (float64, float64) {
	hE, hV, known := h.encode(r.inf, 0, 0, false)
	l.rowFeatures(f, r, hE, known)
	yE, yV := er.Intercept, v.Intercept
	for a := 0; a < f.n; a++ {
		i := f.idx[a]
		yE += er.Coef[i] * f.val[a]
		x := f.val[a]
		if i == fHistory {
			x = hV
		}
		yV += v.Coef[i] * x
	}
	return yE, yV
}

// smear sets each head's smearing factor (the mean of exp(residual) over the training
// rows), so exp(prediction)·Smear estimates the mean rather than the median.
func smear(ctx context.Context, d *data, l *layout, h *history, er, v *Head, maxSet uint8) error {
	var f features
	var sE, sV float64
	n := 0
	for i := range d.rows {
		if i&0x3fff == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r := &d.rows[i]
		if r.set > maxSet {
			continue
		}
		// a training row: the history leaves it out, as in the fit
		hE, hV, known := h.encode(r.inf, float64(r.yER), float64(r.yV), true)
		l.rowFeatures(&f, r, hE, known)
		yE, yV := er.Intercept, v.Intercept
		for a := 0; a < f.n; a++ {
			i := f.idx[a]
			yE += er.Coef[i] * f.val[a]
			x := f.val[a]
			if i == fHistory {
				x = hV
			}
			yV += v.Coef[i] * x
		}
		sE += math.Exp(float64(r.yER) - yE)
		sV += math.Exp(float64(r.yV) - yV)
		n++
	}
	er.Smear, v.Smear = sE/float64(n), sV/float64(n)
	return nil
}

// scorer accumulates MAE and R² of predictions against actual values.
type scorer struct {
	n             int
	absErr, sqErr float64
	sumY, sumYY   float64
}

func (s *scorer) add(pred, y float64) {
	s.n++
	s.absErr += math.Abs(pred - y)
	s.sqErr += (pred - y) * (pred - y)
	s.sumY += y
	s.sumYY += y * y
}

func (s *scorer) metric() Metric {
	if s.n == 0 {
		return Metric{}
	}
	n := float64(s.n)
	sst := s.sumYY - s.sumY*s.sumY/n
	r2 := 0.0
	if sst > 0 {
		r2 = 1 - s.sqErr/sst
	}
	return Metric{MAE: s.absErr / n, R2: r2, N: s.n}
}
