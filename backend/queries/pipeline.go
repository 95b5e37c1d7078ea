package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
	"iescp/backend/domain"
	vis "iescp/backend/replica"
)

// The campaign pipeline (issue 13, docs/desktop.md "Campaign pipeline"): the
// creators of one campaign as cards in columns by stage. The stage is derived here,
// once, from the states the mutators keep (the ad request's status, who opened it and
// how many offers its thread has, its escrow, its deliverables); no table stores it.

// Stage is a column of the pipeline.
type Stage string

const (
	StageShortlisted Stage = "shortlisted" // on a shortlist of the campaign, no request yet
	StageInvited     Stage = "invited"     // the sponsor's opening offer, not answered yet
	StageNegotiating Stage = "negotiating" // pending, with a counter or the creator's application
	StageAccepted    Stage = "accepted"    // a deal, no work delivered yet
	StageDelivering  Stage = "delivering"  // a deal with work under way, or disputed
	StageCompleted   Stage = "completed"   // the deal completed (escrow released or split)
	StageDeclined    Stage = "declined"    // rejected by the creator or withdrawn by the sponsor
)

// Stages are the pipeline's columns, in order.
var Stages = []Stage{StageShortlisted, StageInvited, StageNegotiating, StageAccepted, StageDelivering, StageCompleted, StageDeclined}

// The actions a card can take to its next stage (dragging it, or the keyboard).
const (
	ActionInvite   = "invite"   // shortlisted → invited: the send-offer form (adRequest.send)
	ActionWithdraw = "withdraw" // invited | negotiating → declined: adRequest.withdraw
)

// StageInput is what a card's stage is derived from: the ad request's state (Status
// "" when the creator has no request on the campaign, only a shortlist entry).
type StageInput struct {
	Status       domain.AdRequestStatus
	InitiatedBy  domain.Party
	Offers       int // entries in the negotiation thread
	Escrow       domain.EscrowState
	Deliverables []domain.DeliverableStatus
}

// PipelineStage derives a card's stage; ok is false for a status it does not know.
//
//   - no request: shortlisted
//   - pending, opened by the sponsor, one offer (the opening one): invited
//   - pending otherwise (countered, or the creator applied): negotiating
//   - accepted, escrow disputed or some deliverable past todo: delivering
//   - accepted otherwise: accepted
//   - completed: completed
//   - rejected or withdrawn: declined
func PipelineStage(in StageInput) (Stage, bool) {
	switch in.Status {
	case "":
		return StageShortlisted, true
	case domain.AdPending:
		if in.InitiatedBy == domain.PartySponsor && in.Offers <= 1 {
			return StageInvited, true
		}
		return StageNegotiating, true
	case domain.AdAccepted:
		if in.Escrow == domain.EscrowDisputed {
			return StageDelivering, true
		}
		for _, d := range in.Deliverables {
			if d != domain.DeliverableTodo {
				return StageDelivering, true
			}
		}
		return StageAccepted, true
	case domain.AdCompleted:
		return StageCompleted, true
	case domain.AdRejected, domain.AdWithdrawn:
		return StageDeclined, true
	}
	return "", false
}

// StageAction is the action that moves a card of stage s on, and the stage it moves
// to; "" when the next step is not the sponsor's one action (the creator answers,
// the deal's page handles delivery).
func StageAction(s Stage) (action string, to Stage) {
	switch s {
	case StageShortlisted:
		return ActionInvite, StageInvited
	case StageInvited, StageNegotiating:
		return ActionWithdraw, StageDeclined
	}
	return "", ""
}

// PipelineFilter narrows the cards; the counts and sums are of the cards shown.
type PipelineFilter struct {
	Text     string  `json:"text"`     // in the creator's name, category or niche
	Platform string  `json:"platform"` // "" or one of domain.Platforms: the creator reports reach there
	Tier     string  `json:"tier"`     // "" or one of analytics.SizeTiers
	MinER    float64 `json:"min_er"`   // ER by followers, a fraction (0.02 = 2 %); 0: none
}

