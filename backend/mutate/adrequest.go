package mutate

import (
	"fmt"

	"iescp/backend/domain"
)

// AdRequestSend is a sponsor's invitation of an influencer to one of its campaigns,
// with the opening offer.
type AdRequestSend struct {
	ID           string `json:"id"`
	OfferID      string `json:"offer_id"`
	CampaignID   string `json:"campaign_id"`
	InfluencerID string `json:"influencer_id"`
	Amount       int64  `json:"amount"`
	Requirements string `json:"requirements"`
	Message      string `json:"message"`
	// Deliverables are the offer's proposed deliverables (at most MaxDeliverables);
	// the accepted offer's list becomes the request's deliverables.
	Deliverables []domain.DeliverableTerm `json:"deliverables,omitempty"`
}

func (a *AdRequestSend) Validate() error {
	var v checker
	v.id("id", a.ID)
	v.id("offer_id", a.OfferID)
	v.id("campaign_id", a.CampaignID)
	v.id("influencer_id", a.InfluencerID)
	v.amount("amount", a.Amount)
	v.text("requirements", &a.Requirements, 1, maxText)
	v.text("message", &a.Message, 0, maxText)
	v.deliverables("deliverables", a.Deliverables)
	return v.result()
}

// AdRequestApply is an influencer's application to a public campaign, with the
// opening offer.
type AdRequestApply struct {
	ID           string `json:"id"`
	OfferID      string `json:"offer_id"`
	CampaignID   string `json:"campaign_id"`
	Amount       int64  `json:"amount"`
	Requirements string `json:"requirements"`
	Message      string `json:"message"`
	// Deliverables are the offer's proposed deliverables (at most MaxDeliverables);
	// the accepted offer's list becomes the request's deliverables.
	Deliverables []domain.DeliverableTerm `json:"deliverables,omitempty"`
}

func (a *AdRequestApply) Validate() error {
	var v checker
	v.id("id", a.ID)
	v.id("offer_id", a.OfferID)
	v.id("campaign_id", a.CampaignID)
	v.amount("amount", a.Amount)
	v.text("requirements", &a.Requirements, 0, maxText)
	v.text("message", &a.Message, 0, maxText)
	v.deliverables("deliverables", a.Deliverables)
	return v.result()
}

// AdRequestCounter answers the latest offer (InReplyTo) with a new one.
type AdRequestCounter struct {
	AdRequestID  string `json:"ad_request_id"`
	OfferID      string `json:"offer_id"`
	InReplyTo    string `json:"in_reply_to"`
	Amount       int64  `json:"amount"`
	Requirements string `json:"requirements"`
	Message      string `json:"message"`
	// Deliverables are the offer's proposed deliverables (at most MaxDeliverables);
	// the accepted offer's list becomes the request's deliverables.
	Deliverables []domain.DeliverableTerm `json:"deliverables,omitempty"`
}

func (a *AdRequestCounter) Validate() error {
	var v checker
	v.id("ad_request_id", a.AdRequestID)
	v.id("offer_id", a.OfferID)
	v.id("in_reply_to", a.InReplyTo)
	v.amount("amount", a.Amount)
	v.text("requirements", &a.Requirements, 1, maxText)
	v.text("message", &a.Message, 0, maxText)
	v.deliverables("deliverables", a.Deliverables)
	return v.result()
}

// AdRequestAccept accepts the latest offer, which must be OfferID.
type AdRequestAccept struct {
	AdRequestID string `json:"ad_request_id"`
	OfferID     string `json:"offer_id"`
}

func (a *AdRequestAccept) Validate() error {
	var v checker
	v.id("ad_request_id", a.AdRequestID)
	v.id("offer_id", a.OfferID)
	return v.result()
}

// AdRequestClose rejects or withdraws an ad request, with an optional reason.
type AdRequestClose struct {
	AdRequestID string `json:"ad_request_id"`
	Reason      string `json:"reason"`
}

