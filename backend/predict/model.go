// Package predict is the engagement prediction of issue 12 (docs/prediction.md): a
// ridge regression on log targets — the engagement rate and the views per follower of
// a post — from the influencer (followers, size tier, category, niche, its own past
// posts as a shrunk target encoding), the platform, the content type and the timing
// (weekday, hour bucket, UTC) and whether the post is sponsored. Train chooses the
// penalty and the feature set on a validation split and measures the result on a
// held-out test split against two naive baselines (Eval); the Model is JSON, so the
// server stores it and the desktops receive it, and Predict is instant and says its
// main reasons. Core: pure Go over values, no SQL.
package predict

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"iescp/backend/analytics"
)

// Format is the version of the model's JSON and feature encoding. A model of another
// Format is refused (ErrFormat) rather than misread: the desktop keeps predicting
// with the model it has, or none, until it receives one it understands.
//
// Format 2 is format 1 without the influencers' histories (Model.Influencers): at
// 100,000 influencers they were 5.48 MB of the model's JSON, which every desktop
// downloaded and decoded for a handful of numbers per influencer. They travel in
// each influencer's stats row instead (influencer_stats.hist_*, Input.History). A
// format-1 model (an older server's) is still read, its histories with it.
const Format = 2

// formatWithHistories is the format whose JSON carries Model.Influencers.
const formatWithHistories = 1

// ErrFormat is returned when a model's JSON is of another Format or inconsistent.
var ErrFormat = errors.New("predict: model of an unknown format")

// Profile is the influencer-level input: what the desktop's replica or the server's
// database knows of an influencer. Followers is per platform (analytics.Platforms).
type Profile struct {
	ID        string
	Category  string
	Niche     string
	Followers map[string]int64
}

// Input is one prediction's question: this influencer, on this platform, this
// content type, posted on this weekday at this hour (UTC), sponsored or not.
// Followers is the follower count on that platform (Profile.Input fills it).
// History is the influencer's own past posts as the model's training saw them: on
// a desktop, its stats row's (influencer_stats.hist_*); nil, InfluencerID finds
// them in the model (a model Train just made, or a format-1 model's JSON); an
// influencer without either is predicted as a new influencer (cold start).
type Input struct {
	InfluencerID string
	History      *History
	Category     string
	Niche        string
	Followers    int64
	Platform     string
	ContentType  string
	Weekday      time.Weekday
	Hour         int
	Sponsored    bool
}

// Input is the prediction input for a post of p on platform at the time at.
func (p Profile) Input(platform, contentType string, at time.Time, sponsored bool) Input {
	at = at.UTC()
	return Input{InfluencerID: p.ID, Category: p.Category, Niche: p.Niche, Followers: p.Followers[platform],
		Platform: platform, ContentType: contentType, Weekday: at.Weekday(), Hour: at.Hour(), Sponsored: sponsored}
}

// Prediction is the expected engagement rate (engagements / followers, a fraction:
// 0.045 is 4.5 %) and views of the post asked about, with the main reasons of the
// engagement rate.
type Prediction struct {
	ER      float64  `json:"er"`
	Views   float64  `json:"views"`
	Reasons []Reason `json:"reasons"`
}

// Reason is one feature group's contribution to a predicted engagement rate: how
// many percentage points the prediction moves because the feature has this value
// rather than the training average (coefficient × (x − training mean), summed over
// the group, on the log scale, turned into points of the prediction; the
// interactions of the "interactions" candidate count towards content_type and
// audience_size). Code is one of
// ReasonCodes, Value the feature's value ("reel", "mid", "saturday", "18-20", "yes";
// for "history", the number of the influencer's posts the model knows).
type Reason struct {
	Code     string  `json:"code"`
	Value    string  `json:"value"`
	EffectPP float64 `json:"effect_pp"`
}

// ReasonCodes are the codes a Reason may carry, for the UI's words.
var ReasonCodes = []string{"audience_size", "sponsored", "history", "platform", "content_type", "weekday", "hour",
	"category", "niche"}

// Reason groups, in the order of ReasonCodes.
const (
	gSize = iota
	gSponsored
	gHistory
	gPlatform
	gType
	gDay
	gHour
	gCategory
	gNiche
	nGroups
)