func (f *PipelineFilter) check() error {
	f.Text = strings.TrimSpace(f.Text)
	if utf8.RuneCountInString(f.Text) > maxSearchText {
		return domain.Errorf(domain.CodeInvalidArgument, "search text is too long")
	}
	if f.Platform != "" && !slices.Contains(domain.Platforms, f.Platform) {
		return domain.Errorf(domain.CodeInvalidArgument, "unknown platform %q", clip(f.Platform))
	}
	if f.Tier != "" && !slices.Contains(analytics.SizeTiers, f.Tier) {
		return domain.Errorf(domain.CodeInvalidArgument, "unknown size tier %q", clip(f.Tier))
	}
	if math.IsNaN(f.MinER) || f.MinER < 0 || f.MinER > 1 {
		return domain.Errorf(domain.CodeInvalidArgument, "min_er must be a fraction from 0 to 1")
	}
	return nil
}

// PipelineCard is one creator on the board.
type PipelineCard struct {
	InfluencerID string   `json:"influencer_id" db:"influencer_id"`
	Name         string   `json:"name" db:"name"`
	Initials     string   `json:"initials" db:"-"`
	Category     string   `json:"category" db:"category"`
	Niche        string   `json:"niche" db:"niche"`
	Reach        int64    `json:"reach" db:"reach"`
	SizeTier     string   `json:"size_tier" db:"size_tier"` // influencer_stats' tier, else of the reach
	ER           *float64 `json:"er" db:"er"`               // ER by followers (a fraction); null when unrated
	AmountCents  int64    `json:"amount_cents" db:"amount"` // the current offer's amount; 0 when shortlisted
	RequestID    string   `json:"request_id" db:"request_id"`
	Status       string   `json:"status" db:"status"` // the ad request's status; "" when shortlisted
	Stage        Stage    `json:"stage" db:"-"`
	LastActivity string   `json:"last_activity" db:"last_activity"`
	LastActor    string   `json:"last_actor" db:"last_actor"`           // who acted last, when known
	LastRole     string   `json:"last_actor_role" db:"last_actor_role"` // sponsor | influencer | ""
	Action       string   `json:"action" db:"-"`                        // invite | withdraw | "" (StageAction)
	ActionTo     Stage    `json:"action_to" db:"-"`

	platformReach [5]int64 // by domain.Platforms, for the filter
}

// PipelineColumn is one stage: its cards, how many, and the sum of their current
// offers (int64 cents).
type PipelineColumn struct {
	Stage       Stage          `json:"stage"`
	Count       int            `json:"count"`
	AmountCents int64          `json:"amount_cents"`
	Action      string         `json:"action"` // the action that moves a card INTO this column, "" when none
	Cards       []PipelineCard `json:"cards"`
}

// PipelineBoard is a campaign's pipeline.
type PipelineBoard struct {
	CampaignID     string           `json:"campaign_id"`
	CampaignName   string           `json:"campaign_name"`
	CampaignStatus string           `json:"campaign_status"`
	CanAct         bool             `json:"can_act"` // the viewer may take the cards' actions
	Total          int              `json:"total"`   // cards shown
	Columns        []PipelineColumn `json:"columns"`
}

// pipelineRow is what the cards' statement returns.
type pipelineRow struct {
	PipelineCard
	Instagram    int64  `db:"reach_instagram"`
	YouTube      int64  `db:"reach_youtube"`
	TikTok       int64  `db:"reach_tiktok"`
	X            int64  `db:"reach_x"`
	Other        int64  `db:"reach_other"`
	InitiatedBy  string `db:"initiated_by"`
	Offers       int    `db:"offers"`
	Escrow       string `db:"escrow_state"`
	Deliverables string `db:"deliverables"`
}