func (a *AdRequestClose) Validate() error {
	var v checker
	v.id("ad_request_id", a.AdRequestID)
	v.text("reason", &a.Reason, 0, maxReason)
	return v.result()
}

// AdRequestRef names one ad request.
type AdRequestRef struct {
	AdRequestID string `json:"ad_request_id"`
}

func (a *AdRequestRef) Validate() error {
	var v checker
	v.id("ad_request_id", a.AdRequestID)
	return v.result()
}

var (
	MAdRequestSend = define("adRequest.send",
		"Invite an influencer to an own active campaign with an opening offer.", sponsors, adRequestSend)
	MAdRequestApply = define("adRequest.apply",
		"Apply to a public active campaign with an opening offer.", influencers, adRequestApply)
	MAdRequestCounter = define("adRequest.counter",
		"Answer the latest offer of a pending ad request with a counter-offer.", parties, adRequestCounter)
	MAdRequestAccept = needs(domain.OrgOwner, define("adRequest.accept",
		"Accept the latest offer (made by the other party); commits its amount to the campaign budget and funds the escrow (a sponsor's owner only).", parties, adRequestAccept))
	MAdRequestReject = define("adRequest.reject",
		"Decline the other party's latest offer; ends the ad request.", parties,
		func(c *Ctx, a *AdRequestReject) error { return adRequestReject(c, (*AdRequestClose)(a)) })
	MAdRequestWithdraw = define("adRequest.withdraw",
		"Call off a pending or accepted ad request; an accepted one releases its committed amount.", parties,
		func(c *Ctx, a *AdRequestWithdraw) error { return adRequestWithdraw(c, (*AdRequestClose)(a)) })
	MAdRequestComplete = needs(domain.OrgOwner, define("adRequest.complete",
		"Mark an accepted ad request as delivered (an owner: it releases the escrow).", sponsors,
		func(c *Ctx, a *AdRequestComplete) error { return adRequestComplete(c, (*AdRequestRef)(a)) }))
)

// deal is an ad request with everything its rules need.
type deal struct {
	req      *domain.AdRequest
	campaign *domain.Campaign
	sponsor  *domain.Account
	infl     *domain.Account
	me       domain.Party
	other    string // the other party's account id
}

// loadDeal loads an ad request and checks the actor is one of its parties.
func loadDeal(c *Ctx, id string) (*deal, error) {
	r, err := loadAdRequest(c.Tx, id)
	if err != nil {
		return nil, err
	}
	// Another's ad request does not exist for the actor: refused before anything
	// about it (its campaign, its parties) can shape the answer.
	if seen, err := c.sees("ad_requests", id); err != nil {
		return nil, err
	} else if !seen {
		return nil, domain.Errorf(domain.CodeNotFound, "ad request %s not found", id)
	}
	cp, err := loadCampaign(c.Tx, r.CampaignID)
	if err != nil {
		return nil, err
	}
	d := &deal{req: r, campaign: cp}
	mine, err := c.actsFor(cp.SponsorID)
	if err != nil {
		return nil, err
	}
	switch {
	case mine:
		d.me, d.other = domain.PartySponsor, r.InfluencerID
	case c.Actor.ID == r.InfluencerID:
		d.me, d.other = domain.PartyInfluencer, cp.SponsorID
	default:
		return nil, domain.Errorf(domain.CodeNotFound, "ad request %s not found", id)
	}
	if d.sponsor, err = loadAccount(c.Tx, cp.SponsorID); err != nil {
		return nil, err
	}
	if d.infl, err = loadAccount(c.Tx, r.InfluencerID); err != nil {
		return nil, err
	}
	return d, nil
}

