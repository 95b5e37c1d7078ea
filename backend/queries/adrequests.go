package queries

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// Ad requests from the viewer's side: a sponsor's requests on its own campaigns,
// an influencer's own, every one for an admin.

// Whose turn it is on a pending request.
const (
	TurnYou  = "you"  // the other party made the latest offer: counter, accept or reject
	TurnThem = "them" // the latest offer is yours: wait (or withdraw)
)

// StatusWaiting is a list filter: pending requests where it is the viewer's turn.
const StatusWaiting = "waiting"

// AdRequestFilter filters, sorts and pages the ad-request list.
type AdRequestFilter struct {
	Status     string `json:"status"`      // "", a status, or "waiting" (pending, your turn)
	CampaignID string `json:"campaign_id"` // "" or one campaign
	Text       string `json:"text"`        // matches the campaign's or either party's name
	// Sort is "" (waiting for you first, then the latest change), updated, amount
	// or campaign (by campaign name, waiting first inside each: to group by campaign).
	Sort     string `json:"sort"`
	Desc     bool   `json:"desc"`
	Page     int    `json:"page"`      // 1-based; 0 means 1
	PageSize int    `json:"page_size"` // 1..200; 0 means 25
}

// Refusal is the last change to a row the server refused.
type Refusal struct {
	Action  string `json:"action"` // the refused mutation, e.g. adRequest.accept
	Code    string `json:"code"`
	Message string `json:"message"`
}

// AdRequestRow is one line of the list.
type AdRequestRow struct {
	ID               string   `json:"id" db:"id"`
	CampaignID       string   `json:"campaign_id" db:"campaign_id"`
	CampaignName     string   `json:"campaign_name" db:"campaign_name"`
	CampaignStatus   string   `json:"campaign_status" db:"campaign_status"`
	CampaignFlagged  bool     `json:"campaign_flagged" db:"campaign_flagged"`
	CampaignFlag     string   `json:"campaign_flag_reason" db:"campaign_flag_reason"`
	SponsorID        string   `json:"sponsor_id" db:"sponsor_id"`
	SponsorName      string   `json:"sponsor_name" db:"sponsor_name"`
	InfluencerID     string   `json:"influencer_id" db:"influencer_id"`
	InfluencerName   string   `json:"influencer_name" db:"influencer_name"`
	CounterpartyName string   `json:"counterparty_name" db:"-"`
	Amount           int64    `json:"amount" db:"amount"` // cents: the current terms
	Requirements     string   `json:"requirements" db:"requirements"`
	Status           string   `json:"status" db:"status"`
	InitiatedBy      string   `json:"initiated_by" db:"initiated_by"`
	LastAuthor       string   `json:"last_author" db:"last_author"` // role that made the latest offer
	LatestOfferID    string   `json:"latest_offer_id" db:"latest_offer_id"`
	Turn             string   `json:"turn" db:"-"` // you, them, or "" when not pending
	Offers           int      `json:"offers" db:"offers"`
	UpdatedAt        string   `json:"updated_at" db:"updated_at"`
	Queued           bool     `json:"queued" db:"-"`  // a local change to it waits in the outbox
	Refused          *Refusal `json:"refused" db:"-"` // the last change the server refused, or null
}

// AdRequestPage is one page of ad requests, the total matching, how many wait
// for the viewer across all pages, and the first of those in the list's order
// ("" when none: the screen opens it instead of an empty pane).
type AdRequestPage struct {
	Items        []AdRequestRow `json:"items"`
	Total        int            `json:"total"`
	Waiting      int            `json:"waiting"`
	FirstWaiting string         `json:"first_waiting"`
	Page         int            `json:"page"`
	PageSize     int            `json:"page_size"`
}

const adRequestFrom = ` FROM ad_requests r
	JOIN campaigns c ON c.id = r.campaign_id
	LEFT JOIN accounts sa ON sa.id = c.sponsor_id
	LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
	LEFT JOIN accounts ia ON ia.id = r.influencer_id
	LEFT JOIN influencer_profiles ip ON ip.account_id = r.influencer_id`

