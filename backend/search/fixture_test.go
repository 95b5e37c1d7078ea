package search

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store"
)

var fixtureTime = time.Date(2026, 11, 15, 9, 0, 0, 0, time.UTC)

// fx builds a small database row by row.
type fx struct {
	t *testing.T
	s *store.Store
	n int
}

func newFixture(t *testing.T) *fx {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "search.db"), store.SetDomain)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &fx{t: t, s: s}
}

func (f *fx) exec(q string, args ...any) {
	f.t.Helper()
	if _, err := f.s.W.Exec(q, args...); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
}

func (f *fx) id() string {
	f.n++
	return fmt.Sprintf("00000000-0000-7000-8000-%012d", f.n)
}

type acct struct {
	name    string
	role    domain.Role
	active  bool
	flagged bool
}

func (f *fx) account(a acct) string {
	id := f.id()
	f.exec(`INSERT INTO accounts (id, email, role, name, active, flagged, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, id+"@example.com", a.role, a.name, a.active, a.flagged, fixtureTime, fixtureTime)
	return id
}

type infl struct {
	name, display, category, niche, bio string
	ig, yt, tt, x, other                int64
	flagged, inactive                   bool
}

func (f *fx) influencer(p infl) string {
	id := f.account(acct{name: p.name, role: domain.RoleInfluencer, active: !p.inactive, flagged: p.flagged})
	f.exec(`INSERT INTO influencer_profiles (account_id, display_name, category, niche, reach_instagram, reach_youtube,
		reach_tiktok, reach_x, reach_other, bio, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, p.display, p.category, p.niche, p.ig, p.yt, p.tt, p.x, p.other, p.bio, fixtureTime)
	return id
}

func (f *fx) sponsor(company string, approval domain.Approval, active, flagged bool) string {
	id := f.account(acct{name: company, role: domain.RoleSponsor, active: active, flagged: flagged})
	f.exec(`INSERT INTO sponsor_profiles (account_id, company_name, industry, budget, approval, updated_at)
		VALUES (?, ?, 'Food & Beverage', 100000000, ?, ?)`, id, company, approval, fixtureTime)
	return id
}

type camp struct {
	sponsor, name, description, category, niche, goals string
	start, end                                         string
	budget, committed                                  int64
	visibility                                         domain.Visibility
	status                                             domain.CampaignStatus
	flagged, deleted                                   bool
}

func (f *fx) campaign(c camp) string {
	id := f.id()
	if c.visibility == "" {
		c.visibility = domain.VisibilityPublic
	}
	if c.status == "" {
		c.status = domain.CampaignActive
	}
	if c.start == "" {
		c.start, c.end = "2026-11-01", "2026-12-31"
	}
	if c.budget == 0 {
		c.budget = 1_000_000
	}
	var deleted *time.Time
	if c.deleted {
		deleted = &fixtureTime
	}
	f.exec(`INSERT INTO campaigns (id, sponsor_id, name, description, category, niche, start_date, end_date, budget,
		committed, visibility, goals, status, flagged, created_at, updated_at, deleted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, c.sponsor, c.name, c.description, c.category, c.niche, c.start, c.end, c.budget, c.committed,
		c.visibility, c.goals, c.status, c.flagged, fixtureTime, fixtureTime, deleted)
	return id
}

func (f *fx) review(subject, campaignID, influencerID string, rating int) {
	f.exec(`INSERT INTO reviews (id, ad_request_id, author_id, subject, campaign_id, influencer_id, rating, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, f.id(), f.id(), f.id(), subject, campaignID, influencerID, rating, fixtureTime)
}

// integrity runs FTS5's own check of both indexes against their content.
func (f *fx) integrity() {
	f.t.Helper()
	for _, tbl := range []string{"influencer_search", "campaign_search"} {
		if _, err := f.s.W.Exec(`INSERT INTO ` + tbl + ` (` + tbl + `, rank) VALUES ('integrity-check', 1)`); err != nil {
			f.t.Fatalf("%s integrity-check: %v", tbl, err)
		}
	}
	var stale int
	if err := f.s.R.Get(&stale, `SELECT
		(SELECT COUNT(*) FROM influencer_search_docs d LEFT JOIN influencer_profiles p ON p.account_id = d.account_id
		 LEFT JOIN accounts a ON a.id = d.account_id
		 WHERE p.account_id IS NULL OR d.display_name <> p.display_name OR d.bio <> p.bio OR d.name <> a.name) +
		(SELECT COUNT(*) FROM influencer_profiles p LEFT JOIN influencer_search_docs d ON d.account_id = p.account_id
		 WHERE d.rid IS NULL) +
		(SELECT COUNT(*) FROM campaign_search_docs d LEFT JOIN campaigns c ON c.id = d.campaign_id
		 WHERE c.id IS NULL OR d.name <> c.name OR d.description <> c.description OR d.goals <> c.goals) +
		(SELECT COUNT(*) FROM campaigns c LEFT JOIN campaign_search_docs d ON d.campaign_id = c.id WHERE d.rid IS NULL)`); err != nil {
		f.t.Fatal(err)
	}
	if stale != 0 {
		f.t.Fatalf("search docs out of sync with the domain tables: %d rows differ", stale)
	}
	// The search keys (migrations 0017 and 0018): one row a doc, equal to its profile's
	// columns, its account's visibility and its reviews' average.
	var keys struct {
		Stale   int `db:"stale"`
		Missing int `db:"missing"`
	}
	if err := f.s.R.Get(&keys, `SELECT
		(SELECT COUNT(*) FROM influencer_search_keys k LEFT JOIN influencer_search_docs d ON d.rid = k.rid
		 LEFT JOIN influencer_profiles p ON p.account_id = d.account_id
		 LEFT JOIN influencer_stats st ON st.influencer_id = d.account_id
		 WHERE p.rowid IS NOT k.prow OR p.category IS NOT k.category OR p.niche IS NOT k.niche
			OR p.reach_total IS NOT k.reach_total OR p.reach_instagram IS NOT k.reach_instagram
			OR p.reach_youtube IS NOT k.reach_youtube OR p.reach_tiktok IS NOT k.reach_tiktok
			OR p.reach_x IS NOT k.reach_x OR p.reach_other IS NOT k.reach_other
			OR k.hidden IS NOT COALESCE((SELECT a.active = 0 OR a.flagged = 1 FROM accounts a WHERE a.id = d.account_id), 0)
			OR k.rating IS NOT COALESCE((SELECT AVG(r.rating) FROM reviews r
				WHERE r.influencer_id = d.account_id AND r.subject = 'influencer'), 0)
			OR k.reviews IS NOT (SELECT COUNT(*) FROM reviews r
				WHERE r.influencer_id = d.account_id AND r.subject = 'influencer')
			OR k.rated IS NOT (st.influencer_id IS NOT NULL) OR k.er IS NOT COALESCE(st.er_followers, 0)
			OR k.predicted IS NOT COALESCE(st.predicted_er, 0) OR k.risk IS NOT COALESCE(st.risk_score, 0)
			OR k.size_tier IS NOT COALESCE(st.size_tier, '') OR k.perf_tier IS NOT COALESCE(st.perf_tier, '')) AS stale,
		(SELECT COUNT(*) FROM influencer_search_docs d LEFT JOIN influencer_search_keys k ON k.rid = d.rid
		 WHERE k.rid IS NULL) AS missing`); err != nil {
		f.t.Fatal(err)
	}
	if keys.Stale != 0 || keys.Missing != 0 {
		f.t.Fatalf("search keys out of sync with the profiles: %d stale, %d missing", keys.Stale, keys.Missing)
	}
}

func (f *fx) influencers(q InfluencerQuery) (Page[InfluencerHit], error) {
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PageSize == 0 {
		q.PageSize = 50
	}
	return Influencers(context.Background(), f.s.R, q)
}

func (f *fx) campaigns(q CampaignQuery) (Page[CampaignHit], error) {
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PageSize == 0 {
		q.PageSize = 50
	}
	return Campaigns(context.Background(), f.s.R, q)
}
