package securitytest

import (
	"strings"
	"testing"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

// market is a small marketplace on the shared server: a sponsor with a public and
// a private campaign, each with an accepted deal, and bystanders.
type market struct {
	sponsor, otherSponsor       *actor
	party, otherInfl            *actor
	admin                       *actor
	public, private             string // campaign ids
	publicReq, privateReq       string
	publicBudget, privateBudget int64
	publicAmount, privateAmount int64
}

func newMarket(t *testing.T, s *server) *market {
	t.Helper()
	m := &market{admin: s.adminActor(t), publicBudget: 100_000, privateBudget: 77_777, publicAmount: 30_000, privateAmount: 11_111}
	m.sponsor = approvedSponsor(t, s, "marketSponsor")
	m.otherSponsor = approvedSponsor(t, s, "marketOtherSponsor")
	m.party = register(t, s, "influencer", "marketParty")
	m.otherInfl = register(t, s, "influencer", "marketOtherInfl")
	m.public = m.sponsor.campaign(t, "public", true, m.publicBudget)
	m.private = m.sponsor.campaign(t, "private", true, m.privateBudget)
	var o string
	m.publicReq, o = m.sponsor.send(t, m.public, m.party, m.publicAmount)
	m.party.must(t, "adRequest.accept", map[string]any{"ad_request_id": m.publicReq, "offer_id": o})
	m.privateReq, o = m.sponsor.send(t, m.private, m.party, m.privateAmount)
	m.party.must(t, "adRequest.accept", map[string]any{"ad_request_id": m.privateReq, "offer_id": o})
	return m
}

// TestCommittedReachesOnlySponsorAndAdmins: how much a sponsor has promised on a
// campaign is its own business: other sponsors and every influencer (the party to
// a deal included) pull committed masked to 0 or without it.
func TestCommittedReachesOnlySponsorAndAdmins(t *testing.T) {
	t.Parallel()
	m := newMarket(t, sharedServer(t))
	for _, a := range []*actor{m.sponsor, m.admin} {
		rep, _ := a.pullAll(t)
		if c := rep.get("campaigns", m.public); c == nil || c.num(t, "committed") != m.publicAmount {
			t.Fatalf("%s: the public campaign's committed is not %d: %v", a.Name, m.publicAmount, c)
		}
	}
	for _, a := range []*actor{m.otherSponsor, m.party, m.otherInfl} {
		rep, _ := a.pullAll(t)
		c := rep.get("campaigns", m.public)
		if c == nil {
			t.Fatalf("%s does not see the public campaign", a.Name)
		}
		if got := c.num(t, "committed"); got != 0 {
			t.Errorf("%s pulls the public campaign with committed = %d, want it masked", a.Name, got)
		}
		if got := c.num(t, "budget"); got != 0 && got != m.publicBudget {
			t.Errorf("%s pulls the public campaign with budget = %d", a.Name, got)
		}
	}
}

// TestPrivateCampaignMoneyReachesOnlySponsorAndAdmins: an invited influencer sees
// the private campaign it has a deal on, and its own offer, but not the campaign's
// budget or committed; other users do not see the campaign at all.
func TestPrivateCampaignMoneyReachesOnlySponsorAndAdmins(t *testing.T) {
	t.Parallel()
	m := newMarket(t, sharedServer(t))
	for _, a := range []*actor{m.sponsor, m.admin} {
		rep, _ := a.pullAll(t)
		c := rep.get("campaigns", m.private)
		if c == nil || c.num(t, "budget") != m.privateBudget || c.num(t, "committed") != m.privateAmount {
			t.Fatalf("%s: the private campaign is not pulled with its money: %v", a.Name, c)
		}
	}
	rep, _ := m.party.pullAll(t)
	c := rep.get("campaigns", m.private)
	if c == nil {
		t.Fatal("the invited influencer does not see the private campaign it has a deal on")
	}
	for _, col := range []string{"budget", "committed"} {
		if got := c.num(t, col); got != 0 {
			t.Errorf("the invited influencer pulls the private campaign with %s = %d, want it masked", col, got)
		}
	}
	if r := rep.get("ad_requests", m.privateReq); r == nil || r.num(t, "payment_amount") != m.privateAmount {
		t.Errorf("the invited influencer does not see its own deal's amount: %v", r)
	}
	for _, a := range []*actor{m.otherSponsor, m.otherInfl} {
		rep, _ := a.pullAll(t)
		if c := rep.get("campaigns", m.private); c != nil {
			t.Errorf("%s pulls another sponsor's private campaign: %v", a.Name, map[string]any(c))
		}
	}
}

// TestFlagReasonReachesOnlyAdminsAndFlaggedParty: an influencer with a request on
// a flagged campaign sees that it is flagged, not why; neither pulls nor refusals
// quote the reason to anyone but admins and the flagged sponsor.
func TestFlagReasonReachesOnlyAdminsAndFlaggedParty(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	sponsor := approvedSponsor(t, s, "flaggedOwner")
	infl := register(t, s, "influencer", "flagWitness")
	bystander := register(t, s, "influencer", "flagBystander")
	admin := s.adminActor(t)
	cp := sponsor.campaign(t, "public", true, 50_000)
	req, offer := sponsor.send(t, cp, infl, 1000)
	reason := "secret-reason-" + domain.NewID()[24:]
	admin.must(t, "admin.flag", map[string]any{"target": "campaign", "id": cp, "reason": reason})
	accReason := "account-reason-" + domain.NewID()[24:]
	admin.must(t, "admin.flag", map[string]any{"target": "account", "id": bystander.ID, "reason": accReason})

	for _, a := range []*actor{sponsor, admin} {
		rep, _ := a.pullAll(t)
		if c := rep.get("campaigns", cp); c == nil || c.str("flag_reason") != reason {
			t.Fatalf("%s: the flagged campaign's reason is not pulled: %v", a.Name, c)
		}
	}
	rep, _ := infl.pullAll(t)
	c := rep.get("campaigns", cp)
	if c == nil {
		t.Fatal("the influencer with a request no longer sees the flagged campaign")
	}
	if c.num(t, "flagged") != 1 {
		t.Errorf("the influencer does not see that the campaign is flagged: %v", c["flagged"])
	}
	if got := c.str("flag_reason"); got != "" {
		t.Errorf("the influencer pulls the campaign's flag_reason %q", got)
	}
	for _, rows := range rep {
		for id, r := range rows {
			for col, v := range r {
				if s, ok := v.(string); ok && (strings.Contains(s, reason) || strings.Contains(s, accReason)) {
					t.Errorf("the influencer's pull carries a flag reason in column %s of row %s", col, id)
				}
			}
		}
	}
	// Refusals do not quote it either.
	for _, tc := range []struct {
		name string
		args map[string]any
	}{
		{"adRequest.apply", map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(), "campaign_id": cp, "amount": 5}},
		{"adRequest.counter", map[string]any{"ad_request_id": req, "offer_id": domain.NewID(), "in_reply_to": offer,
			"amount": 5, "requirements": "x"}},
		{"adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer}},
	} {
		res := infl.push(t, tc.name, tc.args)
		if res.Status != protocol.StatusRejected {
			t.Errorf("%s on a flagged campaign: %s", tc.name, res.Status)
		}
		if strings.Contains(res.Message, reason) {
			t.Errorf("%s on a flagged campaign: the refusal quotes the reason: %q", tc.name, res.Message)
		}
	}
	// Sponsors who deal with the flagged influencer do not learn why either.
	other := approvedSponsor(t, s, "flagCurious")
	oc := other.campaign(t, "public", true, 1000)
	res := other.push(t, "adRequest.send", map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(),
		"campaign_id": oc, "influencer_id": bystander.ID, "amount": 5, "requirements": "x"})
	if strings.Contains(res.Message, accReason) {
		t.Errorf("sending to a flagged influencer quotes the reason: %q", res.Message)
	}
}

