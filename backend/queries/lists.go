package queries

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/search"
)

// The sponsor's workbench: the organisation's shortlists with their entries and
// its saved searches, with how many creators each saved search matches that were
// not there when this desktop's member last opened it (docs/desktop.md, "Lists").

// ListOrg is the organisation the viewer acts for and whether they may change its
// lists (owner, manager) or only read them (viewer): the same rule as the
// mutators' (the founder owns their own one-member organisation).
type ListOrg struct {
	OrgID   string `json:"org_id"`
	CanEdit bool   `json:"can_edit"`
}

func listOrg(ctx context.Context, db sqlx.QueryerContext, v Viewer) (ListOrg, error) {
	if err := v.need(domain.RoleSponsor, "lists"); err != nil {
		return ListOrg{}, err
	}
	m, err := MembershipOf(ctx, db, v.AccountID, v.Role) // the one membership rule (docs/teams.md)
	if err != nil {
		return ListOrg{}, err
	}
	return ListOrg{OrgID: m.OrgID, CanEdit: m.Role.AtLeast(domain.OrgManager)}, nil
}

// Shortlist is one of the organisation's lists.
type Shortlist struct {
	ID           string    `json:"id" db:"id"`
	Name         string    `json:"name" db:"name"`
	CampaignID   string    `json:"campaign_id" db:"campaign_id"`
	CampaignName string    `json:"campaign_name" db:"campaign_name"`
	Entries      int       `json:"entries" db:"entries"`
	UpdatedAt    time.Time `json:"updated_at" db:"updated_at"`
	// Has: the creator asked about (ShortlistsPage's influencer) is on it.
	Has bool `json:"has" db:"has"`
}

// ShortlistsPage is the organisation's lists, by name.
type ShortlistsPage struct {
	ListOrg
	Items []Shortlist `json:"items"`
}

// Shortlists lists the organisation's lists with their number of (visible)
// entries; with influencerID, each says whether that creator is on it.
func Shortlists(ctx context.Context, db sqlx.QueryerContext, v Viewer, influencerID string) (ShortlistsPage, error) {
	org, err := listOrg(ctx, db, v)
	if err != nil {
		return ShortlistsPage{}, err
	}
	out := ShortlistsPage{ListOrg: org, Items: []Shortlist{}}
	err = sqlx.SelectContext(ctx, db, &out.Items, `SELECT l.id, l.name, COALESCE(l.campaign_id, '') AS campaign_id,
		COALESCE(c.name, '') AS campaign_name, l.updated_at,
		(SELECT COUNT(*) FROM shortlist_entries e JOIN accounts a ON a.id = e.influencer_id
			WHERE e.shortlist_id = l.id AND e.deleted_at IS NULL AND a.active = 1 AND a.flagged = 0) AS entries,
		0 AS has
		FROM shortlists l LEFT JOIN campaigns c ON c.id = l.campaign_id AND c.deleted_at IS NULL
		WHERE l.org_id = ? AND l.deleted_at IS NULL ORDER BY l.name COLLATE NOCASE, l.id`, org.OrgID)
	if err != nil {
		return ShortlistsPage{}, fmt.Errorf("shortlists: %w", err)
	}
	if influencerID == "" {
		return out, nil
	}
	// The derived entry ids are computed in Go (domain.DerivedID).
	for i := range out.Items {
		var has bool
		if err := sqlx.GetContext(ctx, db, &has, `SELECT EXISTS (SELECT 1 FROM shortlist_entries WHERE id = ? AND deleted_at IS NULL)`,
			mutate.ShortlistEntryID(out.Items[i].ID, influencerID)); err != nil {
			return ShortlistsPage{}, fmt.Errorf("shortlists: %w", err)
		}
		out.Items[i].Has = has
	}
	return out, nil
}

// ShortlistEntry is a creator on a list, with the team's note.
type ShortlistEntry struct {
	ID           string    `json:"id" db:"id"`
	InfluencerID string    `json:"influencer_id" db:"influencer_id"`
	DisplayName  string    `json:"display_name" db:"display_name"`
	Category     string    `json:"category" db:"category"`
	Niche        string    `json:"niche" db:"niche"`
	ReachTotal   int64     `json:"reach_total" db:"reach_total"`
	Rated        bool      `json:"rated" db:"rated"`
	ERFollowers  float64   `json:"er_followers" db:"er_followers"`
	SizeTier     string    `json:"size_tier" db:"size_tier"`
	PerfTier     string    `json:"perf_tier" db:"perf_tier"`
	Note         string    `json:"note" db:"note"`
	AddedBy      string    `json:"added_by" db:"added_by"`
	AddedAt      time.Time `json:"added_at" db:"created_at"`
}

