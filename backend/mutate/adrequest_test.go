package mutate_test

import (
	"fmt"
	"testing"

	"iescp/backend/domain"
)

// state builders put a fresh ad request between w.sponsor and w.infl into a state.
// They return the request and its latest offer.
var states = map[string]func(w *world) (req, offer string){
	"pending/sponsor-offer": func(w *world) (string, string) {
		return w.send(w.campaign, w.sponsor, w.infl, 50_000)
	},
	"pending/influencer-offer": func(w *world) (string, string) {
		req, o1 := w.send(w.campaign, w.sponsor, w.infl, 50_000)
		return req, w.counter(w.infl, req, o1, 70_000)
	},
	"accepted": func(w *world) (string, string) {
		req, o1 := w.send(w.campaign, w.sponsor, w.infl, 50_000)
		w.must(w.infl, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": o1})
		return req, o1
	},
	"rejected": func(w *world) (string, string) {
		req, o1 := w.send(w.campaign, w.sponsor, w.infl, 50_000)
		w.must(w.infl, "adRequest.reject", map[string]any{"ad_request_id": req, "reason": "busy"})
		return req, o1
	},
	"withdrawn": func(w *world) (string, string) {
		req, o1 := w.send(w.campaign, w.sponsor, w.infl, 50_000)
		w.must(w.sponsor, "adRequest.withdraw", map[string]any{"ad_request_id": req})
		return req, o1
	},
	"completed": func(w *world) (string, string) {
		req, o1 := w.send(w.campaign, w.sponsor, w.infl, 50_000)
		w.must(w.infl, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": o1})
		w.must(w.sponsor, "adRequest.complete", map[string]any{"ad_request_id": req})
		return req, o1
	},
}

const ok domain.Code = ""

// TestAdRequest_StateMachine runs every action, by each party, from every state.
func TestAdRequest_StateMachine(t *testing.T) {
	const inv, forb = domain.CodeInvalidTransition, domain.CodeForbidden
	type outcome struct {
		code  domain.Code
		state domain.AdRequestStatus // the state after success
	}
	// want[state][action] = {by sponsor, by influencer}
	want := map[string]map[string][2]outcome{
		"pending/sponsor-offer": {
			"counter":  {{inv, ""}, {ok, domain.AdPending}},
			"accept":   {{inv, ""}, {ok, domain.AdAccepted}},
			"reject":   {{inv, ""}, {ok, domain.AdRejected}},
			"withdraw": {{ok, domain.AdWithdrawn}, {ok, domain.AdWithdrawn}},
			"complete": {{inv, ""}, {forb, ""}},
		},
		"pending/influencer-offer": {
			"counter":  {{ok, domain.AdPending}, {inv, ""}},
			"accept":   {{ok, domain.AdAccepted}, {inv, ""}},
			"reject":   {{ok, domain.AdRejected}, {inv, ""}},
			"withdraw": {{ok, domain.AdWithdrawn}, {ok, domain.AdWithdrawn}},
			"complete": {{inv, ""}, {forb, ""}},
		},
		"accepted": {
			"counter":  {{inv, ""}, {inv, ""}},
			"accept":   {{inv, ""}, {inv, ""}},
			"reject":   {{inv, ""}, {inv, ""}},
			"withdraw": {{ok, domain.AdWithdrawn}, {ok, domain.AdWithdrawn}},
			"complete": {{ok, domain.AdCompleted}, {forb, ""}},
		},
	}
	closed := map[string][2]outcome{
		"counter": {{inv, ""}, {inv, ""}}, "accept": {{inv, ""}, {inv, ""}}, "reject": {{inv, ""}, {inv, ""}},
		"withdraw": {{inv, ""}, {inv, ""}}, "complete": {{inv, ""}, {forb, ""}},
	}
	for _, s := range []string{"rejected", "withdrawn", "completed"} {
		want[s] = closed
	}
	actions := map[string]func(w *world, req, offer string) (string, any){
		"counter": func(w *world, req, offer string) (string, any) {
			return "adRequest.counter", map[string]any{"ad_request_id": req, "offer_id": domain.NewID(),
				"in_reply_to": offer, "amount": 60_000, "requirements": "1 video"}
		},
		"accept": func(w *world, req, offer string) (string, any) {
			return "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer}
		},
		"reject": func(w *world, req, offer string) (string, any) {
			return "adRequest.reject", map[string]any{"ad_request_id": req, "reason": "no"}
		},
		"withdraw": func(w *world, req, offer string) (string, any) {
			return "adRequest.withdraw", map[string]any{"ad_request_id": req, "reason": "changed plans"}
		},
		"complete": func(w *world, req, offer string) (string, any) {
			return "adRequest.complete", map[string]any{"ad_request_id": req}
		},
	}
	for state, byAction := range want {
		for action, outcomes := range byAction {
			for i, party := range []string{"sponsor", "influencer"} {
				o := outcomes[i]
				t.Run(fmt.Sprintf("%s/%s/by-%s", state, action, party), func(t *testing.T) {
					w := newWorld(t)
					req, offer := states[state](w)
					before := w.request(req)
					actor := w.sponsor
					if party == "influencer" {
						actor = w.infl
					}
					name, args := actions[action](w, req, offer)
					err := w.do(actor, name, args)
					after := w.request(req)
					if o.code != ok {
						if got := domain.ErrorCode(err); err == nil || got != o.code {
							t.Fatalf("got %v, want %s", err, o.code)
						}
						if after.Status != before.Status || after.UpdatedAt != before.UpdatedAt {
							t.Fatalf("a rejected mutation changed the request: %+v -> %+v", before, after)
						}
					} else {
						if err != nil {
							t.Fatalf("got %v, want success", err)
						}
						if after.Status != o.state {
							t.Fatalf("got status %s, want %s", after.Status, o.state)
						}
					}
					w.checkInvariants()
				})
			}
		}
	}
}

func TestAdRequest_AcceptCommitsAndWithdrawReleases(t *testing.T) {
	w := newWorld(t)
	req, o1 := w.send(w.campaign, w.sponsor, w.infl, 50_000)
	o2 := w.counter(w.infl, req, o1, 80_000)
	w.must(w.sponsor, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": o2})
	if got := w.campaignRow(w.campaign).Committed; got != 80_000 {
		t.Fatalf("committed after accept: got %d, want 80000", got)
	}
	r := w.request(req)
	if r.PaymentAmount != 80_000 || r.Requirements != "2 videos" || r.RespondedAt == nil {
		t.Fatalf("accepted request: got amount %d requirements %q responded %v, want the counter-offer's terms",
			r.PaymentAmount, r.Requirements, r.RespondedAt)
	}
	w.must(w.infl, "adRequest.withdraw", map[string]any{"ad_request_id": req, "reason": "sick"})
	if got := w.campaignRow(w.campaign).Committed; got != 0 {
		t.Fatalf("committed after withdraw: got %d, want 0", got)
	}
	if got := w.request(req).CloseReason; got != "sick" {
		t.Fatalf("close reason: got %q, want sick", got)
	}
	w.checkInvariants()
}

func TestAdRequest_NegotiationRule(t *testing.T) {
	w := newWorld(t)
	req, o1 := w.send(w.campaign, w.sponsor, w.infl, 50_000)
	// The sponsor made the latest offer, so only the influencer may accept it.
	w.want(domain.CodeInvalidTransition, w.sponsor, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": o1})
	o2 := w.counter(w.infl, req, o1, 90_000)
	// Accepting the superseded offer fails, whoever tries.
	w.want(domain.CodeStaleOffer, w.sponsor, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": o1})
	w.want(domain.CodeStaleOffer, w.infl, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": o1})
	// A counter must answer the latest offer.
	w.want(domain.CodeStaleOffer, w.sponsor, "adRequest.counter", map[string]any{"ad_request_id": req,
		"offer_id": domain.NewID(), "in_reply_to": o1, "amount": 70_000, "requirements": "x"})
	// An offer of another thread is not found here.
	req2, other := w.send(w.campaign, w.sponsor, w.infl2, 10_000)
	w.want(domain.CodeNotFound, w.sponsor, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": other})
	o3 := w.counter(w.sponsor, req, o2, 75_000)
	w.must(w.infl, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": o3})
	if n := w.count(`SELECT COUNT(*) FROM offers WHERE ad_request_id = ?`, req); n != 3 {
		t.Fatalf("thread length: got %d, want 3", n)
	}
	var seqs []int
	if err := w.db.R.Select(&seqs, `SELECT seq FROM offers WHERE ad_request_id = ? ORDER BY seq`, req); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(seqs) != "[1 2 3]" {
		t.Fatalf("offer seqs: got %v, want [1 2 3]", seqs)
	}
	_ = req2
	w.checkInvariants()
}

func TestAdRequest_BudgetExhaustion(t *testing.T) {
	w := newWorld(t)
	c := w.newCampaign(w.sponsor, 100_000, true)
	r1, o1 := w.send(c, w.sponsor, w.infl, 60_000)
	r2, o2 := w.send(c, w.sponsor, w.infl2, 50_000)
	w.must(w.infl, "adRequest.accept", map[string]any{"ad_request_id": r1, "offer_id": o1})
	w.want(domain.CodeBudgetExceeded, w.infl2, "adRequest.accept", map[string]any{"ad_request_id": r2, "offer_id": o2})
	if got := w.request(r2).Status; got != domain.AdPending {
		t.Fatalf("refused accept changed status to %s", got)
	}
	// Exactly filling the budget is allowed.
	o3 := w.counter(w.infl2, r2, o2, 40_000)
	w.must(w.sponsor, "adRequest.accept", map[string]any{"ad_request_id": r2, "offer_id": o3})
	if got := w.campaignRow(c); got.Committed != got.Budget {
		t.Fatalf("committed %d, want the whole budget %d", got.Committed, got.Budget)
	}
	// The budget cannot drop below what is committed…
	w.want(domain.CodeBudgetExceeded, w.sponsor, "campaign.update", map[string]any{"id": c, "budget": 99_999})
	// …and a withdrawal frees room for another request.
	w.must(w.sponsor, "adRequest.withdraw", map[string]any{"ad_request_id": r1})
	w.must(w.sponsor, "campaign.update", map[string]any{"id": c, "budget": 40_000})
	if got := w.campaignRow(c).Budget; got != 40_000 {
		t.Fatalf("budget: got %d, want 40000", got)
	}
	w.checkInvariants()
}

func TestAdRequest_SendAndApplyRules(t *testing.T) {
	w := newWorld(t)
	draft := w.newCampaign(w.sponsor, 100_000, false)
	private := w.newCampaign(w.sponsor, 100_000, true)
	w.must(w.sponsor, "campaign.setVisibility", map[string]any{"id": private, "visibility": "private"})
	ended := w.newCampaign(w.sponsor, 100_000, true)
	w.exec(`UPDATE campaigns SET start_date = '2026-01-01', end_date = '2026-02-01' WHERE id = ?`, ended)
	flaggedC := w.newCampaign(w.sponsor, 100_000, true)
	w.must(w.admin, "admin.flag", map[string]any{"target": "campaign", "id": flaggedC, "reason": "misleading"})
	other := w.newCampaign(w.sponsor2, 100_000, true)

	send := func(c, infl string) map[string]any {
		return map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(), "campaign_id": c,
			"influencer_id": infl, "amount": 1000, "requirements": "a post"}
	}
	apply := func(c string) map[string]any {
		return map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(), "campaign_id": c, "amount": 1000}
	}
	cases := []struct {
		name  string
		actor string
		mut   string
		args  map[string]any
		want  domain.Code
	}{
		{"send to a draft", w.sponsor, "adRequest.send", send(draft, w.infl), domain.CodeInvalidTransition},
		{"send on an ended campaign", w.sponsor, "adRequest.send", send(ended, w.infl), domain.CodeInvalidTransition},
		{"send on a flagged campaign", w.sponsor, "adRequest.send", send(flaggedC, w.infl), domain.CodeFlagged},
		{"send on another's campaign", w.sponsor, "adRequest.send", send(other, w.infl), domain.CodeForbidden},
		{"send on a missing campaign", w.sponsor, "adRequest.send", send(domain.NewID(), w.infl), domain.CodeNotFound},
		{"send to a sponsor", w.sponsor, "adRequest.send", send(w.campaign, w.sponsor2), domain.CodeInvalidArgument},
		// Influencers the sponsor may not see do not exist for it (TestRefusals_HiddenRowsLookMissing).
		{"send to a flagged influencer", w.sponsor, "adRequest.send", send(w.campaign, w.flaggedInfl), domain.CodeNotFound},
		{"send to a deactivated influencer", w.sponsor, "adRequest.send", send(w.campaign, w.inactiveInf), domain.CodeNotFound},
		{"send to an admin", w.sponsor, "adRequest.send", send(w.campaign, w.admin), domain.CodeNotFound},
		{"send by an influencer", w.infl, "adRequest.send", send(w.campaign, w.infl2), domain.CodeForbidden},
		{"send to a private campaign works", w.sponsor, "adRequest.send", send(private, w.infl), ok},
		{"apply to a private campaign", w.infl2, "adRequest.apply", apply(private), domain.CodeNotFound},
		{"apply to a private campaign one is invited to", w.infl, "adRequest.apply", apply(private), domain.CodeForbidden},
		{"apply to a draft", w.infl, "adRequest.apply", apply(draft), domain.CodeNotFound},
		{"apply to a flagged campaign", w.infl, "adRequest.apply", apply(flaggedC), domain.CodeNotFound},
		{"apply to an ended campaign", w.infl, "adRequest.apply", apply(ended), domain.CodeInvalidTransition},
		{"apply by a sponsor", w.sponsor2, "adRequest.apply", apply(w.campaign), domain.CodeForbidden},
		{"apply to a public campaign works", w.infl2, "adRequest.apply", apply(w.campaign), ok},
		{"apply twice", w.infl2, "adRequest.apply", apply(w.campaign), domain.CodeInvalidTransition},
		{"send while an application is open", w.sponsor, "adRequest.send", send(w.campaign, w.infl2), domain.CodeInvalidTransition},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := w.do(tc.actor, tc.mut, tc.args)
			if got := domain.ErrorCode(err); (tc.want == ok) != (err == nil) || (err != nil && got != tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	// Reusing an ID is refused rather than overwriting.
	args := send(w.campaign, w.infl)
	w.must(w.sponsor, "adRequest.send", args)
	w.must(w.sponsor, "adRequest.withdraw", map[string]any{"ad_request_id": args["id"]})
	w.want(domain.CodeInvalidArgument, w.sponsor, "adRequest.send", args)

	// Applications by a sponsor's campaign only when the sponsor is approved and unflagged.
	w.exec(`UPDATE accounts SET flagged = 1 WHERE id = ?`, w.sponsor2)
	w.want(domain.CodeNotFound, w.infl, "adRequest.apply", apply(other))
	w.checkInvariants()
}

func TestAdRequest_FlagsStopNegotiation(t *testing.T) {
	w := newWorld(t)
	req, o1 := w.send(w.campaign, w.sponsor, w.infl, 10_000)
	w.must(w.admin, "admin.flag", map[string]any{"target": "campaign", "id": w.campaign, "reason": "fake giveaway"})
	w.want(domain.CodeFlagged, w.infl, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": o1})
	w.want(domain.CodeFlagged, w.infl, "adRequest.counter", map[string]any{"ad_request_id": req, "offer_id": domain.NewID(),
		"in_reply_to": o1, "amount": 1, "requirements": "x"})
	// Winding down is still possible.
	w.must(w.admin, "admin.unflag", map[string]any{"target": "campaign", "id": w.campaign})
	w.must(w.admin, "admin.flag", map[string]any{"target": "account", "id": w.sponsor, "reason": "fraud"})
	// The influencer cannot close a deal with a flagged sponsor; the flagged sponsor can do nothing.
	w.want(domain.CodeFlagged, w.infl, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": o1})
	w.want(domain.CodeFlagged, w.sponsor, "adRequest.withdraw", map[string]any{"ad_request_id": req})
	w.must(w.infl, "adRequest.reject", map[string]any{"ad_request_id": req, "reason": "flagged sponsor"})
	w.checkInvariants()
}
