package desktop

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"iescp/backend/domain"
	"iescp/backend/search"
)

// Ad requests from the signed-in account's side: a sponsor's requests on its own
// campaigns, an influencer's own. Reads come from the replica; every action is one
// mutation through Services.Mutate (optimistic, queued in the outbox, pushed soon).

// Whose turn it is on a pending request.
const (
	TurnYou  = "you"  // the other party made the latest offer: counter, accept or reject
	TurnThem = "them" // the latest offer is yours: wait (or withdraw)
)

// StatusWaiting is a List filter: pending requests where it is the user's turn.
const StatusWaiting = "waiting"

// Limits, as the mutators check them (docs/mutations.md).
const (
	maxAmount       = 1_000_000_000_000
	maxRequirements = 2000
	maxMessage      = 2000
	maxReason       = 500
)

// AdRequestFilter filters and pages the ad-request list.
type AdRequestFilter struct {
	Status     string `json:"status"`      // "", a status, or "waiting" (pending, your turn)
	CampaignID string `json:"campaign_id"` // "" or one campaign
	Page       int    `json:"page"`        // 1-based; 0 means 1
	PageSize   int    `json:"page_size"`   // 1..200; 0 means 25
}

// AdRequestRow is one line of the list.
type AdRequestRow struct {
	ID               string `json:"id" db:"id"`
	CampaignID       string `json:"campaign_id" db:"campaign_id"`
	CampaignName     string `json:"campaign_name" db:"campaign_name"`
	SponsorID        string `json:"sponsor_id" db:"sponsor_id"`
	SponsorName      string `json:"sponsor_name" db:"sponsor_name"`
	InfluencerID     string `json:"influencer_id" db:"influencer_id"`
	InfluencerName   string `json:"influencer_name" db:"influencer_name"`
	CounterpartyName string `json:"counterparty_name" db:"-"`
	Amount           int64  `json:"amount" db:"amount"` // cents: the current terms
	Requirements     string `json:"requirements" db:"requirements"`
	Status           string `json:"status" db:"status"`
	InitiatedBy      string `json:"initiated_by" db:"initiated_by"`
	LastAuthor       string `json:"last_author" db:"last_author"` // role that made the latest offer
	LatestOfferID    string `json:"latest_offer_id" db:"latest_offer_id"`
	Turn             string `json:"turn" db:"-"` // you, them, or "" when not pending
	Offers           int    `json:"offers" db:"offers"`
	UpdatedAt        string `json:"updated_at" db:"updated_at"`
}

// AdRequestPage is one page of ad requests, the total matching, and how many wait
// for the user across all pages.
type AdRequestPage struct {
	Items    []AdRequestRow `json:"items"`
	Total    int            `json:"total"`
	Waiting  int            `json:"waiting"`
	Page     int            `json:"page"`
	PageSize int            `json:"page_size"`
}

// Offer is one entry of the negotiation thread.
type Offer struct {
	ID           string `json:"id" db:"id"`
	Seq          int    `json:"seq" db:"seq"`
	AuthorID     string `json:"author_id" db:"author_id"`
	AuthorRole   string `json:"author_role" db:"author_role"`
	AuthorName   string `json:"author_name" db:"author_name"`
	Amount       int64  `json:"amount" db:"amount"`
	Requirements string `json:"requirements" db:"requirements"`
	Message      string `json:"message" db:"message"`
	CreatedAt    string `json:"created_at" db:"created_at"`
	Mine         bool   `json:"mine" db:"-"`
}

// AdRequestActions are what the user may do now (the server has the last word).
type AdRequestActions struct {
	Counter  bool `json:"counter"`
	Accept   bool `json:"accept"`
	Reject   bool `json:"reject"`
	Withdraw bool `json:"withdraw"`
	Complete bool `json:"complete"` // the sponsor marks accepted work delivered
	Review   bool `json:"review"`   // a party rates the other side of completed work, once
}

