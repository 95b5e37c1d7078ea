package server

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"iescp/backend/analytics/synth"
	"iescp/backend/domain"
	"iescp/sync/protocol"
)

// analyticsData makes n influencers with synthetic post histories (per posts each,
// ending at the server's clock), written straight into the canonical database.
func (e *testEnv) analyticsData(n, per int) []string {
	e.t.Helper()
	ids := make([]string, n)
	for i := range ids {
		ids[i], _ = e.account(domain.RoleInfluencer)
	}
	_, posts := synth.Generate(synth.Config{Seed: 3, Influencers: n, PostsPerInfluencer: per, Now: e.clock.Now(), FakeShare: 0.05,
		IDs: func(inf, post int) string {
			if post < 0 {
				return ids[inf]
			}
			return domain.NewID()
		}})
	tx := e.s.db.W.MustBegin()
	defer tx.Rollback()
	for _, p := range posts {
		tx.MustExec(`INSERT INTO posts (id, influencer_id, platform, content_type, posted_at, followers, views, reach, likes,
			comments, shares, saves, sponsored, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'seed', ?, ?)`,
			p.ID, p.InfluencerID, p.Platform, p.ContentType, p.PostedAt, p.Followers, p.Views, p.Reach, p.Likes, p.Comments,
			p.Shares, p.Saves, p.Sponsored, e.clock.Now(), e.clock.Now())
	}
	if err := tx.Commit(); err != nil {
		e.t.Fatal(err)
	}
	return ids
}

func (e *testEnv) refreshAnalytics(token string) protocol.AnalyticsRefresh {
	e.t.Helper()
	status, _, body := e.do(http.MethodPost, analyticsRefreshPath, token, nil)
	if status != http.StatusOK {
		e.t.Fatalf("refresh: %d %s", status, body)
	}
	var out protocol.AnalyticsRefresh
	if err := json.Unmarshal(body, &out); err != nil {
		e.t.Fatal(err)
	}
	return out
}

// pullTables pulls everything after cursor and counts the rows put per table.
func (e *testEnv) pullTables(token, clientID string, cursor int64, epoch string) (map[string]int, int64, string) {
	e.t.Helper()
	tables := map[string]int{}
	for {
		pr := e.pullAs(token, clientID, cursor, epoch)
		for _, c := range pr.Changes {
			if c.Op == protocol.OpPut {
				tables[c.Table]++
			}
		}
		cursor, epoch = pr.Cursor, pr.Epoch
		if !pr.HasMore {
			return tables, cursor, epoch
		}
	}
}

