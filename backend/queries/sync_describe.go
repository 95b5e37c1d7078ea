package queries

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// issueArgs is the union of the mutators' argument fields a description reads.
type issueArgs struct {
	ID           string   `json:"id"`
	AdRequestID  string   `json:"ad_request_id"`
	CampaignID   string   `json:"campaign_id"`
	InfluencerID string   `json:"influencer_id"`
	OfferID      string   `json:"offer_id"`
	SponsorID    string   `json:"sponsor_id"`
	AccountID    string   `json:"account_id"`
	Target       string   `json:"target"`
	Name         *string  `json:"name"`
	Amount       *int64   `json:"amount"`
	Budget       *int64   `json:"budget"`
	Rating       int      `json:"rating"`
	Active       *bool    `json:"active"`
	IDs          []string `json:"ids"`
	// deliverable.*, dispute.resolve, platform.setCommission
	DeliverableID string `json:"deliverable_id"`
	Checkpoint    string `json:"checkpoint"`
	Outcome       string `json:"outcome"`
	ReleaseCents  *int64 `json:"release_cents"`
	CommissionBps *int   `json:"commission_bps"`
}

// describe looks up, in the viewer's replica, what a refused change was about.
// A row the replica does not hold (deleted, hidden, or never created because the
// change was refused) gives no Ref; its words come from the arguments.
func describe(ctx context.Context, db sqlx.QueryerContext, v Viewer, name string, raw json.RawMessage) (IssueParams, *IssueRef, error) {
	var a issueArgs
	var p IssueParams
	_ = json.Unmarshal(raw, &a) // unknown shapes describe as nothing
	l := lookup{ctx: ctx, db: db}
	var ref *IssueRef
	switch {
	case name == "adRequest.send" || name == "adRequest.apply":
		ref = l.adRequest(v, &p, a.ID, a.CampaignID, a.InfluencerID)
		p.Amount = a.Amount
	case strings.HasPrefix(name, "adRequest.") || name == "review.create":
		ref = l.adRequest(v, &p, a.AdRequestID, "", "")
		switch {
		case a.Amount != nil:
			p.Amount = a.Amount
		case a.OfferID != "":
			p.Amount = l.int64(`SELECT amount FROM offers WHERE id = ?`, a.OfferID)
		}
		p.Rating = a.Rating
	case strings.HasPrefix(name, "campaign."):
		ref = l.campaign(&p, a.ID)
		if p.Campaign == "" && a.Name != nil {
			p.Campaign = *a.Name
		}
		p.Budget = a.Budget
	case name == "admin.approveSponsor" || name == "admin.rejectSponsor":
		ref = l.account(&p, a.SponsorID)
	case name == "admin.flag" || name == "admin.unflag":
		p.Target = a.Target
		if a.Target == "campaign" {
			ref = l.campaign(&p, a.ID)
		} else {
			ref = l.account(&p, a.ID)
		}
	case name == "admin.setActive":
		ref = l.account(&p, a.AccountID)
		p.Active = a.Active
	case name == "profile.update":
		ref = &IssueRef{Kind: RefProfile, ID: v.AccountID}
		p.Budget = a.Budget
	case name == "notification.markRead":
		p.Count = len(a.IDs)
	case strings.HasPrefix(name, "deliverable."):
		ref = l.deliverable(v, &p, a.DeliverableID)
		p.Checkpoint = a.Checkpoint
	case name == "dispute.resolve":
		ref = l.adRequest(v, &p, a.AdRequestID, "", "")
		p.Outcome, p.Amount = a.Outcome, nil
		if a.Outcome == "split" {
			p.Amount = a.ReleaseCents
		}
	case name == "platform.setCommission":
		ref = &IssueRef{Kind: RefCommission, ID: "platform"} // the platform_settings row
		p.Rate = a.CommissionBps
	}
	return p, ref, l.err
}

// lookup runs the small reads of a description; a missing row is no error, the
// first other failure is kept in err.
type lookup struct {
	ctx context.Context
	db  sqlx.QueryerContext
	err error
}

