package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
)

// keysWorld is a few hundred influencers drawn at random from small vocabularies
// (so that words repeat and ranks and reaches tie), some hidden, then changed the
// ways a replica changes: reach and text updates, renamed accounts, deleted
// profiles, profiles replaced under a new rowid.
func keysWorld(t *testing.T, seed uint64) *fx {
	f := newFixture(t)
	r := rand.New(rand.NewPCG(seed, 7))
	categories := []string{"Fitness", "Food", "Tech", "Travel", "fitness"}
	niches := []string{"Yoga", "Vegan", "Phones", "Lisbon", ""}
	words := []string{"fitness", "yoga", "vegan", "lisbon", "reviews", "phones", "cooking", "travel", "yoyo", "maya", "cooks", "fit"}
	phrase := func(n int) string {
		var b []string
		for range n {
			b = append(b, words[r.IntN(len(words))])
		}
		return strings.Join(b, " ")
	}
	reach := func() int64 {
		switch r.IntN(4) {
		case 0:
			return 0
		case 1:
			return int64(r.IntN(3)) * 10_000 // ties
		default:
			return int64(r.IntN(2_000_000))
		}
	}
	var ids []string
	for i := range 300 {
		ids = append(ids, f.influencer(infl{name: phrase(1 + r.IntN(2)), display: phrase(1 + r.IntN(2)),
			category: categories[r.IntN(len(categories))], niche: niches[r.IntN(len(niches))], bio: phrase(r.IntN(12)),
			ig: reach(), yt: reach(), tt: reach(), x: reach(), other: reach(),
			flagged: i%37 == 5, inactive: i%41 == 7}))
	}
	for i, id := range ids {
		switch i % 11 {
		case 1:
			f.exec(`UPDATE influencer_profiles SET reach_youtube = ?, reach_x = ? WHERE account_id = ?`, reach(), reach(), id)
		case 2:
			f.exec(`UPDATE influencer_profiles SET category = ?, bio = ? WHERE account_id = ?`,
				categories[r.IntN(len(categories))], phrase(5), id)
		case 3:
			f.exec(`UPDATE accounts SET name = ? WHERE id = ?`, phrase(2), id)
		case 4:
			f.exec(`DELETE FROM influencer_profiles WHERE account_id = ?`, id)
		case 5: // a new rowid for the same profile
			f.exec(`INSERT OR REPLACE INTO influencer_profiles (account_id, display_name, category, niche, reach_instagram,
				reach_youtube, reach_tiktok, reach_x, reach_other, bio, updated_at)
				SELECT account_id, display_name, category, niche, ?, reach_youtube, reach_tiktok, reach_x, reach_other, bio, updated_at
				FROM influencer_profiles WHERE account_id = ?`, reach(), id)
		case 6:
			f.exec(`UPDATE accounts SET flagged = 1 - flagged WHERE id = ?`, id)
		case 7:
			f.exec(`UPDATE accounts SET active = 1 - active WHERE id = ?`, id)
		}
	}
	// Reviews: ratings that tie (on average and in number), others on campaigns; then
	// some changed, moved to another influencer, or deleted.
	campID := f.id() // reviews name a campaign; none needs to exist
	var reviewed []string
	for i, id := range ids {
		if i%11 == 4 || r.IntN(3) == 0 {
			continue // deleted, or unrated
		}
		for range 1 + r.IntN(3) {
			f.review("influencer", campID, id, 1+r.IntN(5))
		}
		if r.IntN(4) == 0 {
			f.review("campaign", campID, id, 1+r.IntN(5))
		}
		reviewed = append(reviewed, id)
	}
	// Equal reaches, so that orders by reach fall back on the rowid.
	f.exec(`UPDATE influencer_profiles SET reach_instagram = 9000000, reach_youtube = 0, reach_tiktok = 0, reach_x = 0,
		reach_other = 0 WHERE rowid % 13 = 0`)
	// The analytics job's stats for two in three (ERs and risks that tie), then some
	// rewritten (the job's upsert) or dropped.
	sizes, perfs := []string{"nano", "micro", "mid"}, []string{"A", "B", "C"}
	var rated []string
	for i, id := range ids {
		if i%11 == 4 || r.IntN(3) == 0 {
			continue
		}
		f.stats(id, statRow{followers: int64(r.IntN(100_000)), er: float64(r.IntN(8)) / 100, pred: float64(r.IntN(50)) / 1000,
			size: sizes[r.IntN(3)], perf: perfs[r.IntN(3)], risk: []int{0, 10, 45, 60, 90}[r.IntN(5)], segment: r.IntN(3)})
		rated = append(rated, id)
	}
	for i, id := range rated {
		switch i % 9 {
		case 1:
			f.exec(`INSERT INTO influencer_stats (influencer_id, er_followers, risk_score, size_tier, perf_tier, computed_at)
				VALUES (?, ?, ?, 'macro', 'A', ?) ON CONFLICT (influencer_id) DO UPDATE SET er_followers = excluded.er_followers,
				risk_score = excluded.risk_score, size_tier = excluded.size_tier, perf_tier = excluded.perf_tier`,
				id, float64(r.IntN(8))/100, r.IntN(101), fixtureTime)
		case 2:
			f.exec(`DELETE FROM influencer_stats WHERE influencer_id = ?`, id)
		case 3:
			f.exec(`UPDATE influencer_stats SET predicted_er = 0.5 WHERE influencer_id = ?`, id)
		}
	}
	for i, id := range reviewed {
		switch i % 7 {
		case 1:
			f.exec(`UPDATE reviews SET rating = 6 - rating WHERE influencer_id = ?`, id)
		case 2:
			f.exec(`DELETE FROM reviews WHERE rowid = (SELECT MIN(rowid) FROM reviews WHERE influencer_id = ?)`, id)
		case 3:
			f.exec(`UPDATE reviews SET influencer_id = ? WHERE rowid = (SELECT MIN(rowid) FROM reviews WHERE influencer_id = ?)`,
				reviewed[(i+1)%len(reviewed)], id)
		case 4:
			f.exec(`UPDATE reviews SET subject = 'campaign' WHERE influencer_id = ?`, id)
		}
	}
	f.integrity()
	return f
}

