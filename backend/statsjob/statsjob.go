// Package statsjob is the server's analytics job (issue 12, docs/analytics.md "The
// server's job"): Compute reads the canonical database (read only, in the caller's
// snapshot) and computes with backend/analytics and backend/predict every
// influencer's aggregates (the influencer_stats row) and a newly trained engagement
// model (the analytics_models row 'engagement'); Write stores them in the caller's
// write transaction, rewriting a stats row only when one of its figures changed, so a
// daily refresh over unchanged data restamps nothing every desktop would pull again.
// Rates are float64 fractions; no money is read or written here.
package statsjob

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
	"iescp/backend/domain"
	"iescp/backend/predict"
)

// The windows of the stats row's figures (docs/analytics.md, "On screen").
const (
	Window       = 90 * 24 * time.Hour  // er_*, averages, posts_90d, posts_per_week, tiers, segment, best slot
	GrowthWindow = 30 * 24 * time.Hour  // growth_30d
	SeriesWindow = 365 * 24 * time.Hour // series (monthly), risk and its peer baselines
)

// ModelID is the analytics_models row of the engagement model.
const ModelID = "engagement"

// DefaultTrainTimeout bounds the model's training when Options.TrainTimeout is 0.
const DefaultTrainTimeout = 10 * time.Minute

// The slot predicted for an influencer without a best day or hour (fewer than
// analytics.MinSlotPosts posts at any): Wednesday, 18:00 UTC, the start of the
// evening peak.
const (
	DefaultDay  = time.Wednesday
	DefaultHour = 18
)

// Options tune Compute; the zero value is the default.
type Options struct {
	TrainTimeout time.Duration // the training's deadline; 0 means DefaultTrainTimeout
}

// Result is what Compute found: one stats row per influencer (model_version and
// computed_at filled, version left to the database) and the trained model (nil when
// there was too little data to train one; ModelErr says why).
type Result struct {
	Now      time.Time
	Stats    []domain.InfluencerStats
	Model    *predict.Model
	ModelErr string
	Rows     int // posts read
}

type influencer struct {
	id, category, niche string
	reach               map[string]int64
	posts               []analytics.Post
}

// Compute reads the canonical database and computes every influencer's stats and a
// new model, with the default Options. db should be a read transaction (one
// snapshot).
func Compute(ctx context.Context, db sqlx.QueryerContext, now time.Time) (Result, error) {
	return ComputeWith(ctx, db, now, Options{})
}

// ComputeWith is Compute with Options.
func ComputeWith(ctx context.Context, db sqlx.QueryerContext, now time.Time, opt Options) (Result, error) {
	now = now.UTC()
	infs, index, err := readInfluencers(ctx, db)
	if err != nil {
		return Result{}, err
	}
	n, err := readPosts(ctx, db, now, index)
	if err != nil {
		return Result{}, err
	}
	onTime, err := onTimeRates(ctx, db, now)
	if err != nil {
		return Result{}, err
	}
	var prev int64
	if err := sqlx.GetContext(ctx, db, &prev, `SELECT model_version FROM analytics_models WHERE id = ?`, ModelID); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Result{}, fmt.Errorf("statsjob: model version: %w", err)
	}

	// Peers: performance tiers, segments, risk baselines.
	peers := make([]analytics.PeerStat, 0, len(infs))
	profiles := make([]analytics.Profile, 0, len(infs))
	yearPosts := make(map[string][]analytics.Post, len(infs))
	var all []analytics.Post
	pprofiles := make([]predict.Profile, 0, len(infs))
	for _, in := range infs {
		peers = append(peers, analytics.PeerStatOf(in.id, in.category, in.posts, now, Window))
		profiles = append(profiles, analytics.ProfileOf(in.id, in.category, analytics.InWindow(in.posts, now, Window)))
		yearPosts[in.id] = analytics.InWindow(in.posts, now, SeriesWindow)
		all = append(all, in.posts...)
		pprofiles = append(pprofiles, predict.Profile{ID: in.id, Category: in.category, Niche: in.niche, Followers: followersOf(in)})
	}
	perf := analytics.PerformanceTiers(peers)
	seg := analytics.BuildSegments(profiles)
	base := analytics.PeerBaseline(yearPosts)

	res := Result{Now: now, Rows: n}
	timeout := opt.TrainTimeout
	if timeout <= 0 {
		timeout = DefaultTrainTimeout
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	model, err := predict.Train(tctx, pprofiles, all, now)
	cancel()
	switch {
	case err == nil:
		model.Version = int(prev) + 1
		res.Model = model
	case ctx.Err() != nil:
		return Result{}, ctx.Err()
	case errors.Is(err, context.DeadlineExceeded):
		return Result{}, fmt.Errorf("statsjob: training took longer than %s: %w", timeout, err)
	default:
		res.ModelErr = err.Error() // too little data: stats without predictions
	}

	res.Stats = make([]domain.InfluencerStats, 0, len(infs))
	for i, in := range infs {
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		st, err := statsOf(in, now, perf, seg, base, yearPosts[in.id], onTime, res.Model, pprofiles[i])
		if err != nil {
			return Result{}, err
		}
		res.Stats = append(res.Stats, st)
	}
	return res, nil
}