// TestOtherAccountsEmailsAreMasked: every account row a non-admin pulls, other
// than its own, has its email masked.
func TestOtherAccountsEmailsAreMasked(t *testing.T) {
	t.Parallel()
	m := newMarket(t, sharedServer(t))
	for _, a := range []*actor{m.sponsor, m.otherSponsor, m.party, m.otherInfl} {
		rep, _ := a.pullAll(t)
		if own := rep.get("accounts", a.ID); own == nil || own.str("email") != a.Email {
			t.Errorf("%s does not pull its own email: %v", a.Name, own)
		}
		n := 0
		for id, r := range rep["accounts"] {
			if id == a.ID {
				continue
			}
			n++
			if e := r.str("email"); e != "" {
				t.Errorf("%s pulls the email %q of account %s", a.Name, e, id)
			}
		}
		if n == 0 {
			t.Errorf("%s pulls no other account: nothing was checked", a.Name)
		}
	}
}

// TestPullDelsNameOnlyRowsTheViewerCouldHold: an incremental pull carries no del
// for another user's private campaign, request, offer or notification: ids and
// timing of private activity stay private.
func TestPullDelsNameOnlyRowsTheViewerCouldHold(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	viewer := register(t, s, "influencer", "delViewer")
	viewerSponsor := approvedSponsor(t, s, "delViewerSponsor")
	sponsor := approvedSponsor(t, s, "delSponsor")
	invitee := register(t, s, "influencer", "delInvitee")
	type view struct {
		a      *actor
		rep    replica
		cursor int64
	}
	var views []*view
	for _, a := range []*actor{viewer, viewerSponsor} {
		rep, cursor := a.pullAll(t)
		views = append(views, &view{a, rep, cursor})
	}
	// Private activity between sponsor and invitee.
	private := map[string]string{}
	draft := sponsor.campaign(t, "private", false, 500)
	private[draft] = "private draft"
	pc := sponsor.campaign(t, "private", true, 5000)
	private[pc] = "private campaign"
	req, offer := sponsor.send(t, pc, invitee, 100)
	private[req], private[offer] = "private ad request", "private offer"
	invitee.must(t, "adRequest.reject", map[string]any{"ad_request_id": req, "reason": "no"})
	sponsor.must(t, "campaign.update", map[string]any{"id": draft, "name": "Renamed draft"})
	sponsor.must(t, "campaign.delete", map[string]any{"id": draft})
	irep, _ := invitee.pullAll(t)
	for id := range irep["notifications"] {
		private[id] = "the invitee's notification"
	}
	srep, _ := sponsor.pullAll(t)
	for id := range srep["notifications"] {
		private[id] = "the sponsor's notification"
	}
	for _, v := range views {
		v.a.pullInto(t, v.rep, v.cursor, func(ch protocol.Change) {
			if what, ok := private[ch.ID]; ok {
				t.Errorf("%s's incremental pull carries %s %s %s (%s)", v.a.Name, ch.Op, ch.Table, ch.ID, what)
			}
		})
	}
}