// TestInfluencers_KeysPathSameResults: every text query the keys path answers gives
// the same total and the same pages, in the same order, as the general path.
func TestInfluencers_KeysPathSameResults(t *testing.T) {
	for _, seed := range []uint64{1, 2} {
		f := keysWorld(t, seed)
		texts := []string{"fitness", "fit", "yo", "y", "vegan lisbon", "maya cooks", "reviews", "nothing", "FITNESS yoga", ""}
		type filt struct {
			cat, niche, platform string
			min, max             int64
		}
		filters := []filt{{}, {cat: "fitness"}, {cat: "Tech", platform: "youtube", min: 5_000}, {niche: "yoga"},
			{platform: "x"}, {platform: "instagram", min: 10_000, max: 1_500_000}, {min: 500_000}, {max: 20_000}}
		compared, nonEmpty := 0, 0
		for _, text := range texts {
			for _, fl := range filters {
				for _, sort := range []string{"", SortRelevance, SortReach, SortRating} {
					for _, order := range []string{"", OrderAsc, OrderDesc} {
						for _, page := range []int{1, 3, 9} {
							q := InfluencerQuery{Text: text, Category: fl.cat, Niche: fl.niche, Platform: fl.platform,
								MinReach: fl.min, MaxReach: fl.max, Sort: sort, Order: order, Page: page, PageSize: 7}
							name := fmt.Sprintf("seed %d %+v", seed, q)
							useKeys = true
							walkMin = 1 // the walk of the sort's index wherever it may
							got, err := f.influencers(q)
							if err != nil {
								t.Fatalf("%s: %v", name, err)
							}
							walkMin = 1 << 30 // never: every match joined to its keys
							joined, err := f.influencers(q)
							walkMin = 200
							if err != nil {
								t.Fatalf("%s: joined: %v", name, err)
							}
							if !reflect.DeepEqual(got, joined) {
								t.Fatalf("%s:\nwalk   %d %v\njoined %d %v", name, got.Total, ids(got), joined.Total, ids(joined))
							}
							useKeys = false
							want, err := f.influencers(q)
							useKeys = true
							if err != nil {
								t.Fatalf("%s: general path: %v", name, err)
							}
							if !reflect.DeepEqual(got, want) {
								t.Fatalf("%s:\nkeys path    %d %v\ngeneral path %d %v", name, got.Total, ids(got), want.Total, ids(want))
							}
							compared++
							if len(got.Items) > 0 {
								nonEmpty++
							}
						}
					}
				}
			}
		}
		if nonEmpty < compared/3 {
			t.Fatalf("seed %d: only %d of %d pages had results: the fixture does not exercise the search", seed, nonEmpty, compared)
		}
	}
}

