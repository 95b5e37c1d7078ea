package securitytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/sync/protocol"
)

// cast is every kind of actor the authorization matrix tries, on its own accounts.
type cast struct {
	admin                *actor
	byKind               map[string]*actor
	targetPending        *actor // a pending sponsor that only admin.approveSponsor/rejectSponsor name
	world                map[string]bool
	ownerID, adminID     string
	partyID, otherInflID string
}

// kinds of actor, in the order the matrix tries them. "anonymous" has no token.
var kinds = []string{"anonymous", "party", "otherInfluencer", "pendingSponsor", "owner", "otherSponsor",
	"flaggedSponsor", "flaggedInfluencer", "deactivatedSponsor", "deactivatedInfluencer", "admin", "ownerViewer"}

func newCast(t *testing.T, s *server) *cast {
	t.Helper()
	admin := s.adminActor(t)
	c := &cast{admin: admin, byKind: map[string]*actor{"admin": admin}, world: map[string]bool{}}
	c.byKind["owner"] = approvedSponsor(t, s, "owner")
	c.byKind["otherSponsor"] = approvedSponsor(t, s, "otherSponsor")
	c.byKind["pendingSponsor"] = register(t, s, "sponsor", "pendingSponsor")
	c.byKind["party"] = register(t, s, "influencer", "party")
	c.byKind["otherInfluencer"] = register(t, s, "influencer", "otherInfluencer")
	c.byKind["flaggedSponsor"] = approvedSponsor(t, s, "flaggedSponsor")
	c.byKind["flaggedInfluencer"] = register(t, s, "influencer", "flaggedInfluencer")
	c.byKind["deactivatedSponsor"] = approvedSponsor(t, s, "deactivatedSponsor")
	c.byKind["deactivatedInfluencer"] = register(t, s, "influencer", "deactivatedInfluencer")
	c.targetPending = register(t, s, "sponsor", "targetPending")
	// A viewer of the owner's organisation (docs/teams.md): reads its rows, changes none.
	c.byKind["ownerViewer"] = register(t, s, "sponsor", "ownerViewer")
	c.byKind["owner"].must(t, "team.invite", map[string]any{"email": c.byKind["ownerViewer"].Email, "role": "viewer"})
	c.byKind["ownerViewer"].must(t, "team.accept", map[string]any{"member_id": mutate.OrgMemberID(c.byKind["owner"].ID, c.byKind["ownerViewer"].Email)})
	for _, k := range []string{"flaggedSponsor", "flaggedInfluencer"} {
		admin.must(t, "admin.flag", map[string]any{"target": "account", "id": c.byKind[k].ID, "reason": "fake followers"})
	}
	for _, k := range []string{"deactivatedSponsor", "deactivatedInfluencer"} {
		admin.must(t, "admin.setActive", map[string]any{"account_id": c.byKind[k].ID, "active": false})
	}
	for k, a := range c.byKind {
		if k != "admin" {
			c.world[a.ID] = true
		}
	}
	c.world[c.targetPending.ID] = true
	c.ownerID, c.adminID = c.byKind["owner"].ID, admin.ID
	c.partyID, c.otherInflID = c.byKind["party"].ID, c.byKind["otherInfluencer"].ID
	return c
}

// watcher keeps one viewer's replica and tells which of the cast's rows changed.
type watcher struct {
	a      *actor
	c      *cast
	rep    replica
	cursor int64
}

func (c *cast) watch(t *testing.T, a *actor) *watcher {
	t.Helper()
	rep, cursor := a.pullAll(t)
	return &watcher{a: a, c: c, rep: rep, cursor: cursor}
}

// mine tells whether a row belongs to the cast (other tests share the server).
func (c *cast) mine(table, id string, r row) bool {
	if c.world[id] || (table == "accounts" && id == c.adminID) {
		return true
	}
	for _, col := range []string{"sponsor_id", "account_id", "influencer_id", "author_id"} {
		if v := r.str(col); v != "" && c.world[v] {
			return true
		}
	}
	return false
}