// AdRequestDetail is one request with its whole thread.
type AdRequestDetail struct {
	AdRequestRow
	CloseReason     string           `json:"close_reason"`
	CampaignStatus  string           `json:"campaign_status"`
	CampaignBudget  int64            `json:"campaign_budget"`
	CampaignCommits int64            `json:"campaign_committed"`
	Thread          []Offer          `json:"thread"`
	Actions         AdRequestActions `json:"actions"`
}

// AdRequestService is bound to the UI.
type AdRequestService struct{ s *Services }

// NewAdRequestService makes the ad-request service over the desktop services.
func NewAdRequestService(s *Services) *AdRequestService { return &AdRequestService{s: s} }

const adRequestSelect = `SELECT r.id, r.campaign_id, c.name AS campaign_name, c.sponsor_id,
	COALESCE(sp.company_name, sa.name, '') AS sponsor_name, r.influencer_id,
	COALESCE(NULLIF(ip.display_name, ''), ia.name, '') AS influencer_name,
	r.payment_amount AS amount, r.requirements, r.status, r.initiated_by, r.updated_at,
	(SELECT COUNT(*) FROM offers o WHERE o.ad_request_id = r.id) AS offers,
	COALESCE((SELECT o.author_role FROM offers o WHERE o.ad_request_id = r.id ORDER BY o.seq DESC LIMIT 1), '') AS last_author,
	COALESCE((SELECT o.id FROM offers o WHERE o.ad_request_id = r.id ORDER BY o.seq DESC LIMIT 1), '') AS latest_offer_id
	FROM ad_requests r
	JOIN campaigns c ON c.id = r.campaign_id
	LEFT JOIN accounts sa ON sa.id = c.sponsor_id
	LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
	LEFT JOIN accounts ia ON ia.id = r.influencer_id
	LEFT JOIN influencer_profiles ip ON ip.account_id = r.influencer_id`

// scope limits the rows to the account's own requests; admins see all.
func scope(sess *session) (string, []any, error) {
	switch domain.Role(sess.info.Role) {
	case domain.RoleSponsor:
		return "c.sponsor_id = ?", []any{sess.info.AccountID}, nil
	case domain.RoleInfluencer:
		return "r.influencer_id = ?", []any{sess.info.AccountID}, nil
	case domain.RoleAdmin:
		return "1 = 1", nil, nil
	}
	return "", nil, domain.Errorf(domain.CodeForbidden, "no ad requests for role %q", sess.info.Role)
}

// turnSQL is true when the latest offer is not the user's role (their turn).
const turnSQL = `r.status = 'pending' AND COALESCE((SELECT o.author_role FROM offers o WHERE o.ad_request_id = r.id
	ORDER BY o.seq DESC LIMIT 1), '') <> ?`

func finishRow(sess *session, r *AdRequestRow) {
	role := sess.info.Role
	switch role {
	case string(domain.RoleSponsor):
		r.CounterpartyName = r.InfluencerName
	case string(domain.RoleInfluencer):
		r.CounterpartyName = r.SponsorName
	}
	if r.Status == string(domain.AdPending) && (role == string(domain.RoleSponsor) || role == string(domain.RoleInfluencer)) {
		if r.LastAuthor == role {
			r.Turn = TurnThem
		} else {
			r.Turn = TurnYou
		}
	}
}

// List returns the signed-in account's ad requests, the ones waiting for the user
// first, then the most recently changed.
func (as *AdRequestService) List(f AdRequestFilter) (AdRequestPage, error) {
	p, err := as.list(context.Background(), f)
	return p, toUI(err)
}

