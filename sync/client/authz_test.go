package client_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/store"
	"iescp/sync/protocol"
)

// TestServer_RefusesEveryForbiddenMutation pushes, straight over HTTP and past
// every local check, each mutation as an actor that must be refused: the server
// decides from the token's account, whatever the arguments claim.
func TestServer_RefusesEveryForbiddenMutation(t *testing.T) {
	w := newWorld(t)
	w.register("sponsor", "globex@example.com", "Globex")
	w.register("influencer", "ian@example.com", "Ian")
	globex := w.desktopFor("globex@example.com", "globex")
	ian := w.desktopFor("ian@example.com", "ian")
	req, offer := w.sendRequest(10_000)
	w.sponsor.sync()
	w.infl.sync()
	var notif string
	if err := w.srv.DB().R.Get(&notif, `SELECT id FROM notifications WHERE account_id = ?`, w.infl.user.ID); err != nil {
		t.Fatal(err)
	}
	draft := domain.NewID()
	w.sponsor.must("campaign.create", map[string]any{"id": draft, "name": "Draft", "start_date": "2026-12-01",
		"end_date": "2026-12-02", "budget": 10})
	w.sponsor.sync()

	// An accepted request of the sponsor and the influencer, with one deliverable to do.
	dealCampaign, dealReq, dealOffer := domain.NewID(), domain.NewID(), domain.NewID()
	w.sponsor.must("campaign.create", map[string]any{"id": dealCampaign, "name": "Deal", "start_date": "2026-11-01",
		"end_date": "2026-12-31", "budget": 100_000, "visibility": "private", "publish": true})
	w.sponsor.must("adRequest.send", map[string]any{"id": dealReq, "offer_id": dealOffer, "campaign_id": dealCampaign,
		"influencer_id": w.infl.user.ID, "amount": 1000, "requirements": "x", "deliverables": []map[string]any{
			{"platform": "x", "content_type": "thread", "quantity": 1, "due_date": "2026-12-01"}}})
	w.sponsor.sync()
	w.infl.sync()
	w.infl.must("adRequest.accept", map[string]any{"ad_request_id": dealReq, "offer_id": dealOffer})
	w.infl.sync()
	del := mutate.DeliverableID(dealOffer, 0)
	delRef := map[string]any{"deliverable_id": del}

	// A post of the influencer's, on the server.
	postArgs := func(views int) map[string]any {
		return map[string]any{"platform": "instagram", "content_type": "reel", "posted_at": "2025-06-01T10:00:00Z",
			"followers": 1000, "views": views, "reach": 1, "likes": 1, "comments": 0, "shares": 0, "saves": 0}
	}
	postID := domain.NewID()
	w.infl.must("post.record", map[string]any{"id": postID, "post": postArgs(100)})
	w.infl.must("mediaKit.update", map[string]any{"show_audience": true})
	w.infl.sync()
	gender := map[string]any{"dimension": "gender", "buckets": []map[string]any{{"bucket": "male", "share_bps": 10000}}}
	// An invitation of the sponsor's to someone outside the cast.
	w.sponsor.must("team.invite", map[string]any{"email": "outsider@example.com", "role": "manager"})
	w.sponsor.sync()
	invite := mutate.OrgMemberID(w.sponsor.user.ID, "outsider@example.com")

	// A list and a saved search of the sponsor's organisation.
	list, saved := domain.NewID(), domain.NewID()
	w.sponsor.must("shortlist.create", map[string]any{"id": list, "name": "Picks"})
	w.sponsor.must("shortlist.add", map[string]any{"shortlist_id": list, "influencer_ids": []string{w.infl.user.ID}})
	w.sponsor.must("savedSearch.save", map[string]any{"id": saved, "name": "All", "query": map[string]any{}})
	w.sponsor.sync()
	entry := mutate.ShortlistEntryID(list, w.infl.user.ID)

	newCampaign := map[string]any{"id": domain.NewID(), "name": "X", "start_date": "2026-12-01", "end_date": "2026-12-02", "budget": 1}
	cases := []struct {
		name  string
		actor *desktop
		args  map[string]any
		want  domain.Code
	}{
		{"campaign.create", w.infl, newCampaign, domain.CodeForbidden},
		{"campaign.create", w.admin, newCampaign, domain.CodeForbidden},
		{"campaign.update", globex, map[string]any{"id": w.campaign, "name": "Hijacked"}, domain.CodeForbidden},
		{"campaign.publish", globex, map[string]any{"id": draft}, domain.CodeNotFound}, // another's draft does not exist for globex
		{"campaign.setVisibility", globex, map[string]any{"id": w.campaign, "visibility": "private"}, domain.CodeForbidden},
		{"campaign.complete", w.infl, map[string]any{"id": w.campaign}, domain.CodeForbidden},
		{"campaign.delete", globex, map[string]any{"id": w.campaign}, domain.CodeForbidden},
		{"adRequest.send", globex, map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(), "campaign_id": w.campaign,
			"influencer_id": ian.user.ID, "amount": 5, "requirements": "x"}, domain.CodeForbidden},
		{"adRequest.apply", globex, map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(), "campaign_id": w.campaign,
			"amount": 5}, domain.CodeForbidden},
		{"adRequest.counter", ian, map[string]any{"ad_request_id": req, "offer_id": domain.NewID(), "in_reply_to": offer,
			"amount": 5, "requirements": "x"}, domain.CodeNotFound}, // others' requests do not exist for ian
		{"adRequest.accept", ian, map[string]any{"ad_request_id": req, "offer_id": offer}, domain.CodeNotFound},
		{"adRequest.accept", w.sponsor, map[string]any{"ad_request_id": req, "offer_id": offer}, domain.CodeInvalidTransition},
		{"adRequest.reject", globex, map[string]any{"ad_request_id": req}, domain.CodeNotFound},
		{"adRequest.withdraw", ian, map[string]any{"ad_request_id": req}, domain.CodeNotFound},
		{"adRequest.complete", w.infl, map[string]any{"ad_request_id": req}, domain.CodeForbidden},
		{"adRequest.message", ian, map[string]any{"id": domain.NewID(), "ad_request_id": req, "body": "psst"}, domain.CodeNotFound},
		{"adRequest.message", globex, map[string]any{"id": domain.NewID(), "ad_request_id": req, "body": "psst"}, domain.CodeNotFound},
		{"adRequest.message", w.admin, map[string]any{"id": domain.NewID(), "ad_request_id": req, "body": "psst"}, domain.CodeForbidden},
		{"adRequest.message", w.infl, map[string]any{"id": domain.NewID(), "ad_request_id": req, "body": "  "}, domain.CodeInvalidArgument},
		{"review.create", ian, map[string]any{"id": domain.NewID(), "ad_request_id": req, "rating": 1}, domain.CodeNotFound},
		{"profile.update", w.infl, map[string]any{"budget": 1}, domain.CodeInvalidArgument},
		{"notification.markRead", ian, map[string]any{"ids": []string{notif}}, domain.CodeNotFound},
		{"deliverable.submitDraft", ian, map[string]any{"deliverable_id": del, "draft_text": "x"}, domain.CodeNotFound},
		{"deliverable.submitDraft", w.sponsor, map[string]any{"deliverable_id": del, "draft_text": "x"}, domain.CodeForbidden},
		{"deliverable.requestChanges", globex, map[string]any{"deliverable_id": del, "comment": "x"}, domain.CodeNotFound},
		{"deliverable.approveDraft", globex, delRef, domain.CodeNotFound},
		{"deliverable.approveDraft", w.infl, delRef, domain.CodeForbidden},
		{"deliverable.submitProof", ian, map[string]any{"deliverable_id": del, "proof_url": "https://x.com/1",
			"posted_at": "2026-11-20T10:00:00Z", "screenshot": map[string]any{"sha256": "abababababababababababababababababababababababababababababababab", "name": "post.png", "size": 2048, "content_type": "image/png"}}, domain.CodeNotFound},
		{"deliverable.acceptProof", w.infl, delRef, domain.CodeForbidden},
		{"deliverable.dispute", globex, map[string]any{"deliverable_id": del, "reason": "x"}, domain.CodeNotFound},
		{"deliverable.dispute", w.admin, map[string]any{"deliverable_id": del, "reason": "x"}, domain.CodeForbidden},
		{"deliverable.reportMetrics", ian, map[string]any{"deliverable_id": del, "checkpoint": "24h", "views": 1}, domain.CodeNotFound},
		{"deliverable.reportMetrics", w.sponsor, map[string]any{"deliverable_id": del, "checkpoint": "24h", "views": 1}, domain.CodeForbidden},
		{"deliverable.reportMetrics", w.infl, map[string]any{"deliverable_id": del, "checkpoint": "24h", "views": 1}, domain.CodeInvalidTransition}, // not posted
		{"admin.approveSponsor", w.sponsor, map[string]any{"sponsor_id": globex.user.ID}, domain.CodeForbidden},
		{"admin.rejectSponsor", w.infl, map[string]any{"sponsor_id": globex.user.ID}, domain.CodeForbidden},
		{"admin.flag", w.sponsor, map[string]any{"target": "account", "id": ian.user.ID, "reason": "x"}, domain.CodeForbidden},
		{"admin.unflag", w.infl, map[string]any{"target": "account", "id": ian.user.ID}, domain.CodeForbidden},
		{"admin.setActive", globex, map[string]any{"account_id": w.sponsor.user.ID, "active": false}, domain.CodeForbidden},
		{"platform.setCommission", w.sponsor, map[string]any{"commission_bps": 0}, domain.CodeForbidden},
		{"dispute.resolve", w.infl, map[string]any{"ad_request_id": req, "outcome": "release", "note": "pay me"}, domain.CodeForbidden},
		// An influencer's analytics are theirs alone: another's post does not exist.
		{"post.record", ian, map[string]any{"id": postID, "post": postArgs(1)}, domain.CodeNotFound},
		{"post.record", w.sponsor, map[string]any{"id": domain.NewID(), "post": postArgs(1)}, domain.CodeForbidden},
		{"post.delete", ian, map[string]any{"id": postID}, domain.CodeNotFound},
		{"post.delete", w.admin, map[string]any{"id": postID}, domain.CodeForbidden},
		{"posts.import", w.sponsor, map[string]any{"posts": []any{postArgs(1)}}, domain.CodeForbidden},
		{"posts.import", w.admin, map[string]any{"posts": []any{postArgs(1)}}, domain.CodeForbidden},
		{"audience.set", globex, gender, domain.CodeForbidden},
		{"audience.set", w.admin, gender, domain.CodeForbidden},
		{"mediaKit.update", w.sponsor, map[string]any{"show_audience": false}, domain.CodeForbidden},
		{"mediaKit.update", w.admin, map[string]any{"show_audience": false}, domain.CodeForbidden},
		// Membership is an owner's of their own organisation; an invitation its invitee's.
		{"team.invite", w.infl, map[string]any{"email": "x@example.com", "role": "viewer"}, domain.CodeForbidden},
		{"team.setRole", globex, map[string]any{"member_id": w.sponsor.user.ID, "role": "viewer"}, domain.CodeNotFound},
		{"team.setRole", w.sponsor, map[string]any{"member_id": w.sponsor.user.ID, "role": "viewer"}, domain.CodeForbidden}, // the founder
		{"team.remove", globex, map[string]any{"member_id": w.sponsor.user.ID}, domain.CodeNotFound},
		{"team.accept", globex, map[string]any{"member_id": invite}, domain.CodeNotFound},
		{"team.decline", w.admin, map[string]any{"member_id": invite}, domain.CodeForbidden},
		// Another organisation's lists do not exist; influencers and admins have none.
		{"shortlist.create", w.infl, map[string]any{"id": domain.NewID(), "name": "X"}, domain.CodeForbidden},
		{"shortlist.create", globex, map[string]any{"id": domain.NewID(), "name": "X", "campaign_id": w.campaign}, domain.CodeNotFound},
		{"shortlist.rename", globex, map[string]any{"id": list, "name": "Mine"}, domain.CodeNotFound},
		{"shortlist.delete", globex, map[string]any{"id": list}, domain.CodeNotFound},
		{"shortlist.add", globex, map[string]any{"shortlist_id": list, "influencer_ids": []string{ian.user.ID}}, domain.CodeNotFound},
		{"shortlist.add", w.admin, map[string]any{"shortlist_id": list, "influencer_ids": []string{ian.user.ID}}, domain.CodeForbidden},
		{"shortlist.note", globex, map[string]any{"id": entry, "note": "mine"}, domain.CodeNotFound},
		{"shortlist.remove", globex, map[string]any{"ids": []string{entry}}, domain.CodeNotFound},
		{"savedSearch.save", globex, map[string]any{"id": saved, "name": "Mine", "query": map[string]any{}}, domain.CodeInvalidArgument},
		{"savedSearch.save", ian, map[string]any{"id": domain.NewID(), "name": "X", "query": map[string]any{}}, domain.CodeForbidden},
		{"savedSearch.delete", globex, map[string]any{"id": saved}, domain.CodeNotFound},
		// Claiming another identity in the arguments is not even well-formed.
		{"posts.import", ian, map[string]any{"influencer_id": w.infl.user.ID, "posts": []any{postArgs(1)}}, domain.CodeInvalidArgument},
		{"mediaKit.update", ian, map[string]any{"influencer_id": w.infl.user.ID, "show_audience": false}, domain.CodeInvalidArgument},
		{"campaign.update", globex, map[string]any{"id": w.campaign, "sponsor_id": globex.user.ID}, domain.CodeInvalidArgument},
		{"profile.update", ian, map[string]any{"account_id": w.infl.user.ID, "bio": "mine now"}, domain.CodeInvalidArgument},
	}
	covered := map[string]bool{}
	before := serverSnapshot(t, w)
	for _, tc := range cases {
		covered[tc.name] = true
		res := pushRaw(t, w.platform, tc.actor, tc.name, tc.args)
		if res.Status != protocol.StatusRejected || res.Code != string(tc.want) {
			t.Errorf("%s by %s: got %+v, want rejected %s", tc.name, tc.actor.name, res, tc.want)
		}
	}
	for _, n := range mutate.Names() {
		if !covered[n] {
			t.Errorf("no refused case for %s", n)
		}
	}
	if after := serverSnapshot(t, w); after != before {
		t.Fatal("refused mutations changed the canonical database")
	}

	// A client ID belongs to the account that first used it.
	var e protocol.ErrorBody
	status := post(t, w.platform, globex, "/sync/v1/push", protocol.PushRequest{ClientID: w.infl.engine.ClientID(),
		ProtocolVersion: protocol.ProtocolVersion, SchemaVersion: store.LatestVersion(store.SetDomain),
		Mutations: []protocol.Mutation{{ID: 99, Name: "profile.update", Args: json.RawMessage(`{"bio":"x"}`)}}}, &e)
	if status != http.StatusForbidden || e.Error.Code != "forbidden" {
		t.Fatalf("push with another account's client id: %d %+v", status, e)
	}
	status = post(t, w.platform, globex, "/sync/v1/pull", protocol.PullRequest{ClientID: w.infl.engine.ClientID(),
		ProtocolVersion: protocol.ProtocolVersion, SchemaVersion: store.LatestVersion(store.SetDomain)}, &e)
	if status != http.StatusForbidden {
		t.Fatalf("pull with another account's client id: %d", status)
	}
}