// followersOf is the influencer's audience per platform for the prediction: the
// profile's reach, else the followers of the latest post there.
func followersOf(in *influencer) map[string]int64 {
	f := make(map[string]int64, len(analytics.Platforms))
	byPlatform := map[string][]analytics.Post{}
	for _, p := range in.posts {
		byPlatform[p.Platform] = append(byPlatform[p.Platform], p)
	}
	for _, pl := range analytics.Platforms {
		if r := in.reach[pl]; r > 0 {
			f[pl] = r
		} else if c := analytics.CurrentFollowers(byPlatform[pl]); c > 0 {
			f[pl] = c
		}
	}
	return f
}

func statsOf(in *influencer, now time.Time, perf map[string]string, seg *analytics.Segments, base map[string]analytics.Baseline,
	year []analytics.Post, onTime map[string]float64, model *predict.Model, pp predict.Profile) (domain.InfluencerStats, error) {
	m := analytics.InfluencerMetrics(in.posts, now, Window)
	g := analytics.InfluencerMetrics(in.posts, now, GrowthWindow)
	y := analytics.InfluencerMetrics(in.posts, now, SeriesWindow)
	followers := analytics.CurrentFollowers(in.posts)
	st := domain.InfluencerStats{InfluencerID: in.id, Followers: followers, Posts90d: int64(m.Posts),
		ERFollowers: round(m.ERFollowers, 6), ERViews: round(m.ERViews, 6),
		AvgViews: int64(math.Round(m.AvgViews)), AvgLikes: int64(math.Round(m.AvgLikes)), AvgComments: int64(math.Round(m.AvgComments)),
		Growth30d: round(g.FollowerGrowth, 6), PostsPerWeek: round(m.PostsPerWeek, 4),
		SizeTier: analytics.SizeTier(followers), PerfTier: perf[in.id], OnTimeRate: round(onTime[in.id], 4), ComputedAt: now}
	if c, ok := seg.ClusterOf(in.id); ok && len(in.posts) > 0 {
		st.Segment = int64(c) + 1 // 0: no segment
	}
	risk := analytics.Authenticity(year, base)
	st.RiskScore = int64(risk.Score)
	reasons := make([]reasonJSON, 0, len(risk.Reasons))
	for _, r := range risk.Reasons {
		reasons = append(reasons, reasonJSON{Code: r.Code, Points: r.Points, Params: r.Params})
	}
	series := make([]seriesJSON, 0, len(y.Trend))
	for _, p := range y.Trend {
		series = append(series, seriesJSON{Start: p.Start.UTC(), Posts: p.Posts, ER: round(p.ERFollowers, 6), Followers: p.Followers})
	}
	byType := byTypeJSON{ContentType: breakdowns(m.ByContentType), Platform: breakdowns(m.ByPlatform)}
	slot := slotJSON{}
	if m.BestDay != nil {
		d := m.BestDay.Value
		slot.Day = &d
	}
	if m.BestHour != nil {
		h := m.BestHour.Value
		slot.Hour = &h
	}
	var err error
	if st.RiskReasons, err = marshal(reasons); err != nil {
		return st, err
	}
	if st.Series, err = marshal(series); err != nil {
		return st, err
	}
	if st.ByType, err = marshal(byType); err != nil {
		return st, err
	}
	if st.BestSlot, err = marshal(slot); err != nil {
		return st, err
	}
	if model != nil {
		st.ModelVersion = int64(model.Version)
		// the model's history of the influencer travels in its row, not in the
		// model's JSON (predict.Format 2)
		if h, ok := model.History(in.id); ok {
			st.HistPosts, st.HistLogER, st.HistLogViews = int64(h.Posts), h.MeanLogER, h.MeanLogViews
		}
		if platform, ctype, ok := mainOf(in.posts, pp.Followers); ok {
			day, hour := DefaultDay, DefaultHour
			if slot.Day != nil {
				day = time.Weekday(*slot.Day)
			}
			if slot.Hour != nil {
				hour = *slot.Hour
			}
			q := pp.Input(platform, ctype, now, false)
			q.Weekday, q.Hour = day, hour
			p := model.Predict(q)
			st.PredictedER = significant(p.ER, 3)
			st.PredictedViews = int64(significant(p.Views, 3))
		}
	}
	return st, nil
}

