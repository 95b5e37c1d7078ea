package queries

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
)

// The recommendation score's weights and rates (docs/analytics.md,
// "Recommendations"). The four parts are each in [0, 1]; the score is
// 35·engagement + 25·fit + 20·price + 20·reliability − 0.3·risk score, at least 0.
const (
	WeightEngagement  = 35.0
	WeightFit         = 25.0
	WeightPrice       = 20.0
	WeightReliability = 20.0
	RiskPenaltyPerPt  = 0.3
	// ERCap is the predicted ER that earns the whole engagement part (10 %).
	ERCap = 0.10
	// Neutral is the part an unknown figure (no audience shown, no deals, no
	// reviews, no category) gets: it neither helps nor hurts.
	Neutral = 0.5
	// CategoryOnlyFit is the category part when the category matches but the niche
	// does not (both match: 1; no match: 0).
	CategoryOnlyFit = 0.7
	// MinPriceCents is the lowest price estimate (50.00).
	MinPriceCents = 5000
	// RecommendPageSize is the recommendations per page.
	RecommendPageSize = 20
	// HighRisk and MediumRisk are the risk levels' lower bounds (as in analytics).
	HighRisk   = 60
	MediumRisk = 30
)

// TierCPMCents is the documented price rate per size tier: cents per 1,000 of
// reach. A creator's price estimate is reach × rate / 1000, rounded half up, at
// least MinPriceCents.
var TierCPMCents = map[string]int64{
	analytics.TierNano:  2000,
	analytics.TierMicro: 1500,
	analytics.TierMid:   1200,
	analytics.TierMacro: 1000,
	analytics.TierMega:  800,
}

// PriceEstimateCents is a creator's estimated price for a deal from its reach.
func PriceEstimateCents(reach int64) int64 {
	rate, ok := TierCPMCents[analytics.SizeTier(reach)]
	if !ok || reach <= 0 {
		return MinPriceCents
	}
	p := analytics.CostCents(reach, rate, 1000)
	if p == nil || *p < MinPriceCents {
		return MinPriceCents
	}
	return *p
}

// Rationale is one reason of a recommendation: a code (words in en.js
// recommend.reason.<code>) and its parameters.
type Rationale struct {
	Code   string         `json:"code"`
	Params map[string]any `json:"params"`
}

// ScoreParts are a recommendation's parts, each in [0, 1], and the risk penalty in
// points.
type ScoreParts struct {
	Engagement  float64 `json:"engagement"`
	Fit         float64 `json:"fit"`
	Price       float64 `json:"price"`
	Reliability float64 `json:"reliability"`
	RiskPenalty float64 `json:"risk_penalty"`
}

// Recommendation is one ranked influencer for a campaign.
type Recommendation struct {
	InfluencerID   string      `json:"influencer_id"`
	Name           string      `json:"name"`
	Category       string      `json:"category"`
	Niche          string      `json:"niche"`
	SizeTier       string      `json:"size_tier"`
	PerfTier       string      `json:"perf_tier"`
	RiskScore      int         `json:"risk_score"`
	RiskReasons    string      `json:"risk_reasons"` // JSON, as influencer_stats holds it
	PredictedER    float64     `json:"predicted_er"`
	Reach          int64       `json:"reach"`
	PriceCents     int64       `json:"price_cents"`     // the estimate
	SuggestedCents int64       `json:"suggested_cents"` // the estimate, capped at the budget left
	Score          float64     `json:"score"`           // 0..100, one decimal
	Parts          ScoreParts  `json:"parts"`
	Reasons        []Rationale `json:"reasons"`
}

// RecommendationPage is one page of a campaign's recommendations.
type RecommendationPage struct {
	CampaignID      string           `json:"campaign_id"`
	CampaignName    string           `json:"campaign_name"`
	Requirements    string           `json:"requirements"` // the campaign's goals, to pre-fill an ad request
	BudgetLeftCents int64            `json:"budget_left_cents"`
	Items           []Recommendation `json:"items"`
	Total           int              `json:"total"`
	Page            int              `json:"page"`
	PageSize        int              `json:"page_size"`
}

