package statsjob

import (
	"context"
	"testing"

	"iescp/backend/analytics"
)

// riskCase is one measurement of the authenticity score against the planted
// fake-follower accounts of a synthetic world of 2,000 influencers (5 % planted):
// the influencers whose score is at least Threshold are the flagged ones, and the
// flags must reach the floors (docs/analytics.md, "Authenticity on the planted
// accounts").
type riskCase struct {
	name           string
	posts          int   // per influencer, over the year
	threshold      int64 // flagged at or above
	precisionFloor float64
	recallFloor    float64
}

var riskCases = []riskCase{
	// The seed's density (20 posts a year, one every ~18 days). A follower jump is
	// judged against the account's typical growth over the gap (up to 60 days), so it
	// is seen at this density; a jump with low engagement reaches "high".
	{"seed density, high", 20, analytics.HighRisk, 0.95, 0.77},
	// "medium or high" adds a very low engagement alone (35), which some genuine
	// accounts of the tier have too.
	{"seed density, medium or high", 20, analytics.MediumRisk, 0.77, 0.92},
	// A post every ~6 days.
	{"60 posts, high", 60, analytics.HighRisk, 0.95, 0.88},
}

func TestRiskOnPlantedAccounts(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 influencers")
	}
	for _, c := range riskCases {
		t.Run(c.name, func(t *testing.T) {
			st, infs := canonical(t, 2000, c.posts, 0.05)
			res, err := Compute(context.Background(), st.R, testNow)
			if err != nil {
				t.Fatal(err)
			}
			fake := map[string]bool{}
			for _, in := range infs {
				fake[in.ID] = in.Fake
			}
			var tp, fp, planted int
			for _, s := range res.Stats {
				if fake[s.InfluencerID] {
					planted++
				}
				if s.RiskScore >= c.threshold {
					if fake[s.InfluencerID] {
						tp++
					} else {
						fp++
					}
				}
			}
			precision := float64(tp) / float64(max(tp+fp, 1))
			recall := float64(tp) / float64(max(planted, 1))
			t.Logf("%d influencers × %d posts, %d planted; score ≥ %d flags %d (%d planted, %d genuine): precision %.3f, recall %.3f",
				len(res.Stats), c.posts, planted, c.threshold, tp+fp, tp, fp, precision, recall)
			if m := res.Model; m != nil {
				e := m.Metrics
				t.Logf("model %d rows: ER MAE model %.4f tier %.4f own %.4f, R² %.3f %.3f %.3f; views MAE %.0f %.0f %.0f, R² %.3f %.3f %.3f",
					m.Rows, e.ER.Model.MAE, e.ER.TierMedian.MAE, e.ER.OwnMean.MAE, e.ER.Model.R2, e.ER.TierMedian.R2, e.ER.OwnMean.R2,
					e.Views.Model.MAE, e.Views.TierMedian.MAE, e.Views.OwnMean.MAE, e.Views.Model.R2, e.Views.TierMedian.R2, e.Views.OwnMean.R2)
			}
			if planted < 50 || tp+fp == 0 || precision < c.precisionFloor || recall < c.recallFloor {
				t.Fatalf("precision %.3f (floor %.2f), recall %.3f (floor %.2f) over %d planted",
					precision, c.precisionFloor, recall, c.recallFloor, planted)
			}
		})
	}
}