// The cards' statement: per creator, the request that stands for them (an open one
// if any, else the latest), and the shortlisted creators without any request.
// Args: campaign 3 times.
const pipelineCards = `WITH req AS (
	SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.influencer_id
		ORDER BY r.status IN ('pending', 'accepted') DESC, r.created_at DESC, r.id DESC) AS n
	FROM ad_requests r WHERE r.campaign_id = ? AND r.deleted_at IS NULL
), cards AS (
	SELECT r.influencer_id, r.id AS request_id, r.status, r.initiated_by, r.payment_amount AS amount,
		r.escrow_state,
		(SELECT COUNT(*) FROM offers o WHERE o.ad_request_id = r.id) AS offers,
		COALESCE((SELECT group_concat(d.status) FROM deliverables d WHERE d.ad_request_id = r.id AND d.deleted_at IS NULL), '') AS deliverables,
		MAX(r.updated_at, COALESCE((SELECT MAX(d.updated_at) FROM deliverables d WHERE d.ad_request_id = r.id), r.updated_at)) AS last_activity,
		COALESCE((SELECT COALESCE(NULLIF(ap.display_name, ''), aa.name, '') FROM offers o JOIN accounts aa ON aa.id = o.author_id
			LEFT JOIN influencer_profiles ap ON ap.account_id = o.author_id
			WHERE o.ad_request_id = r.id ORDER BY o.seq DESC LIMIT 1), '') AS last_actor,
		COALESCE((SELECT o.author_role FROM offers o WHERE o.ad_request_id = r.id ORDER BY o.seq DESC LIMIT 1), '') AS last_actor_role
	FROM req r WHERE r.n = 1
	UNION ALL
	SELECT e.influencer_id, '', '', '', 0, '', 0, '', MAX(e.updated_at), COALESCE(MAX(ea.name), ''), ''
	FROM shortlist_entries e
	JOIN shortlists l ON l.id = e.shortlist_id
	JOIN campaigns c ON c.id = l.campaign_id
	LEFT JOIN accounts ea ON ea.id = e.added_by
	WHERE l.campaign_id = ? AND l.org_id = c.sponsor_id AND l.deleted_at IS NULL AND e.deleted_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM ad_requests r WHERE r.campaign_id = ? AND r.influencer_id = e.influencer_id AND r.deleted_at IS NULL)
	GROUP BY e.influencer_id
)
SELECT k.influencer_id, k.request_id, k.status, k.initiated_by, k.amount, k.escrow_state, k.offers, k.deliverables,
	k.last_activity, k.last_actor, k.last_actor_role,
	COALESCE(NULLIF(ip.display_name, ''), ia.name, '') AS name, COALESCE(ip.category, '') AS category,
	COALESCE(ip.niche, '') AS niche, COALESCE(ip.reach_total, 0) AS reach,
	COALESCE(ip.reach_instagram, 0) AS reach_instagram, COALESCE(ip.reach_youtube, 0) AS reach_youtube,
	COALESCE(ip.reach_tiktok, 0) AS reach_tiktok, COALESCE(ip.reach_x, 0) AS reach_x, COALESCE(ip.reach_other, 0) AS reach_other,
	COALESCE(st.size_tier, '') AS size_tier, st.er_followers AS er
FROM cards k
LEFT JOIN accounts ia ON ia.id = k.influencer_id
LEFT JOIN influencer_profiles ip ON ip.account_id = k.influencer_id
LEFT JOIN influencer_stats st ON st.influencer_id = k.influencer_id
ORDER BY k.last_activity DESC, k.influencer_id`