const adRequestSelect = `SELECT r.id, r.campaign_id, c.name AS campaign_name, c.status AS campaign_status,
	c.flagged AS campaign_flagged, c.flag_reason AS campaign_flag_reason, c.sponsor_id,
	COALESCE(sp.company_name, sa.name, '') AS sponsor_name, r.influencer_id,
	COALESCE(NULLIF(ip.display_name, ''), ia.name, '') AS influencer_name,
	r.payment_amount AS amount, r.requirements, r.status, r.initiated_by, r.updated_at,
	(SELECT COUNT(*) FROM offers o WHERE o.ad_request_id = r.id) AS offers,
	COALESCE((SELECT o.author_role FROM offers o WHERE o.ad_request_id = r.id ORDER BY o.seq DESC LIMIT 1), '') AS last_author,
	COALESCE((SELECT o.id FROM offers o WHERE o.ad_request_id = r.id ORDER BY o.seq DESC LIMIT 1), '') AS latest_offer_id` +
	adRequestFrom

// turnSQL is true when the latest offer is not the viewer's role (their turn).
const turnSQL = `r.status = 'pending' AND COALESCE((SELECT o.author_role FROM offers o WHERE o.ad_request_id = r.id
	ORDER BY o.seq DESC LIMIT 1), '') <> ?`

var adRequestSorts = map[string]string{
	"updated":  "r.updated_at",
	"amount":   "r.payment_amount",
	"campaign": "c.name COLLATE NOCASE",
}

// adScope limits the rows to the viewer's own requests; admins see all.
func adScope(v Viewer) (string, []any, error) {
	switch v.Role {
	case domain.RoleSponsor:
		return "c.sponsor_id = ?", []any{v.Org()}, nil
	case domain.RoleInfluencer:
		return "r.influencer_id = ?", []any{v.AccountID}, nil
	case domain.RoleAdmin:
		return "1 = 1", nil, nil
	}
	return "", nil, forbidden("no ad requests for role %q", v.Role)
}

func finishRow(v Viewer, r *AdRequestRow, marks map[string]Mark) {
	switch v.Role {
	case domain.RoleSponsor:
		r.CounterpartyName = r.InfluencerName
	case domain.RoleInfluencer:
		r.CounterpartyName = r.SponsorName
	}
	if r.Status == string(domain.AdPending) && v.party() {
		if r.LastAuthor == string(v.Role) {
			r.Turn = TurnThem
		} else {
			r.Turn = TurnYou
		}
	}
	if m, ok := marks[r.ID]; ok {
		r.Queued = m.Queued
		if m.Refused {
			r.Refused = &Refusal{Action: m.Action, Code: m.Code, Message: m.Message}
		}
	}
}

