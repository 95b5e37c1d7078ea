package mutate

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/blobs"
	"iescp/backend/domain"
)

// Limits of deliverables.
const (
	// MaxDeliverables bounds the deliverables one offer may carry.
	MaxDeliverables = 20
	// MaxDeliverableQuantity bounds one deliverable's quantity.
	MaxDeliverableQuantity = 100
	// AutoAcceptDays is how many days after the posted date a proof the sponsor has
	// not answered is accepted by the server (AutoAcceptDue): influencers must not
	// be held hostage by a silent sponsor.
	AutoAcceptDays = 5
	maxDraftText   = 5000
	maxDraftLinks  = 10
	maxURL         = 2000
)

// DeliverableSubmitDraft is the influencer's draft (caption or script, links and
// at most blobs.MaxAttachments image/PDF attachments, by reference: the bytes
// travel separately, docs/sync.md "Attachments") of a deliverable that is to do
// or has changes requested.
type DeliverableSubmitDraft struct {
	DeliverableID string      `json:"deliverable_id"`
	DraftText     string      `json:"draft_text"`
	DraftLinks    []string    `json:"draft_links"`
	Attachments   []blobs.Ref `json:"attachments,omitempty"`
}

func (a *DeliverableSubmitDraft) Validate() error {
	var v checker
	v.id("deliverable_id", a.DeliverableID)
	v.text("draft_text", &a.DraftText, 1, maxDraftText)
	if len(a.DraftLinks) > maxDraftLinks {
		v.fail("draft_links must have at most %d links", maxDraftLinks)
	}
	for i := range a.DraftLinks {
		v.url(fmt.Sprintf("draft_links[%d]", i), &a.DraftLinks[i])
	}
	v.attachments("attachments", a.Attachments)
	return v.result()
}

// DeliverableRequestChanges is the sponsor's answer to a draft: change it, with a comment.
type DeliverableRequestChanges struct {
	DeliverableID string `json:"deliverable_id"`
	Comment       string `json:"comment"`
}

func (a *DeliverableRequestChanges) Validate() error {
	var v checker
	v.id("deliverable_id", a.DeliverableID)
	v.text("comment", &a.Comment, 1, maxText)
	return v.result()
}

// DeliverableRef names one deliverable.
type DeliverableRef struct {
	DeliverableID string `json:"deliverable_id"`
}

func (a *DeliverableRef) Validate() error {
	var v checker
	v.id("deliverable_id", a.DeliverableID)
	return v.result()
}

// DeliverableSubmitProof is the influencer's proof of an approved deliverable's
// post: its URL, when it was posted and a screenshot of it. The screenshot is
// required: a post can be edited or deleted after the sponsor (or the server's
// auto-accept) took the proof, and the screenshot is what remains of it.
type DeliverableSubmitProof struct {
	DeliverableID string     `json:"deliverable_id"`
	ProofURL      string     `json:"proof_url"`
	PostedAt      time.Time  `json:"posted_at"`
	Screenshot    *blobs.Ref `json:"screenshot"`
}

func (a *DeliverableSubmitProof) Validate() error {
	var v checker
	v.id("deliverable_id", a.DeliverableID)
	v.url("proof_url", &a.ProofURL)
	if a.PostedAt.IsZero() {
		v.fail("posted_at is required")
	} else if y := a.PostedAt.UTC().Year(); y < minDateYear || y > maxDateYear {
		v.fail("posted_at must be between %d and %d", minDateYear, maxDateYear)
	}
	a.PostedAt = a.PostedAt.UTC()
	switch {
	case a.Screenshot == nil:
		v.fail("screenshot is required")
	case !blobs.IsImage(a.Screenshot.ContentType):
		v.fail("screenshot must be a PNG, JPEG or WebP image")
	default:
		if msg := blobs.CheckRef(a.Screenshot); msg != "" {
			v.fail("screenshot: %s", msg)
		}
	}
	return v.result()
}

// DeliverableDispute opens a dispute on a deliverable in progress, with a reason.
type DeliverableDispute struct {
	DeliverableID string `json:"deliverable_id"`
	Reason        string `json:"reason"`
}

func (a *DeliverableDispute) Validate() error {
	var v checker
	v.id("deliverable_id", a.DeliverableID)
	v.text("reason", &a.Reason, 1, maxReason)
	return v.result()
}

