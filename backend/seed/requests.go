package seed

import (
	"fmt"
	"time"

	"iescp/backend/domain"
	"iescp/backend/ledger"
)

// reqPlan describes one ad request to generate.
type reqPlan struct {
	campaign  *domain.Campaign
	infl      *domain.InfluencerProfile
	status    domain.AdRequestStatus
	initiator domain.Party
	rounds    int  // offers in the thread, 1..4
	accepted  bool // withdrawn: after it had been accepted
	withdrawn domain.Party
	reviews   bool // completed: both parties review
	// deliverables in the thread's terms: 0 draws 1-3; a scripted deal (scripted)
	// shows its deliverables' steps in a fixed order (deliverables.go).
	deliverables int
	scripted     bool
}

func other(p domain.Party) domain.Party {
	if p == domain.PartySponsor {
		return domain.PartyInfluencer
	}
	return domain.PartySponsor
}

// lastAuthor is the party of the latest offer of a thread.
func (p *reqPlan) lastAuthor() domain.Party {
	if p.rounds%2 == 1 {
		return p.initiator
	}
	return other(p.initiator)
}

// roundAmount rounds cents to whole ten dollars (half up), at least 50 dollars.
func roundAmount(c int64) int64 { return max(5000, (c+500)/1000*1000) }

// permille draws a whole factor in thousandths from [lo, hi]: offers are scaled by
// integer arithmetic on cents, never through a float.
func (g *gen) permille(lo, hi int64) int64 { return lo + g.r.Int64N(hi-lo+1) }

// scale is c × pm / 1000 in cents (pm in thousandths).
func scale(c, pm int64) int64 { return c * pm / 1000 }

// amounts makes the offer amounts of a negotiation: the sponsor opens low, the
// influencer asks more, and each answer moves towards the other's last figure.
func (g *gen) amounts(p *reqPlan) []int64 {
	// A fair price: roughly one to two and a half cents per follower, bounded by the budget.
	fair := scale(p.infl.ReachTotal, g.permille(1000, 2500))
	fair = min(max(fair, 15_000), min(scale(p.campaign.Budget, 350), 6_000_000))
	bid, ask := scale(fair, g.permille(700, 900)), scale(fair, g.permille(1100, 1400))
	out := make([]int64, p.rounds)
	by := p.initiator
	for i := range p.rounds {
		if i > 0 {
			if by == domain.PartySponsor {
				bid += scale(ask-bid, g.permille(300, 600))
			} else {
				ask -= scale(ask-bid, g.permille(300, 600))
			}
		}
		if by == domain.PartySponsor {
			out[i] = roundAmount(bid)
		} else {
			out[i] = roundAmount(ask)
		}
		by = other(by)
	}
	return out
}

// timeline spreads the events of a request (gaps after its creation) inside the
// window the campaign and the clock allow, and returns the creation instant.
func (g *gen) timeline(p *reqPlan, gaps []time.Duration) time.Time {
	lo := p.campaign.CreatedAt
	for _, id := range []string{p.campaign.SponsorID, p.infl.AccountID} {
		if t := g.accByID[id].CreatedAt; t.After(lo) {
			lo = t
		}
	}
	lo = lo.Add(time.Hour)
	hi := g.now.Add(-5 * time.Minute)
	if p.campaign.Status != domain.CampaignActive {
		if end := dateTime(p.campaign.EndDate).Add(24 * time.Hour); end.Before(hi) && end.After(lo.Add(time.Hour)) {
			hi = end
		}
	}
	if !hi.After(lo) {
		lo = hi.Add(-time.Hour)
	}
	var span time.Duration
	for _, d := range gaps {
		span += d
	}
	avail := hi.Sub(lo)
	if span > avail*9/10 {
		f := float64(avail) * 0.9 / float64(span)
		span = 0
		for i := range gaps {
			gaps[i] = time.Duration(float64(gaps[i]) * f)
			span += gaps[i]
		}
	}
	return lo.Add(time.Duration(g.r.Int64N(int64(avail-span) + 1)))
}