func (as *AdRequestService) list(ctx context.Context, f AdRequestFilter) (AdRequestPage, error) {
	sess, err := as.s.active()
	if err != nil {
		return AdRequestPage{}, err
	}
	if f.Page == 0 {
		f.Page = 1
	}
	if f.PageSize == 0 {
		f.PageSize = 25
	}
	if f.Page < 1 || f.PageSize < 1 || f.PageSize > 200 {
		return AdRequestPage{}, domain.Errorf(domain.CodeInvalidArgument, "page must be ≥ 1 and page_size from 1 to 200")
	}
	cond, args, err := scope(sess)
	if err != nil {
		return AdRequestPage{}, err
	}
	scopeArgs := append([]any{}, args...)
	where := []string{"r.deleted_at IS NULL", cond}
	role := sess.info.Role
	switch f.Status {
	case "":
	case StatusWaiting:
		where = append(where, turnSQL)
		args = append(args, role)
	case string(domain.AdPending), string(domain.AdAccepted), string(domain.AdRejected),
		string(domain.AdWithdrawn), string(domain.AdCompleted):
		where = append(where, "r.status = ?")
		args = append(args, f.Status)
	default:
		return AdRequestPage{}, domain.Errorf(domain.CodeInvalidArgument, "unknown status %q", clipText(f.Status))
	}
	if f.CampaignID != "" {
		where = append(where, "r.campaign_id = ?")
		args = append(args, f.CampaignID)
	}
	page := AdRequestPage{Items: []AdRequestRow{}, Page: f.Page, PageSize: f.PageSize}
	from := ` FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id WHERE `
	all := strings.Join(where, " AND ")
	if err := sess.db.R.GetContext(ctx, &page.Total, `SELECT COUNT(*)`+from+all, args...); err != nil {
		return AdRequestPage{}, fmt.Errorf("list ad requests: %w", err)
	}
	if err := sess.db.R.GetContext(ctx, &page.Waiting, `SELECT COUNT(*)`+from+cond+` AND r.deleted_at IS NULL AND `+turnSQL,
		append(append([]any{}, scopeArgs...), role)...); err != nil {
		return AdRequestPage{}, fmt.Errorf("count waiting ad requests: %w", err)
	}
	query := adRequestSelect + ` WHERE ` + all + ` ORDER BY (CASE WHEN ` + turnSQL + ` THEN 0 ELSE 1 END), r.updated_at DESC, r.id DESC LIMIT ? OFFSET ?`
	args = append(args, role, f.PageSize, (f.Page-1)*f.PageSize)
	if err := sess.db.R.SelectContext(ctx, &page.Items, query, args...); err != nil {
		return AdRequestPage{}, fmt.Errorf("list ad requests: %w", err)
	}
	for i := range page.Items {
		finishRow(sess, &page.Items[i])
	}
	return page, nil
}

// Get returns one of the account's ad requests with its negotiation thread.
func (as *AdRequestService) Get(id string) (AdRequestDetail, error) {
	d, err := as.get(context.Background(), id)
	return d, toUI(err)
}

