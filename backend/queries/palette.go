package queries

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/search"
)

// The command palette (Ctrl+K): campaigns, creators and ad requests found by name
// for the viewer, a few of each, best first. The full-text indexes of
// backend/search drive (search.MatchQuery: every word required, the last one a
// prefix, no FTS syntax from the user); the same visibility as the lists then keeps
// only the rows the viewer's lists would show. The palette's actions (new campaign,
// go to a screen, ...) are the UI's, filtered by role there.

// PaletteLimit is how many hits of each kind the palette shows.
const PaletteLimit = 5

// paletteScan is how many creators' full-text matches are looked at: bounded, so
// a common name among 100,000 creators ("maya": 1,717) costs the same as a rare
// one. They are not ranked by bm25 (which scores every match), but as a person
// looks for a name: names starting with the text first, then the biggest reach.
// Campaigns (thousands, not hundreds of thousands) are matched in full and ranked.
const paletteScan = 25

// Palette hit kinds.
const (
	PaletteCampaign = "campaign"
	PaletteCreator  = "creator"
	PaletteRequest  = "request"
)

// paletteMatch is the text as each kind matches it.
type paletteMatch struct {
	campaign, creator string // FTS5 expressions on the names
	words             string // a LIKE pattern of the words, in order
	prefix            string // the same, anchored at the start
}

// PaletteHit is one thing the palette found.
type PaletteHit struct {
	Kind   string `json:"kind" db:"kind"`     // campaign, creator, request
	ID     string `json:"id" db:"id"`         // the campaign's, the creator's account or the request's id
	Title  string `json:"title" db:"title"`   // campaign name, creator's display name, request's campaign
	Detail string `json:"detail" db:"detail"` // campaign status, creator's niche, request's counterparty
	Status string `json:"status" db:"status"` // campaign or request status; "" for a creator
}

// PaletteResult is what one palette query found, grouped by kind in that order.
type PaletteResult struct {
	Items []PaletteHit `json:"items"`
}

// paletteOrg is the organisation whose campaigns a sponsor finds (docs/teams.md).
func paletteOrg(v Viewer) string { return v.Org() }

// Palette finds what the viewer may open whose name matches text. Empty text (or
// text without a word) finds nothing.
func Palette(ctx context.Context, db sqlx.QueryerContext, v Viewer, text string) (PaletteResult, error) {
	out := PaletteResult{Items: []PaletteHit{}}
	if !v.party() && v.Role != domain.RoleAdmin {
		return out, forbidden("no palette for role %q", v.Role)
	}
	if utf8.RuneCountInString(text) > search.MaxTextRunes {
		return out, domain.Errorf(domain.CodeInvalidArgument, "search text is too long")
	}
	match := search.MatchQuery(text)
	if match == "" {
		return out, nil
	}
	m := paletteMatch{campaign: nameMatch("name", match), creator: nameMatch("name display_name", match), words: likeWords(match), prefix: likeWords(match)[1:]}
	for _, f := range []func(context.Context, sqlx.QueryerContext, Viewer, paletteMatch) ([]PaletteHit, error){
		paletteCampaigns, paletteRequests, paletteCreators,
	} {
		hits, err := f(ctx, db, v, m)
		if err != nil {
			return PaletteResult{Items: []PaletteHit{}}, err
		}
		out.Items = append(out.Items, hits...)
	}
	return out, nil
}

// The full-text matches of names (rowids of the docs tables, with their rank): a
// campaign's name, a creator's handle and name (a column filter on the MATCH, see
// nameMatch), not descriptions or bios, so a common word in bios ("fitness") does
// not rank thousands of rows.
const (
	campaignMatches = `SELECT rowid AS rid, rank FROM campaign_search WHERE campaign_search MATCH ?`
	someCreators    = `SELECT rowid AS rid FROM influencer_search WHERE influencer_search MATCH ? LIMIT ?`
)

// nameMatch limits a MatchQuery expression to the given FTS5 columns.
func nameMatch(cols, match string) string { return "{" + cols + "} : (" + match + ")" }

func paletteCampaigns(ctx context.Context, db sqlx.QueryerContext, v Viewer, match paletteMatch) ([]PaletteHit, error) {
	var scope string
	var args []any
	switch v.Role {
	case domain.RoleSponsor:
		scope, args = "c.sponsor_id = ?", []any{paletteOrg(v)}
	case domain.RoleInfluencer: // as the campaigns list: public, active and unflagged, or one I have a request on
		scope = `((c.visibility = 'public' AND c.status = 'active' AND c.flagged = 0)
			OR EXISTS (SELECT 1 FROM ad_requests r WHERE r.campaign_id = c.id AND r.influencer_id = ? AND r.deleted_at IS NULL))`
		args = []any{v.AccountID}
	default:
		scope = "1 = 1"
	}
	var hits []PaletteHit
	err := sqlx.SelectContext(ctx, db, &hits, `SELECT 'campaign' AS kind, c.id, c.name AS title,
		COALESCE(sp.company_name, '') AS detail, c.status
		FROM (`+campaignMatches+`) m
		CROSS JOIN campaign_search_docs d ON d.rid = m.rid
		CROSS JOIN campaigns c ON c.id = d.campaign_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
		WHERE c.deleted_at IS NULL AND `+scope+`
		ORDER BY m.rank, c.name LIMIT ?`, append(append([]any{match.campaign}, args...), PaletteLimit)...)
	if err != nil {
		return nil, fmt.Errorf("palette campaigns: %w", err)
	}
	return hits, nil
}