var (
	MDeliverableSubmitDraft = define("deliverable.submitDraft",
		"Submit a draft of a deliverable that is to do or has changes requested.", influencers, deliverableSubmitDraft)
	MDeliverableRequestChanges = define("deliverable.requestChanges",
		"Ask for changes to a submitted draft, with a comment.", sponsors, deliverableRequestChanges)
	MDeliverableApproveDraft = define("deliverable.approveDraft",
		"Approve a submitted draft for posting.", sponsors,
		func(c *Ctx, a *DeliverableApproveDraft) error {
			return deliverableApproveDraft(c, (*DeliverableRef)(a))
		})
	MDeliverableSubmitProof = define("deliverable.submitProof",
		"Submit the proof (post URL and time) of an approved deliverable's post.", influencers, deliverableSubmitProof)
	MDeliverableAcceptProof = needs(domain.OrgOwner, define("deliverable.acceptProof",
		"Accept a posted deliverable's proof (an owner: the last accepted proof releases the escrow).", sponsors,
		func(c *Ctx, a *DeliverableAcceptProof) error { return deliverableAcceptProof(c, (*DeliverableRef)(a)) }))
	MDeliverableDispute = define("deliverable.dispute",
		"Dispute a deliverable in progress (draft submitted, changes requested, approved or posted), with a reason.",
		parties, deliverableDispute)
)

// url checks a trimmed http(s) URL with a host.
func (v *checker) url(field string, s *string) {
	v.text(field, s, 1, maxURL)
	if v.err != nil {
		return
	}
	u, err := url.Parse(*s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.fail("%s must be an http(s) URL, got %q", field, clip(*s))
	}
}

// deliverables checks an offer's deliverables.
func (v *checker) deliverables(field string, terms []domain.DeliverableTerm) {
	if len(terms) > MaxDeliverables {
		v.fail("%s must have at most %d items", field, MaxDeliverables)
		return
	}
	for i := range terms {
		t := &terms[i]
		f := fmt.Sprintf("%s[%d].", field, i)
		v.oneOf(f+"platform", t.Platform, domain.Platforms...)
		v.oneOf(f+"content_type", t.ContentType, domain.ContentTypes...)
		if t.Quantity < 1 || t.Quantity > MaxDeliverableQuantity {
			v.fail("%squantity must be between 1 and %d", f, MaxDeliverableQuantity)
		}
		v.date(f+"due_date", t.DueDate)
		v.text(f+"brief", &t.Brief, 0, maxText)
	}
}

// termsJSON encodes an offer's deliverables for its deliverables column.
func termsJSON(terms []domain.DeliverableTerm) (string, error) {
	if terms == nil {
		terms = []domain.DeliverableTerm{}
	}
	b, err := json.Marshal(terms)
	if err != nil {
		return "", fmt.Errorf("mutate: deliverables: %w", err)
	}
	return string(b), nil
}

// DeliverableID is the ID of the index-th (from 0) deliverable made from an
// accepted offer: derived from the offer, so a replayed accept makes the same rows.
func DeliverableID(offerID string, index int) string {
	return domain.DerivedID("deliverable", offerID, strconv.Itoa(index))
}

// createDeliverables turns the accepted offer's deliverables into the request's
// rows, to do. An offer without deliverables makes none.
func createDeliverables(c *Ctx, reqID string, o *domain.Offer) error {
	var terms []domain.DeliverableTerm
	if err := json.Unmarshal([]byte(o.Deliverables), &terms); err != nil {
		return fmt.Errorf("mutate: deliverables of offer %s: %w", o.ID, err)
	}
	for i, t := range terms {
		if err := exec(c.Tx, `INSERT INTO deliverables (id, ad_request_id, seq, platform, content_type, quantity, due_date, brief,
			status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'todo', ?, ?)`,
			DeliverableID(o.ID, i), reqID, i+1, t.Platform, t.ContentType, t.Quantity, t.DueDate, t.Brief, c.Now, c.Now); err != nil {
			return err
		}
	}
	return nil
}

// work is a deliverable with its deal, loaded for the actor.
type work struct {
	*deal
	del *domain.Deliverable
}

// loadWork loads a deliverable the actor may see, with its deal, which must be
// accepted; a deliverable the actor may not see is not found.
func loadWork(c *Ctx, id string) (*work, error) {
	if seen, err := c.sees("deliverables", id); err != nil {
		return nil, err
	} else if !seen {
		return nil, domain.Errorf(domain.CodeNotFound, "deliverable %s not found", id)
	}
	var del domain.Deliverable
	err := c.Tx.Get(&del, `SELECT * FROM deliverables WHERE id = ? AND deleted_at IS NULL`, id)
	if err := notFound(err, "deliverable", id); err != nil {
		return nil, err
	}
	d, err := loadDeal(c, del.AdRequestID)
	if err != nil {
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return nil, domain.Errorf(domain.CodeNotFound, "deliverable %s not found", id)
		}
		return nil, err
	}
	if d.req.Status != domain.AdAccepted {
		return nil, domain.Errorf(domain.CodeInvalidTransition, "the ad request is %s: its deliverables no longer move", d.req.Status)
	}
	return &work{deal: d, del: &del}, nil
}

