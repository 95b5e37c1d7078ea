package export

import (
	"strings"

	"iescp/backend/domain"
)

// spec is one export: who may run it, its file name stem, its columns (header name,
// type and SQL expression) and the FROM ... WHERE shared by its COUNT and its rows.
// The sponsor kinds take the sponsor's account id as their one argument.
type spec struct {
	role  domain.Role
	file  string
	cols  []column
	from  string
	order string
}

func (s spec) query() string {
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, c := range s.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.expr)
	}
	b.WriteString(" ")
	b.WriteString(s.from)
	b.WriteString(" ORDER BY ")
	b.WriteString(s.order)
	return b.String()
}

func text(name, expr string) column  { return column{name: name, typ: colText, expr: expr} }
func num(name, expr string) column   { return column{name: name, typ: colInt, expr: expr} }
func money(name, expr string) column { return column{name: name, typ: colMoney, expr: expr} }
func flag(name, expr string) column  { return column{name: name, typ: colBool, expr: expr} }

// instant is a stored instant, normalized in Go (Instant). CAST makes the driver hand
// over the stored text instead of parsing DATETIME columns into time.Time.
func instant(name, expr string) column {
	return column{name: name, typ: colInstant, expr: "CAST(" + expr + " AS TEXT)"}
}

// requestCounts is joined as rc to campaigns c: live ad requests by status and the
// amount of the completed ones, per campaign.
const requestCounts = `LEFT JOIN (SELECT campaign_id,
		SUM(status = 'pending') AS pending, SUM(status = 'accepted') AS accepted,
		SUM(status = 'rejected') AS rejected, SUM(status = 'withdrawn') AS withdrawn,
		SUM(status = 'completed') AS completed,
		SUM(CASE WHEN status = 'completed' THEN payment_amount ELSE 0 END) AS amount_completed
	FROM ad_requests WHERE deleted_at IS NULL %s GROUP BY campaign_id) rc ON rc.campaign_id = c.id`

// campaignCols are every field of a campaign but its sponsor, then the request counts.
func campaignCols() []column {
	return []column{
		text("name", "c.name"),
		text("description", "c.description"),
		text("category", "c.category"),
		text("niche", "c.niche"),
		text("start_date", "c.start_date"),
		text("end_date", "c.end_date"),
		money("budget_usd", "c.budget"),
		money("committed_usd", "c.committed"),
		money("remaining_usd", "c.budget - c.committed"),
		text("visibility", "c.visibility"),
		text("goals", "c.goals"),
		text("status", "c.status"),
		flag("flagged", "c.flagged"),
		text("flag_reason", "c.flag_reason"),
		instant("created_at", "c.created_at"),
		instant("updated_at", "c.updated_at"),
		num("requests_pending", "COALESCE(rc.pending, 0)"),
		num("requests_accepted", "COALESCE(rc.accepted, 0)"),
		num("requests_rejected", "COALESCE(rc.rejected, 0)"),
		num("requests_withdrawn", "COALESCE(rc.withdrawn, 0)"),
		num("requests_completed", "COALESCE(rc.completed, 0)"),
		money("amount_completed_usd", "COALESCE(rc.amount_completed, 0)"),
	}
}

var specs = map[Kind]spec{
	SponsorCampaigns: {
		role: domain.RoleSponsor,
		file: "campaigns",
		cols: append([]column{text("id", "c.id")}, campaignCols()...),
		from: `FROM campaigns c ` + strings.Replace(requestCounts, "%s",
			"AND campaign_id IN (SELECT id FROM campaigns WHERE sponsor_id = ?1)", 1) + `
			WHERE c.deleted_at IS NULL AND c.sponsor_id = ?1`,
		order: "c.created_at, c.id",
	},
	AdminCampaigns: {
		role: domain.RoleAdmin,
		file: "all-campaigns",
		cols: append([]column{
			text("id", "c.id"),
			text("sponsor_id", "c.sponsor_id"),
			text("sponsor_name", "COALESCE(a.name, '')"),
			text("sponsor_company", "COALESCE(sp.company_name, '')"),
		}, campaignCols()...),
		from: `FROM campaigns c ` + strings.Replace(requestCounts, "%s", "", 1) + `
			LEFT JOIN accounts a ON a.id = c.sponsor_id
			LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
			WHERE c.deleted_at IS NULL`,
		order: "c.created_at, c.id",
	},
	SponsorAdRequests: {
		role: domain.RoleSponsor,
		file: "ad-requests",
		cols: []column{
			text("id", "r.id"),
			text("campaign_id", "r.campaign_id"),
			text("campaign_name", "c.name"),
			text("influencer_id", "r.influencer_id"),
			text("influencer_name", "COALESCE(NULLIF(ip.display_name, ''), ia.name, '')"),
			text("initiated_by", "r.initiated_by"),
			text("status", "r.status"),
			money("payment_amount_usd", "r.payment_amount"),
			text("requirements", "r.requirements"),
			num("offers", "(SELECT COUNT(*) FROM offers o WHERE o.ad_request_id = r.id)"),
			text("close_reason", "r.close_reason"),
			instant("created_at", "r.created_at"),
			instant("updated_at", "r.updated_at"),
			instant("responded_at", "r.responded_at"),
			instant("completed_at", "r.completed_at"),
		},
		// CROSS JOIN keeps ad_requests the outer loop: one pass over the table in
		// rowid order instead of a lookup per row through the campaign index, which
		// re-reads pages once per campaign. A sponsor's replica holds little but the
		// sponsor's own requests, so the pass reads hardly anything else.
		from: `FROM ad_requests r CROSS JOIN campaigns c ON c.id = r.campaign_id
			LEFT JOIN influencer_profiles ip ON ip.account_id = r.influencer_id
			LEFT JOIN accounts ia ON ia.id = r.influencer_id
			WHERE r.deleted_at IS NULL AND c.sponsor_id = ?1`,
		order: "r.created_at, r.id",
	},
	AdminAccounts: {
		role: domain.RoleAdmin,
		file: "accounts",
		cols: []column{
			text("id", "a.id"),
			text("email", "a.email"),
			text("name", "a.name"),
			text("role", "a.role"),
			flag("active", "a.active"),
			flag("flagged", "a.flagged"),
			text("flag_reason", "a.flag_reason"),
			text("company_name", "sp.company_name"),
			text("industry", "sp.industry"),
			text("approval", "sp.approval"),
			text("display_name", "ip.display_name"),
			text("category", "ip.category"),
			text("niche", "ip.niche"),
			num("reach_total", "ip.reach_total"),
			instant("created_at", "a.created_at"),
		},
		from: `FROM accounts a
			LEFT JOIN sponsor_profiles sp ON sp.account_id = a.id
			LEFT JOIN influencer_profiles ip ON ip.account_id = a.id`,
		order: "a.created_at, a.id",
	},
}