// request generates one ad request with its offers, reviews and a notification of
// its latest event. It returns false, generating nothing, when accepting it would
// overrun the campaign's budget.
func (g *gen) request(p reqPlan) bool {
	c := p.campaign
	if c.Visibility == domain.VisibilityPrivate {
		p.initiator = domain.PartySponsor // influencers apply to public campaigns only
	}
	amounts := g.amounts(&p)
	final := amounts[len(amounts)-1]
	commits := p.status == domain.AdAccepted || p.status == domain.AdCompleted
	if commits && c.Committed+final > c.Budget {
		return false
	}
	sponsor, infl := g.accByID[c.SponsorID], g.accByID[p.infl.AccountID]
	party := map[domain.Party]*domain.Account{domain.PartySponsor: sponsor, domain.PartyInfluencer: infl}

	// Gaps: between offers, then the answer, then delivery or withdrawal.
	gaps := make([]time.Duration, 0, p.rounds+2)
	gaps = append(gaps, 0)
	for range p.rounds - 1 {
		gaps = append(gaps, g.dur(2*time.Hour, 60*time.Hour))
	}
	answered := p.status == domain.AdAccepted || p.status == domain.AdRejected || p.status == domain.AdCompleted ||
		(p.status == domain.AdWithdrawn && p.accepted)
	if answered {
		gaps = append(gaps, g.dur(time.Hour, 48*time.Hour))
	}
	switch p.status {
	case domain.AdCompleted:
		gaps = append(gaps, g.dur(3*24*time.Hour, 20*24*time.Hour))
	case domain.AdWithdrawn:
		gaps = append(gaps, g.dur(time.Hour, 10*24*time.Hour))
	}
	t := g.timeline(&p, gaps)
	at := make([]time.Time, len(gaps))
	for i, d := range gaps {
		t = t.Add(d)
		at[i] = t.Truncate(time.Second)
	}

	req := &domain.AdRequest{ID: g.id(at[0]), CampaignID: c.ID, InfluencerID: infl.ID, InitiatedBy: p.initiator,
		Requirements: g.pick(requirementsText), PaymentAmount: final, Status: p.status,
		CreatedAt: at[0], UpdatedAt: at[len(at)-1], Version: 1}
	n := p.deliverables
	if n == 0 {
		n = 1 + g.weighted(45, 35, 20)
	}
	terms := g.terms(p.infl, n, at[0])
	by := p.initiator
	for i, amount := range amounts {
		kind := "counter_"
		if i == 0 {
			kind = "open_"
		}
		if by == domain.PartySponsor {
			kind += "sponsor"
		} else if i == 0 {
			kind += "influencer"
		} else {
			kind += "infl"
		}
		g.w.offers = append(g.w.offers, &domain.Offer{ID: g.id(at[i]), AdRequestID: req.ID, Seq: i + 1,
			AuthorID: party[by].ID, AuthorRole: by, Amount: amount, Requirements: req.Requirements,
			Message: g.pick(offerMessages[kind]), Deliverables: termsJSON(terms), CreatedAt: at[i], Version: 1})
		by = other(by)
	}
	last := p.lastAuthor()
	next := p.rounds // index of the first event after the thread
	if answered {
		req.RespondedAt = &at[next]
	}
	switch p.status {
	case domain.AdPending:
		switch {
		case p.rounds > 1:
			g.notify(party[other(last)], "ad_request.counter", deal(party[last], c, final), "ad_requests", req.ID, at[next-1])
		case last == domain.PartySponsor:
			g.notify(infl, "ad_request.received", deal(sponsor, c, final), "ad_requests", req.ID, at[0])
		default:
			g.notify(sponsor, "ad_request.application", deal(infl, c, final), "ad_requests", req.ID, at[0])
		}
	case domain.AdAccepted:
		g.notify(party[last], "ad_request.accepted", deal(party[other(last)], c, final), "ad_requests", req.ID, at[next])
	case domain.AdRejected:
		req.CloseReason = g.pick(closeReasons["rejected"])
		g.notify(party[last], "ad_request.rejected",
			map[string]any{"party": party[other(last)].Name, "campaign": c.Name, "reason": req.CloseReason},
			"ad_requests", req.ID, at[next])
	case domain.AdWithdrawn:
		who := p.withdrawn
		if who == "" {
			who = [...]domain.Party{domain.PartySponsor, domain.PartyInfluencer}[g.r.IntN(2)]
		}
		req.CloseReason = g.pick(closeReasons["withdrawn"])
		g.notify(party[other(who)], "ad_request.withdrawn",
			map[string]any{"party": party[who].Name, "campaign": c.Name, "reason": req.CloseReason}, "ad_requests", req.ID, at[len(at)-1])
	case domain.AdCompleted:
		done := at[len(at)-1]
		req.CompletedAt = &done
		g.notify(infl, "ad_request.completed", deal(sponsor, c, final), "ad_requests", req.ID, done)
		g.reviews(req, c, sponsor, infl, p.reviews)
	}
	if commits {
		c.Committed += final
	}
	// The money, as the mutators would have moved it (docs/money.md): accepting
	// funded the escrow at the default commission, completing released it, a
	// withdrawal after acceptance refunded it. write posts the same to the ledger.
	if commits || (p.status == domain.AdWithdrawn && p.accepted) {
		req.EscrowState, req.EscrowCents, req.CommissionBps = domain.EscrowFunded, final, ledger.DefaultCommissionBps
		switch p.status {
		case domain.AdCompleted:
			req.EscrowState, req.ReleasedCents = domain.EscrowReleased, final
		case domain.AdWithdrawn:
			req.EscrowState = domain.EscrowRefunded
		}
	}
	if commits && g.err == nil {
		g.err = g.work(req, c, g.w.offers[len(g.w.offers)-1], terms, p.scripted)
	}
	if req.UpdatedAt.After(c.UpdatedAt) && commits {
		c.UpdatedAt = req.UpdatedAt
	}
	g.w.requests = append(g.w.requests, req)
	g.pairs[[2]string{c.ID, infl.ID}] = true
	return true
}