func (l *lookup) get(dest any, query string, args ...any) bool {
	if l.err != nil {
		return false
	}
	err := sqlx.GetContext(l.ctx, l.db, dest, query, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return false
	}
	if err != nil {
		l.err = err
		return false
	}
	return true
}

func (l *lookup) int64(query string, args ...any) *int64 {
	var n int64
	if !l.get(&n, query, args...) {
		return nil
	}
	return &n
}

// partyName is how a party is named: an influencer by display name, a sponsor by
// company, anyone else by the account's name.
func (l *lookup) partyName(id string) string {
	var n string
	l.get(&n, `SELECT COALESCE(NULLIF(i.display_name, ''), NULLIF(s.company_name, ''), a.name)
		FROM accounts a LEFT JOIN influencer_profiles i ON i.account_id = a.id
		LEFT JOIN sponsor_profiles s ON s.account_id = a.id WHERE a.id = ?`, id)
	return n
}

func (l *lookup) account(p *IssueParams, id string) *IssueRef {
	if id == "" {
		return nil
	}
	if p.Party = l.partyName(id); p.Party == "" {
		return nil
	}
	return &IssueRef{Kind: RefAccount, ID: id}
}

// campaign names a campaign; a deleted one keeps its name but has nothing to open.
func (l *lookup) campaign(p *IssueParams, id string) *IssueRef {
	var c struct {
		Name string `db:"name"`
		Live bool   `db:"live"`
	}
	if id == "" || !l.get(&c, `SELECT name, deleted_at IS NULL AS live FROM campaigns WHERE id = ?`, id) {
		return nil
	}
	p.Campaign = c.Name
	if !c.Live {
		return nil
	}
	return &IssueRef{Kind: RefCampaign, ID: id}
}

// deliverable names a deliverable (its number, platform and kind of content) and
// its deal; the deal is what opens. A deliverable the replica does not hold (its
// deal hidden or gone) gives no words and nothing to open.
func (l *lookup) deliverable(v Viewer, p *IssueParams, id string) *IssueRef {
	var d struct {
		AdRequestID string `db:"ad_request_id"`
		Seq         int    `db:"seq"`
		Platform    string `db:"platform"`
		ContentType string `db:"content_type"`
	}
	if id == "" || !l.get(&d, `SELECT ad_request_id, seq, platform, content_type FROM deliverables
		WHERE id = ? AND deleted_at IS NULL`, id) {
		return nil
	}
	p.Seq, p.Platform, p.ContentType = d.Seq, d.Platform, d.ContentType
	ref := l.adRequest(v, p, d.AdRequestID, "", "")
	p.Amount = nil // a deliverable's step moves no offer: its words name no amount
	return ref
}

// adRequest names the campaign and the other party of an ad request: from the
// request when the replica holds it, else from the campaign and influencer ids
// the change carried.
func (l *lookup) adRequest(v Viewer, p *IssueParams, id, campaignID, influencerID string) *IssueRef {
	var r struct {
		CampaignID   string `db:"campaign_id"`
		InfluencerID string `db:"influencer_id"`
		Amount       int64  `db:"payment_amount"`
	}
	var ref *IssueRef
	if id != "" && l.get(&r, `SELECT campaign_id, influencer_id, payment_amount FROM ad_requests
		WHERE id = ? AND deleted_at IS NULL`, id) {
		ref = &IssueRef{Kind: RefAdRequest, ID: id}
		campaignID, influencerID = r.CampaignID, r.InfluencerID
		p.Amount = &r.Amount
	}
	var sponsorID string
	if campaignID != "" {
		l.get(&p.Campaign, `SELECT name FROM campaigns WHERE id = ?`, campaignID)
		l.get(&sponsorID, `SELECT sponsor_id FROM campaigns WHERE id = ?`, campaignID)
	}
	switch {
	case v.Role == domain.RoleInfluencer && sponsorID != "":
		p.Party = l.partyName(sponsorID)
	case v.Role != domain.RoleInfluencer && influencerID != "":
		p.Party = l.partyName(influencerID)
	}
	return ref
}
