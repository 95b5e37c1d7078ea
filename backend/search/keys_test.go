package search

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
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

func ids(p Page[InfluencerHit]) []string {
	out := []string{}
	for _, h := range p.Items {
		out = append(out, h.AccountID[len(h.AccountID)-4:])
	}
	return out
}