func (g *gen) rating() int { return 1 + g.weighted(3, 7, 15, 35, 40) }

// reviews: the sponsor rates the influencer and the influencer rates the campaign,
// each most of the time (always when forced).
func (g *gen) reviews(req *domain.AdRequest, c *domain.Campaign, sponsor, infl *domain.Account, force bool) {
	for _, rv := range []struct {
		author, to *domain.Account
		subject    string
		p          float64
	}{{sponsor, infl, "influencer", 0.85}, {infl, sponsor, "campaign", 0.7}} {
		if !force && !g.chance(rv.p) {
			continue
		}
		at := req.CompletedAt.Add(g.dur(time.Hour, 5*24*time.Hour)).Truncate(time.Second)
		if at.After(g.now) {
			at = g.now
		}
		r := &domain.Review{ID: g.id(at), AdRequestID: req.ID, AuthorID: rv.author.ID, Subject: rv.subject,
			CampaignID: c.ID, InfluencerID: infl.ID, Rating: g.rating(), Body: g.pick(reviewBodies),
			CreatedAt: at, Version: 1}
		g.w.reviews = append(g.w.reviews, r)
		g.notify(rv.to, "review.received", map[string]any{"party": rv.author.Name, "campaign": c.Name, "rating": r.Rating},
			"reviews", r.ID, at)
	}
}