func serverSnapshot(t *testing.T, w *world) string {
	t.Helper()
	var parts []string
	for _, q := range []string{
		`SELECT group_concat(id || name || status || visibility || budget || committed || flagged, ',') FROM campaigns`,
		`SELECT group_concat(id || status || payment_amount, ',') FROM ad_requests`,
		`SELECT COUNT(*) FROM offers`, `SELECT COUNT(*) FROM reviews`,
		`SELECT group_concat(id || active || flagged, ',') FROM accounts`,
		`SELECT group_concat(account_id || approval || budget, ',') FROM sponsor_profiles`,
		`SELECT group_concat(account_id || bio, ',') FROM influencer_profiles`,
		`SELECT group_concat(id || COALESCE(CAST(read_at AS TEXT), ''), ',') FROM notifications`,
		`SELECT COUNT(*) FROM deliverable_metrics`,
		`SELECT COUNT(*) FROM deal_messages`,
		`SELECT group_concat(id || status || draft_text || proof_url || dispute_reason, ',') FROM deliverables`,
		`SELECT group_concat(id || influencer_id || views || COALESCE(CAST(deleted_at AS TEXT), ''), ',') FROM posts`,
		`SELECT group_concat(id || share_bps, ',') FROM audience_shares`,
		`SELECT group_concat(influencer_id || show_audience || show_history || headline, ',') FROM media_kits`,
		`SELECT group_concat(id || name || COALESCE(CAST(deleted_at AS TEXT), ''), ',') FROM shortlists`,
		`SELECT group_concat(id || note || COALESCE(CAST(deleted_at AS TEXT), ''), ',') FROM shortlist_entries`,
		`SELECT group_concat(id || name || query || COALESCE(CAST(deleted_at AS TEXT), ''), ',') FROM saved_searches`,
	} {
		var s *string
		if err := w.srv.DB().R.Get(&s, q); err != nil {
			t.Fatal(err)
		}
		if s != nil {
			parts = append(parts, *s)
		}
	}
	return strings.Join(parts, "|")
}