// ShortlistDetail is one list with its entries, most recently added first.
type ShortlistDetail struct {
	ListOrg
	Shortlist
	Items []ShortlistEntry `json:"items"`
}

// ShortlistEntries returns one of the organisation's lists with its entries (a
// hidden creator's are left out); any other list is not found.
func ShortlistEntries(ctx context.Context, db sqlx.QueryerContext, v Viewer, id string) (ShortlistDetail, error) {
	org, err := listOrg(ctx, db, v)
	if err != nil {
		return ShortlistDetail{}, err
	}
	if err := needID("list", id); err != nil {
		return ShortlistDetail{}, err
	}
	out := ShortlistDetail{ListOrg: org, Items: []ShortlistEntry{}}
	err = sqlx.GetContext(ctx, db, &out.Shortlist, `SELECT l.id, l.name, COALESCE(l.campaign_id, '') AS campaign_id,
		COALESCE(c.name, '') AS campaign_name, l.updated_at, 0 AS entries, 0 AS has
		FROM shortlists l LEFT JOIN campaigns c ON c.id = l.campaign_id AND c.deleted_at IS NULL
		WHERE l.id = ? AND l.org_id = ? AND l.deleted_at IS NULL`, id, org.OrgID)
	if errors.Is(err, sql.ErrNoRows) {
		return ShortlistDetail{}, notFound("list")
	}
	if err != nil {
		return ShortlistDetail{}, fmt.Errorf("shortlist: %w", err)
	}
	err = sqlx.SelectContext(ctx, db, &out.Items, `SELECT e.id, e.influencer_id, COALESCE(NULLIF(p.display_name, ''), a.name) AS display_name,
		COALESCE(p.category, '') AS category, COALESCE(p.niche, '') AS niche, COALESCE(p.reach_total, 0) AS reach_total,
		st.influencer_id IS NOT NULL AS rated, COALESCE(st.er_followers, 0) AS er_followers,
		COALESCE(st.size_tier, '') AS size_tier, COALESCE(st.perf_tier, '') AS perf_tier,
		e.note, COALESCE(ab.name, '') AS added_by, e.created_at
		FROM shortlist_entries e JOIN accounts a ON a.id = e.influencer_id
		LEFT JOIN influencer_profiles p ON p.account_id = e.influencer_id
		LEFT JOIN influencer_stats st ON st.influencer_id = e.influencer_id
		LEFT JOIN accounts ab ON ab.id = e.added_by
		WHERE e.shortlist_id = ? AND e.deleted_at IS NULL AND a.active = 1 AND a.flagged = 0
		ORDER BY e.created_at DESC, e.id`, id)
	if err != nil {
		return ShortlistDetail{}, fmt.Errorf("shortlist entries: %w", err)
	}
	out.Entries = len(out.Items)
	return out, nil
}

// SavedSearch is one of the organisation's saved searches, with how many
// creators it matches now that it did not match when this desktop's member last
// opened it (every match, when never opened here).
type SavedSearch struct {
	ID        string          `json:"id" db:"id"`
	Name      string          `json:"name" db:"name"`
	Query     json.RawMessage `json:"query" db:"-"`
	QueryText string          `json:"-" db:"query"`
	UpdatedAt time.Time       `json:"updated_at" db:"updated_at"`
	Opened    bool            `json:"opened" db:"-"`
	New       int             `json:"new" db:"-"`
}

// SavedSearchesPage is the organisation's saved searches, by name.
type SavedSearchesPage struct {
	ListOrg
	Items []SavedSearch `json:"items"`
}