// candidate is one scored influencer before its page is chosen.
type candidate struct {
	id, name, category, niche, sizeTier, perfTier, riskReasons string
	catMatch, nicheMatch                                       bool
	reach, price                                               int64
	er                                                         float64
	risk                                                       int
	onTime                                                     float64
	score                                                      float64
	parts                                                      ScoreParts
}

// RecommendCandidates is K, the size of each candidate list of the indexed path
// (docs/analytics.md, "Recommendations": candidate generation).
const RecommendCandidates = 1000

// RecommendCandidatePages is how many first pages the candidates serve; deeper pages
// rank by the full scan.
const RecommendCandidatePages = 5

// recommendFullScanMax is the largest number of stats rows ranked by the full scan
// on every page (the candidates would be nearly all of them); a variable so that
// tests can send small worlds through the candidate path.
var recommendFullScanMax = RecommendCandidates

// recommendK is the candidate lists' length (RecommendCandidates; tests scale it
// with their world).
var recommendK = RecommendCandidates

// Recommendations ranks the influencers of the replica for one of the sponsor's
// campaigns (admins: any; others not_found): those with stats, active, not
// flagged and not already requested for it, by the score of docs/analytics.md
// ("Recommendations"), highest first (ties by ID), RecommendPageSize a page
// (page 0 or 1 is the first).
func Recommendations(ctx context.Context, db sqlx.QueryerContext, v Viewer, campaignID string, page int) (RecommendationPage, error) {
	c, err := ownCampaign(ctx, db, v, campaignID)
	if err != nil {
		return RecommendationPage{}, err
	}
	if page < 1 {
		page = 1
	}
	out := RecommendationPage{CampaignID: c.ID, CampaignName: c.Name, Requirements: c.Requirements,
		BudgetLeftCents: max(c.Budget-c.Committed, 0), Page: page, PageSize: RecommendPageSize, Items: []Recommendation{}}
	platforms := splitList(c.TargetPlatforms)
	reachExpr := "COALESCE(p.reach_total, 0)"
	if len(platforms) > 0 {
		cols := make([]string, 0, len(platforms))
		for _, pl := range platforms {
			if _, ok := platformReach[pl]; ok {
				cols = append(cols, "COALESCE(p."+platformReach[pl]+", 0)")
			}
		}
		if len(cols) > 0 {
			reachExpr = strings.Join(cols, " + ")
		}
	}
	var stats int
	if err := sqlx.GetContext(ctx, db, &stats, `SELECT COUNT(*) FROM influencer_stats`); err != nil {
		return RecommendationPage{}, fmt.Errorf("recommendations: %w", err)
	}
	indexed := stats > recommendFullScanMax && page <= RecommendCandidatePages
	// The indexed path reads the audiences of the candidates it evaluates only.
	ctxData, err := loadRecommendContext(ctx, db, c, !indexed)
	if err != nil {
		return RecommendationPage{}, err
	}
	total := -1 // the full scan counts its candidates
	var cands []candidate
	if indexed {
		cands, err = generateCandidates(ctx, db, c, reachExpr, ctxData, out.BudgetLeftCents, page*RecommendPageSize)
		if err == nil {
			total, err = recommendableCount(ctx, db, c, stats)
		}
	} else {
		cands, err = scanCandidates(ctx, db, c, reachExpr)
	}
	if err != nil {
		return RecommendationPage{}, err
	}
	for i := range cands {
		cands[i].price = PriceEstimateCents(cands[i].reach)
		cands[i].parts, _ = scoreOf(&cands[i], c, ctxData, out.BudgetLeftCents, false)
		cands[i].score = totalScore(cands[i].parts)
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return cands[i].id < cands[j].id
	})
	out.Total = len(cands)
	if total >= 0 {
		out.Total = total
	}
	from := (page - 1) * RecommendPageSize
	for i := from; i < len(cands) && i < from+RecommendPageSize; i++ {
		k := cands[i]
		if err := db.QueryRowxContext(ctx, `SELECT COALESCE(NULLIF(p.display_name, ''), a.name, ''),
			COALESCE(p.category, ''), COALESCE(p.niche, ''), s.size_tier, s.perf_tier, s.risk_reasons
			FROM influencer_stats s JOIN accounts a ON a.id = s.influencer_id
			LEFT JOIN influencer_profiles p ON p.account_id = s.influencer_id WHERE s.influencer_id = ?`, k.id).
			Scan(&k.name, &k.category, &k.niche, &k.sizeTier, &k.perfTier, &k.riskReasons); err != nil {
			return RecommendationPage{}, fmt.Errorf("recommendations: %s: %w", k.id, err)
		}
		parts, reasons := scoreOf(&k, c, ctxData, out.BudgetLeftCents, true)
		suggested := k.price
		if out.BudgetLeftCents > 0 && suggested > out.BudgetLeftCents {
			suggested = out.BudgetLeftCents
		}
		out.Items = append(out.Items, Recommendation{InfluencerID: k.id, Name: k.name, Category: k.category, Niche: k.niche,
			SizeTier: k.sizeTier, PerfTier: k.perfTier, RiskScore: k.risk, RiskReasons: k.riskReasons, PredictedER: k.er,
			Reach: k.reach, PriceCents: k.price, SuggestedCents: suggested, Score: k.score, Parts: parts, Reasons: reasons})
	}
	return out, nil
}

