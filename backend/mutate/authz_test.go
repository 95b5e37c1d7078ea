package mutate_test

import (
	"sort"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// TestMutators_Authorization runs every mutator as every kind of actor that must be
// refused, and checks the refusal's code and that nothing changed.
func TestMutators_Authorization(t *testing.T) {
	type target struct {
		args func(w *world) any
		// allowed lists the actor kinds that pass role and ownership checks;
		// every other kind is refused with forbidden.
		allowed []string
		// turn lists kinds that may act on the row but not now (not their turn).
		turn []string
		// hidden lists kinds that pass the role check but may not see the row:
		// refused as not_found, as if it did not exist.
		hidden []string
	}
	pendingReq := func(w *world) (string, string) { return w.send(w.campaign, w.sponsor, w.infl, 1000) }
	acceptedReq := func(w *world) string {
		r, o := pendingReq(w)
		w.must(w.infl, "adRequest.accept", map[string]any{"ad_request_id": r, "offer_id": o})
		return r
	}
	completedReq := func(w *world) string {
		r := acceptedReq(w)
		w.must(w.sponsor, "adRequest.complete", map[string]any{"ad_request_id": r})
		return r
	}
	campaignArgs := func(w *world) any { return map[string]any{"id": w.campaign} }
	// Others' ad requests do not exist for those who pass the role check.
	others := []string{"otherSponsor", "otherInfluencer", "pendingSponsor"}
	listsOthers := []string{"otherSponsor", "pendingSponsor"}
	targets := map[string]target{
		"campaign.create": {func(w *world) any {
			return map[string]any{"id": domain.NewID(), "name": "X", "start_date": "2026-12-01", "end_date": "2026-12-02", "budget": 1}
		}, []string{"owner", "otherSponsor"}, nil, nil},
		"campaign.update": {func(w *world) any { return map[string]any{"id": w.campaign, "name": "Renamed"} }, []string{"owner"}, nil, nil},
		"campaign.publish": {func(w *world) any { return map[string]any{"id": w.newCampaign(w.sponsor, 10, false)} }, []string{"owner"}, nil,
			[]string{"otherSponsor", "pendingSponsor"}}, // another's draft
		"campaign.setVisibility": {func(w *world) any {
			return map[string]any{"id": w.campaign, "visibility": "private"}
		}, []string{"owner"}, nil, nil},
		"campaign.complete": {campaignArgs, []string{"owner"}, nil, nil},
		"campaign.delete":   {campaignArgs, []string{"owner"}, nil, nil},
		"adRequest.send": {func(w *world) any {
			return map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(), "campaign_id": w.campaign,
				"influencer_id": w.infl2, "amount": 5, "requirements": "x"}
		}, []string{"owner"}, nil, nil},
		"adRequest.apply": {func(w *world) any {
			return map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(), "campaign_id": w.campaign, "amount": 5}
		}, []string{"party", "otherInfluencer"}, nil, nil},
		"adRequest.counter": {func(w *world) any {
			r, o := pendingReq(w)
			return map[string]any{"ad_request_id": r, "offer_id": domain.NewID(), "in_reply_to": o, "amount": 5, "requirements": "x"}
		}, []string{"party"}, []string{"owner"}, others},
		"adRequest.accept": {func(w *world) any {
			r, o := pendingReq(w)
			return map[string]any{"ad_request_id": r, "offer_id": o}
		}, []string{"party"}, []string{"owner"}, others},
		"adRequest.reject": {func(w *world) any {
			r, _ := pendingReq(w)
			return map[string]any{"ad_request_id": r}
		}, []string{"party"}, []string{"owner"}, others},
		"adRequest.withdraw": {func(w *world) any {
			r, _ := pendingReq(w)
			return map[string]any{"ad_request_id": r}
		}, []string{"owner", "party"}, nil, others},
		"adRequest.complete": {func(w *world) any { return map[string]any{"ad_request_id": acceptedReq(w)} }, []string{"owner"}, nil,
			[]string{"otherSponsor", "pendingSponsor"}},
		"adRequest.message": {func(w *world) any { // a completed deal: follow-ups are still welcome
			return map[string]any{"id": domain.NewID(), "ad_request_id": completedReq(w), "body": "Thanks!"}
		}, []string{"owner", "party"}, nil, others},
		"review.create": {func(w *world) any {
			return map[string]any{"id": domain.NewID(), "ad_request_id": completedReq(w), "rating": 5}
		}, []string{"owner", "party"}, nil, others},
		"profile.update": {func(w *world) any { return map[string]any{"name": "New Name"} },
			[]string{"admin", "owner", "otherSponsor", "party", "otherInfluencer"}, nil, nil},
		"notification.markRead": {func(w *world) any {
			pendingReq(w) // the influencer now has a notification
			var id string
			if err := w.db.R.Get(&id, `SELECT id FROM notifications WHERE account_id = ?`, w.infl); err != nil {
				w.t.Fatal(err)
			}
			return map[string]any{"ids": []string{id}}
		}, []string{"party"}, nil, []string{"admin", "owner", "otherSponsor", "otherInfluencer", "pendingSponsor",
			"flaggedSponsor", "flaggedInfluencer"}}, // another's notification
		"deliverable.submitDraft": {func(w *world) any {
			return deliverableArgs(w, w.deliverableIn(domain.DeliverableTodo))["deliverable.submitDraft"].args
		}, []string{"party"}, nil, []string{"otherInfluencer"}},
		"deliverable.requestChanges": {func(w *world) any {
			return deliverableArgs(w, w.deliverableIn(domain.DeliverableDraftSubmitted))["deliverable.requestChanges"].args
		}, []string{"owner"}, nil, []string{"otherSponsor", "pendingSponsor"}},
		"deliverable.approveDraft": {func(w *world) any {
			return deliverableArgs(w, w.deliverableIn(domain.DeliverableDraftSubmitted))["deliverable.approveDraft"].args
		}, []string{"owner"}, nil, []string{"otherSponsor", "pendingSponsor"}},
		"deliverable.submitProof": {func(w *world) any {
			return deliverableArgs(w, w.deliverableIn(domain.DeliverableApproved))["deliverable.submitProof"].args
		}, []string{"party"}, nil, []string{"otherInfluencer"}},
		"deliverable.acceptProof": {func(w *world) any {
			return deliverableArgs(w, w.deliverableIn(domain.DeliverablePosted))["deliverable.acceptProof"].args
		}, []string{"owner"}, nil, []string{"otherSponsor", "pendingSponsor"}},
		"deliverable.dispute": {func(w *world) any {
			return deliverableArgs(w, w.deliverableIn(domain.DeliverablePosted))["deliverable.dispute"].args
		}, []string{"owner", "party"}, nil, others},
		"deliverable.reportMetrics": {func(w *world) any {
			id := w.deliverableIn(domain.DeliverablePosted)
			w.now = w.now.Add(24 * time.Hour) // the 24-hour checkpoint has come
			return metricsArgs(id, "24h", 1000)
		}, []string{"party"}, nil, []string{"otherInfluencer"}},
		// An influencer's analytics are their own: other influencers write their
		// own rows, and another's post does not exist for them.
		"post.record": {func(w *world) any {
			return map[string]any{"id": w.post(w.infl), "post": postArgs("x", "text", "", t0.Add(-time.Hour), 7)}
		}, []string{"party"}, nil, []string{"otherInfluencer"}},
		"post.delete": {func(w *world) any { return map[string]any{"id": w.post(w.infl)} }, []string{"party"}, nil,
			[]string{"otherInfluencer"}},
		"posts.import": {func(w *world) any {
			return map[string]any{"posts": []map[string]any{postArgs("tiktok", "short", "T1", t0.Add(-time.Hour), 9)}}
		}, []string{"party", "otherInfluencer"}, nil, nil},
		"audience.set": {func(w *world) any {
			return map[string]any{"dimension": "gender", "buckets": []map[string]any{{"bucket": "female", "share_bps": 6000}}}
		}, []string{"party", "otherInfluencer"}, nil, nil},
		"mediaKit.update": {func(w *world) any { return map[string]any{"show_audience": true} },
			[]string{"party", "otherInfluencer"}, nil, nil},
		// Lists (lists_test.go): the owner's list; another sponsor's organisation
		// does not have it.
		// (listsOthers: influencers are refused by role before any row is looked at.)
		"shortlist.create": {func(w *world) any {
			return map[string]any{"id": domain.NewID(), "name": "Tech picks", "campaign_id": ""}
		}, []string{"owner", "otherSponsor"}, nil, nil},
		"shortlist.rename": {func(w *world) any { return map[string]any{"id": w.shortlist(w.sponsor), "name": "Renamed"} },
			[]string{"owner"}, nil, listsOthers},
		"shortlist.delete": {func(w *world) any { return map[string]any{"id": w.shortlist(w.sponsor)} }, []string{"owner"}, nil, listsOthers},
		"shortlist.add": {func(w *world) any {
			return map[string]any{"shortlist_id": w.shortlist(w.sponsor), "influencer_ids": []string{w.infl}}
		}, []string{"owner"}, nil, listsOthers},
		"shortlist.note": {func(w *world) any { return map[string]any{"id": w.entry(w.sponsor, w.infl), "note": "great fit"} },
			[]string{"owner"}, nil, listsOthers},
		"shortlist.remove": {func(w *world) any { return map[string]any{"ids": []string{w.entry(w.sponsor, w.infl)}} },
			[]string{"owner"}, nil, listsOthers},
		"savedSearch.save": {func(w *world) any {
			return map[string]any{"id": domain.NewID(), "name": "Phones", "query": map[string]any{"niche": "Phones"}}
		}, []string{"owner", "otherSponsor"}, nil, nil},
		"savedSearch.delete":   {func(w *world) any { return map[string]any{"id": w.savedSearch(w.sponsor)} }, []string{"owner"}, nil, listsOthers},
		"admin.approveSponsor": {func(w *world) any { return map[string]any{"sponsor_id": w.pending} }, []string{"admin"}, nil, nil},
		"admin.rejectSponsor":  {func(w *world) any { return map[string]any{"sponsor_id": w.pending} }, []string{"admin"}, nil, nil},
		"admin.flag": {func(w *world) any {
			return map[string]any{"target": "campaign", "id": w.campaign, "reason": "r"}
		}, []string{"admin"}, nil, nil},
		"admin.unflag": {func(w *world) any {
			w.must(w.admin, "admin.flag", map[string]any{"target": "campaign", "id": w.campaign, "reason": "r"})
			return map[string]any{"target": "campaign", "id": w.campaign}
		}, []string{"admin"}, nil, nil},
		"admin.setActive":        {func(w *world) any { return map[string]any{"account_id": w.infl2, "active": false} }, []string{"admin"}, nil, nil},
		"platform.setCommission": {func(w *world) any { return map[string]any{"commission_bps": 1500} }, []string{"admin"}, nil, nil},
		"team.invite": {func(w *world) any { return map[string]any{"email": "new.mate@example.test", "role": "manager"} },
			[]string{"owner", "otherSponsor"}, nil, nil},
		"team.setRole": {func(w *world) any {
			return map[string]any{"member_id": w.invite(w.sponsor, "mate@example.test", "manager"), "role": "viewer"}
		},
			[]string{"owner"}, nil, []string{"otherSponsor", "pendingSponsor"}},
		"team.remove": {func(w *world) any {
			return map[string]any{"member_id": w.invite(w.sponsor, "mate@example.test", "manager")}
		},
			[]string{"owner"}, nil, []string{"otherSponsor", "pendingSponsor"}},
		// An invitation exists for the account it was sent to alone.
		"team.accept": {func(w *world) any {
			return map[string]any{"member_id": w.inviteAccount(w.sponsor, w.pending, "manager")}
		},
			[]string{"pendingSponsor"}, nil, []string{"owner", "otherSponsor"}},
		"team.decline": {func(w *world) any {
			return map[string]any{"member_id": w.inviteAccount(w.sponsor, w.pending, "viewer")}
		},
			[]string{"pendingSponsor"}, nil, []string{"owner", "otherSponsor"}},
		"dispute.resolve": {func(w *world) any {
			return map[string]any{"ad_request_id": w.disputedDeal(), "outcome": "refund", "note": "no post found"}
		}, []string{"admin"}, nil, nil},
	}
	// Every registered mutator is covered.
	var missing []string
	for _, n := range mutate.Names() {
		if _, ok := targets[n]; !ok {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("mutators without an authorization case: %v", missing)
	}
	kinds := []string{"admin", "owner", "otherSponsor", "party", "otherInfluencer", "pendingSponsor",
		"flaggedSponsor", "flaggedInfluencer", "deactivated", "unknown", "manager", "viewer"}
	// What a manager of the owner's organisation may not do (docs/teams.md): money
	// and membership.
	ownerOnly := map[string]bool{"campaign.create": true, "adRequest.accept": true, "adRequest.complete": true, "deliverable.acceptProof": true,
		"team.invite": true, "team.setRole": true, "team.remove": true}
	names := mutate.Names()
	sort.Strings(names)
	for _, name := range names {
		tg := targets[name]
		for _, kind := range kinds {
			t.Run(name+"/"+kind, func(t *testing.T) {
				w := newWorld(t)
				actor := map[string]string{
					"admin": w.admin2, "owner": w.sponsor, "otherSponsor": w.sponsor2, "party": w.infl,
					"otherInfluencer": w.infl2, "pendingSponsor": w.pending, "flaggedSponsor": w.flaggedSponsor,
					"flaggedInfluencer": w.flaggedInfl, "deactivated": w.inactiveInf, "unknown": domain.NewID(),
				}[kind]
				switch kind { // teammates of the owner's organisation
				case "manager", "viewer":
					actor = w.teammate(w.sponsor, "Mate", kind)
				}
				args := tg.args(w)
				want := domain.CodeForbidden
				switch kind {
				case "unknown":
					want = domain.CodeUnauthenticated
				case "deactivated":
					want = domain.CodeForbidden
				case "flaggedSponsor", "flaggedInfluencer":
					want = domain.CodeFlagged
					if name == "notification.markRead" {
						want = domain.CodeNotFound // flagged users may read, but only their own
					}
				case "manager", "viewer":
					// A teammate acts for the owner's organisation: a manager as the
					// owner but money and membership, a viewer not at all but their name.
					switch {
					case kind == "viewer": // refused before the rows are read
						if name == "profile.update" {
							want = ok
						}
						if name == "team.accept" || name == "team.decline" {
							want = domain.CodeNotFound
						}
					case ownerOnly[name]:
					case contains(tg.hidden, "owner"):
						want = domain.CodeNotFound
					case contains(tg.allowed, "owner"):
						want = ok
					case contains(tg.turn, "owner"):
						want = domain.CodeInvalidTransition
					}
					if name == "notification.markRead" {
						want = domain.CodeNotFound // another's notification
					}
				case "pendingSponsor":
					if contains(tg.allowed, "otherSponsor") || contains(tg.allowed, kind) {
						want = ok // acts on its own rows
					}
					if contains(tg.hidden, kind) {
						want = domain.CodeNotFound
					}
				default:
					if contains(tg.allowed, kind) {
						want = ok
					}
					if contains(tg.turn, kind) {
						want = domain.CodeInvalidTransition
					}
					if contains(tg.hidden, kind) {
						want = domain.CodeNotFound
					}
				}
				before := snapshot(w)
				err := w.do(actor, name, args)
				if want == ok {
					if err != nil {
						t.Fatalf("got %v, want success", err)
					}
					return
				}
				if got := domain.ErrorCode(err); err == nil || got != want {
					t.Fatalf("got %v, want %s", err, want)
				}
				if after := snapshot(w); after != before {
					t.Fatalf("a refused mutation changed the database:\n%s\n%s", before, after)
				}
			})
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// snapshot summarises every table's content, to tell whether anything changed.
func snapshot(w *world) string {
	w.t.Helper()
	var s string
	for _, q := range []string{
		`SELECT group_concat(id || active || flagged || name || updated_at) FROM accounts`,
		`SELECT group_concat(account_id || approval || company_name || budget || updated_at) FROM sponsor_profiles`,
		`SELECT group_concat(account_id || display_name || reach_total || updated_at) FROM influencer_profiles`,
		`SELECT group_concat(id || status || visibility || budget || committed || flagged || name || updated_at || COALESCE(deleted_at, '')) FROM campaigns`,
		`SELECT group_concat(id || status || payment_amount || updated_at) FROM ad_requests`,
		`SELECT COUNT(*) FROM offers`, `SELECT COUNT(*) FROM reviews`,
		`SELECT group_concat(id || COALESCE(read_at, '')) FROM notifications`,
		`SELECT group_concat(id || status || draft_text || change_comment || proof_url || auto_accept_after || dispute_reason || updated_at) FROM deliverables`,
		`SELECT group_concat(id || views || reach || likes || comments || shares || saves || updated_at) FROM deliverable_metrics`,
		`SELECT group_concat(id || body || attachments) FROM deal_messages`,
		`SELECT group_concat(id || influencer_id || views || updated_at || COALESCE(deleted_at, '')) FROM posts`,
		`SELECT group_concat(id || share_bps || updated_at) FROM audience_shares`,
		`SELECT group_concat(influencer_id || show_audience || show_history || headline || updated_at) FROM media_kits`,
		`SELECT group_concat(target_countries || target_ages || target_platforms) FROM campaigns`,
		`SELECT group_concat(id || role || status || COALESCE(account_id, '') || updated_at) FROM org_members`,
		`SELECT group_concat(id || name || updated_at || COALESCE(deleted_at, '')) FROM shortlists`,
		`SELECT group_concat(id || note || updated_at || COALESCE(deleted_at, '')) FROM shortlist_entries`,
		`SELECT group_concat(id || name || query || updated_at || COALESCE(deleted_at, '')) FROM saved_searches`,
	} {
		var v *string
		if err := w.db.R.Get(&v, q); err != nil {
			w.t.Fatal(err)
		}
		if v != nil {
			s += *v
		}
		s += "|"
	}
	return s
}
