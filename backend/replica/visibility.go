// Package replica decides which canonical rows an account may see and copies them
// into that account's desktop replica. The same visibility rules serve the sync
// server's pull; here they also provision demo desktops from a seeded database.
package replica

import (
	"fmt"
	"strings"

	"iescp/backend/domain"
)

// Viewer is who is looking: the account and its role, as stored canonically.
type Viewer struct {
	ID   string
	Role domain.Role
}

// Table describes how one domain table is filtered and masked for a viewer.
type Table struct {
	Name    string
	Columns []string
	// where returns a boolean SQL expression over the table aliased as "t", with
	// the source schema as prefix ("" or "src.") and its arguments.
	where func(v Viewer, s string) (string, []any)
	// mayHold is where's monotone superset: the rows the viewer could have held at
	// any time, now or earlier. A pull names a row it does not send (a del) only if
	// it passes mayHold, so a del never reveals a row the viewer never saw. It must
	// never turn false for a row once true (it reads only columns that do not
	// change and facts that are never undone, such as campaign_exposure), and it
	// must hold wherever where holds. nil: every row.
	mayHold func(v Viewer, s string) (string, []any)
	// masks replaces columns for non-admin viewers: col -> a CASE expression over
	// the row t and the viewer (each ? is the viewer's id) that keeps the value for
	// those who may read it and gives a neutral value to the others. {s} in it
	// stands for the source schema prefix.
	masks map[string]string
	// private rows are their owner's alone, admins included.
	private bool
	// owner names the column holding a private row's owner (its account id), so a
	// pull can count only the viewer's own rows among the changes (Owner).
	owner string
}

// Owner is the column naming a private table's owner, "" for a shared table: a
// pull's page bound counts another account's private rows for nobody (2,000,000
// seeded posts would otherwise be counted, and skipped, by every desktop's first
// download).
func (tb Table) Owner() string { return tb.owner }

