package seed

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
	"iescp/backend/analytics/synth"
	"iescp/backend/mutate"
	"iescp/backend/statsjob"
	"iescp/backend/store"
)

// The seed's analytics (issue 12, docs/analytics.md): SYNTHETIC post histories.
const (
	// DefaultPostsPerInfluencer is the posts each influencer gets over the year
	// before Now (--posts-per-influencer).
	DefaultPostsPerInfluencer = 20
	// PlantedShare is the share of the bulk influencers planted with fake followers
	// (synth.Config.FakeShare; never the demo accounts): synthetic, so the
	// authenticity score can be shown flagging someone.
	PlantedShare = 0.05
)

// analyticsWorld is what seedAnalytics wrote.
type analyticsWorld struct {
	posts   int
	planted []string // influencer account ids, in profile order
}

// seedPosts writes every influencer's synthetic post history (synth, with the
// profile's category and reach as the followers at Now, so the latest followers on
// each platform are about the profile's reach there; ids derived from the
// influencer, the platform and "seed-<n>", source 'seed'), an audience breakdown and
// a public media kit for the demo influencers and every seventh other one, and
// target audiences for every third campaign.
func seedPosts(ctx context.Context, tx *sqlx.Tx, w *world, seed int64, per int, now time.Time) (analyticsWorld, error) {
	var out analyticsWorld
	demo := map[string]bool{}
	for _, a := range w.demo {
		demo[a.ID] = true
	}
	infs := w.influencers
	synthInfs, posts := synth.Generate(synth.Config{Seed: uint64(seed), Influencers: len(infs), PostsPerInfluencer: per,
		Now: now, FakeShare: PlantedShare,
		IDs: func(i, j int) string {
			if j < 0 {
				return infs[i].AccountID
			}
			return ""
		},
		Given: func(i int) synth.Given {
			p := infs[i]
			return synth.Given{Category: p.Category, Genuine: demo[p.AccountID], Followers: map[string]int64{
				"instagram": p.ReachInstagram, "youtube": p.ReachYouTube, "tiktok": p.ReachTikTok, "x": p.ReachX, "other": p.ReachOther}}
		}})
	for k := range posts {
		p := &posts[k]
		p.ID = mutate.PostID(p.InfluencerID, p.Platform, "seed-"+strconv.Itoa(k%per))
	}
	for _, in := range synthInfs {
		if in.Fake {
			out.planted = append(out.planted, in.ID)
		}
	}
	out.posts = len(posts)
	err := insertAll(ctx, tx, table{"posts", `INSERT INTO posts (id, influencer_id, platform, content_type, external_id, posted_at,
		followers, views, reach, likes, comments, shares, saves, sponsored, source, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'seed', ?, ?)`, len(posts), func(k int) []any {
		p := posts[k]
		return []any{p.ID, p.InfluencerID, p.Platform, p.ContentType, "seed-" + strconv.Itoa(k%per), p.PostedAt, p.Followers,
			p.Views, p.Reach, p.Likes, p.Comments, p.Shares, p.Saves, p.Sponsored, now, now}
	}}, true)
	if err != nil {
		return out, err
	}
	// Audience breakdowns and public media kits.
	type share struct {
		id, influencer, dimension, bucket string
		bps                               int64
	}
	var shares []share
	var kits []string
	countries := [][]string{{"US", "GB", "CA", "AU"}, {"DE", "AT", "CH", "NL"}, {"IN", "US", "AE", "GB"}, {"BR", "PT", "US", "ES"}}
	for i, p := range infs {
		if !demo[p.AccountID] && i%7 != 3 {
			continue
		}
		kits = append(kits, p.AccountID)
		add := func(dim string, buckets []string, bps []int64) {
			for b := range buckets {
				shares = append(shares, share{mutate.AudienceShareID(p.AccountID, dim, buckets[b]), p.AccountID, dim, buckets[b], bps[b]})
			}
		}
		add("country", countries[i%len(countries)], []int64{4200 + int64(i%5)*300, 1800, 1100, 700})
		add("age", analytics.AgeBands[:5], []int64{600, 3400 - int64(i%4)*200, 3100, 1700 + int64(i%4)*200, 800})
		f := 3000 + int64(i%9)*700
		add("gender", analytics.Genders, []int64{f, 9700 - f, 300})
	}
	err = insertAll(ctx, tx, table{"audience_shares", `INSERT INTO audience_shares (id, influencer_id, dimension, bucket, share_bps,
		updated_at) VALUES (?, ?, ?, ?, ?, ?)`, len(shares), func(k int) []any {
		s := shares[k]
		return []any{s.id, s.influencer, s.dimension, s.bucket, s.bps, now}
	}}, true)
	if err != nil {
		return out, err
	}
	err = insertAll(ctx, tx, table{"media_kits", `INSERT INTO media_kits (influencer_id, show_audience, show_history, headline,
		updated_at) VALUES (?, 1, 1, ?, ?)`, len(kits), func(k int) []any {
		return []any{kits[k], "Real numbers, real audience: my last 12 months", now}
	}}, true)
	if err != nil {
		return out, err
	}
	// Target audiences of every third campaign.
	targets := [][3]string{{"US,GB,CA", "18-24,25-34", "instagram,tiktok"}, {"DE,AT,CH", "25-34,35-44", "youtube"},
		{"IN,AE", "18-24", "instagram,youtube"}}
	for i, c := range w.campaigns {
		if i%3 != 0 {
			continue
		}
		t := targets[(i/3)%len(targets)]
		if _, err := tx.ExecContext(ctx, `UPDATE campaigns SET target_countries = ?, target_ages = ?, target_platforms = ? WHERE id = ?`,
			t[0], t[1], t[2], c.ID); err != nil {
			return out, fmt.Errorf("seed: campaign targets: %w", err)
		}
	}
	return out, nil
}

// runStatsJob runs the server's analytics job once over the seeded database, so the
// stats rows and the model exist before the first sign-in (docs/analytics.md).
func runStatsJob(ctx context.Context, s *store.Store, now time.Time) (statsjob.Written, *int, error) {
	rtx, err := s.R.BeginTxx(ctx, nil)
	if err != nil {
		return statsjob.Written{}, nil, fmt.Errorf("seed: analytics: %w", err)
	}
	res, err := statsjob.Compute(ctx, rtx, now)
	_ = rtx.Rollback()
	if err != nil {
		return statsjob.Written{}, nil, fmt.Errorf("seed: analytics: %w", err)
	}
	var w statsjob.Written
	err = s.Write(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE sync_meta SET version = version + 1 WHERE id = 1`); err != nil {
			return fmt.Errorf("seed: sync_meta: %w", err)
		}
		var err error
		w, err = statsjob.Write(ctx, tx, res)
		return err
	})
	if err != nil {
		return w, nil, err
	}
	if res.Model == nil {
		return w, nil, nil
	}
	v := res.Model.Version
	return w, &v, nil
}