var platformReach = map[string]string{"instagram": "reach_instagram", "youtube": "reach_youtube", "tiktok": "reach_tiktok",
	"x": "reach_x", "other": "reach_other"}

// recommendContext is what the score needs beyond the stats row.
type recommendContext struct {
	completed map[string]int        // completed deals per influencer (on_time_rate is known when > 0)
	rating    map[string][2]float64 // average review rating and count
	audience  map[string]map[string]int64
}

func loadRecommendContext(ctx context.Context, db sqlx.QueryerContext, c campaignHead, withAudience bool) (recommendContext, error) {
	rc := recommendContext{completed: map[string]int{}, rating: map[string][2]float64{}, audience: map[string]map[string]int64{}}
	rows, err := db.QueryContext(ctx, `SELECT influencer_id, COUNT(*) FROM ad_requests WHERE status = 'completed' AND deleted_at IS NULL GROUP BY influencer_id`)
	if err != nil {
		return rc, fmt.Errorf("recommendations: deals: %w", err)
	}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return rc, fmt.Errorf("recommendations: deals: %w", err)
		}
		rc.completed[id] = n
	}
	rows.Close()
	rows, err = db.QueryContext(ctx, `SELECT influencer_id, AVG(rating), COUNT(*) FROM reviews WHERE subject = 'influencer' GROUP BY influencer_id`)
	if err != nil {
		return rc, fmt.Errorf("recommendations: reviews: %w", err)
	}
	for rows.Next() {
		var id string
		var avg, n float64
		if err := rows.Scan(&id, &avg, &n); err != nil {
			rows.Close()
			return rc, fmt.Errorf("recommendations: reviews: %w", err)
		}
		rc.rating[id] = [2]float64{avg, n}
	}
	rows.Close()
	if !withAudience {
		return rc, nil
	}
	return rc, loadAudience(ctx, db, c, nil, rc.audience)
}