func (as *AdRequestService) get(ctx context.Context, id string) (AdRequestDetail, error) {
	sess, err := as.s.active()
	if err != nil {
		return AdRequestDetail{}, err
	}
	if strings.TrimSpace(id) == "" {
		return AdRequestDetail{}, domain.Errorf(domain.CodeInvalidArgument, "an ad request id is required")
	}
	cond, args, err := scope(sess)
	if err != nil {
		return AdRequestDetail{}, err
	}
	var d AdRequestDetail
	if err := sess.db.R.GetContext(ctx, &d.AdRequestRow, adRequestSelect+` WHERE r.id = ? AND r.deleted_at IS NULL AND `+cond,
		append([]any{id}, args...)...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return AdRequestDetail{}, domain.Errorf(domain.CodeNotFound, "no such ad request")
		}
		return AdRequestDetail{}, fmt.Errorf("get ad request: %w", err)
	}
	finishRow(sess, &d.AdRequestRow)
	var extra struct {
		CloseReason string `db:"close_reason"`
		Status      string `db:"status"`
		Budget      int64  `db:"budget"`
		Committed   int64  `db:"committed"`
	}
	if err := sess.db.R.GetContext(ctx, &extra, `SELECT r.close_reason, c.status, c.budget, c.committed
		FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id WHERE r.id = ?`, id); err != nil {
		return AdRequestDetail{}, fmt.Errorf("get ad request: %w", err)
	}
	d.CloseReason, d.CampaignStatus, d.CampaignBudget, d.CampaignCommits = extra.CloseReason, extra.Status, extra.Budget, extra.Committed
	d.Thread = []Offer{}
	if err := sess.db.R.SelectContext(ctx, &d.Thread, `SELECT o.id, o.seq, o.author_id, o.author_role,
		CASE WHEN o.author_role = 'sponsor' THEN COALESCE(sp.company_name, a.name, '')
			ELSE COALESCE(NULLIF(ip.display_name, ''), a.name, '') END AS author_name,
		o.amount, o.requirements, o.message, o.created_at
		FROM offers o
		LEFT JOIN accounts a ON a.id = o.author_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = o.author_id
		LEFT JOIN influencer_profiles ip ON ip.account_id = o.author_id
		WHERE o.ad_request_id = ? ORDER BY o.seq`, id); err != nil {
		return AdRequestDetail{}, fmt.Errorf("get ad request thread: %w", err)
	}
	for i := range d.Thread {
		d.Thread[i].Mine = d.Thread[i].AuthorID == sess.info.AccountID
	}
	party := sess.info.Role == string(domain.RoleSponsor) || sess.info.Role == string(domain.RoleInfluencer)
	switch d.Status {
	case string(domain.AdPending):
		mine := d.Turn == TurnYou
		d.Actions = AdRequestActions{Counter: mine, Accept: mine, Reject: mine, Withdraw: party}
	case string(domain.AdAccepted):
		d.Actions = AdRequestActions{Withdraw: party, Complete: sess.info.Role == string(domain.RoleSponsor)}
	case string(domain.AdCompleted):
		var reviewed int
		if err := sess.db.R.GetContext(ctx, &reviewed, `SELECT COUNT(*) FROM reviews WHERE ad_request_id = ? AND author_id = ?`,
			d.ID, sess.info.AccountID); err != nil {
			return AdRequestDetail{}, err
		}
		d.Actions = AdRequestActions{Review: party && reviewed == 0}
	}
	return d, nil
}

// InfluencerSearch finds influencers to send a request to (at most 10).
func (as *AdRequestService) InfluencerSearch(text string) ([]search.InfluencerHit, error) {
	sess, err := as.s.active()
	if err != nil {
		return nil, toUI(err)
	}
	p, err := search.Influencers(context.Background(), sess.db.R, search.InfluencerQuery{Text: strings.TrimSpace(text), Page: 1, PageSize: 10})
	if err != nil {
		return nil, toUI(err)
	}
	return p.Items, nil
}

// Send invites an influencer to one of the sponsor's active campaigns with the
// opening offer; it returns the new request's id.
func (as *AdRequestService) Send(campaignID, influencerID string, amount int64, requirements, message string) (string, error) {
	if err := needRole(as.s, domain.RoleSponsor); err != nil {
		return "", toUI(err)
	}
	if err := errors.Join(needID("campaign", campaignID), needID("influencer", influencerID), checkAmount(amount),
		checkText("requirements", requirements, maxRequirements, true), checkText("message", message, maxMessage, false)); err != nil {
		return "", toUI(err)
	}
	id := domain.NewID()
	err := as.mutate("adRequest.send", map[string]any{"id": id, "offer_id": domain.NewID(), "campaign_id": campaignID,
		"influencer_id": influencerID, "amount": amount, "requirements": strings.TrimSpace(requirements), "message": strings.TrimSpace(message)})
	if err != nil {
		return "", toUI(err)
	}
	return id, nil
}

// Counter answers the latest offer (inReplyTo) with a new one; it returns the new offer's id.
func (as *AdRequestService) Counter(id, inReplyTo string, amount int64, requirements, message string) (string, error) {
	if err := errors.Join(needID("ad request", id), needID("offer answered", inReplyTo), checkAmount(amount),
		checkText("requirements", requirements, maxRequirements, false), checkText("message", message, maxMessage, false)); err != nil {
		return "", toUI(err)
	}
	offerID := domain.NewID()
	if err := as.mutate("adRequest.counter", map[string]any{"ad_request_id": id, "offer_id": offerID, "in_reply_to": inReplyTo,
		"amount": amount, "requirements": strings.TrimSpace(requirements), "message": strings.TrimSpace(message)}); err != nil {
		return "", toUI(err)
	}
	return offerID, nil
}

