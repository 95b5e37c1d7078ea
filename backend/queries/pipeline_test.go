package queries

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store"
)

func TestPipelineStage(t *testing.T) {
	ds := func(s ...domain.DeliverableStatus) []domain.DeliverableStatus { return s }
	for _, tc := range []struct {
		name string
		in   StageInput
		want Stage
	}{
		{"no request", StageInput{}, StageShortlisted},
		{"opening offer", StageInput{Status: domain.AdPending, InitiatedBy: domain.PartySponsor, Offers: 1}, StageInvited},
		{"opening offer not synced yet", StageInput{Status: domain.AdPending, InitiatedBy: domain.PartySponsor}, StageInvited},
		{"countered", StageInput{Status: domain.AdPending, InitiatedBy: domain.PartySponsor, Offers: 2}, StageNegotiating},
		{"countered back", StageInput{Status: domain.AdPending, InitiatedBy: domain.PartySponsor, Offers: 3}, StageNegotiating},
		{"application", StageInput{Status: domain.AdPending, InitiatedBy: domain.PartyInfluencer, Offers: 1}, StageNegotiating},
		{"accepted, no deliverables", StageInput{Status: domain.AdAccepted, Escrow: domain.EscrowFunded}, StageAccepted},
		{"accepted, all todo", StageInput{Status: domain.AdAccepted, Escrow: domain.EscrowFunded, Deliverables: ds("todo", "todo")}, StageAccepted},
		{"draft submitted", StageInput{Status: domain.AdAccepted, Escrow: domain.EscrowFunded, Deliverables: ds("todo", "draft_submitted")}, StageDelivering},
		{"changes requested", StageInput{Status: domain.AdAccepted, Deliverables: ds("changes_requested")}, StageDelivering},
		{"approved for posting", StageInput{Status: domain.AdAccepted, Deliverables: ds("approved_for_posting")}, StageDelivering},
		{"posted", StageInput{Status: domain.AdAccepted, Deliverables: ds("posted")}, StageDelivering},
		{"one accepted of two", StageInput{Status: domain.AdAccepted, Deliverables: ds("accepted", "todo")}, StageDelivering},
		{"deliverable disputed", StageInput{Status: domain.AdAccepted, Deliverables: ds("disputed")}, StageDelivering},
		{"escrow disputed", StageInput{Status: domain.AdAccepted, Escrow: domain.EscrowDisputed, Deliverables: ds("todo")}, StageDelivering},
		{"completed, released", StageInput{Status: domain.AdCompleted, Escrow: domain.EscrowReleased, Deliverables: ds("accepted")}, StageCompleted},
		{"completed, split", StageInput{Status: domain.AdCompleted, Escrow: domain.EscrowSplit}, StageCompleted},
		{"rejected", StageInput{Status: domain.AdRejected, InitiatedBy: domain.PartySponsor, Offers: 1}, StageDeclined},
		{"withdrawn", StageInput{Status: domain.AdWithdrawn, Offers: 2}, StageDeclined},
		{"withdrawn, refunded", StageInput{Status: domain.AdWithdrawn, Escrow: domain.EscrowRefunded}, StageDeclined},
	} {
		got, ok := PipelineStage(tc.in)
		if !ok || got != tc.want {
			t.Errorf("%s: PipelineStage = %q, %v; want %q", tc.name, got, ok, tc.want)
		}
	}
	if s, ok := PipelineStage(StageInput{Status: "lost"}); ok {
		t.Errorf("an unknown status gave %q", s)
	}
	// Every status the schema allows has a stage.
	for _, s := range []domain.AdRequestStatus{domain.AdPending, domain.AdAccepted, domain.AdRejected, domain.AdWithdrawn, domain.AdCompleted} {
		if _, ok := PipelineStage(StageInput{Status: s}); !ok {
			t.Errorf("status %q has no stage", s)
		}
	}
}

func TestStageAction(t *testing.T) {
	want := map[Stage][2]string{
		StageShortlisted: {ActionInvite, string(StageInvited)},
		StageInvited:     {ActionWithdraw, string(StageDeclined)},
		StageNegotiating: {ActionWithdraw, string(StageDeclined)},
	}
	for _, s := range Stages {
		a, to := StageAction(s)
		if w := want[s]; a != w[0] || string(to) != w[1] {
			t.Errorf("StageAction(%s) = %q, %q; want %q", s, a, to, w)
		}
	}
	if got := Initials("Ana  de la Cruz"); got != "AC" {
		t.Errorf("Initials = %q", got)
	}
	if got := Initials("élan"); got != "É" {
		t.Errorf("Initials = %q", got)
	}
	if got := Initials(" - "); got != "?" {
		t.Errorf("Initials = %q", got)
	}
}