// TestInfluencers_KeysPathSameResults_Stats: text searches with the server's
// analytics (stats filters and sorts, hiding the high-risk) and browsing sorted by a
// stat give on the keys the same totals and pages as the general path.
func TestInfluencers_KeysPathSameResults_Stats(t *testing.T) {
	for _, seed := range []uint64{3, 4} {
		f := keysWorld(t, seed)
		texts := []string{"fitness", "yo", "vegan lisbon", "reviews", ""}
		queries := []InfluencerQuery{{}, {MinER: 0.03}, {MaxER: 0.04, Category: "fitness"}, {SizeTier: "micro"},
			{PerfTier: "A", Platform: "youtube"}, {RiskLevel: RiskLow}, {RiskLevel: RiskMedium}, {RiskLevel: RiskHigh},
			{HideHighRisk: true}, {HideHighRisk: true, MinER: 0.02}, {HideHighRisk: true, Niche: "yoga"}}
		compared, nonEmpty := 0, 0
		for _, text := range texts {
			for _, base := range queries {
				for _, sort := range []string{"", SortReach, SortRating, SortER, SortPredicted, SortRisk} {
					for _, order := range []string{"", OrderAsc, OrderDesc} {
						for _, page := range []int{1, 4, 12} {
							q := base
							q.Text, q.Sort, q.Order, q.Page, q.PageSize = text, sort, order, page, 6
							name := fmt.Sprintf("seed %d %+v", seed, q)
							useKeys = true
							walkMin = 1 // the walk of the sort's indexes wherever it may
							got, err := f.influencers(q)
							if err != nil {
								t.Fatalf("%s: %v", name, err)
							}
							walkMin = 1 << 30 // never: every match joined to its keys
							joined, err := f.influencers(q)
							walkMin = 200
							if err != nil {
								t.Fatalf("%s: joined: %v", name, err)
							}
							if !reflect.DeepEqual(got, joined) {
								t.Fatalf("%s:\nwalk   %d %v\njoined %d %v", name, got.Total, ids(got), joined.Total, ids(joined))
							}
							useKeys = false
							want, err := f.influencers(q)
							useKeys = true
							if err != nil {
								t.Fatalf("%s: general path: %v", name, err)
							}
							if !reflect.DeepEqual(got, want) {
								t.Fatalf("%s:\nkeys path    %d %v\ngeneral path %d %v", name, got.Total, ids(got), want.Total, ids(want))
							}
							compared++
							if len(got.Items) > 0 {
								nonEmpty++
							}
						}
					}
				}
			}
		}
		if nonEmpty < compared/3 {
			t.Fatalf("seed %d: only %d of %d pages had results: the fixture does not exercise the search", seed, nonEmpty, compared)
		}
	}
}

func ids(p Page[InfluencerHit]) []string {
	out := []string{}
	for _, h := range p.Items {
		out = append(out, h.AccountID[len(h.AccountID)-4:])
	}
	return out
}

// TestRebuild_Keys: visibility, reviews and stats changed while the triggers stand
// aside (a bulk load) are in the keys after Rebuild.
func TestRebuild_Keys(t *testing.T) {
	f := keysWorld(t, 5)
	err := f.s.Write(context.Background(), func(tx *sqlx.Tx) error {
		if err := Suspend(tx); err != nil {
			return err
		}
		for _, q := range []string{
			`UPDATE accounts SET flagged = 1 - flagged WHERE rowid % 5 = 0`,
			`UPDATE accounts SET active = 0 WHERE rowid % 7 = 0`,
			`INSERT INTO reviews (id, ad_request_id, author_id, subject, campaign_id, influencer_id, rating, created_at)
				SELECT 'r' || account_id, 'a' || account_id, 'u' || account_id, 'influencer', 'c', account_id, 1 + rowid % 5,
				'2026-11-01' FROM influencer_profiles WHERE rowid % 3 = 0`,
			`DELETE FROM influencer_stats WHERE rowid % 4 = 0`,
			`UPDATE influencer_stats SET er_followers = er_followers + 0.01, risk_score = 100 - risk_score`,
			`INSERT OR IGNORE INTO influencer_stats (influencer_id, er_followers, size_tier, computed_at)
				SELECT account_id, 0.07, 'mega', '2026-11-01' FROM influencer_profiles WHERE rowid % 6 = 1`,
		} {
			if _, err := tx.Exec(q); err != nil {
				return err
			}
		}
		var stale int
		if err := tx.Get(&stale, `SELECT COUNT(*) FROM influencer_search_keys k JOIN influencer_search_docs d ON d.rid = k.rid
			JOIN accounts a ON a.id = d.account_id WHERE k.hidden <> (a.active = 0 OR a.flagged = 1)`); err != nil {
			return err
		}
		if stale == 0 {
			t.Fatal("the suspended triggers still kept the keys: this test would not see Rebuild's work")
		}
		return Rebuild(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	f.integrity()
}