// MaxReasons is how many reasons a prediction carries.
const MaxReasons = 3

// Model is a trained prediction model. Version is the caller's number for it (the
// server's retraining job numbers the models it stores 1, 2, 3, …; Train leaves 0);
// Rows is the number of posts the final fit used; Metrics its recipe's held-out
// evaluation. The rest is the fit itself.
type Model struct {
	Format     int       `json:"format"`
	Version    int       `json:"version"`
	TrainedAt  time.Time `json:"trained_at"`
	Rows       int       `json:"rows"`
	Metrics    Eval      `json:"metrics"`
	Candidate  string    `json:"candidate"`
	Shrinkage  float64   `json:"shrinkage"`
	Categories []string  `json:"categories"` // normalised (lower case)
	Niches     []string  `json:"niches"`     // "category/niche", normalised
	Features   []string  `json:"features"`   // the coefficients' names, in order
	ER         Head      `json:"er"`
	Views      Head      `json:"views"`
	// Influencers are the influencers with posts in the final fit: their own mean
	// log targets (the target encoding, shrunk at prediction time). Train fills
	// them; the JSON of Format leaves them out (each goes to its influencer's
	// stats row, History), a format-1 model's JSON has them.
	Influencers []History `json:"influencers,omitempty"`

	ix *index
}

// Head is one target's ridge fit: log target = Intercept + Coef · x; Mean are the
// features' training means (for the reasons), Prior the training mean of the log
// target (the target encoding's prior), Smear Duan's smearing factor.
type Head struct {
	Intercept float64   `json:"intercept"`
	Coef      []float64 `json:"coef"`
	Mean      []float64 `json:"mean"`
	Prior     float64   `json:"prior"`
	Smear     float64   `json:"smear"`
	Lambda    float64   `json:"lambda"`
}

// History is an influencer's training posts: how many, and the mean of ln(ER) and
// of ln(views per follower).
type History struct {
	ID           string  `json:"id"`
	Posts        int     `json:"n"`
	MeanLogER    float64 `json:"er"`
	MeanLogViews float64 `json:"views"`
}

// Eval is the held-out evaluation of the training recipe (docs/prediction.md): the
// split, the validation scores that chose the candidate and the penalties, and the
// test scores of the model and the two baselines on the engagement rate (a fraction)
// and the views, for all test posts, for influencers the model knew (warm) and for
// influencers it had never seen (cold start).
type Eval struct {
	Split          string           `json:"split"`
	TrainRows      int              `json:"train_rows"`
	ValidationRows int              `json:"validation_rows"`
	TestRows       int              `json:"test_rows"`
	ValidationFrom time.Time        `json:"validation_from"`
	TestFrom       time.Time        `json:"test_from"`
	Candidate      string           `json:"candidate"`
	LambdaER       float64          `json:"lambda_er"`
	LambdaViews    float64          `json:"lambda_views"`
	Validation     []CandidateScore `json:"validation"`
	ER             Comparison       `json:"er"`
	ERWarm         Comparison       `json:"er_warm"`
	ERCold         Comparison       `json:"er_cold"`
	Views          Comparison       `json:"views"`
	ViewsCold      Comparison       `json:"views_cold"`
	Seconds        float64          `json:"seconds"`
}

// CandidateScore is one (feature set, λ) pair's validation MAE.
type CandidateScore struct {
	Candidate string  `json:"candidate"`
	Lambda    float64 `json:"lambda"`
	ERMAE     float64 `json:"er_mae"`
	ViewsMAE  float64 `json:"views_mae"`
}

// Comparison is the model against the baselines on the same test posts: the median
// of the size tier (training posts), and the influencer's own mean (training posts;
// the tier median for an influencer without any).
type Comparison struct {
	Rows       int    `json:"rows"`
	Model      Metric `json:"model"`
	TierMedian Metric `json:"tier_median"`
	OwnMean    Metric `json:"own_mean"`
}

// Metric is a mean absolute error (in the target's unit) and a coefficient of
// determination (1 − SSE/SST) on the test posts.
type Metric struct {
	MAE float64 `json:"mae"`
	R2  float64 `json:"r2"`
	N   int     `json:"n"`
}

