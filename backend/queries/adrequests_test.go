package queries

import (
	"strings"
	"testing"

	"iescp/backend/domain"
)

func TestAdRequests_MarksTurnsAndFirstWaiting(t *testing.T) {
	w := newWorld(t)
	p, err := AdRequests(bg, w.st.R, w.sponsor, AdRequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// The sponsor's turn first (Zebra's), though Phone launch's changed later.
	if p.Total != 2 || p.Waiting != 1 || p.FirstWaiting != w.onZebra || p.Items[0].ID != w.onZebra || p.Items[0].Turn != TurnYou {
		t.Fatalf("sponsor's inbox: %+v", p)
	}
	z, ph := p.Items[0], p.Items[1]
	if z.Queued || z.Refused == nil || *z.Refused != (Refusal{Action: "adRequest.accept", Code: "stale_offer", Message: "the offer was superseded"}) {
		t.Fatalf("refused accept: %+v %+v", z, z.Refused)
	}
	if !z.CampaignFlagged || z.CampaignFlag != "Misleading" || z.CampaignStatus != "active" || z.CounterpartyName != "Ivan" || z.CampaignName != "Zebra socks" {
		t.Fatalf("zebra's row: %+v", z)
	}
	if !ph.Queued || ph.Refused != nil || ph.Turn != TurnThem {
		t.Fatalf("queued counter: %+v", ph)
	}
	ip, err := AdRequests(bg, w.st.R, w.infl, AdRequestFilter{})
	if err != nil || ip.FirstWaiting != w.onPhone || ip.Items[0].ID != w.onPhone || ip.Items[0].CounterpartyName != "Maya Inc" {
		t.Fatalf("influencer's inbox: %+v (%v)", ip, err)
	}
	// An admin sees both, and no one's turn.
	ap, err := AdRequests(bg, w.st.R, w.adm, AdRequestFilter{})
	if err != nil || ap.Total != 2 || ap.FirstWaiting != "" || ap.Items[0].Turn != "" {
		t.Fatalf("admin's list: %+v (%v)", ap, err)
	}
	d, err := AdRequest(bg, w.st.R, w.sponsor, w.onZebra)
	if err != nil || d.Refused == nil || d.Queued || !d.Actions.Accept || len(d.Thread) != 2 || d.CampaignStatus != "active" {
		t.Fatalf("detail: %+v (%v)", d, err)
	}
	if d, _ := AdRequest(bg, w.st.R, w.infl, w.onPhone); !d.Queued || d.Refused != nil {
		t.Fatalf("queued detail: %+v", d)
	}
	rows, n, err := WaitingAdRequests(bg, w.st.R, w.infl, 5)
	if err != nil || n != 1 || len(rows) != 1 || rows[0].ID != w.onPhone || !rows[0].Queued {
		t.Fatalf("waiting: %+v %d (%v)", rows, n, err)
	}
}

func TestAdRequests_SortsAndSearch(t *testing.T) {
	w := newWorld(t)
	order := func(f AdRequestFilter) []string {
		t.Helper()
		p, err := AdRequests(bg, w.st.R, w.sponsor, f)
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		out := []string{}
		for _, r := range p.Items {
			out = append(out, r.CampaignName)
		}
		return out
	}
	for _, tc := range []struct {
		f    AdRequestFilter
		want string
	}{
		{AdRequestFilter{Sort: "amount"}, "Zebra socks,Phone launch"},
		{AdRequestFilter{Sort: "amount", Desc: true}, "Phone launch,Zebra socks"},
		{AdRequestFilter{Sort: "campaign"}, "Phone launch,Zebra socks"},
		{AdRequestFilter{Sort: "campaign", Desc: true}, "Zebra socks,Phone launch"},
		{AdRequestFilter{Sort: "updated", Desc: true}, "Phone launch,Zebra socks"},
		{AdRequestFilter{Text: "ZEBRA"}, "Zebra socks"},
		{AdRequestFilter{Text: "ivan", Sort: "campaign"}, "Phone launch,Zebra socks"},
		{AdRequestFilter{Text: "%"}, ""},
		{AdRequestFilter{CampaignID: "x"}, ""},
		{AdRequestFilter{Status: StatusWaiting}, "Zebra socks"},
		{AdRequestFilter{Status: "pending", Page: 2, PageSize: 1}, "Phone launch"},
	} {
		if got := strings.Join(order(tc.f), ","); got != tc.want {
			t.Errorf("%+v: got %q, want %q", tc.f, got, tc.want)
		}
	}
	for _, f := range []AdRequestFilter{{Sort: "fame"}, {Status: "lost"}, {PageSize: 500}, {Page: -1}, {Text: strings.Repeat("a", 201)}} {
		if _, err := AdRequests(bg, w.st.R, w.sponsor, f); code(err) != domain.CodeInvalidArgument {
			t.Errorf("%+v: got %v, want invalid_argument", f, err)
		}
	}
	if _, err := AdRequests(bg, w.st.R, Viewer{AccountID: w.sponsor.AccountID}, AdRequestFilter{}); code(err) != domain.CodeForbidden {
		t.Errorf("no role: %v", err)
	}
	if _, err := AdRequest(bg, w.st.R, Viewer{AccountID: domain.NewID(), Role: domain.RoleInfluencer}, w.onPhone); code(err) != domain.CodeNotFound {
		t.Errorf("another influencer's request: %v", err)
	}
}

func TestCampaigns_QueuedAndAdminList(t *testing.T) {
	w := newWorld(t)
	p, err := Campaigns(bg, w.st.R, w.sponsor, CampaignQuery{Sort: "name"})
	if err != nil || p.Total != 2 || !p.Items[0].Queued || p.Items[1].Queued {
		t.Fatalf("campaigns: %+v (%v)", p, err)
	}
	if d, err := Campaign(bg, w.st.R, w.sponsor, w.phone); err != nil || !d.Queued || d.Approval != "approved" || len(d.Requests) != 1 {
		t.Fatalf("campaign: %+v (%v)", d, err)
	}
	if _, err := Campaign(bg, w.st.R, w.infl, w.phone); code(err) != domain.CodeNotFound {
		t.Fatalf("another's campaign: %v", err)
	}
	ap, err := AdminCampaigns(bg, w.st.R, w.adm, AdminCampaignQuery{Sort: "budget", Desc: true})
	if err != nil || ap.Total != 2 {
		t.Fatalf("admin campaigns: %+v (%v)", ap, err)
	}
	z := ap.Items[0]
	if z.ID != w.zebra || !z.Flagged || z.FlagReason != "Misleading" || z.SponsorName != "Maya Inc" || z.Requests != 1 || z.OpenRequests != 1 || z.Queued {
		t.Fatalf("flagged row: %+v", z)
	}
	if !ap.Items[1].Queued {
		t.Fatalf("queued row: %+v", ap.Items[1])
	}
	if ap, _ := AdminCampaigns(bg, w.st.R, w.adm, AdminCampaignQuery{Flagged: "no", Text: "maya"}); ap.Total != 1 || ap.Items[0].ID != w.phone {
		t.Fatalf("not flagged, by sponsor: %+v", ap)
	}
	if ap, _ := AdminCampaigns(bg, w.st.R, w.adm, AdminCampaignQuery{Sort: "sponsor"}); ap.Total != 2 {
		t.Fatalf("by sponsor: %+v", ap)
	}
	for _, v := range []Viewer{w.sponsor, w.infl} {
		if _, err := AdminCampaigns(bg, w.st.R, v, AdminCampaignQuery{}); code(err) != domain.CodeForbidden {
			t.Errorf("%s lists admin campaigns: %v", v.Role, err)
		}
		if _, err := AdminAccounts(bg, w.st.R, v, AdminAccountQuery{}); code(err) != domain.CodeForbidden {
			t.Errorf("%s lists accounts: %v", v.Role, err)
		}
		if _, err := AdminOverviewCounts(bg, w.st.R, v); code(err) != domain.CodeForbidden {
			t.Errorf("%s reads the overview: %v", v.Role, err)
		}
	}
}