// paletteCreators: a sponsor's and an admin's; influencers find no creators (they
// have no influencer search). Deactivated and flagged accounts are hidden from
// sponsors, as in the search.
func paletteCreators(ctx context.Context, db sqlx.QueryerContext, v Viewer, match paletteMatch) ([]PaletteHit, error) {
	if v.Role == domain.RoleInfluencer {
		return nil, nil
	}
	hidden := "a.active = 1 AND a.flagged = 0"
	if v.Role == domain.RoleAdmin {
		hidden = "1 = 1"
	}
	var hits []PaletteHit
	err := sqlx.SelectContext(ctx, db, &hits, `SELECT 'creator' AS kind, p.account_id AS id,
		CASE WHEN p.display_name <> '' THEN p.display_name ELSE a.name END AS title,
		trim(p.category || CASE WHEN p.category <> '' AND p.niche <> '' THEN ' · ' ELSE '' END || p.niche) AS detail, '' AS status
		FROM (`+someCreators+`) m
		CROSS JOIN influencer_search_docs d ON d.rid = m.rid
		CROSS JOIN influencer_profiles p ON p.account_id = d.account_id
		JOIN accounts a ON a.id = p.account_id
		WHERE `+hidden+`
		ORDER BY (p.display_name LIKE ? ESCAPE '\' OR a.name LIKE ? ESCAPE '\') DESC, p.reach_total DESC, title LIMIT ?`,
		match.creator, paletteScan, match.prefix, match.prefix, PaletteLimit)
	if err != nil {
		return nil, fmt.Errorf("palette creators: %w", err)
	}
	return hits, nil
}

// paletteRequests: the viewer's own requests (adScope, as the inbox) whose
// campaign's name or counterparty's name matches (full text: the creator's handle
// or name; a LIKE of the words in order: the sponsor's company, as influencers'
// requests are few), most recently changed first. An admin's (every request of
// the platform) match by campaign name alone, driven by the matched campaigns: the
// admin finds a creator among the creators, and their requests on the admin lists.
func paletteRequests(ctx context.Context, db sqlx.QueryerContext, v Viewer, match paletteMatch) ([]PaletteHit, error) {
	scope, args, err := adScope(v)
	if err != nil {
		return nil, err
	}
	if v.Role == domain.RoleSponsor {
		scope, args = "c.sponsor_id = ?", []any{paletteOrg(v)}
	}
	// Counterparty: the creator for a sponsor or admin, the sponsor for an influencer.
	detail := `CASE WHEN ip.display_name <> '' THEN ip.display_name ELSE COALESCE(ia.name, '') END`
	// The viewer's own requests drive (scope); each is tested against the matches,
	// computed once (the unary + keeps the planner from probing every match), by
	// the docs' rowid: the docs' unique index on the id covers it, where reading
	// the docs rows (with their bios) for every match costs a page each.
	counterparty := `+(SELECT d.rid FROM influencer_search_docs d WHERE d.account_id = r.influencer_id)
		IN (SELECT rowid FROM influencer_search WHERE influencer_search MATCH ?)`
	cpArgs := []any{match.creator}
	if v.Role == domain.RoleInfluencer {
		detail = `COALESCE(sp.company_name, '')`
		counterparty = `sp.company_name LIKE ? ESCAPE '\'`
		cpArgs = []any{match.words}
	}
	campaign := `+(SELECT d.rid FROM campaign_search_docs d WHERE d.campaign_id = r.campaign_id)
		IN (SELECT rowid FROM campaign_search WHERE campaign_search MATCH ?)`
	if v.Role == domain.RoleAdmin {
		counterparty, cpArgs = `0`, nil
		campaign = `r.campaign_id IN (SELECT d.campaign_id FROM (` + campaignMatches + `) m JOIN campaign_search_docs d ON d.rid = m.rid)`
	}
	q := `SELECT 'request' AS kind, r.id, c.name AS title, ` + detail + ` AS detail, r.status
		FROM ad_requests r
		JOIN campaigns c ON c.id = r.campaign_id
		LEFT JOIN influencer_profiles ip ON ip.account_id = r.influencer_id
		LEFT JOIN accounts ia ON ia.id = r.influencer_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
		WHERE r.deleted_at IS NULL AND ` + scope + `
		AND (` + campaign + ` OR ` + counterparty + `)
		ORDER BY r.updated_at DESC, r.id LIMIT ?`
	all := append(append(append(args, match.campaign), cpArgs...), PaletteLimit)
	var hits []PaletteHit
	if err := sqlx.SelectContext(ctx, db, &hits, q, all...); err != nil {
		return nil, fmt.Errorf("palette requests: %w", err)
	}
	return hits, nil
}

// likeWords turns a MatchQuery expression back into a LIKE pattern of its words in
// order ("maya" "inc"* -> %maya%inc%), escaped.
func likeWords(match string) string {
	words := strings.Fields(strings.NewReplacer(`"`, " ", `*`, " ").Replace(match))
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	for i, w := range words {
		words[i] = esc.Replace(w)
	}
	return "%" + strings.Join(words, "%") + "%"
}