// changes pulls what changed since the last call and lists, column by column,
// every difference in the cast's rows.
func (w *watcher) changes(t *testing.T) []string {
	t.Helper()
	var diffs []string
	w.cursor = w.a.pullInto(t, replica{}, w.cursor, func(ch protocol.Change) {
		if w.rep[ch.Table] == nil {
			w.rep[ch.Table] = map[string]row{}
		}
		old := w.rep[ch.Table][ch.ID]
		switch ch.Op {
		case protocol.OpDel:
			if old != nil && w.c.mine(ch.Table, ch.ID, old) {
				diffs = append(diffs, fmt.Sprintf("%s's pull: %s %s deleted", w.a.Name, ch.Table, ch.ID))
			}
			delete(w.rep[ch.Table], ch.ID)
		case protocol.OpPut:
			nw := decodeRow(t, ch.Row)
			if old == nil && w.c.mine(ch.Table, ch.ID, nw) {
				diffs = append(diffs, fmt.Sprintf("%s's pull: new %s %s: %v", w.a.Name, ch.Table, ch.ID, map[string]any(nw)))
			} else if old != nil && w.c.mine(ch.Table, ch.ID, nw) {
				for _, d := range diffRows(old, nw) {
					diffs = append(diffs, fmt.Sprintf("%s's pull: %s %s: %s", w.a.Name, ch.Table, ch.ID, d))
				}
			}
			w.rep[ch.Table][ch.ID] = nw
		}
	})
	return diffs
}

// authzCase is one mutation against one target.
type authzCase struct {
	mutation string
	target   string                 // what the args name
	args     func(t *testing.T) any // builds a fresh target and returns the arguments
	allowed  []string               // kinds that may do this (not attacked)
	control  string                 // an allowed kind that must then succeed: proves the args are valid
	codes    []string               // refusal codes besides the usual ones
}

// postFields is one post's fields as post.record and posts.import take them.
func postFields(views int) map[string]any {
	return map[string]any{"platform": "tiktok", "content_type": "short", "posted_at": "2025-06-01T10:00:00Z",
		"followers": 1000, "views": views, "reach": 10, "likes": 1, "comments": 0, "shares": 0, "saves": 0}
}

// refusal codes a mutation on a target the actor must not touch may get.
var refusalCodes = []string{"forbidden", "not_found", "flagged", "invalid_transition", "sponsor_not_approved"}