// loadAudience adds to into the targeted shares of the influencers whose media kit
// shows the audience: all of them (ids nil) or those of ids.
func loadAudience(ctx context.Context, db sqlx.QueryerContext, c campaignHead, ids []string, into map[string]map[string]int64) error {
	countries, ages := splitList(c.TargetCountries), splitList(c.TargetAges)
	if len(countries)+len(ages) == 0 || (ids != nil && len(ids) == 0) {
		return nil
	}
	// The targeted share per dimension of each influencer whose media kit shows the
	// audience; an influencer with no row for a dimension is unknown there.
	args := []any{}
	in := func(list []string) string {
		if len(list) == 0 {
			return "''"
		}
		for _, s := range list {
			args = append(args, s)
		}
		return strings.TrimSuffix(strings.Repeat("?,", len(list)), ",")
	}
	// media_kits drives (CROSS JOIN keeps the order): only the shown audiences are
	// read, in the (influencer_id, dimension, bucket) index's order, with no sorter.
	q := `SELECT mk.influencer_id, a.dimension, SUM(CASE WHEN (a.dimension = 'country' AND a.bucket IN (` + in(countries) + `))
			OR (a.dimension = 'age' AND a.bucket IN (` + in(ages) + `)) THEN a.share_bps ELSE 0 END)
		FROM media_kits mk CROSS JOIN audience_shares a ON a.influencer_id = mk.influencer_id AND a.dimension IN ('country', 'age')
		WHERE mk.show_audience = 1`
	if ids != nil {
		q += ` AND mk.influencer_id IN (` + in(ids) + `)`
	}
	q += ` GROUP BY mk.influencer_id, a.dimension`
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("recommendations: audience: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, dim string
		var bps int64
		if err := rows.Scan(&id, &dim, &bps); err != nil {
			return fmt.Errorf("recommendations: audience: %w", err)
		}
		if into[id] == nil {
			into[id] = map[string]int64{}
		}
		into[id][dim] = bps
	}
	return rows.Err()
}

// scoreOf computes a candidate's parts and, when asked, its reasons.
func scoreOf(k *candidate, c campaignHead, rc recommendContext, left int64, explain bool) (ScoreParts, []Rationale) {
	var p ScoreParts
	var rs []Rationale
	// say records a reason; its parameters are built only when explaining (the
	// ranking pass scores every candidate and must not allocate).
	say := func(code string, params func() map[string]any) {
		if explain {
			m := map[string]any{}
			if params != nil {
				m = params()
			}
			rs = append(rs, Rationale{Code: code, Params: m})
		}
	}
	// Engagement.
	p.Engagement = math.Min(math.Max(k.er, 0)/ERCap, 1)
	say("predicted_er", func() map[string]any { return map[string]any{"er": k.er} })
	// Fit: the mean of the known parts (category, audience countries, audience ages).
	var fit []float64
	if c.Category != "" {
		switch {
		case k.catMatch && c.Niche != "" && k.nicheMatch:
			fit = append(fit, 1)
			say("niche_match", func() map[string]any { return map[string]any{"category": c.Category, "niche": c.Niche} })
		case k.catMatch:
			fit = append(fit, CategoryOnlyFit)
			say("category_match", func() map[string]any { return map[string]any{"category": c.Category} })
		default:
			fit = append(fit, 0)
			say("category_mismatch", func() map[string]any { return map[string]any{"category": k.category} })
		}
	}
	aud := rc.audience[k.id]
	for _, d := range []struct{ dim, targets, code string }{{"country", c.TargetCountries, "audience_country"}, {"age", c.TargetAges, "audience_age"}} {
		if d.targets == "" {
			continue
		}
		bps, known := aud[d.dim]
		if !known { // no share, or the media kit hides the audience (loadRecommendContext reads shown ones only)
			fit = append(fit, Neutral)
			say("audience_unknown", func() map[string]any { return map[string]any{"dimension": d.dim} })
			continue
		}
		fit = append(fit, math.Min(float64(bps)/10000, 1))
		say(d.code, func() map[string]any { return map[string]any{"share": float64(bps) / 10000} })
	}
	p.Fit = Neutral
	if len(fit) > 0 {
		s := 0.0
		for _, f := range fit {
			s += f
		}
		p.Fit = s / float64(len(fit))
	}
	// Price against the budget left.
	switch {
	case left <= 0:
		p.Price = 0
		say("no_budget_left", nil)
	case k.price <= left:
		p.Price = 1
		say("price_fits", func() map[string]any { return map[string]any{"price_cents": k.price, "left_cents": left} })
	default:
		p.Price = float64(left) / float64(k.price)
		say("over_budget", func() map[string]any { return map[string]any{"price_cents": k.price, "left_cents": left} })
	}
	// Reliability: on-time rate (known after a completed deal) and review rating.
	onTime, rating := Neutral, Neutral
	if rc.completed[k.id] > 0 {
		onTime = math.Min(math.Max(k.onTime, 0), 1)
		say("on_time", func() map[string]any { return map[string]any{"rate": onTime} })
	}
	if r, ok := rc.rating[k.id]; ok && r[1] > 0 {
		rating = (r[0] - 1) / 4
		say("rating", func() map[string]any { return map[string]any{"rating": math.Round(r[0]*10) / 10, "reviews": int(r[1])} })
	}
	p.Reliability = (onTime + rating) / 2
	// Risk.
	p.RiskPenalty = RiskPenaltyPerPt * float64(k.risk)
	switch {
	case k.risk >= HighRisk:
		say("risk_high", func() map[string]any { return map[string]any{"score": k.risk} })
	case k.risk >= MediumRisk:
		say("risk_medium", func() map[string]any { return map[string]any{"score": k.risk} })
	}
	return p, rs
}

