// Package bulkinvite plans a bulk invitation: one offer (an amount, or an amount
// per size tier of the creator's total reach; deliverables; a message template
// with placeholders) made into one adRequest.send per creator, with what would
// be refused now and why. It is pure over values (the facts a read model
// gathers from the replica), so the preview and the send plan the same way;
// the sending itself is the normal mutator's, one request at a time
// (docs/desktop.md, "Bulk invites").
package bulkinvite

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"iescp/backend/analytics"
	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// MaxCreators bounds the creators of one batch.
const MaxCreators = 500

// Placeholders are the names a message template may use, each in braces.
var Placeholders = []string{"first_name", "name", "campaign", "amount", "platform"}

// Invite is a bulk invitation as the user sets it.
type Invite struct {
	// BatchID names the batch: the request ids derive from (campaign, creator,
	// batch), so sending the same batch again never sends twice.
	BatchID       string   `json:"batch_id"`
	CampaignID    string   `json:"campaign_id"`
	InfluencerIDs []string `json:"influencer_ids"`
	// AmountCents is the one amount for everyone; or TierAmounts gives one per
	// size tier (nano, micro, mid, macro, mega) of the creator's total reach.
	// Exactly one of the two is set.
	AmountCents  int64                    `json:"amount_cents"`
	TierAmounts  map[string]int64         `json:"tier_amounts,omitempty"`
	Requirements string                   `json:"requirements"`
	Deliverables []domain.DeliverableTerm `json:"deliverables,omitempty"`
	Message      string                   `json:"message"`
}

// Campaign is what the plan needs of the campaign.
type Campaign struct {
	ID      string
	Name    string
	Status  string
	Flagged bool
	EndDate string
	Budget  int64
	// Committed is the amount of its accepted requests, Pending the amounts
	// of its open (pending) requests: what they would commit if accepted.
	Committed int64
	Pending   int64
}

// Creator is what the plan needs of one creator ("Known" false: the replica
// does not hold them, so the sponsor may not see them).
type Creator struct {
	ID      string
	Known   bool
	Name    string // the display name, else the account's name
	Active  bool
	Flagged bool
	// Reach is the follower count per platform (instagram, youtube, tiktok, x, other).
	Reach map[string]int64
	// OpenRequestID is the creator's pending or accepted request on the campaign, if any.
	OpenRequestID string
}

// Facts are the replica's state a plan is made against.
type Facts struct {
	Campaign Campaign
	Creators map[string]Creator
	// Today is the local date, YYYY-MM-DD.
	Today string
	// SponsorApproved: the sponsor may send ad requests at all.
	SponsorApproved bool
	// Made holds the request ids (RequestID) of this batch the replica has
	// already, whatever their state: a retry does not send them again.
	Made map[string]bool
}

// Row is one creator's planned invitation.
type Row struct {
	InfluencerID string `json:"influencer_id"`
	Name         string `json:"name"`
	Tier         string `json:"tier"`
	Platform     string `json:"platform"`
	Amount       int64  `json:"amount"`
	Message      string `json:"message"`
	// RequestID is the derived id of this creator's request in this batch.
	RequestID string `json:"request_id"`
	// AlreadySent: this batch's request for the creator exists already (a retry).
	AlreadySent bool `json:"already_sent"`
	// Refusal says why it would be refused now (nil: it would be sent).
	Refusal *domain.Error `json:"refusal"`
	// Args are the adRequest.send arguments (nil when refused or already sent).
	Args *mutate.AdRequestSend `json:"-"`
}

// Plan is a batch planned: a row per creator, in the order given, and the totals.
type Plan struct {
	BatchID    string `json:"batch_id"`
	CampaignID string `json:"campaign_id"`
	Campaign   string `json:"campaign"`
	Rows       []Row  `json:"rows"`
	// WouldSend counts the rows to send, Refused the rows refused now,
	// Already the rows this batch sent before.
	WouldSend int `json:"would_send"`
	Refused   int `json:"refused"`
	Already   int `json:"already"`
	// Total is the amount of the rows to send; Remaining the campaign's budget
	// left before the batch (budget − committed − pending offers).
	Total     int64 `json:"total"`
	Remaining int64 `json:"remaining"`
}

var placeholderRE = regexp.MustCompile(`\{([^{}]*)\}`)