// Accept accepts the latest offer.
func (as *AdRequestService) Accept(id, offerID string) error {
	if err := errors.Join(needID("ad request", id), needID("offer", offerID)); err != nil {
		return toUI(err)
	}
	return toUI(as.mutate("adRequest.accept", map[string]any{"ad_request_id": id, "offer_id": offerID}))
}

// Reject declines the other party's latest offer; it ends the request.
func (as *AdRequestService) Reject(id, reason string) error {
	if err := errors.Join(needID("ad request", id), checkText("reason", reason, maxReason, false)); err != nil {
		return toUI(err)
	}
	return toUI(as.mutate("adRequest.reject", map[string]any{"ad_request_id": id, "reason": strings.TrimSpace(reason)}))
}

// Withdraw calls off a pending or accepted request.
func (as *AdRequestService) Withdraw(id, reason string) error {
	if err := errors.Join(needID("ad request", id), checkText("reason", reason, maxReason, false)); err != nil {
		return toUI(err)
	}
	return toUI(as.mutate("adRequest.withdraw", map[string]any{"ad_request_id": id, "reason": strings.TrimSpace(reason)}))
}

// Complete marks an accepted request delivered (the sponsor).
func (as *AdRequestService) Complete(id string) error {
	if err := needRole(as.s, domain.RoleSponsor); err != nil {
		return toUI(err)
	}
	if err := needID("ad request", id); err != nil {
		return toUI(err)
	}
	return toUI(as.mutate("adRequest.complete", map[string]any{"ad_request_id": id}))
}

// Review rates the other side of a completed request from 1 to 5; it returns the
// review's id.
func (as *AdRequestService) Review(id string, rating int, body string) (string, error) {
	if err := needID("ad request", id); err != nil {
		return "", toUI(err)
	}
	if rating < 1 || rating > 5 {
		return "", toUI(domain.Errorf(domain.CodeInvalidArgument, "rating must be from 1 to 5"))
	}
	if err := checkText("review", body, maxMessage, false); err != nil {
		return "", toUI(err)
	}
	reviewID := domain.NewID()
	if err := as.mutate("review.create", map[string]any{"id": reviewID, "ad_request_id": id, "rating": rating,
		"body": strings.TrimSpace(body)}); err != nil {
		return "", toUI(err)
	}
	return reviewID, nil
}

func (as *AdRequestService) mutate(name string, args map[string]any) error {
	b, err := json.Marshal(args)
	if err != nil {
		return err
	}
	_, err = as.s.Mutate(context.Background(), name, b)
	return err
}

func needRole(s *Services, role domain.Role) error {
	sess, err := s.active()
	if err != nil {
		return err
	}
	if domain.Role(sess.info.Role) != role {
		return domain.Errorf(domain.CodeForbidden, "only a %s can do that", role)
	}
	return nil
}

// The checks below return the first problem as an invalid_argument (joined errors
// are unwrapped by domain.AsError to the first *domain.Error).

func needID(what, id string) error {
	if strings.TrimSpace(id) == "" {
		return domain.Errorf(domain.CodeInvalidArgument, "choose the %s", what)
	}
	return nil
}

func checkAmount(amount int64) error {
	if amount <= 0 {
		return domain.Errorf(domain.CodeInvalidArgument, "the amount must be more than 0")
	}
	if amount > maxAmount {
		return domain.Errorf(domain.CodeInvalidArgument, "the amount is too large")
	}
	return nil
}

func checkText(field, s string, max int, required bool) error {
	s = strings.TrimSpace(s)
	if required && s == "" {
		return domain.Errorf(domain.CodeInvalidArgument, "%s: required", field)
	}
	if !utf8.ValidString(s) {
		return domain.Errorf(domain.CodeInvalidArgument, "%s: not valid text", field)
	}
	if utf8.RuneCountInString(s) > max {
		return domain.Errorf(domain.CodeInvalidArgument, "%s: at most %d characters", field, max)
	}
	return nil
}

func clipText(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
