package seed

import (
	"encoding/json"
	"fmt"
	"time"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// What a deal delivers (docs/mutations.md, "Deliverables"): every offer of a
// seeded thread carries a list of 1-3 deliverable terms; an accepted or completed
// deal has the rows its accepted offer made (IDs as adRequest.accept derives
// them), a completed one with every deliverable accepted (drafted, posted with a
// proof, some with 24-hour and 7-day metrics), an accepted one with its
// deliverables at different steps; and both a tracking link made by the same
// derivation as the accept's (mutate.NewTrackingLink).

// contentFor is what each platform's deliverables are, the most common first.
var contentFor = map[string][]string{
	"instagram": {"reel", "story", "post"},
	"youtube":   {"long_video", "short"},
	"tiktok":    {"short"},
	"x":         {"thread", "post"},
	"other":     {"post"},
}

var briefs = []string{
	"Show the product in daily use and mention the launch date.",
	"Unboxing and first impressions; keep it honest.",
	"Tag the brand, add the promo code in the caption.",
	"A 30-second tutorial; the product visible in the first 3 seconds.",
	"Compare with what you used before; no competitor names.",
	"Link in bio for 48 hours after the post.",
	"",
}

var draftTexts = []string{
	"Hook: \"I didn't expect this to replace my old one.\" Then three quick shots of it in use, the code on screen at the end.",
	"Script: intro (5 s), unboxing (15 s), first try (20 s), honest verdict and the link (10 s).",
	"Caption draft: Two weeks with it and here's what changed. Code in bio, link below.",
	"Storyboard: morning routine, product close-up, before/after, call to action with the hashtag.",
}

var changeComments = []string{
	"Please show the logo a bit longer and mention the free shipping.",
	"Can you move the promo code to the first line of the caption?",
	"Love it, but the music is not licensed for ads: swap it please.",
}

// reachOn is the influencer's audience on a platform.
func reachOn(p *domain.InfluencerProfile, platform string) int64 {
	switch platform {
	case "instagram":
		return p.ReachInstagram
	case "youtube":
		return p.ReachYouTube
	case "tiktok":
		return p.ReachTikTok
	case "x":
		return p.ReachX
	}
	return p.ReachOther
}

// terms draws n deliverable terms on the influencer's platforms (the larger ones
// more often), due from a few days to a month after from.
func (g *gen) terms(p *domain.InfluencerProfile, n int, from time.Time) []domain.DeliverableTerm {
	var platforms []string
	var weights []float64
	for _, pl := range domain.Platforms {
		if r := reachOn(p, pl); r > 0 {
			platforms, weights = append(platforms, pl), append(weights, float64(r))
		}
	}
	if len(platforms) == 0 {
		platforms, weights = []string{"instagram"}, []float64{1}
	}
	out := make([]domain.DeliverableTerm, n)
	due := from
	for i := range out {
		pl := platforms[g.weighted(weights...)]
		due = due.Add(g.dur(3*24*time.Hour, 14*24*time.Hour))
		qty := 1
		if g.chance(0.2) {
			qty = g.between(2, 3)
		}
		out[i] = domain.DeliverableTerm{Platform: pl, ContentType: g.pick(contentFor[pl]), Quantity: qty,
			DueDate: due.Format(time.DateOnly), Brief: g.pick(briefs)}
	}
	return out
}

func termsJSON(ts []domain.DeliverableTerm) string {
	b, err := json.Marshal(ts)
	if err != nil {
		panic(err) // plain structs of strings and ints always marshal
	}
	return string(b)
}

// proofURL is a post's address on its platform.
func (g *gen) proofURL(platform, handle string) string {
	id := fmt.Sprintf("%011d", g.r.Int64N(1e11))
	switch platform {
	case "instagram":
		return "https://www.instagram.com/p/C" + id[:9] + "/"
	case "youtube":
		return "https://www.youtube.com/watch?v=" + id
	case "tiktok":
		return "https://www.tiktok.com/@" + handle + "/video/73" + id + "12345"
	case "x":
		return "https://x.com/" + handle + "/status/18" + id + "4321"
	}
	return "https://blog.example/" + handle + "/" + id
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// timeBetween is a time between lo and hi (hi when the span is empty), to the second.
func (g *gen) timeBetween(lo, hi time.Time) time.Time {
	if !hi.After(lo) {
		return hi.Truncate(time.Second)
	}
	return lo.Add(g.dur(0, hi.Sub(lo))).Truncate(time.Second)
}

// work makes an accepted or completed deal's deliverables (from its accepted
// offer's terms), their metrics and its tracking link.
func (g *gen) work(req *domain.AdRequest, c *domain.Campaign, accepted *domain.Offer, terms []domain.DeliverableTerm,
	scripted bool) error {
	acceptedAt := *req.RespondedAt
	handle := mutate.CampaignSlug(g.accByID[req.InfluencerID].Name)
	infl := g.inflOf[req.InfluencerID]
	// Accepted deals: the steps in order of the list, so the demo shows each; the
	// scripted ones exactly todo → draft → posted from the last.
	steps := []domain.DeliverableStatus{domain.DeliverablePosted, domain.DeliverableDraftSubmitted, domain.DeliverableTodo}
	if !scripted {
		steps = steps[:0]
		for range terms {
			steps = append(steps, [...]domain.DeliverableStatus{domain.DeliverableTodo, domain.DeliverableDraftSubmitted,
				domain.DeliverableChangesRequested, domain.DeliverableApproved, domain.DeliverablePosted}[g.weighted(30, 25, 10, 15, 20)])
		}
	}
	var clicks int64
	for i, t := range terms {
		d := &domain.Deliverable{ID: mutate.DeliverableID(accepted.ID, i), AdRequestID: req.ID, Seq: i + 1,
			Platform: t.Platform, ContentType: t.ContentType, Quantity: t.Quantity, DueDate: t.DueDate, Brief: t.Brief,
			Status: domain.DeliverableTodo, DraftLinks: "[]", DraftAttachments: "[]", CreatedAt: acceptedAt,
			UpdatedAt: acceptedAt, Version: 1}
		var postedBy, decidedBy time.Time // the span a proof was posted and accepted in
		switch req.Status {
		case domain.AdCompleted:
			d.Status = domain.DeliverableAccepted
			done := *req.CompletedAt
			span := done.Sub(acceptedAt)
			postedBy = acceptedAt.Add(span * time.Duration(i+1) / time.Duration(len(terms)+1))
			decidedBy = done
		default:
			d.Status = steps[i%len(steps)]
			postedBy = g.timeBetween(later(acceptedAt, g.now.Add(-3*24*time.Hour)), g.now.Add(-time.Minute))
		}
		if d.Status == domain.DeliverableTodo {
			g.w.deliverables = append(g.w.deliverables, d)
			continue
		}
		// A draft was submitted (and decided) between acceptance and the post.
		submitted := g.timeBetween(acceptedAt, acceptedAt.Add(postedBy.Sub(acceptedAt)/2))
		d.SubmittedAt, d.DraftText, d.UpdatedAt = &submitted, g.pick(draftTexts), submitted
		switch d.Status {
		case domain.DeliverableChangesRequested:
			decided := g.timeBetween(submitted, g.now)
			d.DecidedAt, d.ChangeComment, d.UpdatedAt = &decided, g.pick(changeComments), decided
		case domain.DeliverableApproved:
			decided := g.timeBetween(submitted, g.now)
			d.DecidedAt, d.UpdatedAt = &decided, decided
		case domain.DeliverablePosted, domain.DeliverableAccepted:
			lo := submitted
			if req.Status == domain.AdAccepted {
				lo = later(lo, g.now.Add(-3*24*time.Hour)) // recent: the sponsor has days left to answer
			}
			posted := g.timeBetween(lo, postedBy)
			approved := g.timeBetween(submitted, posted) // the draft approved for posting
			d.DecidedAt, d.PostedAt, d.ProofURL = &approved, &posted, g.proofURL(t.Platform, handle)
			d.AutoAcceptAfter = posted.AddDate(0, 0, mutate.AutoAcceptDays).Format(time.DateOnly)
			d.UpdatedAt = posted
			if d.Status == domain.DeliverableAccepted {
				decided := g.timeBetween(posted, decidedBy)
				if i == len(terms)-1 {
					decided = decidedBy // the last acceptance completed the deal
				}
				d.DecidedAt, d.UpdatedAt = &decided, decided
			}
			clicks += g.metrics(d, reachOn(infl, t.Platform))
		}
		g.w.deliverables = append(g.w.deliverables, d)
	}
	link, err := mutate.NewTrackingLink(req.ID, c, acceptedAt, func(column, value string) (bool, error) {
		return g.trackingTaken[column+"\x00"+value], nil
	})
	if err != nil {
		return fmt.Errorf("seed: tracking link of %s: %w", req.ID, err)
	}
	g.trackingTaken["code\x00"+link.Code], g.trackingTaken["promo_code\x00"+link.PromoCode] = true, true
	link.Clicks, link.Version = clicks, 1
	if clicks > 0 {
		link.UpdatedAt = g.now.Add(-g.dur(0, 12*time.Hour)).Truncate(time.Second)
		if link.UpdatedAt.Before(link.CreatedAt) {
			link.UpdatedAt = link.CreatedAt
		}
	}
	g.w.links = append(g.w.links, &link)
	return nil
}

// metrics reports a posted deliverable's 24-hour figures once a day has passed
// and, most of the time, its 7-day ones once a week has; it returns the clicks
// the post brought to the tracking link.
func (g *gen) metrics(d *domain.Deliverable, reach int64) int64 {
	views := scale(max(reach, 1000), g.permille(60, 450))
	var clicks int64
	for _, cp := range []struct {
		c     domain.Checkpoint
		after time.Duration
		p     float64
		grow  [2]int64 // permille of the 24-hour views
	}{{domain.Checkpoint24h, 24 * time.Hour, 0.9, [2]int64{1000, 1000}}, {domain.Checkpoint7d, 7 * 24 * time.Hour, 0.7, [2]int64{1300, 2200}}} {
		due := d.PostedAt.Add(cp.after)
		if due.After(g.now) || !g.chance(cp.p) {
			break
		}
		v := scale(views, g.permille(cp.grow[0], cp.grow[1]))
		likes := scale(v, g.permille(20, 90))
		at := g.timeBetween(due, due.Add(30*time.Hour))
		if at.After(g.now) {
			at = g.now
		}
		g.w.metrics = append(g.w.metrics, &domain.DeliverableMetrics{ID: domain.MetricsID(d.ID, cp.c), DeliverableID: d.ID,
			Checkpoint: cp.c, Views: v, Reach: scale(v, g.permille(650, 900)), Likes: likes,
			Comments: scale(likes, g.permille(20, 100)), Shares: scale(likes, g.permille(10, 60)),
			Saves: scale(likes, g.permille(30, 150)), ReportedAt: at, CreatedAt: at, UpdatedAt: at, Version: 1})
		clicks = scale(v, g.permille(3, 15))
	}
	return clicks
}