// requireLive refuses negotiation on a campaign that is closed or flagged, or whose
// other party is flagged or deactivated. A flag's reason is the sponsor's to read.
func (d *deal) requireLive() error {
	if d.campaign.Status != domain.CampaignActive {
		return domain.Errorf(domain.CodeInvalidTransition, "campaign is %s", d.campaign.Status)
	}
	if d.campaign.Flagged {
		if d.me == domain.PartySponsor {
			return domain.Errorf(domain.CodeFlagged, "campaign is flagged (%s)", d.campaign.FlagReason)
		}
		return domain.Errorf(domain.CodeFlagged, "campaign is flagged")
	}
	for _, acc := range []*domain.Account{d.sponsor, d.infl} {
		if acc.Flagged {
			return domain.Errorf(domain.CodeFlagged, "%s's account is flagged", acc.Name)
		}
		if !acc.Active {
			return domain.Errorf(domain.CodeInvalidTransition, "%s's account is deactivated", acc.Name)
		}
	}
	return nil
}

// requirePending checks the request is pending and the latest offer is the other
// party's, so that the actor is the one to answer it.
func (d *deal) requireMyTurn(c *Ctx, verb string) (*domain.Offer, error) {
	if d.req.Status != domain.AdPending {
		return nil, domain.Errorf(domain.CodeInvalidTransition, "cannot %s an ad request that is %s", verb, d.req.Status)
	}
	last, err := latestOffer(c.Tx, d.req.ID)
	if err != nil {
		return nil, err
	}
	if last.AuthorRole == d.me {
		return nil, domain.Errorf(domain.CodeInvalidTransition,
			"the latest offer is yours: only the other party can %s it", verb)
	}
	return last, nil
}

func openRequestExists(c *Ctx, campaignID, influencerID string) error {
	open, err := exists(c.Tx, `SELECT 1 FROM ad_requests WHERE campaign_id = ? AND influencer_id = ?
		AND status IN ('pending', 'accepted') AND deleted_at IS NULL`, campaignID, influencerID)
	if err != nil {
		return err
	}
	if open {
		return domain.Errorf(domain.CodeInvalidTransition, "an open ad request already exists for this influencer on this campaign")
	}
	return nil
}