// AdRequests lists the viewer's ad requests: by default the ones waiting for the
// viewer first, then the most recently changed.
func AdRequests(ctx context.Context, db sqlx.QueryerContext, v Viewer, f AdRequestFilter) (AdRequestPage, error) {
	if err := paging(&f.Page, &f.PageSize, DefaultPageSize); err != nil {
		return AdRequestPage{}, err
	}
	cond, args, err := adScope(v)
	if err != nil {
		return AdRequestPage{}, err
	}
	role := string(v.Role)
	scopeArgs := append([]any{}, args...)
	where := []string{"r.deleted_at IS NULL", cond}
	switch f.Status {
	case "":
	case StatusWaiting:
		where, args = append(where, turnSQL), append(args, role)
	case string(domain.AdPending), string(domain.AdAccepted), string(domain.AdRejected),
		string(domain.AdWithdrawn), string(domain.AdCompleted):
		where, args = append(where, "r.status = ?"), append(args, f.Status)
	default:
		return AdRequestPage{}, domain.Errorf(domain.CodeInvalidArgument, "unknown status %q", clip(f.Status))
	}
	if f.CampaignID != "" {
		where, args = append(where, "r.campaign_id = ?"), append(args, f.CampaignID)
	}
	pat, err := like(f.Text)
	if err != nil {
		return AdRequestPage{}, err
	}
	if pat != "" {
		where = append(where, `(c.name LIKE ? ESCAPE '\' OR COALESCE(sp.company_name, sa.name, '') LIKE ? ESCAPE '\'
			OR COALESCE(NULLIF(ip.display_name, ''), ia.name, '') LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat, pat)
	}
	waitingFirst := `(CASE WHEN ` + turnSQL + ` THEN 0 ELSE 1 END)`
	orderBy := waitingFirst + `, r.updated_at DESC, r.id DESC`
	orderArgs := []any{role}
	if f.Sort != "" {
		col, err := order(adRequestSorts, f.Sort)
		if err != nil {
			return AdRequestPage{}, err
		}
		orderBy = col + ` ` + dir(f.Desc) + `, ` + orderBy
	}
	all := strings.Join(where, " AND ")
	page := AdRequestPage{Items: []AdRequestRow{}, Page: f.Page, PageSize: f.PageSize}
	if err := sqlx.GetContext(ctx, db, &page.Total, `SELECT COUNT(*)`+adRequestFrom+` WHERE `+all, args...); err != nil {
		return AdRequestPage{}, fmt.Errorf("list ad requests: %w", err)
	}
	if err := sqlx.GetContext(ctx, db, &page.Waiting, `SELECT COUNT(*) FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
		WHERE `+cond+` AND r.deleted_at IS NULL AND `+turnSQL, append(scopeArgs, role)...); err != nil {
		return AdRequestPage{}, fmt.Errorf("count waiting ad requests: %w", err)
	}
	if page.Waiting > 0 && v.party() {
		var first []string
		if err := sqlx.SelectContext(ctx, db, &first, `SELECT r.id`+adRequestFrom+` WHERE `+all+` AND `+turnSQL+
			` ORDER BY `+orderBy+` LIMIT 1`, append(append(append([]any{}, args...), role), orderArgs...)...); err != nil {
			return AdRequestPage{}, fmt.Errorf("first waiting ad request: %w", err)
		}
		if len(first) == 1 {
			page.FirstWaiting = first[0]
		}
	}
	query := adRequestSelect + ` WHERE ` + all + ` ORDER BY ` + orderBy + ` LIMIT ? OFFSET ?`
	args = append(append(args, orderArgs...), f.PageSize, (f.Page-1)*f.PageSize)
	if err := sqlx.SelectContext(ctx, db, &page.Items, query, args...); err != nil {
		return AdRequestPage{}, fmt.Errorf("list ad requests: %w", err)
	}
	marks, err := PendingMarks(ctx, db)
	if err != nil {
		return AdRequestPage{}, err
	}
	for i := range page.Items {
		finishRow(v, &page.Items[i], marks)
	}
	return page, nil
}

// WaitingAdRequests lists the oldest-changed requests waiting for the viewer (at
// most limit) and how many there are.
func WaitingAdRequests(ctx context.Context, db sqlx.QueryerContext, v Viewer, limit int) ([]AdRequestRow, int, error) {
	cond, args, err := adScope(v)
	if err != nil {
		return nil, 0, err
	}
	args = append(args, string(v.Role))
	rows := []AdRequestRow{}
	if limit > 0 {
		if err := sqlx.SelectContext(ctx, db, &rows, adRequestSelect+` WHERE `+cond+` AND r.deleted_at IS NULL AND `+turnSQL+
			` ORDER BY r.updated_at LIMIT ?`, append(append([]any{}, args...), limit)...); err != nil {
			return nil, 0, fmt.Errorf("waiting ad requests: %w", err)
		}
	}
	var n int
	if err := sqlx.GetContext(ctx, db, &n, `SELECT COUNT(*) FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
		WHERE `+cond+` AND r.deleted_at IS NULL AND `+turnSQL, args...); err != nil {
		return nil, 0, fmt.Errorf("waiting ad requests: %w", err)
	}
	marks, err := PendingMarks(ctx, db)
	if err != nil {
		return nil, 0, err
	}
	for i := range rows {
		finishRow(v, &rows[i], marks)
	}
	return rows, n, nil
}
