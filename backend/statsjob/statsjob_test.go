package statsjob

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
	"iescp/backend/analytics/synth"
	"iescp/backend/predict"
	"iescp/backend/store"
)

var testNow = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)

// canonical opens a server database holding n synthetic influencers (profiles with
// their reach) and their posts.
func canonical(t testing.TB, n, per int, fake float64) (*store.Store, []synth.Influencer) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "server.db"), store.SetDomain, store.SetServer)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	infs, posts := synth.Generate(synth.Config{Seed: 7, Influencers: n, PostsPerInfluencer: per, Now: testNow, FakeShare: fake})
	err = st.Write(context.Background(), func(tx *sqlx.Tx) error {
		for _, in := range infs {
			if _, err := tx.Exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, 'influencer', ?, ?, ?)`,
				in.ID, in.ID+"@example.test", in.ID, testNow, testNow); err != nil {
				return err
			}
			f := in.Followers
			if _, err := tx.Exec(`INSERT INTO influencer_profiles (account_id, display_name, category, niche, reach_instagram,
				reach_youtube, reach_tiktok, reach_x, reach_other, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				in.ID, in.ID, in.Category, in.Niche, f["instagram"], f["youtube"], f["tiktok"], f["x"], f["other"], testNow); err != nil {
				return err
			}
		}
		return insertPosts(tx, posts)
	})
	if err != nil {
		t.Fatal(err)
	}
	return st, infs
}

func insertPosts(tx *sqlx.Tx, posts []analytics.Post) error {
	for _, p := range posts {
		if _, err := tx.Exec(`INSERT INTO posts (id, influencer_id, platform, content_type, posted_at, followers, views, reach,
			likes, comments, shares, saves, sponsored, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'seed', ?, ?)`,
			p.ID, p.InfluencerID, p.Platform, p.ContentType, p.PostedAt, p.Followers, p.Views, p.Reach, p.Likes, p.Comments,
			p.Shares, p.Saves, p.Sponsored, testNow, testNow); err != nil {
			return err
		}
	}
	return nil
}

// refresh is one run of the job as the server does it: compute on a snapshot, then
// write in a transaction stamped with a new version.
func refresh(t testing.TB, st *store.Store, now time.Time) (Result, Written) {
	t.Helper()
	ctx := context.Background()
	rtx, err := st.R.BeginTxx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Compute(ctx, rtx, now)
	rtx.Rollback()
	if err != nil {
		t.Fatal(err)
	}
	var w Written
	err = st.Write(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.Exec(`UPDATE sync_meta SET version = version + 1 WHERE id = 1`); err != nil {
			return err
		}
		w, err = Write(ctx, tx, res)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return res, w
}

func versions(t testing.TB, st *store.Store) map[string]int64 {
	t.Helper()
	var rows []struct {
		ID      string `db:"influencer_id"`
		Version int64  `db:"version"`
	}
	if err := st.R.Select(&rows, `SELECT influencer_id, version FROM influencer_stats`); err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.ID] = r.Version
	}
	return out
}