// Validate checks the invitation itself (not the creators' states): ids, the
// size of the batch, one way of giving the amount, the offer's text and
// deliverables by the mutator's own rules, and the template's placeholders.
func (inv *Invite) Validate() error {
	if !domain.ValidID(inv.BatchID) {
		return domain.Errorf(domain.CodeInvalidArgument, "batch_id must be a UUID, got %q", clip(inv.BatchID))
	}
	if !domain.ValidID(inv.CampaignID) {
		return domain.Errorf(domain.CodeInvalidArgument, "campaign_id must be a UUID, got %q", clip(inv.CampaignID))
	}
	if len(inv.InfluencerIDs) == 0 {
		return domain.Errorf(domain.CodeInvalidArgument, "influencer_ids must name at least one creator")
	}
	if len(inv.InfluencerIDs) > MaxCreators {
		return domain.Errorf(domain.CodeInvalidArgument, "influencer_ids must name at most %d creators, got %d", MaxCreators, len(inv.InfluencerIDs))
	}
	seen := make(map[string]bool, len(inv.InfluencerIDs))
	for _, id := range inv.InfluencerIDs {
		if !domain.ValidID(id) {
			return domain.Errorf(domain.CodeInvalidArgument, "influencer_ids: %q is not a UUID", clip(id))
		}
		if seen[id] {
			return domain.Errorf(domain.CodeInvalidArgument, "influencer_ids: %s is named twice", id)
		}
		seen[id] = true
	}
	lim := mutate.CurrentLimits()
	switch {
	case inv.AmountCents != 0 && len(inv.TierAmounts) > 0:
		return domain.Errorf(domain.CodeInvalidArgument, "give amount_cents or tier_amounts, not both")
	case inv.AmountCents == 0 && len(inv.TierAmounts) == 0:
		return domain.Errorf(domain.CodeInvalidArgument, "amount_cents or tier_amounts is required")
	case inv.AmountCents != 0:
		if inv.AmountCents < 0 || inv.AmountCents > lim.MaxAmount {
			return domain.Errorf(domain.CodeInvalidArgument, "amount_cents must be between 1 and %d", lim.MaxAmount)
		}
	default:
		for tier, n := range inv.TierAmounts {
			if !isTier(tier) {
				return domain.Errorf(domain.CodeInvalidArgument, "tier_amounts: %q is not a size tier (%s)", clip(tier), strings.Join(analytics.SizeTiers, ", "))
			}
			if n <= 0 || n > lim.MaxAmount {
				return domain.Errorf(domain.CodeInvalidArgument, "tier_amounts.%s must be between 1 and %d", tier, lim.MaxAmount)
			}
		}
	}
	if unknown := UnknownPlaceholders(inv.Message); len(unknown) > 0 {
		return domain.Errorf(domain.CodeInvalidArgument, "message: unknown placeholder %s (use %s)",
			strings.Join(unknown, ", "), "{"+strings.Join(Placeholders, "}, {")+"}")
	}
	// The offer's fixed parts, checked once by the mutator's own Validate (an
	// offer with placeholder-free text and a valid amount and ids).
	probe := mutate.AdRequestSend{ID: inv.BatchID, OfferID: inv.BatchID, CampaignID: inv.CampaignID, InfluencerID: inv.BatchID,
		Amount: 1, Requirements: inv.Requirements, Deliverables: inv.Deliverables}
	if err := probe.Validate(); err != nil {
		return err
	}
	inv.Requirements = probe.Requirements
	return nil
}

// UnknownPlaceholders lists the {names} of a template that are not
// Placeholders, in order of first use.
func UnknownPlaceholders(tmpl string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range placeholderRE.FindAllStringSubmatch(tmpl, -1) {
		name := m[1]
		if !isPlaceholder(name) && !seen[name] {
			seen[name] = true
			out = append(out, "{"+name+"}")
		}
	}
	return out
}

// Make plans the invitation against the facts. An invalid invitation is an
// error (typed); each creator's refusal is on its row. Rows refused for the
// budget are those that would take the campaign's budget left (budget −
// committed − open offers) below zero counting the rows before them.
func Make(inv Invite, f Facts) (Plan, error) {
	if err := inv.Validate(); err != nil {
		return Plan{}, err
	}
	cp := f.Campaign
	p := Plan{BatchID: inv.BatchID, CampaignID: cp.ID, Campaign: cp.Name, Rows: make([]Row, 0, len(inv.InfluencerIDs)),
		Remaining: cp.Budget - cp.Committed - cp.Pending}
	campaignRefusal := campaignRefusal(cp, f)
	left := p.Remaining
	for _, id := range inv.InfluencerIDs {
		cr := f.Creators[id]
		r := Row{InfluencerID: id, Name: cr.Name, RequestID: RequestID(cp.ID, id, inv.BatchID)}
		r.Platform = topPlatform(cr.Reach)
		r.Tier = analytics.SizeTier(total(cr.Reach))
		r.Amount = inv.AmountCents
		if len(inv.TierAmounts) > 0 {
			r.Amount = inv.TierAmounts[r.Tier]
		}
		r.Message = Render(inv.Message, cr.Name, cp.Name, r.Amount, r.Platform)
		switch {
		case f.Made[r.RequestID]:
			r.AlreadySent = true
		case campaignRefusal != nil:
			r.Refusal = campaignRefusal
		default:
			r.Refusal = creatorRefusal(cr, r)
		}
		if r.Refusal == nil && !r.AlreadySent {
			if r.Amount > left {
				r.Refusal = domain.Errorf(domain.CodeBudgetExceeded, "$%s is over the campaign's budget left ($%s)", Money(r.Amount), Money(max(left, 0)))
			}
		}
		if r.Refusal == nil && !r.AlreadySent {
			args := &mutate.AdRequestSend{ID: r.RequestID, OfferID: OfferID(r.RequestID), CampaignID: cp.ID, InfluencerID: id,
				Amount: r.Amount, Requirements: inv.Requirements, Message: r.Message, Deliverables: inv.Deliverables}
			if err := args.Validate(); err != nil { // the rendered message's length, by the mutator's limits
				r.Refusal = domain.AsError(err)
			} else {
				r.Args, r.Message = args, args.Message
				left -= r.Amount
				p.Total += r.Amount
			}
		}
		switch {
		case r.AlreadySent:
			p.Already++
		case r.Refusal != nil:
			p.Refused++
		default:
			p.WouldSend++
		}
		p.Rows = append(p.Rows, r)
	}
	return p, nil
}