// scanCandidates reads every candidate's scoring figures. Each table is scanned once
// on its own and merged here by ID: a per-row join (two B-tree searches per table
// per row) costs several times a plain scan in the pure-Go SQLite. Names, tiers and
// risk reasons are read later, for the page's rows only.
func scanCandidates(ctx context.Context, db sqlx.QueryerContext, c campaignHead, reachExpr string) ([]candidate, error) {
	// Not recommendable: not an active, unflagged influencer (few rows), or already
	// requested for this campaign.
	var skipped, requested []string
	if err := sqlx.SelectContext(ctx, db, &skipped, `SELECT id FROM accounts
		WHERE NOT (role = 'influencer' AND active = 1 AND flagged = 0)`); err != nil {
		return nil, fmt.Errorf("recommendations: exclusions: %w", err)
	}
	if err := sqlx.SelectContext(ctx, db, &requested, `SELECT influencer_id FROM ad_requests
		WHERE campaign_id = ? AND deleted_at IS NULL`, c.ID); err != nil {
		return nil, fmt.Errorf("recommendations: exclusions: %w", err)
	}
	skip := make(map[string]bool, len(skipped)+len(requested))
	for _, id := range append(skipped, requested...) {
		skip[id] = true
	}
	type prof struct {
		cat, niche bool
		reach      int64
	}
	profs := map[string]prof{}
	rows, err := db.QueryContext(ctx, `SELECT p.account_id, COALESCE(p.category = ? COLLATE NOCASE, 0),
		COALESCE(p.niche = ? COLLATE NOCASE, 0), `+reachExpr+` FROM influencer_profiles p`, c.Category, c.Niche)
	if err != nil {
		return nil, fmt.Errorf("recommendations: profiles: %w", err)
	}
	for rows.Next() {
		var id string
		var p prof
		if err := rows.Scan(&id, &p.cat, &p.niche, &p.reach); err != nil {
			rows.Close()
			return nil, fmt.Errorf("recommendations: profiles: %w", err)
		}
		profs[id] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("recommendations: profiles: %w", err)
	}
	rows, err = db.QueryContext(ctx, `SELECT influencer_id, followers, predicted_er, er_followers, risk_score, on_time_rate
		FROM influencer_stats`)
	if err != nil {
		return nil, fmt.Errorf("recommendations: %w", err)
	}
	defer rows.Close()
	cands := make([]candidate, 0, len(profs))
	for rows.Next() {
		var k candidate
		var followers int64
		var predicted, erFollowers float64
		if err := rows.Scan(&k.id, &followers, &predicted, &erFollowers, &k.risk, &k.onTime); err != nil {
			return nil, fmt.Errorf("recommendations: %w", err)
		}
		if skip[k.id] {
			continue
		}
		p := profs[k.id]
		k.catMatch, k.nicheMatch, k.reach = p.cat, p.niche, p.reach
		if k.reach <= 0 {
			k.reach = followers
		}
		k.er = predicted
		if k.er <= 0 {
			k.er = erFollowers
		}
		cands = append(cands, k)
	}
	return cands, rows.Err()
}