// TestComputeWrite: every influencer gets a stats row in the documented JSON shapes
// and the model is stored as version 1; a second refresh over the same data rewrites
// no stats row (their versions stay) and numbers the model 2; a new post rewrites
// its influencer's row.
func TestComputeWrite(t *testing.T) {
	st, infs := canonical(t, 80, 20, 0.05)
	res, w := refresh(t, st, testNow)
	if res.Model == nil {
		t.Fatalf("no model: %s", res.ModelErr)
	}
	if w.StatsChanged != len(infs) || !w.Model {
		t.Fatalf("first refresh wrote %+v, want %d rows and the model", w, len(infs))
	}
	var model struct {
		Version int64  `db:"model_version"`
		Rows    int64  `db:"rows"`
		Metrics string `db:"metrics"`
		Params  string `db:"params"`
	}
	if err := st.R.Get(&model, `SELECT model_version, rows, metrics, params FROM analytics_models WHERE id = 'engagement'`); err != nil {
		t.Fatal(err)
	}
	if model.Version != 1 || model.Rows <= 0 || len(model.Params) < 100 {
		t.Fatalf("model row: version %d rows %d params %d bytes", model.Version, model.Rows, len(model.Params))
	}
	var stats []struct {
		ID         string  `db:"influencer_id"`
		Followers  int64   `db:"followers"`
		Tier       string  `db:"size_tier"`
		Series     string  `db:"series"`
		ByType     string  `db:"by_type"`
		BestSlot   string  `db:"best_slot"`
		Reasons    string  `db:"risk_reasons"`
		Predicted  float64 `db:"predicted_er"`
		ModelVer   int64   `db:"model_version"`
		Posts90d   int64   `db:"posts_90d"`
		ERFollower float64 `db:"er_followers"`
		HistPosts  int     `db:"hist_posts"`
		HistLogER  float64 `db:"hist_log_er"`
		HistLogV   float64 `db:"hist_log_views"`
	}
	if err := st.R.Select(&stats, `SELECT influencer_id, followers, size_tier, series, by_type, best_slot, risk_reasons,
		predicted_er, model_version, posts_90d, er_followers, hist_posts, hist_log_er, hist_log_views FROM influencer_stats`); err != nil {
		t.Fatal(err)
	}
	// The model row is format 2, without the histories: each is in its stats row,
	// and a desktop predicting from the stored model and the row predicts what the
	// server's trained model does.
	var stored predict.Model
	if err := json.Unmarshal([]byte(model.Params), &stored); err != nil {
		t.Fatal(err)
	}
	if stored.Format != predict.Format || len(stored.Influencers) != 0 {
		t.Fatalf("stored model of format %d with %d histories", stored.Format, len(stored.Influencers))
	}
	withHistory := 0
	for _, s := range stats {
		h, ok := res.Model.History(s.ID)
		if !ok {
			h = predict.History{}
		}
		if s.HistPosts != h.Posts || s.HistLogER != h.MeanLogER || s.HistLogV != h.MeanLogViews {
			t.Fatalf("%s: history in the row %d %v %v, in the model %+v", s.ID, s.HistPosts, s.HistLogER, s.HistLogV, h)
		}
		if ok {
			withHistory++
			in := predict.Input{InfluencerID: s.ID, Category: "Tech", Niche: "Phones", Followers: 20_000, Platform: "instagram",
				ContentType: "reel", Weekday: time.Friday, Hour: 19}
			want := res.Model.Predict(in)
			in.History = &predict.History{Posts: s.HistPosts, MeanLogER: s.HistLogER, MeanLogViews: s.HistLogV}
			if got := stored.Predict(in); got.ER != want.ER || got.Views != want.Views {
				t.Fatalf("%s: the stored model with the row's history predicts %+v, the trained one %+v", s.ID, got, want)
			}
		}
		var series []struct {
			Start     time.Time `json:"start"`
			Posts     *int      `json:"posts"`
			ER        *float64  `json:"er"`
			Followers *int64    `json:"followers"`
		}
		var byType struct {
			ContentType []struct {
				Key   string `json:"key"`
				Posts int    `json:"posts"`
			} `json:"content_type"`
			Platform []json.RawMessage `json:"platform"`
		}
		var slot map[string]*int
		var reasons []struct {
			Code   string         `json:"code"`
			Points *int           `json:"points"`
			Params map[string]any `json:"params"`
		}
		for col, dst := range map[string]any{s.Series: &series, s.ByType: &byType, s.BestSlot: &slot, s.Reasons: &reasons} {
			if err := json.Unmarshal([]byte(col), dst); err != nil {
				t.Fatalf("%s: %q: %v", s.ID, col, err)
			}
		}
		if len(series) < 12 || series[0].Posts == nil || series[0].ER == nil || series[0].Followers == nil {
			t.Fatalf("%s: series %s", s.ID, s.Series)
		}
		if _, ok := slot["day"]; !ok {
			t.Fatalf("%s: best_slot %s", s.ID, s.BestSlot)
		}
		if s.Posts90d > 0 && (len(byType.ContentType) == 0 || len(byType.Platform) == 0 || s.ERFollower <= 0) {
			t.Fatalf("%s: by_type %s, er %v with %d posts", s.ID, s.ByType, s.ERFollower, s.Posts90d)
		}
		if s.Followers <= 0 || s.Tier == "" || s.Predicted <= 0 || s.ModelVer != 1 {
			t.Fatalf("%s: followers %d tier %q predicted %v model %d", s.ID, s.Followers, s.Tier, s.Predicted, s.ModelVer)
		}
		for _, r := range reasons {
			if r.Code == "" || r.Points == nil {
				t.Fatalf("%s: reasons %s", s.ID, s.Reasons)
			}
		}
	}
	if withHistory < len(stats)/2 {
		t.Fatalf("only %d of %d rows carry the model's history", withHistory, len(stats))
	}
	before := versions(t, st)

	res2, w2 := refresh(t, st, testNow)
	if w2.StatsChanged != 0 {
		t.Fatalf("a refresh with no new data rewrote %d stats rows", w2.StatsChanged)
	}
	if res2.Model == nil || res2.Model.Version != 2 {
		t.Fatalf("second model: %+v", res2.Model)
	}
	after := versions(t, st)
	for id, v := range before {
		if after[id] != v {
			t.Fatalf("%s restamped: version %d -> %d", id, v, after[id])
		}
	}

	// A new post of one influencer changes its row.
	id := infs[3].ID
	p := analytics.Post{ID: "new-post", InfluencerID: id, Platform: "instagram", ContentType: "reel",
		PostedAt: testNow.Add(-time.Hour), Followers: 5000, Views: 9000, Reach: 8000, Likes: 700, Comments: 40}
	if err := st.Write(context.Background(), func(tx *sqlx.Tx) error { return insertPosts(tx, []analytics.Post{p}) }); err != nil {
		t.Fatal(err)
	}
	_, w3 := refresh(t, st, testNow)
	if w3.StatsChanged == 0 || versions(t, st)[id] == before[id] {
		t.Fatalf("a new post: %d rows changed, %s version %d", w3.StatsChanged, id, versions(t, st)[id])
	}
}