// mainOf is an influencer's main platform (the most posts over its history; a tie to
// the larger audience, then analytics.Platforms' order) and its most used content type
// there (a tie in analytics.ContentTypes' order); false without posts on a platform
// with followers.
func mainOf(posts []analytics.Post, followers map[string]int64) (platform, ctype string, ok bool) {
	counts := map[string]int{}
	for _, p := range posts {
		counts[p.Platform]++
	}
	best := -1
	for _, pl := range analytics.Platforms {
		c := counts[pl]
		if c == 0 || followers[pl] <= 0 {
			continue
		}
		if c > best || (c == best && followers[pl] > followers[platform]) {
			platform, best = pl, c
		}
	}
	if best < 0 {
		return "", "", false
	}
	types := map[string]int{}
	for _, p := range posts {
		if p.Platform == platform {
			types[p.ContentType]++
		}
	}
	best = 0
	for _, t := range analytics.ContentTypes {
		if types[t] > best {
			ctype, best = t, types[t]
		}
	}
	return platform, ctype, true
}

// The JSON columns, in the shapes docs/analytics.md ("On screen") documents.
type reasonJSON struct {
	Code   string         `json:"code"`
	Points int            `json:"points"`
	Params map[string]any `json:"params"`
}

type seriesJSON struct {
	Start     time.Time `json:"start"`
	Posts     int       `json:"posts"`
	ER        float64   `json:"er"`
	Followers int64     `json:"followers"`
}

type breakdownJSON struct {
	Key         string  `json:"key"`
	Posts       int     `json:"posts"`
	ERFollowers float64 `json:"er_followers"`
	ERViews     float64 `json:"er_views"`
	AvgViews    float64 `json:"avg_views"`
}

type byTypeJSON struct {
	ContentType []breakdownJSON `json:"content_type"`
	Platform    []breakdownJSON `json:"platform"`
}

type slotJSON struct {
	Day  *int `json:"day"`
	Hour *int `json:"hour"`
}

func breakdowns(bs []analytics.Breakdown) []breakdownJSON {
	out := make([]breakdownJSON, 0, len(bs))
	for _, b := range bs {
		out = append(out, breakdownJSON{Key: b.Key, Posts: b.Posts, ERFollowers: round(b.ERFollowers, 6),
			ERViews: round(b.ERViews, 6), AvgViews: math.Round(b.AvgViews)})
	}
	return out
}

func marshal(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("statsjob: %w", err)
	}
	return string(b), nil
}

// round keeps d decimals: the stored figures are compared with the new ones, and
// noise below what any screen shows must not count as a change.
func round(x float64, d int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	p := math.Pow(10, float64(d))
	return math.Round(x*p) / p
}

// significant keeps n significant digits: a retrained model moves every prediction a
// little, and a move in the fourth digit is not a change worth sending to every
// desktop.
func significant(x float64, n int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	e := math.Floor(math.Log10(math.Abs(x))) + 1
	p := math.Pow(10, float64(n)-e)
	return math.Round(x*p) / p
}