// totalScore is the score of docs/analytics.md from its parts, one decimal.
func totalScore(p ScoreParts) float64 {
	s := math.Max(0, WeightEngagement*p.Engagement+WeightFit*p.Fit+WeightPrice*p.Price+
		WeightReliability*p.Reliability-p.RiskPenalty)
	return math.Round(s*10) / 10
}

// RecommendEvaluated caps the candidates the indexed path evaluates in full (profile,
// account, audience) per call.
const RecommendEvaluated = 2000

// statsColumns are the scoring figures of a stats row.
const statsColumns = `SELECT influencer_id, followers, predicted_er, er_followers, risk_score, on_time_rate FROM influencer_stats `

// generateCandidates is the indexed path (docs/analytics.md, "Recommendations"):
//
//  1. the pool: the union of lists of at most RecommendCandidates stats rows each,
//     read through indexes, that hold the high scores;
//  2. each pooled row's upper bound, from what the stats row and the in-memory
//     reliability say, with the best fit and price (1);
//  3. the pool evaluated in full by descending bound, a chunk at a time, until the
//     need-th best exact score is above the next bound (or RecommendEvaluated).
//
// It returns the evaluated candidates (hidden and requested ones left out) and puts
// their audiences in rc.
func generateCandidates(ctx context.Context, db sqlx.QueryerContext, c campaignHead, reachExpr string, rc recommendContext,
	left int64, need int) ([]candidate, error) {
	var requested []string
	if err := sqlx.SelectContext(ctx, db, &requested, `SELECT influencer_id FROM ad_requests
		WHERE campaign_id = ? AND deleted_at IS NULL`, c.ID); err != nil {
		return nil, fmt.Errorf("recommendations: exclusions: %w", err)
	}
	// Hidden accounts (the accounts_hidden index: few rows). Stats rows belong to
	// influencer accounts (the server's analytics job writes them for those only).
	var hidden []string
	if err := sqlx.SelectContext(ctx, db, &hidden, `SELECT id FROM accounts WHERE active = 0 OR flagged = 1`); err != nil {
		return nil, fmt.Errorf("recommendations: exclusions: %w", err)
	}
	seen := make(map[string]bool, 3*recommendK)
	for _, id := range append(requested, hidden...) {
		seen[id] = true // never a candidate
	}
	type pooled struct {
		k         candidate
		followers int64
		bound     float64
	}
	var pool []pooled
	read := func(q string, args ...any) error {
		rows, err := db.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("recommendations: candidates: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var x pooled
			var predicted, erFollowers float64
			if err := rows.Scan(&x.k.id, &x.followers, &predicted, &erFollowers, &x.k.risk, &x.k.onTime); err != nil {
				return fmt.Errorf("recommendations: candidates: %w", err)
			}
			if seen[x.k.id] {
				continue
			}
			seen[x.k.id] = true
			x.k.er = predicted
			if x.k.er <= 0 {
				x.k.er = erFollowers
			}
			pool = append(pool, x)
		}
		return rows.Err()
	}
	byIDs := func(ids []string) error {
		ids = unseen(ids, seen)
		for len(ids) > 0 {
			n := min(len(ids), 500)
			q, args, err := sqlx.In(statsColumns+`WHERE influencer_id IN (?)`, ids[:n])
			if err != nil {
				return err
			}
			if err := read(q, args...); err != nil {
				return err
			}
			ids = ids[n:]
		}
		return nil
	}
	// The highest engagement (the heaviest part), then the highest among the low
	// risk (the penalty is the other large term): the predicted_er index's order.
	if err := read(statsColumns+`ORDER BY predicted_er DESC LIMIT ?`, recommendK); err != nil {
		return nil, err
	}
	// The lowest risk (the penalty is the other large term): the risk_score index.
	if err := read(statsColumns+`ORDER BY risk_score LIMIT ?`, recommendK); err != nil {
		return nil, err
	}
	// Without a prediction the engagement is er_followers: the highest of those.
	var unpredicted int
	if err := sqlx.GetContext(ctx, db, &unpredicted, `SELECT COUNT(*) FROM influencer_stats WHERE predicted_er <= 0`); err != nil {
		return nil, fmt.Errorf("recommendations: candidates: %w", err)
	}
	switch {
	case unpredicted > recommendK:
		if err := read(statsColumns+`WHERE +predicted_er <= 0 ORDER BY er_followers DESC LIMIT ?`, recommendK); err != nil {
			return nil, err
		}
	case unpredicted > 0:
		if err := read(statsColumns + `WHERE predicted_er <= 0`); err != nil {
			return nil, err
		}
	}
	// The niche's influencers, when they are few enough (the
	// influencer_profiles_category_nocase index); and everyone with a completed deal
	// or a review (their reliability is known, from memory).
	var ids []string
	if c.Category != "" && c.Niche != "" {
		// Counted in the index alone first: a large niche is not read.
		var n int
		if err := sqlx.GetContext(ctx, db, &n, `SELECT COUNT(*) FROM (SELECT 1 FROM influencer_profiles
			WHERE category = ? COLLATE NOCASE AND niche = ? COLLATE NOCASE LIMIT ?)`, c.Category, c.Niche, recommendK+1); err != nil {
			return nil, fmt.Errorf("recommendations: candidates: %w", err)
		}
		if n <= recommendK {
			if err := sqlx.SelectContext(ctx, db, &ids, `SELECT account_id FROM influencer_profiles
				WHERE category = ? COLLATE NOCASE AND niche = ? COLLATE NOCASE`, c.Category, c.Niche); err != nil {
				return nil, fmt.Errorf("recommendations: candidates: %w", err)
			}
		}
	}
	// The largest shares in each target bucket (the audience_shares_bucket index).
	for _, d := range []struct{ dim, targets string }{{"country", c.TargetCountries}, {"age", c.TargetAges}} {
		for _, bucket := range splitList(d.targets) {
			var top []string
			if err := sqlx.SelectContext(ctx, db, &top, `SELECT influencer_id FROM audience_shares
				WHERE dimension = ? AND bucket = ? ORDER BY share_bps DESC LIMIT ?`, d.dim, bucket, recommendK); err != nil {
				return nil, fmt.Errorf("recommendations: candidates: %w", err)
			}
			ids = append(ids, top...)
		}
	}
	for id := range rc.completed {
		ids = append(ids, id)
	}
	for id := range rc.rating {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if err := byIDs(ids); err != nil {
		return nil, err
	}
	// Bounds: fit and price at best (1); engagement, reliability and risk exact.
	for i := range pool {
		k := &pool[i].k
		k.catMatch, k.nicheMatch, k.price = true, true, 0
		p, _ := scoreOf(k, campaignHead{}, rc, 1, false)
		p.Fit, p.Price = 1, 1
		pool[i].bound = totalScore(p)
	}
	sort.Slice(pool, func(i, j int) bool {
		if pool[i].bound != pool[j].bound {
			return pool[i].bound > pool[j].bound
		}
		return pool[i].k.id < pool[j].k.id
	})
	var out []candidate
	var best []float64 // the exact scores so far, highest first
	const chunk = 100
	for from := 0; from < len(pool) && from < RecommendEvaluated; from += chunk {
		if len(best) >= need && best[need-1] > pool[from].bound {
			break // no row left can reach the page
		}
		part := pool[from:min(from+chunk, len(pool))]
		chunkIDs := make([]string, len(part))
		for i, x := range part {
			chunkIDs[i] = x.k.id
		}
		type prof struct {
			cat, niche bool
			reach      int64
		}
		profs := map[string]prof{}
		q, args, err := sqlx.In(`SELECT p.account_id, COALESCE(p.category = ? COLLATE NOCASE, 0), COALESCE(p.niche = ? COLLATE NOCASE, 0),
			`+reachExpr+` FROM influencer_profiles p WHERE p.account_id IN (?)`, c.Category, c.Niche, chunkIDs)
		if err != nil {
			return nil, fmt.Errorf("recommendations: candidates: %w", err)
		}
		rows, err := db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("recommendations: candidates: %w", err)
		}
		for rows.Next() {
			var id string
			var p prof
			if err := rows.Scan(&id, &p.cat, &p.niche, &p.reach); err != nil {
				rows.Close()
				return nil, fmt.Errorf("recommendations: candidates: %w", err)
			}
			profs[id] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("recommendations: candidates: %w", err)
		}
		if err := loadAudience(ctx, db, c, chunkIDs, rc.audience); err != nil {
			return nil, err
		}
		for _, x := range part {
			p := profs[x.k.id] // no profile: no category, no reach
			k := x.k
			k.catMatch, k.nicheMatch, k.reach = p.cat, p.niche, p.reach
			if k.reach <= 0 {
				k.reach = x.followers
			}
			k.price = PriceEstimateCents(k.reach)
			parts, _ := scoreOf(&k, c, rc, left, false)
			score := totalScore(parts)
			at := sort.Search(len(best), func(i int) bool { return best[i] < score })
			best = append(best, 0)
			copy(best[at+1:], best[at:])
			best[at] = score
			out = append(out, k)
		}
	}
	return out, nil
}