// SavedSearches lists the organisation's saved searches with their new matches.
// It reads in one transaction (db is the replica's reader).
func SavedSearches(ctx context.Context, db *sqlx.DB, v Viewer) (SavedSearchesPage, error) {
	tx, err := db.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return SavedSearchesPage{}, fmt.Errorf("saved searches: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	org, err := listOrg(ctx, tx, v)
	if err != nil {
		return SavedSearchesPage{}, err
	}
	out := SavedSearchesPage{ListOrg: org, Items: []SavedSearch{}}
	if err := tx.SelectContext(ctx, &out.Items, `SELECT id, name, query, updated_at FROM saved_searches
		WHERE org_id = ? AND deleted_at IS NULL ORDER BY name COLLATE NOCASE, id`, org.OrgID); err != nil {
		return SavedSearchesPage{}, fmt.Errorf("saved searches: %w", err)
	}
	for i := range out.Items {
		s := &out.Items[i]
		s.Query = json.RawMessage(s.QueryText)
		if err := tx.GetContext(ctx, &s.Opened, `SELECT EXISTS (SELECT 1 FROM saved_search_opened WHERE saved_search_id = ?)`, s.ID); err != nil {
			return SavedSearchesPage{}, fmt.Errorf("saved search opened: %w", err)
		}
		matches, args, err := savedMatches(ctx, tx, s.QueryText)
		if domain.ErrorCode(err) == domain.CodeInvalidArgument {
			continue // a query this version cannot read (a newer desktop's filter): no badge, the list still shows
		}
		if err != nil {
			return SavedSearchesPage{}, err
		}
		if err := tx.GetContext(ctx, &s.New, `SELECT COUNT(*) FROM (`+matches+`) m WHERE NOT EXISTS
			(SELECT 1 FROM saved_search_seen n WHERE n.saved_search_id = ? AND n.influencer_id = m.account_id)`,
			append(args, s.ID)...); err != nil {
			return SavedSearchesPage{}, fmt.Errorf("saved search new matches: %w", err)
		}
	}
	return out, nil
}

// savedMatches is the SELECT of a saved query's matching account ids.
func savedMatches(ctx context.Context, tx *sqlx.Tx, query string) (string, []any, error) {
	q, err := mutate.ParseSavedQuery([]byte(query))
	if err != nil {
		return "", nil, err
	}
	return search.MatchSQL(ctx, tx, search.InfluencerQuery{Text: q.Text, Category: q.Category, Niche: q.Niche,
		Platform: q.Platform, MinReach: q.MinReach, MaxReach: q.MaxReach, MinER: q.MinER, MaxER: q.MaxER,
		SizeTier: q.SizeTier, PerfTier: q.PerfTier, RiskLevel: q.RiskLevel, HideHighRisk: q.HideHighRisk})
}

// OpenSavedSearch returns one of the organisation's saved searches and records,
// in tx (the desktop's own tables, never synced), what it matches now: its new
// matches are counted from here. The records of saved searches that are gone go.
func OpenSavedSearch(ctx context.Context, tx *sqlx.Tx, v Viewer, id string, now time.Time) (SavedSearch, error) {
	org, err := listOrg(ctx, tx, v)
	if err != nil {
		return SavedSearch{}, err
	}
	if err := needID("saved search", id); err != nil {
		return SavedSearch{}, err
	}
	var s SavedSearch
	err = tx.GetContext(ctx, &s, `SELECT id, name, query, updated_at FROM saved_searches
		WHERE id = ? AND org_id = ? AND deleted_at IS NULL`, id, org.OrgID)
	if errors.Is(err, sql.ErrNoRows) {
		return SavedSearch{}, notFound("saved search")
	}
	if err != nil {
		return SavedSearch{}, fmt.Errorf("saved search: %w", err)
	}
	s.Query, s.Opened = json.RawMessage(s.QueryText), true
	matches, args, err := savedMatches(ctx, tx, s.QueryText)
	if err != nil {
		return SavedSearch{}, err
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`DELETE FROM saved_search_seen WHERE saved_search_id = ? OR saved_search_id NOT IN
			(SELECT id FROM saved_searches WHERE deleted_at IS NULL)`, []any{id}},
		{`DELETE FROM saved_search_opened WHERE saved_search_id NOT IN (SELECT id FROM saved_searches WHERE deleted_at IS NULL)`, nil},
		{`INSERT INTO saved_search_seen (saved_search_id, influencer_id) SELECT ?, m.account_id FROM (` + matches + `) m`,
			append([]any{id}, args...)},
		{`INSERT INTO saved_search_opened (saved_search_id, opened_at) VALUES (?, ?)
			ON CONFLICT (saved_search_id) DO UPDATE SET opened_at = excluded.opened_at`, []any{id, now.UTC()}},
	} {
		if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
			return SavedSearch{}, fmt.Errorf("open saved search: %w", err)
		}
	}
	return s, nil
}