// index is what Predict needs, built from the exported fields.
type index struct {
	lay       layout
	cat       map[string]int
	niche     map[string]int
	inf       map[string]int
	groupOf   []uint8
	groupBase [nGroups]float64 // Σ coef·mean over each group (ER head)
}

// MarshalJSON writes the model in Format: without its influencers' histories.
func (m *Model) MarshalJSON() ([]byte, error) {
	type plain Model
	p := plain(*m)
	p.Format = Format
	p.Influencers = nil
	return json.Marshal(p)
}

// History is the training history of the influencer id, false when the model has
// none (a new influencer, or a model read from format-2 JSON).
func (m *Model) History(id string) (History, bool) {
	if m.ix == nil {
		return History{}, false
	}
	i, ok := m.ix.inf[id]
	if !ok {
		return History{}, false
	}
	return m.Influencers[i], true
}

// UnmarshalJSON reads a model and checks and indexes it; a model of a format this
// build does not read is ErrFormat.
func (m *Model) UnmarshalJSON(b []byte) error {
	type plain Model
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*m = Model(p)
	return m.build()
}

// build checks the model's consistency and builds its index.
func (m *Model) build() error {
	if m.Format != Format && m.Format != formatWithHistories {
		return fmt.Errorf("%w: format %d, this build reads %d and %d", ErrFormat, m.Format, formatWithHistories, Format)
	}
	if m.Candidate != CandidateBase && m.Candidate != CandidateInteractions {
		return fmt.Errorf("%w: candidate %q", ErrFormat, m.Candidate)
	}
	l := newLayout(len(m.Categories), len(m.Niches), m.Candidate == CandidateInteractions)
	for _, h := range []Head{m.ER, m.Views} {
		if len(h.Coef) != l.p || len(h.Mean) != l.p || len(m.Features) != l.p {
			return fmt.Errorf("%w: %d coefficients for %d features", ErrFormat, len(h.Coef), l.p)
		}
	}
	ix := &index{lay: l, cat: map[string]int{}, niche: map[string]int{}, inf: make(map[string]int, len(m.Influencers)),
		groupOf: make([]uint8, l.p)}
	for i, c := range m.Categories {
		ix.cat[c] = i
	}
	for i, n := range m.Niches {
		ix.niche[n] = i
	}
	for i, h := range m.Influencers {
		ix.inf[h.ID] = i
	}
	set := func(g uint8, from, n int) {
		for i := from; i < from+n; i++ {
			ix.groupOf[i] = g
		}
	}
	set(gSize, fLogF, 1)
	set(gSponsored, fSponsored, 1)
	set(gHistory, fHistory, 2)
	set(gSize, l.oTier, len(Tiers))
	set(gPlatform, l.oPlat, len(analytics.Platforms))
	set(gType, l.oType, len(analytics.ContentTypes))
	set(gDay, l.oDay, 7)
	set(gHour, l.oHour, len(HourBuckets))
	set(gCategory, l.oCat, l.nCat+1)
	set(gNiche, l.oNiche, l.nNiche+1)
	if l.inter {
		// an interaction explains the content type (on this platform) and the size
		// (on this platform): its contribution joins those reasons
		set(gType, l.oPT, len(analytics.Platforms)*len(analytics.ContentTypes))
		set(gSize, l.oPS, len(analytics.Platforms)*len(Tiers))
	}
	for k := range l.p {
		ix.groupBase[ix.groupOf[k]] += m.ER.Coef[k] * m.ER.Mean[k]
	}
	m.ix = ix
	return nil
}