// requests: a scripted set between the demo sponsor and the demo influencers that
// covers every state (and leaves some waiting for the influencer's answer), then
// random requests over the non-draft campaigns.
func (g *gen) requests(n int) error {
	cs := g.w.campaigns
	demo1 := g.inflOf[g.w.demo["influencer@iescp.demo"].ID]
	demo2 := g.inflOf[g.w.demo["influencer2@iescp.demo"].ID]
	S, I := domain.PartySponsor, domain.PartyInfluencer
	scripted := []reqPlan{
		{campaign: cs[1], infl: demo1, status: domain.AdPending, initiator: S, rounds: 3},
		{campaign: cs[0], infl: demo1, status: domain.AdPending, initiator: I, rounds: 1},
		{campaign: cs[2], infl: demo1, status: domain.AdAccepted, initiator: S, rounds: 2, deliverables: 3, scripted: true},
		{campaign: cs[3], infl: demo1, status: domain.AdCompleted, initiator: I, rounds: 2, reviews: true, deliverables: 2},
		{campaign: cs[5], infl: demo1, status: domain.AdWithdrawn, initiator: S, rounds: 1, accepted: true, withdrawn: S},
		{campaign: cs[6], infl: demo1, status: domain.AdRejected, initiator: S, rounds: 2},
		{campaign: cs[7], infl: demo1, status: domain.AdPending, initiator: S, rounds: 1},
		{campaign: cs[1], infl: demo2, status: domain.AdPending, initiator: S, rounds: 1},
		{campaign: cs[2], infl: demo2, status: domain.AdCompleted, initiator: S, rounds: 1, reviews: true},
		{campaign: cs[0], infl: demo2, status: domain.AdWithdrawn, initiator: S, rounds: 2, withdrawn: I},
		{campaign: cs[6], infl: demo2, status: domain.AdAccepted, initiator: S, rounds: 3, deliverables: 3, scripted: true},
		{campaign: cs[3], infl: demo2, status: domain.AdRejected, initiator: I, rounds: 1},
	}
	for _, p := range scripted {
		if !g.request(p) {
			return fmt.Errorf("seed: scripted ad request on %s does not fit its budget", p.campaign.Name)
		}
	}
	if g.err != nil {
		return g.err
	}

	var open []*domain.Campaign
	for _, c := range cs {
		if c.Status != domain.CampaignDraft {
			open = append(open, c)
		}
	}
	var everyone []*domain.InfluencerProfile
	for _, ps := range g.byCategory {
		everyone = append(everyone, ps...)
	}
	// byCategory is a map: order the pool by account ID so the draw is reproducible.
	sortProfiles(everyone)
	if len(everyone) == 0 || len(open) == 0 {
		return nil
	}
	made := len(scripted)
	for tries := 0; made < n && tries < 50*n; tries++ {
		c := open[g.r.IntN(len(open))]
		pool := g.byCategory[g.campaignCat[c.ID].Name]
		if len(pool) == 0 || g.chance(0.3) {
			pool = everyone
		}
		infl := pool[g.r.IntN(len(pool))]
		if g.pairs[[2]string{c.ID, infl.AccountID}] {
			continue
		}
		p := reqPlan{campaign: c, infl: infl, initiator: S}
		if g.chance(0.4) {
			p.initiator = I
		}
		switch c.Status {
		case domain.CampaignActive:
			p.status = [...]domain.AdRequestStatus{domain.AdPending, domain.AdAccepted, domain.AdCompleted,
				domain.AdRejected, domain.AdWithdrawn}[g.weighted(35, 22, 13, 15, 15)]
		case domain.CampaignCompleted:
			p.status = [...]domain.AdRequestStatus{domain.AdCompleted, domain.AdRejected,
				domain.AdWithdrawn}[g.weighted(65, 20, 15)]
		default:
			p.status = [...]domain.AdRequestStatus{domain.AdRejected, domain.AdWithdrawn}[g.weighted(40, 60)]
		}
		switch p.status {
		case domain.AdRejected, domain.AdWithdrawn:
			p.rounds = g.between(1, 3)
			p.accepted = p.status == domain.AdWithdrawn && g.chance(0.3)
		default:
			p.rounds = 1 + g.weighted(35, 35, 20, 10)
		}
		if !g.request(p) {
			// Over budget: the other party turned it down instead.
			p.status, p.accepted = domain.AdRejected, false
			if !g.request(p) {
				continue
			}
		}
		made++
	}
	return g.err
}

// deal is the params of an ad-request notification: who acted, on which
// campaign, for how much (cents).
func deal(party *domain.Account, c *domain.Campaign, amount int64) map[string]any {
	return map[string]any{"party": party.Name, "campaign": c.Name, "amount": amount}
}