// unseen returns the ids not yet read, once each.
func unseen(ids []string, seen map[string]bool) []string {
	out := ids[:0:0]
	dup := map[string]bool{}
	for _, id := range ids {
		if !seen[id] && !dup[id] {
			dup[id] = true
			out = append(out, id)
		}
	}
	return out
}

// recommendableCount is the candidates' number without ranking them: the stats rows
// less those of hidden accounts (the accounts_hidden index) and of influencers
// already requested for the campaign. Stats rows belong to influencers (the
// server's analytics job writes them for influencer accounts only).
func recommendableCount(ctx context.Context, db sqlx.QueryerContext, c campaignHead, stats int) (int, error) {
	var hidden, requested int
	if err := sqlx.GetContext(ctx, db, &hidden, `SELECT COUNT(*) FROM accounts a CROSS JOIN influencer_stats s
		ON s.influencer_id = a.id WHERE a.active = 0 OR a.flagged = 1`); err != nil {
		return 0, fmt.Errorf("recommendations: count: %w", err)
	}
	if err := sqlx.GetContext(ctx, db, &requested, `SELECT COUNT(DISTINCT r.influencer_id) FROM ad_requests r
		CROSS JOIN influencer_stats s ON s.influencer_id = r.influencer_id
		JOIN accounts a ON a.id = r.influencer_id
		WHERE r.campaign_id = ? AND r.deleted_at IS NULL AND a.active = 1 AND a.flagged = 0`, c.ID); err != nil {
		return 0, fmt.Errorf("recommendations: count: %w", err)
	}
	return max(stats-hidden-requested, 0), nil
}