// as checks the actor is the given side of the deal.
func (w *work) as(p domain.Party, verb string) error {
	if w.me != p {
		return domain.Errorf(domain.CodeForbidden, "only the %s can %s a deliverable", p, verb)
	}
	return nil
}

// from checks the deliverable is in one of the given states.
func (w *work) from(verb string, states ...domain.DeliverableStatus) error {
	for _, s := range states {
		if w.del.Status == s {
			return nil
		}
	}
	return domain.Errorf(domain.CodeInvalidTransition, "cannot %s a deliverable that is %s", verb, w.del.Status)
}

// notify tells account to about the deliverable; at keys the event, so a replay
// makes the same notification and a later event of the same kind a new one.
func (w *work) notify(c *Ctx, to, kind string, extra Params) error {
	p := Params{"party": c.Actor.Name, "campaign": w.campaign.Name, "seq": w.del.Seq,
		"platform": w.del.Platform, "content_type": w.del.ContentType}
	for k, v := range extra {
		p[k] = v
	}
	return notify(c, to, kind, p, "deliverables", w.del.ID, c.Now.Format(time.RFC3339Nano))
}

func deliverableSubmitDraft(c *Ctx, a *DeliverableSubmitDraft) error {
	w, err := loadWork(c, a.DeliverableID)
	if err != nil {
		return err
	}
	if err := w.as(domain.PartyInfluencer, "submit a draft of"); err != nil {
		return err
	}
	if err := w.from("submit a draft of", domain.DeliverableTodo, domain.DeliverableChangesRequested); err != nil {
		return err
	}
	links := a.DraftLinks
	if links == nil {
		links = []string{}
	}
	b, err := json.Marshal(links)
	if err != nil {
		return fmt.Errorf("mutate: draft links: %w", err)
	}
	atts := a.Attachments
	if atts == nil {
		atts = []blobs.Ref{}
	}
	ab, err := json.Marshal(atts)
	if err != nil {
		return fmt.Errorf("mutate: draft attachments: %w", err)
	}
	if err := exec(c.Tx, `UPDATE deliverables SET status = 'draft_submitted', draft_text = ?, draft_links = ?,
		draft_attachments = ?, submitted_at = ?, updated_at = ? WHERE id = ?`,
		a.DraftText, string(b), string(ab), c.Now, c.Now, w.del.ID); err != nil {
		return err
	}
	return w.notify(c, w.sponsor.ID, "deliverable.draft_submitted", nil)
}

func deliverableRequestChanges(c *Ctx, a *DeliverableRequestChanges) error {
	w, err := loadWork(c, a.DeliverableID)
	if err != nil {
		return err
	}
	if err := w.as(domain.PartySponsor, "ask for changes to"); err != nil {
		return err
	}
	if err := w.from("ask for changes to", domain.DeliverableDraftSubmitted); err != nil {
		return err
	}
	if err := exec(c.Tx, `UPDATE deliverables SET status = 'changes_requested', change_comment = ?, decided_at = ?, updated_at = ?
		WHERE id = ?`, a.Comment, c.Now, c.Now, w.del.ID); err != nil {
		return err
	}
	return w.notify(c, w.infl.ID, "deliverable.changes_requested", Params{"comment": a.Comment})
}

func deliverableApproveDraft(c *Ctx, a *DeliverableRef) error {
	w, err := loadWork(c, a.DeliverableID)
	if err != nil {
		return err
	}
	if err := w.as(domain.PartySponsor, "approve"); err != nil {
		return err
	}
	if err := w.from("approve", domain.DeliverableDraftSubmitted); err != nil {
		return err
	}
	if err := exec(c.Tx, `UPDATE deliverables SET status = 'approved_for_posting', decided_at = ?, updated_at = ? WHERE id = ?`,
		c.Now, c.Now, w.del.ID); err != nil {
		return err
	}
	return w.notify(c, w.infl.ID, "deliverable.approved", nil)
}

