package mutate_test

import (
	"strings"
	"testing"

	"iescp/backend/domain"
)

// TestRefusals_HiddenRowsLookMissing runs every mutation that names a row against
// rows the actor may not see (another sponsor's private, draft, flagged or
// deleted campaign, another pair's ad request and offer, another account's
// notification, an influencer who is flagged or deactivated, an admin, a sponsor
// with nothing public) and against a random id that exists nowhere: the two
// refusals must be the same code and the same words but for the id, so a refusal
// never tells whether a hidden row exists.
func TestRefusals_HiddenRowsLookMissing(t *testing.T) {
	w := newWorld(t)
	const secret = "secret-flag-reason"
	private2 := w.newCampaign(w.sponsor2, 100_000, true)
	w.must(w.sponsor2, "campaign.setVisibility", map[string]any{"id": private2, "visibility": "private"})
	draft2 := w.newCampaign(w.sponsor2, 100_000, false)
	flagged2 := w.newCampaign(w.sponsor2, 100_000, true)
	w.must(w.admin, "admin.flag", map[string]any{"target": "campaign", "id": flagged2, "reason": secret})
	deleted2 := w.newCampaign(w.sponsor2, 100_000, true)
	w.must(w.sponsor2, "campaign.delete", map[string]any{"id": deleted2})
	public2 := w.newCampaign(w.sponsor2, 100_000, true)
	req2, offer2 := w.send(public2, w.sponsor2, w.infl2, 1000)
	privReq2, _ := w.send(private2, w.sponsor2, w.infl2, 1000)
	var notif2 string
	if err := w.db.R.Get(&notif2, `SELECT id FROM notifications WHERE account_id = ? LIMIT 1`, w.infl2); err != nil {
		t.Fatal(err)
	}
	w.exec(`UPDATE accounts SET flag_reason = ? WHERE id = ?`, secret, w.flaggedInfl)
	// The actors' own request, for offers of others named in it.
	myReq, _ := w.send(w.campaign, w.sponsor, w.infl, 1000)

	hiddenCampaigns := []string{private2, draft2, flagged2, deleted2}
	label := map[string]string{private2: "private campaign", draft2: "draft", flagged2: "flagged campaign",
		deleted2: "deleted campaign", req2: "request", privReq2: "request on a private campaign", offer2: "offer",
		notif2: "notification", w.flaggedInfl: "flagged influencer", w.inactiveInf: "deactivated influencer",
		w.admin: "admin", w.pending: "sponsor with nothing public"}
	type mutation struct {
		actor, name string
		args        func(id string) map[string]any
		hidden      []string
		code        domain.Code // the refusal's code for a hidden row
	}
	campaignMut := func(name string, extra map[string]any) mutation {
		return mutation{w.sponsor, name, func(id string) map[string]any {
			m := map[string]any{"id": id}
			for k, v := range extra {
				m[k] = v
			}
			return m
		}, hiddenCampaigns, domain.CodeNotFound}
	}
	reqMut := func(actor, name string, extra func() map[string]any) mutation {
		return mutation{actor, name, func(id string) map[string]any {
			m := extra()
			m["ad_request_id"] = id
			return m
		}, []string{req2, privReq2}, domain.CodeNotFound}
	}
	none := func() map[string]any { return map[string]any{} }
	counterArgs := func() map[string]any {
		return map[string]any{"offer_id": domain.NewID(), "in_reply_to": offer2, "amount": 5, "requirements": "x"}
	}
	reviewArgs := func() map[string]any { return map[string]any{"id": domain.NewID(), "rating": 5} }
	muts := []mutation{
		campaignMut("campaign.update", map[string]any{"name": "Mine now"}),
		campaignMut("campaign.publish", nil),
		campaignMut("campaign.setVisibility", map[string]any{"visibility": "public"}),
		campaignMut("campaign.complete", nil),
		campaignMut("campaign.delete", nil),
		{w.sponsor, "adRequest.send", func(id string) map[string]any {
			return map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(), "campaign_id": id,
				"influencer_id": w.infl2, "amount": 5, "requirements": "x"}
		}, hiddenCampaigns, domain.CodeNotFound},
		{w.sponsor, "adRequest.send", func(id string) map[string]any {
			return map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(), "campaign_id": w.campaign,
				"influencer_id": id, "amount": 5, "requirements": "x"}
		}, []string{w.flaggedInfl, w.inactiveInf, w.admin, w.pending}, domain.CodeNotFound},
		{w.infl, "adRequest.apply", func(id string) map[string]any {
			return map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(), "campaign_id": id, "amount": 5}
		}, hiddenCampaigns, domain.CodeNotFound},
		reqMut(w.sponsor, "adRequest.counter", counterArgs),
		reqMut(w.infl, "adRequest.counter", counterArgs),
		reqMut(w.sponsor, "adRequest.accept", func() map[string]any { return map[string]any{"offer_id": offer2} }),
		reqMut(w.infl, "adRequest.accept", func() map[string]any { return map[string]any{"offer_id": offer2} }),
		reqMut(w.sponsor, "adRequest.reject", none),
		reqMut(w.infl, "adRequest.reject", none),
		reqMut(w.sponsor, "adRequest.withdraw", none),
		reqMut(w.infl, "adRequest.withdraw", none),
		reqMut(w.sponsor, "adRequest.complete", none),
		reqMut(w.sponsor, "review.create", reviewArgs),
		reqMut(w.infl, "review.create", reviewArgs),
		{w.infl, "notification.markRead", func(id string) map[string]any { return map[string]any{"ids": []string{id}} },
			[]string{notif2}, domain.CodeNotFound},
		{w.sponsor, "notification.markRead", func(id string) map[string]any { return map[string]any{"ids": []string{id}} },
			[]string{notif2}, domain.CodeNotFound},
		// Another pair's offer named in one's own request.
		{w.infl, "adRequest.accept", func(id string) map[string]any {
			return map[string]any{"ad_request_id": myReq, "offer_id": id}
		}, []string{offer2}, domain.CodeNotFound},
		{w.infl, "adRequest.counter", func(id string) map[string]any {
			return map[string]any{"ad_request_id": myReq, "offer_id": domain.NewID(), "in_reply_to": id, "amount": 5, "requirements": "x"}
		}, []string{offer2}, domain.CodeStaleOffer},
	}
	for _, m := range muts {
		for _, hidden := range m.hidden {
			t.Run(m.name+"/"+label[hidden], func(t *testing.T) {
				before := snapshot(w)
				errHidden := w.do(m.actor, m.name, m.args(hidden))
				missing := domain.NewID()
				errMissing := w.do(m.actor, m.name, m.args(missing))
				if errHidden == nil || errMissing == nil {
					t.Fatalf("hidden %s: %v; missing: %v; want both refused", hidden, errHidden, errMissing)
				}
				if after := snapshot(w); after != before {
					t.Fatal("a refused mutation changed the database")
				}
				if got := domain.ErrorCode(errHidden); got != m.code {
					t.Errorf("hidden %s: got %v, want %s", hidden, errHidden, m.code)
				}
				gotHidden := strings.ReplaceAll(errHidden.Error(), hidden, "<id>")
				gotMissing := strings.ReplaceAll(errMissing.Error(), missing, "<id>")
				if gotHidden != gotMissing {
					t.Errorf("a hidden row is told apart from a missing one:\n hidden:  %s\n missing: %s", gotHidden, gotMissing)
				}
				if strings.Contains(errHidden.Error(), secret) {
					t.Errorf("the refusal quotes a flag's reason: %s", errHidden)
				}
			})
		}
	}
}