// pipelineWorld adds creators in every stage to the world's Phone launch campaign
// (which already holds Ivan, invited).
type pipelineWorld struct {
	*world
	n     int
	other Viewer // another sponsor
	list  string // a shortlist of Phone launch
}

func newPipelineWorld(t *testing.T) *pipelineWorld {
	w := &pipelineWorld{world: newWorld(t)}
	w.other = Viewer{AccountID: domain.NewID(), Role: domain.RoleSponsor}
	w.exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, 'o@example.com', 'sponsor', 'Otto', ?, ?)`,
		w.other.AccountID, worldTime, worldTime)
	w.list = domain.NewID()
	w.exec(`INSERT INTO shortlists (id, org_id, name, campaign_id, created_by, created_at, updated_at) VALUES (?, ?, 'Phones', ?, ?, ?, ?)`,
		w.list, w.sponsor.AccountID, w.phone, w.sponsor.AccountID, worldTime, worldTime)
	return w
}

func (w *pipelineWorld) at(min int) time.Time { return worldTime.Add(time.Duration(min) * time.Minute) }

// creator adds an influencer; er < 0: no stats row.
func (w *pipelineWorld) creator(name, niche string, instagram, youtube int64, er float64) string {
	w.n++
	id := domain.NewID()
	w.exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, 'influencer', ?, ?, ?)`,
		id, fmt.Sprintf("c%d@example.com", w.n), name, worldTime, worldTime)
	w.exec(`INSERT INTO influencer_profiles (account_id, display_name, niche, reach_instagram, reach_youtube, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, name, niche, instagram, youtube, worldTime)
	if er >= 0 {
		w.exec(`INSERT INTO influencer_stats (influencer_id, followers, er_followers, size_tier, computed_at) VALUES (?, ?, ?, ?, ?)`,
			id, instagram+youtube, er, "", worldTime)
	}
	return id
}

// request adds an ad request on campaign with offers alternating sponsor,
// influencer, … and deliverables in the given states.
func (w *pipelineWorld) request(campaign, infl, by, status, escrow string, amount int64, offers int, min int, dls ...string) string {
	id := domain.NewID()
	w.exec(`INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, payment_amount, status, escrow_state, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, campaign, infl, by, amount, status, escrow, w.at(min), w.at(min))
	for i := 1; i <= offers; i++ {
		author, role := w.sponsor.AccountID, "sponsor"
		if (i%2 == 0) == (by == "sponsor") {
			author, role = infl, "influencer"
		}
		w.exec(`INSERT INTO offers (id, ad_request_id, seq, author_id, author_role, amount, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			domain.NewID(), id, i, author, role, amount, w.at(min))
	}
	for i, s := range dls {
		w.exec(`INSERT INTO deliverables (id, ad_request_id, seq, platform, content_type, quantity, due_date, status, created_at, updated_at)
			VALUES (?, ?, ?, 'instagram', 'reel', 1, '2026-12-01', ?, ?, ?)`, domain.NewID(), id, i+1, s, w.at(min), w.at(min+1))
	}
	return id
}

func (w *pipelineWorld) shortlist(list, infl string, deleted bool) {
	var del any
	if deleted {
		del = worldTime
	}
	w.exec(`INSERT INTO shortlist_entries (id, shortlist_id, influencer_id, added_by, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		domain.NewID(), list, infl, w.sponsor.AccountID, w.at(20), w.at(20), del)
}

func column(t *testing.T, b PipelineBoard, s Stage) PipelineColumn {
	t.Helper()
	for _, c := range b.Columns {
		if c.Stage == s {
			return c
		}
	}
	t.Fatalf("no column %s", s)
	return PipelineColumn{}
}

func names(c PipelineColumn) []string {
	out := []string{}
	for _, k := range c.Cards {
		out = append(out, k.Name)
	}
	return out
}

func TestPipeline(t *testing.T) {
	w := newPipelineWorld(t)
	ana := w.creator("Ana Cruz", "tech", 20_000, 0, 0.031)
	ben := w.creator("Ben", "tech", 0, 600_000, -1)
	cai := w.creator("Cai", "food", 5_000, 0, 0.05)
	dee := w.creator("Dee", "tech", 100_000, 0, 0.01)
	eve := w.creator("Eve", "food", 2_000_000, 0, 0.02)
	fay := w.creator("Fay", "tech", 30_000, 0, -1)
	gus := w.creator("Gus", "tech", 30_000, 0, -1)
	hal := w.creator("Hal", "tech", 30_000, 0, -1)
	// Ivan: the world's invited request on Phone launch (300000).
	w.request(w.phone, ana, "sponsor", "pending", "", 120_000, 2, 30)                             // negotiating
	w.request(w.phone, ben, "influencer", "pending", "", 80_000, 1, 31)                           // negotiating (applied)
	w.request(w.phone, cai, "sponsor", "accepted", "funded", 50_000, 1, 32, "todo")               // accepted
	w.request(w.phone, dee, "sponsor", "accepted", "funded", 70_000, 3, 33, "accepted", "posted") // delivering
	w.request(w.phone, eve, "sponsor", "completed", "released", 900_000, 1, 34, "accepted")       // completed
	w.request(w.phone, fay, "sponsor", "withdrawn", "", 10_000, 1, 35)                            // declined
	w.request(w.phone, gus, "sponsor", "rejected", "", 20_000, 1, 36)                             // older, superseded below
	w.request(w.phone, gus, "sponsor", "pending", "", 25_000, 1, 37)                              // invited: the open one stands for Gus
	w.request(w.zebra, hal, "sponsor", "pending", "", 99_000, 1, 38)                              // another campaign
	w.shortlist(w.list, hal, false)                                                               // shortlisted
	w.shortlist(w.list, ana, false)                                                               // has a request: not shortlisted
	sk := w.creator("Sky", "tech", 1, 0, -1)
	w.shortlist(w.list, sk, true) // removed from the list
	// A deleted list of the campaign, and another organisation's list naming it: not shown.
	gone, foreign := domain.NewID(), domain.NewID()
	w.exec(`INSERT INTO shortlists (id, org_id, name, campaign_id, created_by, created_at, updated_at, deleted_at) VALUES (?, ?, 'Old', ?, ?, ?, ?, ?)`,
		gone, w.sponsor.AccountID, w.phone, w.sponsor.AccountID, worldTime, worldTime, worldTime)
	w.exec(`INSERT INTO shortlists (id, org_id, name, campaign_id, created_by, created_at, updated_at) VALUES (?, ?, 'Theirs', ?, ?, ?, ?)`,
		foreign, w.other.AccountID, w.phone, w.other.AccountID, worldTime, worldTime)
	w.shortlist(gone, w.creator("Old", "tech", 1, 0, -1), false)
	w.shortlist(foreign, w.creator("Foreign", "tech", 1, 0, -1), false)

	b, err := Pipeline(bg, w.st.R, w.sponsor, w.phone, PipelineFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[Stage][]string{
		StageShortlisted: {"Hal"},
		StageInvited:     {"Gus", "Ivan"},
		StageNegotiating: {"Ben", "Ana Cruz"},
		StageAccepted:    {"Cai"},
		StageDelivering:  {"Dee"},
		StageCompleted:   {"Eve"},
		StageDeclined:    {"Fay"},
	}
	sums := map[Stage]int64{StageShortlisted: 0, StageInvited: 325_000, StageNegotiating: 200_000, StageAccepted: 50_000,
		StageDelivering: 70_000, StageCompleted: 900_000, StageDeclined: 10_000}
	if len(b.Columns) != len(Stages) || b.Total != 9 || b.CampaignName != "Phone launch" || !b.CanAct {
		t.Fatalf("board = %+v", b)
	}
	for i, s := range Stages {
		c := column(t, b, s)
		if b.Columns[i].Stage != s {
			t.Errorf("column %d is %s, want %s", i, b.Columns[i].Stage, s)
		}
		if fmt.Sprint(names(c)) != fmt.Sprint(want[s]) || c.Count != len(want[s]) || c.AmountCents != sums[s] {
			t.Errorf("%s: %v (count %d, %d cents); want %v, %d cents", s, names(c), c.Count, c.AmountCents, want[s], sums[s])
		}
	}
	if a := column(t, b, StageInvited).Action; a != ActionInvite {
		t.Errorf("invited column action = %q", a)
	}
	if a := column(t, b, StageDeclined).Action; a != ActionWithdraw {
		t.Errorf("declined column action = %q", a)
	}
	hc := column(t, b, StageShortlisted).Cards[0]
	if hc.Action != ActionInvite || hc.ActionTo != StageInvited || hc.RequestID != "" || hc.LastActor != "Maya" || hc.Initials != "H" {
		t.Errorf("shortlisted card = %+v", hc)
	}
	ac := column(t, b, StageNegotiating).Cards[1]
	if ac.Initials != "AC" || ac.Reach != 20_000 || ac.SizeTier != "micro" || ac.ER == nil || *ac.ER != 0.031 ||
		ac.LastActor != "Ana Cruz" || ac.LastRole != "influencer" || ac.Action != ActionWithdraw || ac.RequestID == "" {
		t.Errorf("Ana's card = %+v", ac)
	}
	bc := column(t, b, StageNegotiating).Cards[0]
	if bc.ER != nil || bc.SizeTier != "macro" {
		t.Errorf("Ben's card = %+v", bc)
	}
	dc := column(t, b, StageDelivering).Cards[0]
	if dc.Action != "" || dc.LastActivity <= column(t, b, StageAccepted).Cards[0].LastActivity {
		t.Errorf("Dee's card = %+v", dc)
	}

	// Admins read it without actions.
	ab, err := Pipeline(bg, w.st.R, w.adm, w.phone, PipelineFilter{})
	if err != nil || ab.Total != 9 || ab.CanAct || column(t, ab, StageShortlisted).Cards[0].Action != "" {
		t.Fatalf("admin: %+v, %v", ab, err)
	}
}

func TestPipelineFilters(t *testing.T) {
	w := newPipelineWorld(t)
	ana := w.creator("Ana Cruz", "tech", 20_000, 0, 0.031)
	ben := w.creator("Ben", "food", 0, 600_000, -1)
	cai := w.creator("Cai", "tech", 5_000, 0, 0.05)
	w.request(w.phone, ana, "sponsor", "pending", "", 120_000, 2, 30)
	w.request(w.phone, ben, "influencer", "pending", "", 80_000, 1, 31)
	w.shortlist(w.list, cai, false)
	for _, tc := range []struct {
		f    PipelineFilter
		want []string
	}{
		{PipelineFilter{Text: " cruz "}, []string{"Ana Cruz"}},
		{PipelineFilter{Text: "FOOD"}, []string{"Ben"}},
		{PipelineFilter{Platform: "youtube"}, []string{"Ben"}},
		{PipelineFilter{Platform: "instagram"}, []string{"Cai", "Ana Cruz"}}, // by stage; Ivan reports no reach
		{PipelineFilter{Tier: "nano"}, []string{"Cai"}},
		{PipelineFilter{MinER: 0.04}, []string{"Cai"}},
		{PipelineFilter{MinER: 0.03, Text: "a"}, []string{"Cai", "Ana Cruz"}},
	} {
		b, err := Pipeline(bg, w.st.R, w.sponsor, w.phone, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		got := []string{}
		for _, s := range Stages {
			got = append(got, names(column(t, b, s))...)
		}
		var sum int64
		for _, c := range b.Columns {
			sum += c.AmountCents
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) || b.Total != len(tc.want) {
			t.Errorf("%+v: %v (total %d, %d cents), want %v", tc.f, got, b.Total, sum, tc.want)
		}
	}
	for _, f := range []PipelineFilter{{Platform: "myspace"}, {Tier: "huge"}, {MinER: -0.1}, {MinER: 2}} {
		if _, err := Pipeline(bg, w.st.R, w.sponsor, w.phone, f); code(err) != domain.CodeInvalidArgument {
			t.Errorf("%+v: %v, want invalid_argument", f, err)
		}
	}
}

func TestPipelineVisibility(t *testing.T) {
	w := newPipelineWorld(t)
	for name, v := range map[string]Viewer{"another sponsor": w.other, "the influencer on it": w.infl} {
		if _, err := Pipeline(bg, w.st.R, v, w.phone, PipelineFilter{}); code(err) != domain.CodeNotFound {
			t.Errorf("%s: %v, want not_found", name, err)
		}
	}
	if _, err := Pipeline(bg, w.st.R, w.sponsor, "", PipelineFilter{}); code(err) != domain.CodeInvalidArgument {
		t.Errorf("no id: %v", err)
	}
	// A teammate acting for the organisation reads it; once removed, no longer.
	w.exec(`INSERT INTO org_members (id, org_id, email, account_id, role, status, created_at, updated_at)
		VALUES (?, ?, 'o@example.com', ?, 'manager', 'active', ?, ?)`, domain.NewID(), w.sponsor.AccountID, w.other.AccountID, worldTime, worldTime)
	if b, err := Pipeline(bg, w.st.R, w.other, w.phone, PipelineFilter{}); err != nil || b.Total != 1 {
		t.Errorf("teammate: %+v, %v", b, err)
	}
	w.exec(`UPDATE org_members SET status = 'removed' WHERE account_id = ?`, w.other.AccountID)
	if _, err := Pipeline(bg, w.st.R, w.other, w.phone, PipelineFilter{}); code(err) != domain.CodeNotFound {
		t.Errorf("removed teammate: %v, want not_found", err)
	}
	// A deleted campaign is gone for everyone.
	w.exec(`UPDATE campaigns SET deleted_at = ? WHERE id = ?`, worldTime, w.phone)
	if _, err := Pipeline(bg, w.st.R, w.sponsor, w.phone, PipelineFilter{}); code(err) != domain.CodeNotFound {
		t.Errorf("deleted: %v, want not_found", err)
	}
}

// A campaign with 500 creators in mixed stages (plus 100 shortlisted), read from a
// real SQLite replica: the target is a board rendered in under 100 ms.
func BenchmarkPipeline500(b *testing.B) {
	st, err := store.Open(filepath.Join(b.TempDir(), "replica.db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	tx, err := st.W.Begin()
	if err != nil {
		b.Fatal(err)
	}
	ex := func(q string, args ...any) {
		if _, err := tx.Exec(q, args...); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	at := func(min int) time.Time { return worldTime.Add(time.Duration(min) * time.Minute) }
	sponsor := Viewer{AccountID: domain.NewID(), Role: domain.RoleSponsor}
	campaign, list := domain.NewID(), domain.NewID()
	ex(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, 'm@example.com', 'sponsor', 'Maya', ?, ?)`,
		sponsor.AccountID, worldTime, worldTime)
	ex(`INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, status, created_at, updated_at)
		VALUES (?, ?, 'Big launch', '2026-01-01', '2099-12-31', 900000000, 'active', ?, ?)`, campaign, sponsor.AccountID, worldTime, worldTime)
	ex(`INSERT INTO shortlists (id, org_id, name, campaign_id, created_by, created_at, updated_at) VALUES (?, ?, 'Big', ?, ?, ?, ?)`,
		list, sponsor.AccountID, campaign, sponsor.AccountID, worldTime, worldTime)
	kinds := []struct {
		by, status, escrow string
		offers             int
		dls                []string
	}{
		{"sponsor", "pending", "", 1, nil},
		{"sponsor", "pending", "", 2, nil},
		{"influencer", "pending", "", 1, nil},
		{"sponsor", "accepted", "funded", 1, []string{"todo", "todo"}},
		{"sponsor", "accepted", "funded", 3, []string{"posted", "todo"}},
		{"sponsor", "completed", "released", 1, []string{"accepted"}},
		{"sponsor", "withdrawn", "", 1, nil},
		{"sponsor", "rejected", "", 2, nil},
	}
	for i := 0; i < 600; i++ {
		id, name := domain.NewID(), fmt.Sprintf("Creator %d", i)
		ex(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, 'influencer', ?, ?, ?)`,
			id, fmt.Sprintf("b%d@example.com", i), name, worldTime, worldTime)
		ex(`INSERT INTO influencer_profiles (account_id, display_name, niche, reach_instagram, updated_at) VALUES (?, ?, 'tech', ?, ?)`,
			id, name, 1000+i*997, worldTime)
		ex(`INSERT INTO influencer_stats (influencer_id, followers, er_followers, computed_at) VALUES (?, ?, ?, ?)`,
			id, 1000+i*997, float64(i%50)/1000, worldTime)
		if i >= 500 {
			ex(`INSERT INTO shortlist_entries (id, shortlist_id, influencer_id, added_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
				domain.NewID(), list, id, sponsor.AccountID, worldTime, worldTime)
			continue
		}
		k := kinds[i%len(kinds)]
		rid := domain.NewID()
		ex(`INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, payment_amount, status, escrow_state, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, rid, campaign, id, k.by, 10_000+i, k.status, k.escrow, at(i), at(i))
		for s := 1; s <= k.offers; s++ {
			ex(`INSERT INTO offers (id, ad_request_id, seq, author_id, author_role, amount, created_at) VALUES (?, ?, ?, ?, 'sponsor', 1000, ?)`,
				domain.NewID(), rid, s, sponsor.AccountID, at(i))
		}
		for s, state := range k.dls {
			ex(`INSERT INTO deliverables (id, ad_request_id, seq, platform, content_type, quantity, due_date, status, created_at, updated_at)
				VALUES (?, ?, ?, 'instagram', 'reel', 1, '2026-12-01', ?, ?, ?)`, domain.NewID(), rid, s+1, state, at(i), at(i))
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := Pipeline(bg, st.R, sponsor, campaign, PipelineFilter{})
		if err != nil {
			b.Fatal(err)
		}
		if p.Total != 600 {
			b.Fatalf("total = %d", p.Total)
		}
	}
}
