package statsjob

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics/synth"
	"iescp/backend/store"
)

// BenchmarkCompute100k is the server's job over 100,000 influencers × 20 posts
// (2,000,000 posts, training included): its time and memory, and the size of the
// model's JSON that travels to every desktop. The database is built once (batched
// INSERTs, not timed); STATSJOB_BENCH_N changes the number of influencers.
func BenchmarkCompute100k(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("STATSJOB_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	st, err := store.Open(filepath.Join(b.TempDir(), "server.db"), store.SetDomain, store.SetServer)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	infs, posts := synth.Generate(synth.Config{Seed: 1, Influencers: n, PostsPerInfluencer: 20, Now: testNow, FakeShare: 0.05})
	err = st.Write(context.Background(), func(tx *sqlx.Tx) error {
		acc := make([][]any, 0, len(infs))
		prof := make([][]any, 0, len(infs))
		for _, in := range infs {
			f := in.Followers
			acc = append(acc, []any{in.ID, in.ID + "@example.test", in.ID, testNow, testNow})
			prof = append(prof, []any{in.ID, in.ID, in.Category, in.Niche, f["instagram"], f["youtube"], f["tiktok"], f["x"], f["other"], testNow})
		}
		if err := batch(tx, `INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES `, "(?, ?, 'influencer', ?, ?, ?)", acc); err != nil {
			return err
		}
		if err := batch(tx, `INSERT INTO influencer_profiles (account_id, display_name, category, niche, reach_instagram, reach_youtube,
			reach_tiktok, reach_x, reach_other, updated_at) VALUES `, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", prof); err != nil {
			return err
		}
		rows := make([][]any, 0, len(posts))
		for _, p := range posts {
			rows = append(rows, []any{p.ID, p.InfluencerID, p.Platform, p.ContentType, p.PostedAt, p.Followers, p.Views, p.Reach,
				p.Likes, p.Comments, p.Shares, p.Saves, p.Sponsored, testNow, testNow})
		}
		return batch(tx, `INSERT INTO posts (id, influencer_id, platform, content_type, posted_at, followers, views, reach, likes,
			comments, shares, saves, sponsored, source, created_at, updated_at) VALUES `, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'seed', ?, ?)", rows)
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		res, err := Compute(context.Background(), st.R, testNow)
		if err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(start)
		runtime.ReadMemStats(&after)
		b.StopTimer()
		params, err := json.Marshal(res.Model)
		if err != nil {
			b.Fatal(err)
		}
		wstart := time.Now()
		var w Written
		if err := st.Write(context.Background(), func(tx *sqlx.Tx) error {
			if _, err := tx.Exec(`UPDATE sync_meta SET version = version + 1 WHERE id = 1`); err != nil {
				return err
			}
			w, err = Write(context.Background(), tx, res)
			return err
		}); err != nil {
			b.Fatal(err)
		}
		b.Logf("%d influencers, %d posts: Compute %s (training %.1f s), allocated %d MB, heap after %d MB; Write %d rows %s; model JSON %d bytes",
			len(res.Stats), res.Rows, elapsed.Round(time.Millisecond), res.Model.Metrics.Seconds, (after.TotalAlloc-before.TotalAlloc)>>20,
			after.HeapAlloc>>20, w.StatsChanged, time.Since(wstart).Round(time.Millisecond), len(params))
		b.ReportMetric(float64(len(params)), "model-bytes")
		b.StartTimer()
	}
}

// batch inserts rows with multi-row INSERTs of at most ~900 parameters.
func batch(tx *sqlx.Tx, head, row string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	per := max(1, 900/len(rows[0]))
	args := make([]any, 0, 900)
	for lo := 0; lo < len(rows); lo += per {
		hi := min(lo+per, len(rows))
		args = args[:0]
		for _, r := range rows[lo:hi] {
			args = append(args, r...)
		}
		if _, err := tx.Exec(head+strings.Repeat(row+",", hi-lo-1)+row, args...); err != nil {
			return err
		}
	}
	return nil
}