func campaignRefusal(cp Campaign, f Facts) *domain.Error {
	switch {
	case !f.SponsorApproved:
		return domain.Errorf(domain.CodeSponsorNotApproved, "your sponsor account is not approved yet")
	case cp.Flagged:
		return domain.Errorf(domain.CodeFlagged, "campaign is flagged and takes no new ad requests")
	case cp.Status != string(domain.CampaignActive):
		return domain.Errorf(domain.CodeInvalidTransition, "campaign is %s: publish it before sending ad requests", cp.Status)
	case cp.EndDate < f.Today:
		return domain.Errorf(domain.CodeInvalidTransition, "campaign ended on %s", cp.EndDate)
	}
	return nil
}

func creatorRefusal(cr Creator, r Row) *domain.Error {
	switch {
	case !cr.Known:
		return domain.Errorf(domain.CodeNotFound, "creator not found")
	case cr.Flagged:
		return domain.Errorf(domain.CodeFlagged, "%s is flagged", cr.Name)
	case !cr.Active:
		return domain.Errorf(domain.CodeInvalidArgument, "%s is deactivated", cr.Name)
	case cr.OpenRequestID != "":
		return domain.Errorf(domain.CodeInvalidTransition, "%s already has an open ad request on this campaign", cr.Name)
	case r.Amount == 0 && r.Tier == "":
		return domain.Errorf(domain.CodeInvalidArgument, "%s has no reach, so no size tier and no amount", cr.Name)
	case r.Amount == 0:
		return domain.Errorf(domain.CodeInvalidArgument, "no amount set for the %s tier", r.Tier)
	}
	return nil
}

// RequestID is the request id of a creator in a batch: the same on every try.
func RequestID(campaignID, influencerID, batchID string) string {
	return domain.DerivedID("bulkinvite", campaignID, influencerID, batchID)
}

// OfferID is the opening offer's id of a batch's request.
func OfferID(requestID string) string { return domain.DerivedID("bulkinvite.offer", requestID) }

// Render fills a template's placeholders; unknown ones stay as they are
// (Validate refuses them first).
func Render(tmpl, name, campaign string, amount int64, platform string) string {
	first := name
	if f := strings.Fields(name); len(f) > 0 {
		first = f[0]
	}
	return placeholderRE.ReplaceAllStringFunc(tmpl, func(m string) string {
		switch m[1 : len(m)-1] {
		case "first_name":
			return first
		case "name":
			return name
		case "campaign":
			return campaign
		case "amount":
			return "$" + Money(amount)
		case "platform":
			return PlatformName(platform)
		}
		return m
	})
}

// Money writes cents as 1,234.56 (a message's {amount} is in US dollars, the
// app's one currency: $1,234.56).
func Money(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	whole := fmt.Sprint(cents / 100)
	var b strings.Builder
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return fmt.Sprintf("%s%s.%02d", sign, b.String(), cents%100)
}

// platforms in the order a tie of reach is broken by.
var platforms = []string{"instagram", "youtube", "tiktok", "x", "other"}

var platformNames = map[string]string{"instagram": "Instagram", "youtube": "YouTube", "tiktok": "TikTok", "x": "X", "other": "other platforms"}

// PlatformName is a platform key as a message says it.
func PlatformName(p string) string { return platformNames[p] }

func topPlatform(reach map[string]int64) string {
	best, n := "", int64(0)
	for _, p := range platforms {
		if reach[p] > n {
			best, n = p, reach[p]
		}
	}
	return best
}

func total(reach map[string]int64) int64 {
	var t int64
	for _, n := range reach {
		t += n
	}
	return t
}

func isTier(t string) bool {
	i := sort.SearchStrings(sortedTiers, t)
	return i < len(sortedTiers) && sortedTiers[i] == t
}

var sortedTiers = func() []string {
	s := append([]string(nil), analytics.SizeTiers...)
	sort.Strings(s)
	return s
}()

func isPlaceholder(name string) bool {
	for _, p := range Placeholders {
		if p == name {
			return true
		}
	}
	return false
}

func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}