// Pipeline returns a campaign's pipeline: every stage's column (empty ones too)
// with its cards, most recent activity first. Only the campaign's organisation and
// admins read it; anyone else gets not_found.
func Pipeline(ctx context.Context, db sqlx.QueryerContext, v Viewer, campaignID string, f PipelineFilter) (PipelineBoard, error) {
	if err := needID("campaign", campaignID); err != nil {
		return PipelineBoard{}, err
	}
	if err := f.check(); err != nil {
		return PipelineBoard{}, err
	}
	if v.Role != domain.RoleSponsor && v.Role != domain.RoleAdmin {
		return PipelineBoard{}, notFound("campaign")
	}
	var c struct {
		Name   string `db:"name"`
		Status string `db:"status"`
	}
	err := sqlx.GetContext(ctx, db, &c, `SELECT c.name, c.status FROM campaigns c WHERE c.id = ? AND c.deleted_at IS NULL
		AND (? = 'admin' OR c.sponsor_id = ? OR `+vis.OrgMember("", "c.sponsor_id")+`)`,
		campaignID, v.Role, v.AccountID, v.AccountID)
	if errors.Is(err, sql.ErrNoRows) {
		return PipelineBoard{}, notFound("campaign")
	}
	if err != nil {
		return PipelineBoard{}, fmt.Errorf("pipeline: campaign: %w", err)
	}
	var rows []pipelineRow
	if err := sqlx.SelectContext(ctx, db, &rows, pipelineCards, campaignID, campaignID, campaignID); err != nil {
		return PipelineBoard{}, fmt.Errorf("pipeline: cards: %w", err)
	}
	b := PipelineBoard{CampaignID: campaignID, CampaignName: c.Name, CampaignStatus: c.Status,
		CanAct:  v.Role == domain.RoleSponsor && v.OrgRole != domain.OrgViewer, // a viewer reads (docs/teams.md)
		Columns: make([]PipelineColumn, len(Stages))}
	at := map[Stage]int{}
	for i, s := range Stages {
		b.Columns[i] = PipelineColumn{Stage: s, Cards: []PipelineCard{}}
		at[s] = i
	}
	for _, s := range Stages {
		if a, to := StageAction(s); a != "" {
			b.Columns[at[to]].Action = a
		}
	}
	for _, r := range rows {
		card := r.PipelineCard
		card.platformReach = [5]int64{r.Instagram, r.YouTube, r.TikTok, r.X, r.Other}
		if !f.keeps(&card) {
			continue
		}
		stage, ok := PipelineStage(StageInput{Status: domain.AdRequestStatus(r.Status), InitiatedBy: domain.Party(r.InitiatedBy),
			Offers: r.Offers, Escrow: domain.EscrowState(r.Escrow), Deliverables: splitStates(r.Deliverables)})
		if !ok {
			return PipelineBoard{}, fmt.Errorf("pipeline: request %s has the unknown status %q", r.RequestID, r.Status)
		}
		card.Stage = stage
		if b.CanAct {
			card.Action, card.ActionTo = StageAction(stage)
		}
		card.Initials = Initials(card.Name)
		col := &b.Columns[at[stage]]
		col.Cards = append(col.Cards, card)
		col.Count++
		col.AmountCents += card.AmountCents
		b.Total++
	}
	return b, nil
}

// keeps applies the filter to a card (its tier filled in first).
func (f PipelineFilter) keeps(c *PipelineCard) bool {
	if c.SizeTier == "" {
		c.SizeTier = analytics.SizeTier(c.Reach)
	}
	if f.Text != "" {
		t := strings.ToLower(f.Text)
		if !strings.Contains(strings.ToLower(c.Name), t) && !strings.Contains(strings.ToLower(c.Category), t) &&
			!strings.Contains(strings.ToLower(c.Niche), t) {
			return false
		}
	}
	if f.Platform != "" && c.platformReach[slices.Index(domain.Platforms, f.Platform)] <= 0 {
		return false
	}
	if f.Tier != "" && c.SizeTier != f.Tier {
		return false
	}
	if f.MinER > 0 && (c.ER == nil || *c.ER < f.MinER) {
		return false
	}
	return true
}

func splitStates(s string) []domain.DeliverableStatus {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]domain.DeliverableStatus, len(parts))
	for i, p := range parts {
		out[i] = domain.DeliverableStatus(p)
	}
	return out
}

// Initials are the avatar's letters: the first letter of the first and last words
// of a name, upper-cased ("?" for none).
func Initials(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		return "?"
	}
	first := func(w string) string { r, _ := utf8.DecodeRuneInString(w); return string(unicode.ToUpper(r)) }
	if len(words) == 1 {
		return first(words[0])
	}
	return first(words[0]) + first(words[len(words)-1])
}