// TestRefusals_FlagReasonIsTheFlaggedPartys: an influencer with a request on a
// flagged campaign learns that it is flagged (it holds the flag), not why; the
// sponsor, whose campaign it is, is told the reason.
func TestRefusals_FlagReasonIsTheFlaggedPartys(t *testing.T) {
	w := newWorld(t)
	const reason = "misleading health claims"
	req, _ := w.send(w.campaign, w.sponsor, w.infl, 1000)
	w.must(w.infl, "adRequest.reject", map[string]any{"ad_request_id": req})
	req2, offer2 := w.send(w.campaign, w.sponsor, w.infl, 1000)
	w.must(w.admin, "admin.flag", map[string]any{"target": "campaign", "id": w.campaign, "reason": reason})
	for _, tc := range []struct {
		actor, name string
		args        map[string]any
		quotes      bool
	}{
		{w.infl, "adRequest.apply", map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(), "campaign_id": w.campaign, "amount": 5}, false},
		{w.infl, "adRequest.accept", map[string]any{"ad_request_id": req2, "offer_id": offer2}, false},
		{w.infl, "adRequest.counter", map[string]any{"ad_request_id": req2, "offer_id": domain.NewID(), "in_reply_to": offer2,
			"amount": 5, "requirements": "x"}, false},
		{w.sponsor, "adRequest.send", map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(), "campaign_id": w.campaign,
			"influencer_id": w.infl2, "amount": 5, "requirements": "x"}, true},
	} {
		err := w.do(tc.actor, tc.name, tc.args)
		if domain.ErrorCode(err) != domain.CodeFlagged {
			t.Errorf("%s: got %v, want flagged", tc.name, err)
			continue
		}
		if got := strings.Contains(err.Error(), reason); got != tc.quotes {
			t.Errorf("%s: %q quotes the reason: %v, want %v", tc.name, err, got, tc.quotes)
		}
	}
}