// Predict is the expected engagement rate and views of the post in, with its main
// reasons (never nil). It allocates only the reasons and only reads the model, so
// it is safe for concurrent use. An input without followers (the influencer is not
// on that platform), or a model not built by Train or read from JSON, predicts zero
// with no reasons.
func (m *Model) Predict(in Input) Prediction {
	ix := m.ix
	if ix == nil || in.Followers <= 0 {
		return Prediction{Reasons: []Reason{}}
	}
	l := &ix.lay
	plat, ct := indexOf(analytics.Platforms, in.Platform), indexOf(analytics.ContentTypes, in.ContentType)
	var buf [128]byte
	cat, ok := ix.cat[string(lowerKey(buf[:0], in.Category, "", false))]
	if !ok {
		cat = l.nCat
	}
	niche, ok := ix.niche[string(lowerKey(buf[:0], in.Category, in.Niche, true))]
	if !ok {
		niche = l.nNiche
	}
	hE, hV, posts := m.ER.Prior, m.Views.Prior, 0
	h := in.History
	if h == nil {
		if i, ok := ix.inf[in.InfluencerID]; ok {
			h = &m.Influencers[i]
		}
	}
	if h != nil && h.Posts > 0 {
		n := float64(h.Posts)
		hE = (h.MeanLogER*n + m.Shrinkage*m.ER.Prior) / (n + m.Shrinkage)
		hV = (h.MeanLogViews*n + m.Shrinkage*m.Views.Prior) / (n + m.Shrinkage)
		posts = h.Posts
	}
	followers := in.Followers
	tier, day, hour := tierOf(followers), weekdayIndex(in.Weekday), hourBucket(in.Hour)
	var f features
	l.encode(&f, logFollowers(followers), in.Sponsored, hE, posts > 0, tier, plat, ct, day, hour, cat, niche)

	var contrib [nGroups]float64
	yE, yV := m.ER.Intercept, m.Views.Intercept
	for a := 0; a < f.n; a++ {
		k := f.idx[a]
		yE += m.ER.Coef[k] * f.val[a]
		contrib[ix.groupOf[k]] += m.ER.Coef[k] * f.val[a]
		x := f.val[a]
		if k == fHistory {
			x = hV
		}
		yV += m.Views.Coef[k] * x
	}
	fol := float64(followers)
	er := math.Max(math.Exp(yE)*m.ER.Smear-0.5/fol, 0)
	views := math.Max(math.Exp(yV)*m.Views.Smear*fol-0.5, 0)

	// the top reasons by |effect|, without sorting all groups
	var top [MaxReasons]struct {
		g int
		e float64
	}
	nTop := 0
	for g := range nGroups {
		c := contrib[g] - ix.groupBase[g]
		if c == 0 {
			continue
		}
		e := er * (1 - math.Exp(-c)) * 100
		last := min(nTop, MaxReasons-1) // the slot the new reason takes: the next, or the weakest
		if nTop == MaxReasons && math.Abs(e) <= math.Abs(top[last].e) {
			continue
		}
		top[last].g, top[last].e = g, e
		nTop = last + 1
		for i := last; i > 0 && math.Abs(top[i].e) > math.Abs(top[i-1].e); i-- {
			top[i], top[i-1] = top[i-1], top[i]
		}
	}
	reasons := make([]Reason, nTop)
	for i := range nTop {
		reasons[i] = Reason{Code: ReasonCodes[top[i].g], Value: reasonValue(top[i].g, in, tier, posts), EffectPP: top[i].e}
	}
	return Prediction{ER: er, Views: views, Reasons: reasons}
}

// lowerKey appends the normalised category (and "/niche" when withNiche) to b: the
// keys of the vocabularies, built without allocating for short names (the map
// lookup of string(b) does not allocate either).
func lowerKey(b []byte, category, niche string, withNiche bool) []byte {
	low := func(b []byte, s string) []byte {
		s = strings.TrimSpace(s)
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c >= utf8.RuneSelf {
				return append(b, strings.ToLower(s[i:])...)
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
		return b
	}
	b = low(b, category)
	if withNiche {
		b = append(b, '/')
		b = low(b, niche)
	}
	return b
}

func reasonValue(g int, in Input, tier, posts int) string {
	switch g {
	case gSize:
		return Tiers[tier]
	case gSponsored:
		if in.Sponsored {
			return "yes"
		}
		return "no"
	case gHistory:
		return strconv.Itoa(posts)
	case gPlatform:
		return in.Platform
	case gType:
		return in.ContentType
	case gDay:
		if i := weekdayIndex(in.Weekday); i >= 0 {
			return weekdays[i]
		}
	case gHour:
		if b := hourBucket(in.Hour); b >= 0 {
			return HourBuckets[b]
		}
	case gCategory:
		return in.Category
	case gNiche:
		return in.Niche
	}
	return ""
}