// Tables lists the domain tables in foreign-key order (parents first).
var Tables = []Table{
	{Name: "accounts", Columns: []string{"id", "email", "role", "name", "active", "flagged", "flag_reason", "created_at", "updated_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `t.id = ? OR ` + accountNeeded(s, "t.id") + ` OR ` + teammate(s, "t.id", OrgMember) + ` OR ` + memberOf(s, "t.id", accountNeeded(s, "tm.org_id")) +
				` OR ` + invitedBy(s, "t.id", true), []any{v.ID, v.ID, v.ID, v.ID, v.ID, v.ID, v.ID, v.ID, v.ID}
		},
		mayHold: func(v Viewer, s string) (string, []any) {
			return `t.id = ? OR t.role = 'influencer' OR ` + sponsorMayHold(s, "t.id") + ` OR ` + teammate(s, "t.id", orgEverMember) + ` OR ` +
				memberOf(s, "t.id", sponsorMayHold(s, "tm.org_id")) + ` OR ` + invitedBy(s, "t.id", false), []any{v.ID, v.ID, v.ID, v.ID, v.ID}
		},
		masks: ownerOnly("id", map[string]string{"email": "''", "flag_reason": "''"})},
	// An organisation's members (docs/teams.md): every row of the organisation for
	// its active members, and an invitation for the account it was sent to (by
	// email). A member's own rows stay theirs (a removed member sees that they were).
	{Name: "org_members", Columns: []string{"id", "org_id", "email", "account_id", "role", "status", "invited_by", "created_at", "updated_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return OrgMember(s, "t.org_id") + ` OR t.account_id = ? OR (t.status = 'invited' AND t.email = (SELECT a.email FROM ` + s +
				`accounts a WHERE a.id = ?))`, []any{v.ID, v.ID, v.ID}
		},
		mayHold: func(v Viewer, s string) (string, []any) {
			return orgEverMember(s, "t.org_id") + ` OR t.account_id = ? OR t.email = (SELECT a.email FROM ` + s +
				`accounts a WHERE a.id = ?)`, []any{v.ID, v.ID, v.ID}
		}},
	{Name: "sponsor_profiles", Columns: []string{"account_id", "company_name", "industry", "budget", "approval", "reviewed_by", "reviewed_at", "review_reason", "updated_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `t.account_id = ? OR ` + OrgMember(s, "t.account_id") + ` OR ` + accountNeeded(s, "t.account_id") + ` OR ` + invitedBy(s, "t.account_id", true),
				[]any{v.ID, v.ID, v.ID, v.ID, v.ID, v.ID}
		},
		mayHold: func(v Viewer, s string) (string, []any) {
			return `t.account_id = ? OR ` + orgEverMember(s, "t.account_id") + ` OR ` + sponsorMayHold(s, "t.account_id") + ` OR ` + invitedBy(s, "t.account_id", false),
				[]any{v.ID, v.ID, v.ID, v.ID}
		},
		masks: orgOnly("account_id", map[string]string{"budget": "0", "reviewed_by": "NULL", "reviewed_at": "NULL", "review_reason": "''"})},
	{Name: "influencer_profiles", Columns: []string{"account_id", "display_name", "category", "niche", "reach_instagram", "reach_youtube", "reach_tiktok", "reach_x", "reach_other", "bio", "updated_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `t.account_id = ? OR ` + publicInfluencer(s, "t.account_id"), []any{v.ID}
		}},
	{Name: "campaigns", Columns: []string{"id", "sponsor_id", "name", "description", "category", "niche", "start_date", "end_date", "budget", "committed", "visibility", "goals", "status", "flagged", "flag_reason", "landing_url",
		"target_countries", "target_ages", "target_platforms", "created_at", "updated_at", "deleted_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `t.deleted_at IS NULL AND (` + visibleCampaign(s) + `)`, []any{v.ID, v.ID}
		},
		mayHold: func(v Viewer, s string) (string, []any) {
			return orgEverMember(s, "t.sponsor_id") + `
				OR EXISTS (SELECT 1 FROM ` + s + `ad_requests r WHERE r.campaign_id = t.id AND r.influencer_id = ?)
				OR EXISTS (SELECT 1 FROM ` + s + `campaign_exposure x WHERE x.campaign_id = t.id)`, []any{v.ID, v.ID}
		},
		// A public campaign's budget is what influencers search by; what is
		// committed of it, a private campaign's money and a flag's reason are the
		// sponsor's (and admins').
		masks: map[string]string{
			"budget":      "CASE WHEN " + OrgMember("{s}", "t.sponsor_id") + " OR t.visibility = 'public' THEN t.budget ELSE 0 END",
			"committed":   "CASE WHEN " + OrgMember("{s}", "t.sponsor_id") + " THEN t.committed ELSE 0 END",
			"flag_reason": "CASE WHEN " + OrgMember("{s}", "t.sponsor_id") + " THEN t.flag_reason ELSE '' END",
		}},
	{Name: "ad_requests", Columns: []string{"id", "campaign_id", "influencer_id", "initiated_by", "requirements", "payment_amount", "status", "close_reason", "created_at", "updated_at", "responded_at", "completed_at", "deleted_at",
		"escrow_state", "escrow_cents", "commission_bps", "released_cents", "resolution_note", "version"},
		where:   func(v Viewer, s string) (string, []any) { return partyOf(s, "t"), []any{v.ID, v.ID} },
		mayHold: func(v Viewer, s string) (string, []any) { return partyEver(s, "t"), []any{v.ID, v.ID} }},
	{Name: "offers", Columns: []string{"id", "ad_request_id", "seq", "author_id", "author_role", "amount", "requirements", "message", "deliverables", "created_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `EXISTS (SELECT 1 FROM ` + s + `ad_requests r WHERE r.id = t.ad_request_id AND (` + partyOf(s, "r") + `))`, []any{v.ID, v.ID}
		},
		mayHold: func(v Viewer, s string) (string, []any) {
			return `EXISTS (SELECT 1 FROM ` + s + `ad_requests r WHERE r.id = t.ad_request_id AND (` + partyEver(s, "r") + `))`, []any{v.ID, v.ID}
		}},
	// A deliverable is its ad request's parties' (and admins'), like the offers.
	{Name: "deliverables", Columns: []string{"id", "ad_request_id", "seq", "platform", "content_type", "quantity", "due_date", "brief",
		"status", "draft_text", "draft_links", "draft_attachments", "change_comment", "proof_url", "proof_screenshot", "posted_at", "submitted_at", "decided_at",
		"auto_accept_after", "dispute_reason", "disputed_by", "created_at", "updated_at", "deleted_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `t.deleted_at IS NULL AND EXISTS (SELECT 1 FROM ` + s + `ad_requests r WHERE r.id = t.ad_request_id AND (` + partyOf(s, "r") + `))`, []any{v.ID, v.ID}
		},
		mayHold: func(v Viewer, s string) (string, []any) {
			return `EXISTS (SELECT 1 FROM ` + s + `ad_requests r WHERE r.id = t.ad_request_id AND (` + partyEver(s, "r") + `))`, []any{v.ID, v.ID}
		}},
	// The platform's settings (the commission rate in force) are everyone's to read.
	{Name: "platform_settings", Columns: []string{"id", "commission_bps", "updated_by", "updated_at", "version"},
		where: func(v Viewer, s string) (string, []any) { return `1 = 1`, nil }},
	// A tracking link is its ad request's parties' (and admins'), like the
	// deliverables: its clicks are the deal's performance, nobody else's business.
	{Name: "tracking_links", Columns: []string{"id", "ad_request_id", "code", "promo_code", "hashtag", "slug", "target_url",
		"clicks", "created_at", "updated_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `EXISTS (SELECT 1 FROM ` + s + `ad_requests r WHERE r.id = t.ad_request_id AND (` + partyOf(s, "r") + `))`, []any{v.ID, v.ID}
		},
		mayHold: func(v Viewer, s string) (string, []any) {
			return `EXISTS (SELECT 1 FROM ` + s + `ad_requests r WHERE r.id = t.ad_request_id AND (` + partyEver(s, "r") + `))`, []any{v.ID, v.ID}
		}},
	// A deliverable's post metrics are its ad request's parties' (and admins'),
	// like the deliverable itself (a deleted deliverable takes its metrics along).
	{Name: "deliverable_metrics", Columns: []string{"id", "deliverable_id", "checkpoint", "views", "reach", "likes", "comments",
		"shares", "saves", "reported_at", "created_at", "updated_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `EXISTS (SELECT 1 FROM ` + s + `deliverables d JOIN ` + s + `ad_requests r ON r.id = d.ad_request_id
				WHERE d.id = t.deliverable_id AND d.deleted_at IS NULL AND (` + partyOf(s, "r") + `))`, []any{v.ID, v.ID}
		},
		mayHold: func(v Viewer, s string) (string, []any) {
			return `EXISTS (SELECT 1 FROM ` + s + `deliverables d JOIN ` + s + `ad_requests r ON r.id = d.ad_request_id
				WHERE d.id = t.deliverable_id AND (` + partyEver(s, "r") + `))`, []any{v.ID, v.ID}
		}},
	// A deal's messages are its ad request's parties' (and admins'), like the
	// offers: a message is part of the negotiation and of the deal's timeline.
	{Name: "deal_messages", Columns: []string{"id", "ad_request_id", "author_id", "author_role", "body", "attachments", "created_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `EXISTS (SELECT 1 FROM ` + s + `ad_requests r WHERE r.id = t.ad_request_id AND (` + partyOf(s, "r") + `))`, []any{v.ID, v.ID}
		},
		mayHold: func(v Viewer, s string) (string, []any) {
			return `EXISTS (SELECT 1 FROM ` + s + `ad_requests r WHERE r.id = t.ad_request_id AND (` + partyEver(s, "r") + `))`, []any{v.ID, v.ID}
		}},
	{Name: "reviews", Columns: []string{"id", "ad_request_id", "author_id", "subject", "campaign_id", "influencer_id", "rating", "body", "created_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `t.influencer_id = ? OR ` + publicInfluencer(s, "t.influencer_id"), []any{v.ID}
		}},
	// Analytics (issue 12, docs/sync.md "Analytics"). Raw posts are their owner's
	// alone, admins included: 100,000 influencers with 20 posts each would not
	// keep to the initial-sync target, so every other desktop gets the aggregates
	// (influencer_stats) instead. A soft-deleted post leaves its owner's replica.
	{Name: "posts", Columns: []string{"id", "influencer_id", "platform", "content_type", "external_id", "posted_at",
		"followers", "views", "reach", "likes", "comments", "shares", "saves", "sponsored", "source",
		"created_at", "updated_at", "deleted_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `t.influencer_id = ? AND t.deleted_at IS NULL`, []any{v.ID}
		},
		mayHold: func(v Viewer, s string) (string, []any) { return `t.influencer_id = ?`, []any{v.ID} },
		private: true, owner: "influencer_id"},
	// An influencer's media kit is public with their profile: it says what else
	// of their analytics is.
	{Name: "media_kits", Columns: []string{"influencer_id", "show_audience", "show_history", "headline", "updated_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `t.influencer_id = ? OR ` + publicInfluencer(s, "t.influencer_id"), []any{v.ID}
		}},
	// An audience breakdown is its owner's, and everyone's while the owner's media
	// kit shows it (show_audience = 1; no media kit: hidden). mayHold is every row:
	// a media kit may show it at any time.
	{Name: "audience_shares", Columns: []string{"id", "influencer_id", "dimension", "bucket", "share_bps", "updated_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `t.influencer_id = ? OR (` + publicInfluencer(s, "t.influencer_id") + ` AND EXISTS (SELECT 1 FROM ` + s +
				`media_kits k WHERE k.influencer_id = t.influencer_id AND k.show_audience = 1))`, []any{v.ID}
		}},
	// An influencer's aggregates are public with their profile; the history
	// (series, by_type) only while the media kit does not hide it (show_history).
	{Name: "influencer_stats", Columns: []string{"influencer_id", "followers", "posts_90d", "er_followers", "er_views",
		"avg_views", "avg_likes", "avg_comments", "growth_30d", "posts_per_week", "size_tier", "perf_tier", "segment",
		"risk_score", "risk_reasons", "predicted_er", "predicted_views", "on_time_rate", "series", "by_type", "best_slot",
		"model_version", "computed_at", "hist_posts", "hist_log_er", "hist_log_views", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `t.influencer_id = ? OR ` + publicInfluencer(s, "t.influencer_id"), []any{v.ID}
		},
		masks: map[string]string{
			"series":  historyShown("series"),
			"by_type": historyShown("by_type"),
		}},
	// The trained models are everyone's: every desktop predicts with them.
	{Name: "analytics_models", Columns: []string{"id", "model_version", "trained_at", "rows", "metrics", "params", "version"},
		where: func(v Viewer, s string) (string, []any) { return `1 = 1`, nil }},
	{Name: "notifications", Columns: []string{"id", "account_id", "kind", "title", "body", "params", "ref_table", "ref_id", "created_at", "read_at", "version"},
		where:   func(v Viewer, s string) (string, []any) { return `t.account_id = ?`, []any{v.ID} },
		mayHold: func(v Viewer, s string) (string, []any) { return `t.account_id = ?`, []any{v.ID} },
		private: true, owner: "account_id"},
	// The sponsor's workbench (docs/sync.md, "Shortlists and saved searches"): an
	// organisation's lists and saved searches are its active members'. mayHold is
	// the ever-members' (org_id never changes, a membership is removed, never
	// forgotten), so a deleted list, and every list of a member who left, leaves
	// their replicas by del. An organisation's founder (org_id = their account id)
	// acts for it whether or not their org_members row exists yet.
	{Name: "shortlists", Columns: []string{"id", "org_id", "name", "campaign_id", "created_by", "created_at", "updated_at", "deleted_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `t.deleted_at IS NULL AND ` + listOrg(s, "t.org_id"), []any{v.ID, v.ID}
		},
		mayHold: func(v Viewer, s string) (string, []any) { return listOrgEver(s, "t.org_id"), []any{v.ID, v.ID} }},
	// An entry is its list's, while the creator is public (a flagged or deactivated
	// creator leaves the lists with their profile and comes back with it).
	{Name: "shortlist_entries", Columns: []string{"id", "shortlist_id", "influencer_id", "note", "added_by", "created_at", "updated_at", "deleted_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `t.deleted_at IS NULL AND ` + publicInfluencer(s, "t.influencer_id") + ` AND EXISTS (SELECT 1 FROM ` + s +
				`shortlists l WHERE l.id = t.shortlist_id AND l.deleted_at IS NULL AND ` + listOrg(s, "l.org_id") + `)`, []any{v.ID, v.ID}
		},
		mayHold: func(v Viewer, s string) (string, []any) {
			return `EXISTS (SELECT 1 FROM ` + s + `shortlists l WHERE l.id = t.shortlist_id AND ` + listOrgEver(s, "l.org_id") + `)`, []any{v.ID, v.ID}
		}},
	{Name: "saved_searches", Columns: []string{"id", "org_id", "name", "query", "created_by", "created_at", "updated_at", "deleted_at", "version"},
		where: func(v Viewer, s string) (string, []any) {
			return `t.deleted_at IS NULL AND ` + listOrg(s, "t.org_id"), []any{v.ID, v.ID}
		},
		mayHold: func(v Viewer, s string) (string, []any) { return listOrgEver(s, "t.org_id"), []any{v.ID, v.ID} }},
}

// publicInfluencer: the account named by the SQL expression col is an influencer
// whose profile every signed-in user sees. Predicates are correlated EXISTS
// lookups by primary key rather than IN (set): SQLite would build the set again
// for every page of a pull.
func publicInfluencer(s, col string) string {
	return `EXISTS (SELECT 1 FROM ` + s + `accounts a WHERE a.id = ` + col +
		` AND a.role = 'influencer' AND a.flagged = 0 AND a.active = 1)`
}

// OrgMember: the viewer acts now for the organisation named by the SQL expression
// col (an active member; an organisation is named by its founder's account id).
// Args: viewer once.
func OrgMember(s, col string) string {
	return `EXISTS (SELECT 1 FROM ` + s + `org_members m WHERE m.account_id = ? AND m.org_id = ` + col + ` AND m.status = 'active')`
}

// orgEverMember: the viewer is or was a member of the organisation named by col
// (mayHold's monotone superset of OrgMember: a membership is removed, never
// forgotten). Args: viewer once.
func orgEverMember(s, col string) string {
	return `EXISTS (SELECT 1 FROM ` + s + `org_members m WHERE m.account_id = ? AND m.org_id = ` + col + ` AND m.status IN ('active', 'removed'))`
}

// listOrg: the viewer acts for the organisation named by col, as its founder
// (col is the viewer's account id) or an active member. Args: viewer twice.
func listOrg(s, col string) string { return `(` + col + ` = ? OR ` + OrgMember(s, col) + `)` }

// listOrgEver is listOrg's monotone superset: its founder, or a member now or
// before. Args: viewer twice.
func listOrgEver(s, col string) string { return `(` + col + ` = ? OR ` + orgEverMember(s, col) + `)` }

// visibleCampaign: the viewer's own campaigns, those the viewer has an ad request
// on, and public campaigns of approved, unflagged, active sponsors. Args: viewer
// twice.
func visibleCampaign(s string) string {
	return OrgMember(s, "t.sponsor_id") + `
		OR EXISTS (SELECT 1 FROM ` + s + `ad_requests r WHERE r.campaign_id = t.id AND r.influencer_id = ?)
		OR (t.deleted_at IS NULL AND t.visibility = 'public' AND t.status IN ('active', 'completed') AND t.flagged = 0
			AND EXISTS (SELECT 1 FROM ` + s + `accounts a JOIN ` + s + `sponsor_profiles p ON p.account_id = a.id
				WHERE a.id = t.sponsor_id AND a.flagged = 0 AND a.active = 1 AND p.approval = 'approved'))`
}

// partyOf: the ad request aliased a is the viewer's, as influencer or as the
// campaign's sponsor. Args: viewer twice.
func partyOf(s, a string) string {
	return a + `.influencer_id = ? OR EXISTS (SELECT 1 FROM ` + s + `campaigns c WHERE c.id = ` + a + `.campaign_id AND ` + OrgMember(s, "c.sponsor_id") + `)`
}

// partyEver is partyOf's monotone superset for mayHold: the influencer, or a member
// now or earlier of the campaign's organisation. Args: viewer twice.
func partyEver(s, a string) string {
	return a + `.influencer_id = ? OR EXISTS (SELECT 1 FROM ` + s + `campaigns c WHERE c.id = ` + a + `.campaign_id AND ` + orgEverMember(s, "c.sponsor_id") + `)`
}

// teammate: the account named by col is a member (now or once: a removed member's
// name stays on what they did) of an organisation the viewer acts for (member
// decides: OrgMember for where, orgEverMember for mayHold). Args: viewer once.
func teammate(s, col string, member func(s, col string) string) string {
	return `EXISTS (SELECT 1 FROM ` + s + `org_members tm WHERE tm.account_id = ` + col + ` AND tm.status IN ('active', 'removed') AND ` +
		member(s, "tm.org_id") + `)`
}

// memberOf: the account named by col is a member (now or once) of another
// organisation than its own for which rule (over tm.org_id) holds: a teammate
// acts for their organisation, so whoever needs the organisation's account (the
// influencer of one of its requests) needs theirs, the author of what they see.
func memberOf(s, col, rule string) string {
	return `EXISTS (SELECT 1 FROM ` + s + `org_members tm WHERE tm.account_id = ` + col + ` AND tm.org_id <> ` + col +
		` AND tm.status IN ('active', 'removed') AND (` + rule + `))`
}

// invitedBy: the account named by col is an organisation that invited the viewer's
// email (pending only when pending; ever otherwise, for mayHold). Args: viewer once.
func invitedBy(s, col string, pending bool) string {
	cond := ""
	if pending {
		cond = ` AND iv.status = 'invited'`
	}
	return `EXISTS (SELECT 1 FROM ` + s + `org_members iv WHERE iv.org_id = ` + col + cond +
		` AND iv.email = (SELECT a.email FROM ` + s + `accounts a WHERE a.id = ?))`
}

// orgOnly masks the given columns for rows whose key column names an organisation
// the viewer does not act for.
func orgOnly(key string, masked map[string]string) map[string]string {
	out := map[string]string{}
	for col, m := range masked {
		out[col] = "CASE WHEN " + OrgMember("{s}", "t."+key) + " THEN t." + col + " ELSE " + m + " END"
	}
	return out
}

// accountNeeded: the viewer needs the (masked) row of the account named by col:
// a public influencer, the sponsor of a visible campaign, the influencer of one of
// the viewer's campaigns' ad requests, or the author of a visible review. Args:
// viewer three times.
func accountNeeded(s, col string) string {
	camp := strings.ReplaceAll(visibleCampaign(s), "t.", "c2.")
	return publicInfluencer(s, col) + `
		OR EXISTS (SELECT 1 FROM ` + s + `campaigns c2 WHERE c2.sponsor_id = ` + col + ` AND (` + camp + `))
		OR EXISTS (SELECT 1 FROM ` + s + `ad_requests r JOIN ` + s + `campaigns c ON c.id = r.campaign_id
			WHERE r.influencer_id = ` + col + ` AND ` + OrgMember(s, "c.sponsor_id") + `)
		OR EXISTS (SELECT 1 FROM ` + s + `reviews rv WHERE rv.author_id = ` + col + ` AND ` + publicInfluencer(s, "rv.influencer_id") + `)`
}

// sponsorMayHold: the account named by col is a sponsor whose account and profile
// the viewer could have held: one with a campaign that was ever listed publicly,
// the sponsor of a campaign the viewer has an ad request on, or the author of a
// review. Args: viewer once.
func sponsorMayHold(s, col string) string {
	return `EXISTS (SELECT 1 FROM ` + s + `campaign_exposure x JOIN ` + s + `campaigns c ON c.id = x.campaign_id WHERE c.sponsor_id = ` + col + `)
		OR EXISTS (SELECT 1 FROM ` + s + `ad_requests r JOIN ` + s + `campaigns c ON c.id = r.campaign_id
			WHERE c.sponsor_id = ` + col + ` AND r.influencer_id = ?)
		OR EXISTS (SELECT 1 FROM ` + s + `reviews rv WHERE rv.author_id = ` + col + `)`
}

// historyShown masks an influencer_stats history column for others when the
// influencer's media kit hides the history ({s} is the source schema).
func historyShown(col string) string {
	return "CASE WHEN t.influencer_id = ? OR NOT EXISTS (SELECT 1 FROM {s}media_kits k WHERE k.influencer_id = t.influencer_id AND k.show_history = 0) THEN t." +
		col + " ELSE '' END"
}

// ownerOnly masks the given columns for rows whose key column is not the viewer.
func ownerOnly(key string, masked map[string]string) map[string]string {
	out := map[string]string{}
	for col, m := range masked {
		out[col] = "CASE WHEN t." + key + " = ? THEN t." + col + " ELSE " + m + " END"
	}
	return out
}

// Lookup returns the table named name.
func Lookup(name string) (Table, bool) {
	for _, tb := range Tables {
		if tb.Name == name {
			return tb, true
		}
	}
	return Table{}, false
}

// Select returns the query listing the rows of table tb that viewer v may see,
// with private columns masked, reading from schema prefix s ("" or "src.").
// Admins see everything unmasked but other accounts' private rows.
func (tb Table) Select(v Viewer, s string) (string, []any) {
	return tb.SelectWhere(v, s, "")
}

// Key is the table's primary key column.
func (tb Table) Key() string { return tb.Columns[0] }

// SelectWhere is Select with an extra condition over the table aliased t (for
// example a version range), ANDed with the visibility rule.
func (tb Table) SelectWhere(v Viewer, s, extra string, extraArgs ...any) (string, []any) {
	q, args := tb.selectColumns(v, s)
	var rule func(Viewer, string) (string, []any)
	if v.Role != domain.RoleAdmin || tb.private {
		rule = tb.where
	}
	return withConditions(q, args, v, s, rule, extra, extraArgs)
}

// selectColumns is "SELECT <the columns as v reads them> FROM <table> t" and the
// masks' args.
func (tb Table) selectColumns(v Viewer, s string) (string, []any) {
	var cols []string
	var args []any
	for _, c := range tb.Columns {
		if m, ok := tb.masks[c]; ok && v.Role != domain.RoleAdmin {
			cols = append(cols, strings.ReplaceAll(m, "{s}", s)+" AS "+c)
			for range strings.Count(m, "?") {
				args = append(args, v.ID)
			}
			continue
		}
		cols = append(cols, "t."+c)
	}
	return fmt.Sprintf(`SELECT %s FROM %s%s t`, strings.Join(cols, ", "), s, tb.Name), args
}

// withConditions appends to query q (with its args so far) the viewer's rule, when there is
// one, ANDed with the extra condition.
func withConditions(q string, args []any, v Viewer, s string, rule func(Viewer, string) (string, []any), extra string, extraArgs []any) (string, []any) {
	var conds []string
	if rule != nil {
		w, wargs := rule(v, s)
		conds = append(conds, "("+w+")")
		args = append(args, wargs...)
	}
	if extra != "" {
		conds = append(conds, "("+extra+")")
		args = append(args, extraArgs...)
	}
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	return q, args
}

// MayHoldWhere returns the query listing the key of every row of table tb that
// viewer v could have held at some time (see Table.mayHold), ANDed with extra.
// Admins may have held every row but other accounts' private ones. It reads the
// server-only table campaign_exposure, so it runs on the canonical database only.
func (tb Table) MayHoldWhere(v Viewer, s, extra string, extraArgs ...any) (string, []any) {
	q := fmt.Sprintf(`SELECT t.%s FROM %s%s t`, tb.Key(), s, tb.Name)
	var rule func(Viewer, string) (string, []any)
	if tb.mayHold != nil && (v.Role != domain.RoleAdmin || tb.private) {
		rule = tb.mayHold
	}
	return withConditions(q, nil, v, s, rule, extra, extraArgs)
}