func deliverableSubmitProof(c *Ctx, a *DeliverableSubmitProof) error {
	w, err := loadWork(c, a.DeliverableID)
	if err != nil {
		return err
	}
	if err := w.as(domain.PartyInfluencer, "submit the proof of"); err != nil {
		return err
	}
	if err := w.from("submit the proof of", domain.DeliverableApproved); err != nil {
		return err
	}
	if a.PostedAt.After(c.Now) {
		return domain.Errorf(domain.CodeInvalidArgument, "posted_at %s is in the future", a.PostedAt.Format(time.RFC3339))
	}
	after := a.PostedAt.AddDate(0, 0, AutoAcceptDays).Format(dateLayout)
	shot, err := json.Marshal(a.Screenshot)
	if err != nil {
		return fmt.Errorf("mutate: proof screenshot: %w", err)
	}
	if err := exec(c.Tx, `UPDATE deliverables SET status = 'posted', proof_url = ?, proof_screenshot = ?, posted_at = ?,
		auto_accept_after = ?, updated_at = ? WHERE id = ?`,
		a.ProofURL, string(shot), a.PostedAt, after, c.Now, w.del.ID); err != nil {
		return err
	}
	return w.notify(c, w.sponsor.ID, "deliverable.proof_submitted", Params{"date": after})
}

func deliverableAcceptProof(c *Ctx, a *DeliverableRef) error {
	w, err := loadWork(c, a.DeliverableID)
	if err != nil {
		return err
	}
	if err := w.as(domain.PartySponsor, "accept the proof of"); err != nil {
		return err
	}
	if err := w.from("accept the proof of", domain.DeliverablePosted); err != nil {
		return err
	}
	if err := exec(c.Tx, `UPDATE deliverables SET status = 'accepted', decided_at = ?, updated_at = ? WHERE id = ?`,
		c.Now, c.Now, w.del.ID); err != nil {
		return err
	}
	if err := w.notify(c, w.infl.ID, "deliverable.proof_accepted", nil); err != nil {
		return err
	}
	return settleIfDelivered(c, w.req.ID)
}

func deliverableDispute(c *Ctx, a *DeliverableDispute) error {
	w, err := loadWork(c, a.DeliverableID)
	if err != nil {
		return err
	}
	if err := w.from("dispute", domain.DeliverableDraftSubmitted, domain.DeliverableChangesRequested,
		domain.DeliverableApproved, domain.DeliverablePosted); err != nil {
		return err
	}
	if err := exec(c.Tx, `UPDATE deliverables SET status = 'disputed', dispute_reason = ?, disputed_by = ?, decided_at = ?,
		updated_at = ? WHERE id = ?`, a.Reason, w.me, c.Now, c.Now, w.del.ID); err != nil {
		return err
	}
	if err := openDispute(c, w.req); err != nil {
		return err
	}
	return w.notify(c, w.other, "deliverable.disputed", Params{"reason": a.Reason})
}

// AutoAcceptDue is deliverable.autoAccept, the server's own change: it accepts
// every posted deliverable of an accepted ad request whose auto_accept_after date
// has passed by now (a date before today), and tells both parties. It runs in the
// caller's transaction (which stamps the rows' versions, so they sync like any
// change) as the system, not as an account, and returns how many it accepted.
// Running it again at the same time changes nothing.
func AutoAcceptDue(tx *sqlx.Tx, now time.Time) (int, error) {
	now = now.UTC()
	var due []domain.Deliverable
	if err := tx.Select(&due, `SELECT d.* FROM deliverables d JOIN ad_requests r ON r.id = d.ad_request_id
		WHERE d.status = 'posted' AND d.deleted_at IS NULL AND d.auto_accept_after <> '' AND d.auto_accept_after < ?
			AND r.status = 'accepted' AND r.deleted_at IS NULL
		ORDER BY d.id`, today(now)); err != nil {
		return 0, fmt.Errorf("mutate: auto-accept: %w", err)
	}
	c := &Ctx{Tx: tx, Now: now}
	for i := range due {
		del := &due[i]
		var p struct {
			Campaign   string `db:"campaign"`
			SponsorID  string `db:"sponsor_id"`
			Influencer string `db:"influencer_id"`
		}
		if err := tx.Get(&p, `SELECT c.name AS campaign, c.sponsor_id, r.influencer_id FROM ad_requests r
			JOIN campaigns c ON c.id = r.campaign_id WHERE r.id = ?`, del.AdRequestID); err != nil {
			return 0, fmt.Errorf("mutate: auto-accept %s: %w", del.ID, err)
		}
		if err := exec(tx, `UPDATE deliverables SET status = 'accepted', decided_at = ?, updated_at = ? WHERE id = ?`,
			now, now, del.ID); err != nil {
			return 0, err
		}
		params := Params{"campaign": p.Campaign, "seq": del.Seq, "platform": del.Platform,
			"content_type": del.ContentType, "days": AutoAcceptDays}
		for _, to := range []string{p.Influencer, p.SponsorID} {
			if err := notify(c, to, "deliverable.auto_accepted", params, "deliverables", del.ID); err != nil {
				return 0, err
			}
		}
		if err := settleIfDelivered(c, del.AdRequestID); err != nil {
			return 0, err
		}
	}
	return len(due), nil
}