// TestHiddenTargetsAnswerNotFoundAlike: adRequest.send to an influencer the sponsor
// may not see (flagged, deactivated), to an admin, or to an id that does not exist
// is refused the same way: not_found, with the same message but for the id.
func TestHiddenTargetsAnswerNotFoundAlike(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	admin := s.adminActor(t)
	sponsor := approvedSponsor(t, s, "hiddenSender")
	flagged := register(t, s, "influencer", "hiddenFlagged")
	inactive := register(t, s, "influencer", "hiddenInactive")
	visible := register(t, s, "influencer", "hiddenVisible")
	admin.must(t, "admin.flag", map[string]any{"target": "account", "id": flagged.ID, "reason": "bots"})
	admin.must(t, "admin.setActive", map[string]any{"account_id": inactive.ID, "active": false})
	cp := sponsor.campaign(t, "public", true, 10_000)
	send := func(influencer string) protocol.MutationResult {
		return sponsor.push(t, "adRequest.send", map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(),
			"campaign_id": cp, "influencer_id": influencer, "amount": 5, "requirements": "x"})
	}
	want := ""
	for _, tc := range []struct{ name, id, leak string }{
		{"nonexistent", domain.NewID(), ""},
		{"flagged influencer", flagged.ID, flagged.Name},
		{"deactivated influencer", inactive.ID, inactive.Name},
		{"admin", admin.ID, ""},
	} {
		res := send(tc.id)
		msg := strings.ReplaceAll(res.Message, tc.id, "<id>")
		if res.Status != protocol.StatusRejected || res.Code != "not_found" {
			t.Errorf("send to a %s: %s %s %q, want rejected not_found", tc.name, res.Status, res.Code, res.Message)
			continue
		}
		if tc.leak != "" && strings.Contains(res.Message, tc.leak) {
			t.Errorf("send to a %s: the refusal names the account: %q", tc.name, res.Message)
		}
		if want == "" {
			want = msg
		} else if msg != want {
			t.Errorf("send to a %s: message %q differs from a nonexistent id's %q", tc.name, msg, want)
		}
	}
	// Control: the same campaign takes a request to a visible influencer.
	if res := send(visible.ID); res.Status != protocol.StatusApplied {
		t.Fatalf("control: send to a visible influencer: %s %s %s", res.Status, res.Code, res.Message)
	}
}