// TestAuthorizationMatrix pushes every mutation as every kind of actor against a
// target that actor must not touch, expects a refusal, and checks by pulling as the
// target's owners (and an admin) that not one column of their rows changed.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	c := newCast(t, s)
	owner, party := c.byKind["owner"], c.byKind["party"]
	id := domain.NewID
	public := func(t *testing.T) string { return owner.campaign(t, "public", true, 100_000) }
	pending := func(t *testing.T) (string, string) { return owner.send(t, public(t), party, 1000) }
	accepted := func(t *testing.T) string {
		r, o := pending(t)
		party.must(t, "adRequest.accept", map[string]any{"ad_request_id": r, "offer_id": o})
		return r
	}
	completed := func(t *testing.T) string {
		r := accepted(t)
		owner.must(t, "adRequest.complete", map[string]any{"ad_request_id": r})
		return r
	}
	// deliverable returns a deliverable of a new accepted request between the owner
	// and the party, moved to status by their own mutations; it joins the cast's
	// rows, so a change to it by anyone else is caught.
	deliverable := func(t *testing.T, status string) string {
		r, o := id(), id()
		owner.must(t, "adRequest.send", map[string]any{"id": r, "offer_id": o, "campaign_id": public(t), "influencer_id": c.partyID,
			"amount": 1000, "requirements": "one reel", "deliverables": []map[string]any{
				{"platform": "tiktok", "content_type": "short", "quantity": 1, "due_date": "2099-01-01"}}})
		party.must(t, "adRequest.accept", map[string]any{"ad_request_id": r, "offer_id": o})
		d := mutate.DeliverableID(o, 0)
		c.world[d] = true
		ref := map[string]any{"deliverable_id": d}
		if status == "todo" {
			return d
		}
		party.must(t, "deliverable.submitDraft", map[string]any{"deliverable_id": d, "draft_text": "draft"})
		if status == "draft_submitted" {
			return d
		}
		owner.must(t, "deliverable.approveDraft", ref)
		if status == "approved_for_posting" {
			return d
		}
		party.must(t, "deliverable.submitProof", map[string]any{"deliverable_id": d, "proof_url": "https://tiktok.com/@p/1",
			"posted_at": "2026-01-02T10:00:00Z", "screenshot": map[string]any{"sha256": "abababababababababababababababababababababababababababababababab", "name": "post.png", "size": 2048, "content_type": "image/png"}})
		return d // posted
	}
	// partyPost records a post of the party's and returns its id.
	partyPost := func(t *testing.T) string {
		p := id()
		party.must(t, "post.record", map[string]any{"id": p, "post": postFields(100)})
		c.world[p] = true
		return p
	}
	everyoneActive := []string{"admin", "owner", "otherSponsor", "pendingSponsor", "party", "otherInfluencer", "ownerViewer"}
	// teamInvite has the owner invite a fresh address; it returns the member id.
	teamInvite := func(t *testing.T, role string) string {
		e := uniqueEmail("mate")
		owner.must(t, "team.invite", map[string]any{"email": e, "role": role})
		return mutate.OrgMemberID(c.ownerID, e)
	}
	ownerList := func(t *testing.T) string {
		l := id()
		owner.must(t, "shortlist.create", map[string]any{"id": l, "name": "Picks"})
		return l
	}
	ownerEntry := func(t *testing.T) string {
		l := ownerList(t)
		owner.must(t, "shortlist.add", map[string]any{"shortlist_id": l, "influencer_ids": []string{c.partyID}})
		return mutate.ShortlistEntryID(l, c.partyID)
	}
	cases := []authzCase{
		{"campaign.create", "a new draft", func(t *testing.T) any {
			return map[string]any{"id": id(), "name": "X", "start_date": "2026-01-01", "end_date": "2099-12-31", "budget": 1}
		}, []string{"owner", "otherSponsor", "pendingSponsor"}, "owner", nil},
		{"campaign.create", "the id of the owner's campaign", func(t *testing.T) any {
			return map[string]any{"id": public(t), "name": "Overwrite", "start_date": "2026-01-01", "end_date": "2099-12-31", "budget": 1}
		}, nil, "", []string{"invalid_argument"}},
		{"campaign.update", "the owner's campaign", func(t *testing.T) any {
			return map[string]any{"id": public(t), "name": "Hijacked", "budget": 999_999}
		}, []string{"owner"}, "owner", nil},
		{"campaign.publish", "the owner's draft", func(t *testing.T) any {
			return map[string]any{"id": owner.campaign(t, "public", false, 10)}
		}, []string{"owner"}, "owner", nil},
		{"campaign.setVisibility", "the owner's public campaign", func(t *testing.T) any {
			return map[string]any{"id": public(t), "visibility": "private"}
		}, []string{"owner"}, "owner", nil},
		{"campaign.complete", "the owner's campaign", func(t *testing.T) any { return map[string]any{"id": public(t)} },
			[]string{"owner"}, "owner", nil},
		{"campaign.delete", "the owner's campaign", func(t *testing.T) any { return map[string]any{"id": public(t)} },
			[]string{"owner"}, "owner", nil},
		{"adRequest.send", "the owner's campaign", func(t *testing.T) any {
			return map[string]any{"id": id(), "offer_id": id(), "campaign_id": public(t), "influencer_id": c.otherInflID,
				"amount": 5, "requirements": "x"}
		}, []string{"owner"}, "owner", nil},
		{"adRequest.apply", "the owner's private campaign", func(t *testing.T) any {
			return map[string]any{"id": id(), "offer_id": id(), "campaign_id": owner.campaign(t, "private", true, 100), "amount": 5}
		}, nil, "", nil},
		{"adRequest.apply", "the owner's public campaign", func(t *testing.T) any {
			return map[string]any{"id": id(), "offer_id": id(), "campaign_id": public(t), "amount": 5}
		}, []string{"party", "otherInfluencer"}, "party", nil},
		{"adRequest.counter", "the owner's offer to the party", func(t *testing.T) any {
			r, o := pending(t)
			return map[string]any{"ad_request_id": r, "offer_id": id(), "in_reply_to": o, "amount": 7, "requirements": "x"}
		}, []string{"party"}, "party", nil},
		{"adRequest.accept", "the owner's offer to the party", func(t *testing.T) any {
			r, o := pending(t)
			return map[string]any{"ad_request_id": r, "offer_id": o}
		}, []string{"party"}, "party", nil},
		{"adRequest.reject", "the owner's offer to the party", func(t *testing.T) any {
			r, _ := pending(t)
			return map[string]any{"ad_request_id": r, "reason": "no"}
		}, []string{"party"}, "party", nil},
		{"adRequest.withdraw", "a pending request", func(t *testing.T) any {
			r, _ := pending(t)
			return map[string]any{"ad_request_id": r}
		}, []string{"owner", "party"}, "party", nil},
		{"adRequest.complete", "an accepted request", func(t *testing.T) any { return map[string]any{"ad_request_id": accepted(t)} },
			[]string{"owner"}, "owner", nil},
		{"adRequest.message", "a completed request of the owner and the party", func(t *testing.T) any {
			return map[string]any{"id": id(), "ad_request_id": completed(t), "body": "planted"}
		}, []string{"owner", "party"}, "party", nil},
		{"review.create", "a completed request", func(t *testing.T) any {
			return map[string]any{"id": id(), "ad_request_id": completed(t), "rating": 1, "body": "fake"}
		}, []string{"owner", "party"}, "party", nil},
		{"deliverable.submitDraft", "the party's deliverable to do", func(t *testing.T) any {
			return map[string]any{"deliverable_id": deliverable(t, "todo"), "draft_text": "hijacked", "draft_links": []string{"https://evil.example"}}
		}, []string{"party"}, "party", nil},
		{"deliverable.requestChanges", "the party's submitted draft", func(t *testing.T) any {
			return map[string]any{"deliverable_id": deliverable(t, "draft_submitted"), "comment": "redo"}
		}, []string{"owner"}, "owner", nil},
		{"deliverable.approveDraft", "the party's submitted draft", func(t *testing.T) any {
			return map[string]any{"deliverable_id": deliverable(t, "draft_submitted")}
		}, []string{"owner"}, "owner", nil},
		{"deliverable.submitProof", "the party's approved deliverable", func(t *testing.T) any {
			return map[string]any{"deliverable_id": deliverable(t, "approved_for_posting"), "proof_url": "https://evil.example/p",
				"posted_at": "2026-01-02T10:00:00Z", "screenshot": map[string]any{"sha256": "abababababababababababababababababababababababababababababababab", "name": "post.png", "size": 2048, "content_type": "image/png"}}
		}, []string{"party"}, "party", nil},
		{"deliverable.acceptProof", "the party's posted deliverable", func(t *testing.T) any {
			return map[string]any{"deliverable_id": deliverable(t, "posted")}
		}, []string{"owner"}, "owner", nil},
		{"deliverable.dispute", "the party's posted deliverable", func(t *testing.T) any {
			return map[string]any{"deliverable_id": deliverable(t, "posted"), "reason": "sabotage"}
		}, []string{"owner", "party"}, "party", nil},
		{"deliverable.reportMetrics", "the party's posted deliverable", func(t *testing.T) any {
			d := deliverable(t, "posted") // posted 2026-01-02: every checkpoint has come
			c.world[domain.MetricsID(d, domain.Checkpoint24h)] = true
			return map[string]any{"deliverable_id": d, "checkpoint": "24h", "views": 999_999, "reach": 1, "likes": 0,
				"comments": 0, "shares": 0, "saves": 0}
		}, []string{"party"}, "party", nil},
		// An influencer's analytics are theirs alone: another's post does not exist
		// for the other influencers; each influencer writes only their own rows.
		{"post.record", "the party's post", func(t *testing.T) any {
			p := partyPost(t)
			return map[string]any{"id": p, "post": postFields(999_999)}
		}, []string{"party"}, "party", nil},
		{"post.delete", "the party's post", func(t *testing.T) any { return map[string]any{"id": partyPost(t)} },
			[]string{"party"}, "party", nil},
		{"posts.import", "the actor's own history", func(t *testing.T) any {
			return map[string]any{"posts": []any{postFields(5)}}
		}, []string{"party", "otherInfluencer"}, "party", nil},
		{"audience.set", "the actor's own audience", func(t *testing.T) any {
			return map[string]any{"dimension": "age", "buckets": []map[string]any{{"bucket": "18-24", "share_bps": 5000}}}
		}, []string{"party", "otherInfluencer"}, "party", nil},
		{"mediaKit.update", "the actor's own media kit", func(t *testing.T) any {
			return map[string]any{"show_audience": true, "headline": "planted"}
		}, []string{"party", "otherInfluencer"}, "party", nil},
		// An organisation's lists: its owners and managers write them; to everyone
		// else they do not exist (lists_test.go has the roles).
		{"shortlist.create", "a new list", func(t *testing.T) any { return map[string]any{"id": id(), "name": "Picks"} },
			[]string{"owner", "otherSponsor", "pendingSponsor"}, "owner", nil},
		{"shortlist.rename", "the owner's list", func(t *testing.T) any { return map[string]any{"id": ownerList(t), "name": "Renamed"} },
			[]string{"owner"}, "owner", nil},
		{"shortlist.delete", "the owner's list", func(t *testing.T) any { return map[string]any{"id": ownerList(t)} },
			[]string{"owner"}, "owner", nil},
		{"shortlist.add", "the owner's list", func(t *testing.T) any {
			return map[string]any{"shortlist_id": ownerList(t), "influencer_ids": []string{c.partyID}, "note": "planted"}
		}, []string{"owner"}, "owner", nil},
		{"shortlist.note", "an entry of the owner's list", func(t *testing.T) any {
			return map[string]any{"id": ownerEntry(t), "note": "planted"}
		}, []string{"owner"}, "owner", nil},
		{"shortlist.remove", "an entry of the owner's list", func(t *testing.T) any {
			return map[string]any{"ids": []string{ownerEntry(t)}}
		}, []string{"owner"}, "owner", nil},
		{"savedSearch.save", "the owner's saved search", func(t *testing.T) any {
			sid := id()
			owner.must(t, "savedSearch.save", map[string]any{"id": sid, "name": "All", "query": map[string]any{}})
			return map[string]any{"id": sid, "name": "Overwritten", "query": map[string]any{"niche": "x"}}
		}, []string{"owner"}, "owner", []string{"invalid_argument"}},
		{"savedSearch.delete", "the owner's saved search", func(t *testing.T) any {
			sid := id()
			owner.must(t, "savedSearch.save", map[string]any{"id": sid, "name": "All", "query": map[string]any{}})
			return map[string]any{"id": sid}
		}, []string{"owner"}, "owner", nil},
		{"profile.update", "the actor's own profile", func(t *testing.T) any { return map[string]any{"name": "Renamed"} },
			everyoneActive, "party", nil},
		{"notification.markRead", "the party's notification", func(t *testing.T) any {
			pending(t)
			rep, _ := party.pullAll(t)
			var ids []string
			for nid, n := range rep["notifications"] {
				if n.str("read_at") == "" {
					ids = append(ids, nid)
				}
			}
			if len(ids) == 0 {
				t.Fatal("the party has no unread notification")
			}
			return map[string]any{"ids": ids}
		}, []string{"party"}, "party", nil},
		// Membership is an owner's, of their own organisation; an invitation is its
		// invitee's alone (here one nobody in the cast is).
		{"team.invite", "the actor's own organisation", func(t *testing.T) any {
			return map[string]any{"email": uniqueEmail("invitee"), "role": "manager"}
		}, []string{"owner", "otherSponsor", "pendingSponsor"}, "owner", nil},
		{"team.setRole", "an invitation of the owner's", func(t *testing.T) any {
			return map[string]any{"member_id": teamInvite(t, "viewer"), "role": "owner"}
		}, []string{"owner"}, "owner", nil},
		{"team.remove", "the owner's viewer", func(t *testing.T) any {
			return map[string]any{"member_id": mutate.OrgMemberID(c.ownerID, c.byKind["ownerViewer"].Email)}
		}, []string{"owner"}, "", nil},
		{"team.accept", "an invitation to someone else", func(t *testing.T) any {
			return map[string]any{"member_id": teamInvite(t, "owner")}
		}, nil, "", nil},
		{"team.decline", "an invitation to someone else", func(t *testing.T) any {
			return map[string]any{"member_id": teamInvite(t, "manager")}
		}, nil, "", nil},
		{"admin.approveSponsor", "a pending sponsor", func(t *testing.T) any {
			return map[string]any{"sponsor_id": c.targetPending.ID}
		}, []string{"admin"}, "", nil},
		{"admin.rejectSponsor", "a pending sponsor", func(t *testing.T) any {
			return map[string]any{"sponsor_id": c.targetPending.ID, "reason": "no"}
		}, []string{"admin"}, "", nil},
		{"admin.flag", "the owner's campaign", func(t *testing.T) any {
			return map[string]any{"target": "campaign", "id": public(t), "reason": "spam"}
		}, []string{"admin"}, "admin", nil},
		{"admin.flag", "the owner's account", func(t *testing.T) any {
			return map[string]any{"target": "account", "id": c.ownerID, "reason": "spam"}
		}, []string{"admin"}, "", nil},
		{"admin.flag", "an admin", func(t *testing.T) any {
			return map[string]any{"target": "account", "id": c.adminID, "reason": "spam"}
		}, nil, "", []string{"invalid_argument"}},
		{"admin.unflag", "a flagged campaign", func(t *testing.T) any {
			cp := public(t)
			c.admin.must(t, "admin.flag", map[string]any{"target": "campaign", "id": cp, "reason": "spam"})
			return map[string]any{"target": "campaign", "id": cp}
		}, []string{"admin"}, "admin", nil},
		// The control sets the default again: the shared server's other tests see no change.
		{"platform.setCommission", "the platform's rate", func(t *testing.T) any {
			return map[string]any{"commission_bps": 1000}
		}, []string{"admin"}, "admin", nil},
		{"dispute.resolve", "a disputed deal of the owner and the party", func(t *testing.T) any {
			d := deliverable(t, "posted")
			party.must(t, "deliverable.dispute", map[string]any{"deliverable_id": d, "reason": "no answer"})
			rep, _ := party.pullAll(t)
			return map[string]any{"ad_request_id": rep.get("deliverables", d).str("ad_request_id"), "outcome": "release", "note": "posted as agreed"}
		}, []string{"admin"}, "admin", nil},
		{"admin.setActive", "another influencer", func(t *testing.T) any {
			return map[string]any{"account_id": c.otherInflID, "active": false}
		}, []string{"admin"}, "", nil},
		{"admin.setActive", "the admin itself", func(t *testing.T) any {
			return map[string]any{"account_id": c.adminID, "active": false}
		}, nil, "", []string{"invalid_argument"}},
	}

	// Every registered mutation has a case.
	covered := map[string]bool{}
	for _, tc := range cases {
		if _, ok := mutate.Lookup(tc.mutation); !ok {
			t.Errorf("case for unknown mutation %s", tc.mutation)
		}
		covered[tc.mutation] = true
	}
	for _, n := range mutate.Names() {
		if !covered[n] {
			t.Errorf("mutation %s has no authorization case", n)
		}
	}

	viewers := []*watcher{c.watch(t, c.admin), c.watch(t, owner), c.watch(t, party),
		c.watch(t, c.byKind["otherInfluencer"]), c.watch(t, c.targetPending)}
	settle := func(t *testing.T) {
		t.Helper()
		for _, w := range viewers {
			w.changes(t)
		}
	}
	for _, tc := range cases {
		t.Run(tc.mutation+"/"+strings.ReplaceAll(tc.target, " ", "_"), func(t *testing.T) {
			args, err := json.Marshal(tc.args(t))
			if err != nil {
				t.Fatal(err)
			}
			settle(t) // the setup's own changes
			for _, kind := range kinds {
				if slices.Contains(tc.allowed, kind) {
					continue
				}
				if kind == "anonymous" {
					m := protocol.Mutation{ID: 1, Name: tc.mutation, Args: args}
					req := owner.syncReq(m)
					req.ClientID = domain.NewID()
					r := do(t, newClient(), "POST", s.URL+"/sync/v1/push", "", req)
					r.expectError(t, http.StatusUnauthorized, "unauthenticated")
				} else {
					res := c.byKind[kind].push(t, tc.mutation, json.RawMessage(args))
					if res.Status != protocol.StatusRejected {
						t.Errorf("%s on %s as %s: %s, want a refusal", tc.mutation, tc.target, kind, res.Status)
					} else if !slices.Contains(refusalCodes, res.Code) && !slices.Contains(tc.codes, res.Code) {
						t.Errorf("%s on %s as %s: refused with %s (%s), want one of %v %v",
							tc.mutation, tc.target, kind, res.Code, res.Message, refusalCodes, tc.codes)
					}
				}
				for _, w := range viewers {
					for _, d := range w.changes(t) {
						t.Errorf("%s on %s as %s changed a row: %s", tc.mutation, tc.target, kind, d)
					}
				}
			}
			if tc.control != "" {
				// The same arguments work for who may use them: the refusals above were
				// about the actor, not about malformed arguments.
				if res := c.byKind[tc.control].push(t, tc.mutation, json.RawMessage(args)); res.Status != protocol.StatusApplied {
					t.Errorf("control: %s as %s: %s %s: %s", tc.mutation, tc.control, res.Status, res.Code, res.Message)
				}
				settle(t)
			}
		})
	}
}