// An admin's refresh computes every influencer's stats and a model that a sponsor's
// desktop receives through the ordinary pull; a second refresh over the same data
// changes no stats row (the sponsor pulls the new model alone); a refresh while one
// runs is refused with busy; anyone else gets 404.
func TestAnalyticsRefresh_SponsorPulls(t *testing.T) {
	e := newEnv(t, Config{AnalyticsSchedule: "off"})
	defer func(n int) { refreshBatch = n }(refreshBatch)
	refreshBatch = 25 // three write transactions for the 60 rows
	_, admin := e.account(domain.RoleAdmin)
	_, sponsor := e.account(domain.RoleSponsor)
	ids := e.analyticsData(60, 20)
	client := domain.NewID()
	_, cursor, epoch := e.pullTables(sponsor, client, 0, "")
	v0 := e.count(`SELECT version FROM sync_meta WHERE id = 1`)

	out := e.refreshAnalytics(admin)
	if out.ModelVersion != 1 || out.Influencers != len(ids) || out.StatsChanged != len(ids) || out.Rows <= 0 ||
		out.TrainedAt == nil || !out.TrainedAt.Equal(e.clock.Now()) || out.ER.Rows <= 0 || out.ER.Model.MAE <= 0 {
		t.Fatalf("first refresh: %+v", out)
	}
	if v := e.count(`SELECT version FROM sync_meta WHERE id = 1`); v != v0+3 {
		t.Fatalf("the refresh wrote in %d transactions, want 3 batches", v-v0)
	}
	tables, cursor, epoch := e.pullTables(sponsor, client, cursor, epoch)
	if tables["influencer_stats"] != len(ids) || tables["analytics_models"] != 1 {
		t.Fatalf("the sponsor pulled %v after the first refresh", tables)
	}
	var stats struct {
		Tier      string    `db:"size_tier"`
		Predicted float64   `db:"predicted_er"`
		Computed  time.Time `db:"computed_at"`
	}
	if err := e.s.db.R.Get(&stats, `SELECT size_tier, predicted_er, computed_at FROM influencer_stats WHERE influencer_id = ?`, ids[0]); err != nil {
		t.Fatal(err)
	}
	if stats.Tier == "" || stats.Predicted <= 0 || !stats.Computed.Equal(e.clock.Now()) {
		t.Fatalf("stats row: %+v", stats)
	}

	v1 := e.count(`SELECT version FROM sync_meta WHERE id = 1`)
	out = e.refreshAnalytics(admin)
	if out.ModelVersion != 2 || out.StatsChanged != 0 {
		t.Fatalf("second refresh: %+v", out)
	}
	if v := e.count(`SELECT version FROM sync_meta WHERE id = 1`); v != v1+1 {
		t.Fatalf("a refresh with no new data wrote %d transactions, want 1 (the model)", v-v1)
	}
	tables, _, _ = e.pullTables(sponsor, client, cursor, epoch)
	if tables["influencer_stats"] != 0 || tables["analytics_models"] != 1 {
		t.Fatalf("the sponsor pulled %v after a refresh with no new data", tables)
	}

	e.s.analyticsMu.Lock()
	status, _, body := e.do(http.MethodPost, analyticsRefreshPath, admin, nil)
	e.s.analyticsMu.Unlock()
	e.wantError(status, body, http.StatusConflict, domain.CodeBusy)

	_, infl := e.account(domain.RoleInfluencer)
	for _, tok := range []string{sponsor, infl} {
		status, _, body := e.do(http.MethodPost, analyticsRefreshPath, tok, nil)
		e.wantError(status, body, http.StatusNotFound, domain.CodeNotFound)
	}
	status, _, body = e.do(http.MethodPost, analyticsRefreshPath, "", nil)
	e.wantError(status, body, http.StatusUnauthorized, domain.CodeUnauthenticated)
	if n := e.count(`SELECT model_version FROM analytics_models WHERE id = 'engagement'`); n != 2 {
		t.Fatalf("model version %d after the refused refreshes", n)
	}
}

// The analytics refresh runs once a day by default, "off" disables it, and a bad
// schedule is refused at Listen and by the command line's check.
func TestAnalytics_Schedule(t *testing.T) {
	e := newEnv(t, Config{AutoAcceptSchedule: "off"})
	if e.s.cron == nil || len(e.s.cron.Entries()) != 1 {
		t.Fatal("a listening server has no analytics job")
	}
	from := time.Date(2030, 3, 1, 9, 0, 0, 0, time.UTC)
	if next := e.s.cron.Entries()[0].Schedule.Next(from); !next.Equal(time.Date(2030, 3, 2, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("next run after %s: %s, want the next midnight UTC", from, next)
	}
	off := newEnv(t, Config{AutoAcceptSchedule: "off", AnalyticsSchedule: "off"})
	if off.s.cron != nil {
		t.Fatal("both jobs off, yet a scheduler runs")
	}
	for spec, ok := range map[string]bool{"": true, "off": true, "@daily": true, "30 3 * * *": true, "every tuesday": false, "61 * * * *": false} {
		if err := CheckAnalyticsSchedule(spec); (err == nil) != ok {
			t.Errorf("CheckAnalyticsSchedule(%q) = %v", spec, err)
		}
	}
	s, err := New(Config{DBPath: t.TempDir() + "/x.db", AnalyticsSchedule: "every tuesday"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Listen("127.0.0.1:0"); err == nil {
		t.Fatal("Listen took a bad analytics schedule")
	}
}
