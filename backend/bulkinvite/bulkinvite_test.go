package bulkinvite

import (
	"strings"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

func facts(creators ...Creator) Facts {
	f := Facts{Campaign: Campaign{ID: domain.NewID(), Name: "Phone launch", Status: "active", EndDate: "2099-12-31",
		Budget: 1_000_00, Committed: 200_00, Pending: 100_00}, Today: "2026-11-15", SponsorApproved: true,
		Creators: map[string]Creator{}, Made: map[string]bool{}}
	for _, c := range creators {
		f.Creators[c.ID] = c
	}
	return f
}

func creator(name string, reach map[string]int64) Creator {
	return Creator{ID: domain.NewID(), Known: true, Name: name, Active: true, Reach: reach}
}

func invite(f Facts, ids ...string) Invite {
	return Invite{BatchID: domain.NewID(), CampaignID: f.Campaign.ID, InfluencerIDs: ids, AmountCents: 150_00,
		Requirements: "One reel", Message: "Hi {first_name}, join {campaign} for {amount} on {platform}."}
}

func code(r Row) domain.Code {
	if r.Refusal == nil {
		return ""
	}
	return r.Refusal.Code
}

func TestMake_RendersAndRefusesEachForItsReason(t *testing.T) {
	ana := creator("Ana Lima", map[string]int64{"instagram": 5_000, "tiktok": 9_000})
	flagged := creator("Flo", map[string]int64{"youtube": 100})
	flagged.Flagged = true
	open := creator("Otto", map[string]int64{"x": 100})
	open.OpenRequestID = domain.NewID()
	gone := creator("Gina", nil)
	gone.Active = false
	hidden := domain.NewID()
	b := creator("Bea", map[string]int64{"instagram": 1})
	c := creator("Cid", map[string]int64{"instagram": 1})
	d := creator("Dee", map[string]int64{"instagram": 1})
	f := facts(ana, flagged, open, gone, b, c, d)
	inv := invite(f, ana.ID, flagged.ID, open.ID, gone.ID, hidden, b.ID, c.ID, d.ID)
	// Budget left: 1,000 − 200 committed − 100 pending = 700: of Ana, Bea, Cid
	// and Dee at 200 each, three fit (600) and the fourth is over.
	inv.AmountCents = 200_00
	p, err := Make(inv, f)
	if err != nil {
		t.Fatal(err)
	}
	want := []domain.Code{"", domain.CodeFlagged, domain.CodeInvalidTransition, domain.CodeInvalidArgument, domain.CodeNotFound, "", "", domain.CodeBudgetExceeded}
	for i, r := range p.Rows {
		if code(r) != want[i] {
			t.Errorf("row %d (%s): refusal %v, want %q", i, r.Name, r.Refusal, want[i])
		}
		if (r.Args != nil) != (want[i] == "") {
			t.Errorf("row %d: args %v, want them only when not refused", i, r.Args)
		}
	}
	if p.WouldSend != 3 || p.Refused != 5 || p.Total != 600_00 || p.Remaining != 700_00 {
		t.Fatalf("plan totals %+v", p)
	}
	if got := p.Rows[0].Message; got != "Hi Ana, join Phone launch for $200.00 on TikTok." {
		t.Fatalf("rendered %q", got)
	}
	a := p.Rows[0].Args
	if a.ID != RequestID(f.Campaign.ID, ana.ID, inv.BatchID) || a.OfferID != OfferID(a.ID) || a.Amount != 200_00 || a.Requirements != "One reel" {
		t.Fatalf("args %+v", a)
	}
}

func TestMake_TierAmountsByTotalReach(t *testing.T) {
	nano := creator("N", map[string]int64{"instagram": 9_999})
	micro := creator("M", map[string]int64{"instagram": 5_000, "youtube": 5_000}) // 10,000 in total
	mega := creator("G", map[string]int64{"youtube": 2_000_000})
	none := creator("Z", nil)
	f := facts(nano, micro, mega, none)
	f.Campaign.Budget = 1 << 40
	inv := invite(f, nano.ID, micro.ID, mega.ID, none.ID)
	inv.AmountCents, inv.TierAmounts = 0, map[string]int64{"nano": 100, "micro": 200}
	p, err := Make(inv, f)
	if err != nil {
		t.Fatal(err)
	}
	got := []struct {
		tier   string
		amount int64
		code   domain.Code
	}{{"nano", 100, ""}, {"micro", 200, ""}, {"mega", 0, domain.CodeInvalidArgument}, {"", 0, domain.CodeInvalidArgument}}
	for i, w := range got {
		r := p.Rows[i]
		if r.Tier != w.tier || r.Amount != w.amount || code(r) != w.code {
			t.Errorf("row %d: tier %q amount %d refusal %v, want %+v", i, r.Tier, r.Amount, r.Refusal, w)
		}
	}
}

func TestMake_CampaignStateRefusesAllAndRetryIsAlreadySent(t *testing.T) {
	a, b := creator("A", map[string]int64{"x": 1}), creator("B", map[string]int64{"x": 1})
	f := facts(a, b)
	inv := invite(f, a.ID, b.ID)
	f.Made[RequestID(f.Campaign.ID, a.ID, inv.BatchID)] = true
	p, err := Make(inv, f)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Rows[0].AlreadySent || p.Rows[0].Args != nil || p.Rows[1].Args == nil || p.Already != 1 || p.WouldSend != 1 {
		t.Fatalf("retry plan %+v", p)
	}
	for _, c := range []struct {
		set  func(*Facts)
		code domain.Code
	}{
		{func(f *Facts) { f.Campaign.Status = "draft" }, domain.CodeInvalidTransition},
		{func(f *Facts) { f.Campaign.Flagged = true }, domain.CodeFlagged},
		{func(f *Facts) { f.Campaign.EndDate = "2026-11-14" }, domain.CodeInvalidTransition},
		{func(f *Facts) { f.SponsorApproved = false }, domain.CodeSponsorNotApproved},
	} {
		f := facts(a, b)
		c.set(&f)
		p, err := Make(inv, f)
		if err != nil {
			t.Fatal(err)
		}
		if code(p.Rows[0]) != c.code || code(p.Rows[1]) != c.code || p.WouldSend != 0 {
			t.Errorf("want both refused %s, got %+v", c.code, p.Rows)
		}
	}
}

func TestInviteValidate(t *testing.T) {
	a := creator("A", nil)
	f := facts(a)
	many := make([]string, MaxCreators+1)
	for i := range many {
		many[i] = domain.NewID()
	}
	long := strings.Repeat("x", mutate.CurrentLimits().TextLen-10)
	for _, c := range []struct {
		name string
		set  func(*Invite)
		want string
	}{
		{"unknown placeholders named", func(i *Invite) { i.Message = "Hi {firstname} {name} {budget}" }, "{firstname}, {budget}"},
		{"too many", func(i *Invite) { i.InfluencerIDs = many }, "at most 500"},
		{"twice", func(i *Invite) { i.InfluencerIDs = []string{a.ID, a.ID} }, "named twice"},
		{"both amounts", func(i *Invite) { i.TierAmounts = map[string]int64{"nano": 1} }, "not both"},
		{"no amount", func(i *Invite) { i.AmountCents = 0 }, "required"},
		{"bad tier", func(i *Invite) { i.AmountCents, i.TierAmounts = 0, map[string]int64{"huge": 1} }, "not a size tier"},
		{"requirements by the mutator", func(i *Invite) { i.Requirements = " " }, "requirements is required"},
		{"deliverables by the mutator", func(i *Invite) {
			i.Deliverables = []domain.DeliverableTerm{{Platform: "fax", ContentType: "post", Quantity: 1}}
		}, "deliverables"},
	} {
		inv := invite(f, a.ID)
		c.set(&inv)
		_, err := Make(inv, f)
		if err == nil || domain.AsError(err).Code != domain.CodeInvalidArgument || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want invalid_argument with %q", c.name, err, c.want)
		}
	}
	// The message's length is the mutator's, after substitution: a template
	// under the limit whose rendering is over it is refused on that row.
	b := creator(strings.Repeat("B", 60), map[string]int64{"x": 1})
	f = facts(b)
	inv := invite(f, b.ID)
	inv.Message = long + "{name}"
	p, err := Make(inv, f)
	if err != nil || code(p.Rows[0]) != domain.CodeInvalidArgument || !strings.Contains(p.Rows[0].Refusal.Message, "message") {
		t.Fatalf("long rendering: %+v, %v", p.Rows, err)
	}
}

func TestMoney(t *testing.T) {
	for in, want := range map[int64]string{0: "0.00", 5: "0.05", 123456789: "1,234,567.89", 100000: "1,000.00", -250: "-2.50"} {
		if got := Money(in); got != want {
			t.Errorf("Money(%d) = %q, want %q", in, got, want)
		}
	}
}