// insertRequest and insertOffer refuse an id already used (insertNew).
func insertRequest(c *Ctx, id, campaignID, influencerID string, by domain.Party, amount int64, req string) error {
	return insertNew(c.Tx, "", id, `INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, requirements,
		payment_amount, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
		id, campaignID, influencerID, by, req, amount, c.Now, c.Now)
}

func insertOffer(c *Ctx, id, reqID string, seq int, by domain.Party, amount int64, req, msg string, terms []domain.DeliverableTerm) error {
	list, err := termsJSON(terms)
	if err != nil {
		return err
	}
	return insertNew(c.Tx, "", id, `INSERT INTO offers (id, ad_request_id, seq, author_id, author_role, amount, requirements, message, deliverables, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, reqID, seq, c.Actor.ID, by, amount, req, msg, list, c.Now)
}

func money(n int64) string { return fmt.Sprintf("%d.%02d", n/100, n%100) }

func adRequestSend(c *Ctx, a *AdRequestSend) error {
	cp, err := ownCampaign(c, a.CampaignID)
	if err != nil {
		return err
	}
	if err := requireApproved(c); err != nil {
		return err
	}
	if cp.Flagged {
		return domain.Errorf(domain.CodeFlagged, "campaign is flagged (%s) and takes no new ad requests", cp.FlagReason)
	}
	if cp.Status != domain.CampaignActive {
		return domain.Errorf(domain.CodeInvalidTransition, "campaign is %s: publish it before sending ad requests", cp.Status)
	}
	if cp.EndDate < today(c.Now) {
		return domain.Errorf(domain.CodeInvalidTransition, "campaign ended on %s", cp.EndDate)
	}
	// An account the sponsor may not see (an admin, or an influencer who is flagged,
	// deactivated or missing and never had a request with this sponsor) is not
	// found, whatever the reason.
	if seen, err := c.sees("accounts", a.InfluencerID); err != nil {
		return err
	} else if !seen {
		return domain.Errorf(domain.CodeNotFound, "influencer %s not found", a.InfluencerID)
	}
	infl, err := loadAccount(c.Tx, a.InfluencerID)
	if err != nil {
		return err
	}
	if infl.Role != domain.RoleInfluencer {
		return domain.Errorf(domain.CodeInvalidArgument, "account %s is not an influencer", a.InfluencerID)
	}
	if infl.Flagged {
		return domain.Errorf(domain.CodeFlagged, "influencer %s is flagged", infl.Name)
	}
	if !infl.Active {
		return domain.Errorf(domain.CodeInvalidArgument, "influencer %s is deactivated", infl.Name)
	}
	if err := openRequestExists(c, cp.ID, infl.ID); err != nil {
		return err
	}
	if err := insertRequest(c, a.ID, cp.ID, infl.ID, domain.PartySponsor, a.Amount, a.Requirements); err != nil {
		return err
	}
	if err := insertOffer(c, a.OfferID, a.ID, 1, domain.PartySponsor, a.Amount, a.Requirements, a.Message, a.Deliverables); err != nil {
		return err
	}
	return notify(c, infl.ID, "ad_request.received",
		Params{"party": c.Actor.Name, "campaign": cp.Name, "amount": a.Amount}, "ad_requests", a.ID)
}

func adRequestApply(c *Ctx, a *AdRequestApply) error {
	// A campaign an influencer may not see does not exist for them.
	if seen, err := c.sees("campaigns", a.CampaignID); err != nil {
		return err
	} else if !seen {
		return domain.Errorf(domain.CodeNotFound, "campaign %s not found", a.CampaignID)
	}
	cp, err := loadCampaign(c.Tx, a.CampaignID)
	if err != nil {
		return err
	}
	sp, err := loadAccount(c.Tx, cp.SponsorID)
	if err != nil {
		return err
	}
	prof, err := loadSponsor(c.Tx, cp.SponsorID)
	if err != nil {
		return err
	}
	// The influencer sees it through an earlier ad request, but it is not listed.
	if cp.Visibility != domain.VisibilityPublic || cp.Status == domain.CampaignDraft ||
		sp.Flagged || !sp.Active || prof.Approval != domain.ApprovalApproved {
		return domain.Errorf(domain.CodeForbidden, "campaign %s takes no applications", a.CampaignID)
	}
	if cp.Flagged { // the reason is the sponsor's to read
		return domain.Errorf(domain.CodeFlagged, "campaign is flagged and takes no new ad requests")
	}
	if cp.Status != domain.CampaignActive {
		return domain.Errorf(domain.CodeInvalidTransition, "campaign is %s", cp.Status)
	}
	if cp.EndDate < today(c.Now) {
		return domain.Errorf(domain.CodeInvalidTransition, "campaign ended on %s", cp.EndDate)
	}
	if err := openRequestExists(c, cp.ID, c.Actor.ID); err != nil {
		return err
	}
	if err := insertRequest(c, a.ID, cp.ID, c.Actor.ID, domain.PartyInfluencer, a.Amount, a.Requirements); err != nil {
		return err
	}
	if err := insertOffer(c, a.OfferID, a.ID, 1, domain.PartyInfluencer, a.Amount, a.Requirements, a.Message, a.Deliverables); err != nil {
		return err
	}
	return notify(c, cp.SponsorID, "ad_request.application",
		Params{"party": c.Actor.Name, "campaign": cp.Name, "amount": a.Amount}, "ad_requests", a.ID)
}

func adRequestCounter(c *Ctx, a *AdRequestCounter) error {
	d, err := loadDeal(c, a.AdRequestID)
	if err != nil {
		return err
	}
	if err := d.requireLive(); err != nil {
		return err
	}
	if d.req.Status == domain.AdPending {
		// Answering a superseded offer is the more useful thing to say, whoever
		// made the latest one.
		if last, err := latestOffer(c.Tx, d.req.ID); err != nil {
			return err
		} else if last.ID != a.InReplyTo {
			return domain.Errorf(domain.CodeStaleOffer, "offer %s has been superseded by offer #%d", a.InReplyTo, last.Seq)
		}
	}
	last, err := d.requireMyTurn(c, "counter")
	if err != nil {
		return err
	}
	if err := insertOffer(c, a.OfferID, d.req.ID, last.Seq+1, d.me, a.Amount, a.Requirements, a.Message, a.Deliverables); err != nil {
		return err
	}
	if err := exec(c.Tx, `UPDATE ad_requests SET payment_amount = ?, requirements = ?, updated_at = ? WHERE id = ?`,
		a.Amount, a.Requirements, c.Now, d.req.ID); err != nil {
		return err
	}
	return notify(c, d.other, "ad_request.counter",
		Params{"party": c.Actor.Name, "campaign": d.campaign.Name, "amount": a.Amount}, "ad_requests", d.req.ID, a.OfferID)
}

func adRequestAccept(c *Ctx, a *AdRequestAccept) error {
	d, err := loadDeal(c, a.AdRequestID)
	if err != nil {
		return err
	}
	if d.req.Status != domain.AdPending {
		return domain.Errorf(domain.CodeInvalidTransition, "cannot accept an ad request that is %s", d.req.Status)
	}
	if err := d.requireLive(); err != nil {
		return err
	}
	found, err := exists(c.Tx, `SELECT 1 FROM offers WHERE id = ? AND ad_request_id = ?`, a.OfferID, d.req.ID)
	if err != nil {
		return err
	}
	if !found {
		return domain.Errorf(domain.CodeNotFound, "offer %s is not part of this ad request", a.OfferID)
	}
	last, err := latestOffer(c.Tx, d.req.ID)
	if err != nil {
		return err
	}
	if last.ID != a.OfferID {
		return domain.Errorf(domain.CodeStaleOffer, "offer %s has been superseded by offer #%d", a.OfferID, last.Seq)
	}
	if last.AuthorRole == d.me {
		return domain.Errorf(domain.CodeInvalidTransition, "the latest offer is yours: only the other party can accept it")
	}
	// committed ≤ budget. An influencer's replica holds the campaign's money
	// masked: its desktop leaves the rule and the sum to the server.
	if c.seesMoney(d.campaign) {
		if d.campaign.Committed+last.Amount > d.campaign.Budget {
			if d.me != domain.PartySponsor { // the campaign's money is the sponsor's
				return domain.Errorf(domain.CodeBudgetExceeded, "accepting %s would exceed the campaign's budget", money(last.Amount))
			}
			return domain.Errorf(domain.CodeBudgetExceeded, "accepting %s would commit %s of a %s budget (%s already committed)",
				money(last.Amount), money(d.campaign.Committed+last.Amount), money(d.campaign.Budget), money(d.campaign.Committed))
		}
		if err := exec(c.Tx, `UPDATE campaigns SET committed = committed + ?, updated_at = ? WHERE id = ?`,
			last.Amount, c.Now, d.campaign.ID); err != nil {
			return err
		}
	}
	if err := exec(c.Tx, `UPDATE ad_requests SET status = 'accepted', payment_amount = ?, requirements = ?,
		responded_at = ?, updated_at = ? WHERE id = ?`, last.Amount, last.Requirements, c.Now, c.Now, d.req.ID); err != nil {
		return err
	}
	if err := fundDeal(c, d, last.Amount); err != nil {
		return err
	}
	if err := createDeliverables(c, d.req.ID, last); err != nil {
		return err
	}
	if err := createTrackingLink(c, d.req.ID, d.campaign); err != nil {
		return err
	}
	return notify(c, d.other, "ad_request.accepted",
		Params{"party": c.Actor.Name, "campaign": d.campaign.Name, "amount": last.Amount}, "ad_requests", d.req.ID)
}

func adRequestReject(c *Ctx, a *AdRequestClose) error {
	d, err := loadDeal(c, a.AdRequestID)
	if err != nil {
		return err
	}
	if _, err := d.requireMyTurn(c, "reject"); err != nil {
		return err
	}
	if err := exec(c.Tx, `UPDATE ad_requests SET status = 'rejected', close_reason = ?, responded_at = ?, updated_at = ?
		WHERE id = ?`, a.Reason, c.Now, c.Now, d.req.ID); err != nil {
		return err
	}
	return notify(c, d.other, "ad_request.rejected",
		Params{"party": c.Actor.Name, "campaign": d.campaign.Name, "reason": a.Reason}, "ad_requests", d.req.ID)
}

func adRequestWithdraw(c *Ctx, a *AdRequestClose) error {
	d, err := loadDeal(c, a.AdRequestID)
	if err != nil {
		return err
	}
	if !d.req.Status.Open() {
		return domain.Errorf(domain.CodeInvalidTransition, "cannot withdraw an ad request that is %s", d.req.Status)
	}
	if d.req.Status == domain.AdAccepted {
		if err := c.requireOrgRole(domain.OrgOwner, "call off a funded deal"); err != nil {
			return err
		}
		if err := refundable(c, d.req); err != nil {
			return err
		}
		if err := refundDeal(c, d.req, d.campaign.SponsorID); err != nil {
			return err
		}
		if c.seesMoney(d.campaign) {
			if err := exec(c.Tx, `UPDATE campaigns SET committed = committed - ?, updated_at = ? WHERE id = ?`,
				d.req.PaymentAmount, c.Now, d.campaign.ID); err != nil {
				return err
			}
		}
	}
	if err := exec(c.Tx, `UPDATE ad_requests SET status = 'withdrawn', close_reason = ?, updated_at = ? WHERE id = ?`,
		a.Reason, c.Now, d.req.ID); err != nil {
		return err
	}
	return notify(c, d.other, "ad_request.withdrawn",
		Params{"party": c.Actor.Name, "campaign": d.campaign.Name, "reason": a.Reason}, "ad_requests", d.req.ID)
}

func adRequestComplete(c *Ctx, a *AdRequestRef) error {
	d, err := loadDeal(c, a.AdRequestID)
	if err != nil {
		return err
	}
	if d.me != domain.PartySponsor {
		return domain.Errorf(domain.CodeForbidden, "only the sponsor marks an ad request complete")
	}
	if d.req.Status != domain.AdAccepted {
		return domain.Errorf(domain.CodeInvalidTransition, "only an accepted ad request can be completed; this one is %s", d.req.Status)
	}
	if d.req.EscrowState == domain.EscrowDisputed {
		return domain.Errorf(domain.CodeInvalidTransition, "the deal is disputed: an admin settles it")
	}
	open, err := exists(c.Tx, `SELECT 1 FROM deliverables WHERE ad_request_id = ? AND deleted_at IS NULL AND status <> 'accepted'`, d.req.ID)
	if err != nil {
		return err
	}
	if open {
		// The deliverables are the contract: the deal completes, and its escrow is
		// released, when the last one is accepted.
		return domain.Errorf(domain.CodeInvalidTransition, "some deliverables are not accepted yet: the deal completes when the last one is")
	}
	return completeDeal(c, d.req)
}

// refundable refuses to withdraw an accepted deal once work was delivered (a
// deliverable posted, accepted or disputed): that is settled by acceptance or a
// dispute, not by taking the money back.
func refundable(c *Ctx, req *domain.AdRequest) error {
	if req.EscrowState == domain.EscrowDisputed {
		return domain.Errorf(domain.CodeInvalidTransition, "the deal is disputed: an admin settles it")
	}
	started, err := deliveryStarted(c, req.ID)
	if err != nil {
		return err
	}
	if started {
		return domain.Errorf(domain.CodeInvalidTransition, "work on this deal has been delivered: it cannot be withdrawn; open a dispute instead")
	}
	return nil
}
