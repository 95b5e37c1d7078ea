package desktop

import (
	"context"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/queries"
	"iescp/sync/server"
)

func TestAdminService_ApproveFlagDeactivate(t *testing.T) {
	ts := newTestServer(t)
	root, err := server.CreateAdmin(context.Background(), ts.srv.DB(), "root@iescp.test", "Root", testPW, testNow())
	if err != nil {
		t.Fatal(err)
	}
	sp := ts.register("sponsor", "maya@brand.test", "Maya")
	sp2 := ts.register("sponsor", "omar@shop.test", "Omar")
	in := ts.register("influencer", "ivan@creator.test", "Ivan")

	adminDesk, _ := newTestDesktop(t, ts.URL, "")
	if _, err := adminDesk.Session.SignIn("root@iescp.test", testPW); err != nil {
		t.Fatalf("admin sign in: %v", err)
	}
	adm := NewAdminService(adminDesk)

	o, err := adm.Overview()
	if err != nil {
		t.Fatalf("overview: %v", err)
	}
	if o.Accounts["sponsor"] != 2 || o.Accounts["influencer"] != 1 || o.Accounts["admin"] != 1 || o.AccountsTotal != 4 ||
		o.PendingSponsors != 2 || o.Active != 4 || o.Deactivated != 0 || o.CampaignsTotal != 0 {
		t.Fatalf("overview: %+v", o)
	}
	pending, err := adm.PendingSponsors()
	if err != nil || len(pending) != 2 || pending[0].Approval != "pending" {
		t.Fatalf("pending sponsors: %+v, %v", pending, err)
	}

	// Validation before anything is queued.
	if err := adm.Flag("planet", in.ID, "spam"); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("bad target: %v", err)
	}
	if err := adm.Flag(TargetAccount, in.ID, "   "); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("flag without a reason: %v", err)
	}

	// Approve one, reject the other: optimistic, so the lists change at once.
	if err := adm.ApproveSponsor(sp.ID, "Looks good"); err != nil {
		t.Fatalf("approve: %v", err)
	}
	if err := adm.RejectSponsor(sp2.ID, "Unknown company"); err != nil {
		t.Fatalf("reject: %v", err)
	}
	if err := adm.ApproveSponsor(sp.ID, ""); uiCode(t, err) != domain.CodeInvalidTransition {
		t.Fatalf("approving twice: %v", err)
	}
	if pending, _ := adm.PendingSponsors(); len(pending) != 0 {
		t.Fatalf("still pending: %+v", pending)
	}
	drained(t, adminDesk, "the approvals to upload")

	// The approved sponsor publishes a campaign; it reaches the admin by sync.
	spDesk, _ := newTestDesktop(t, ts.URL, "")
	if info, err := spDesk.Session.SignIn("maya@brand.test", testPW); err != nil || info.Approval != "approved" {
		t.Fatalf("sponsor sign in: %+v, %v", info, err)
	}
	campaign := domain.NewID()
	mustMutate(t, spDesk, "campaign.create", map[string]any{"id": campaign, "name": "Phone launch",
		"start_date": "2026-01-01", "end_date": "2099-12-31", "budget": 500_000, "visibility": "public", "publish": true})
	drained(t, spDesk, "the campaign to upload")

	// Lists leak nothing to a non-admin, and actions are refused.
	spAdm := NewAdminService(spDesk)
	if _, err := spAdm.Overview(); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("sponsor overview: %v", err)
	}
	if _, err := spAdm.PendingSponsors(); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("sponsor pending: %v", err)
	}
	if _, err := spAdm.Accounts(queries.AdminAccountQuery{}); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("sponsor accounts: %v", err)
	}
	if _, err := spAdm.Campaigns(queries.AdminCampaignQuery{}); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("sponsor campaigns: %v", err)
	}
	if err := spAdm.Flag(TargetCampaign, campaign, "mine"); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("sponsor flag: %v", err)
	}
	if err := spAdm.SetActive(in.ID, false); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("sponsor setActive: %v", err)
	}

	waitFor(t, "the campaign on the admin's desktop", func() bool {
		p, err := adm.Campaigns(queries.AdminCampaignQuery{Status: "active"})
		return err == nil && p.Total == 1
	})
	cp, _ := adm.Campaigns(queries.AdminCampaignQuery{Text: "maya"})
	if cp.Total != 1 || cp.Items[0].ID != campaign || cp.Items[0].SponsorName != "Maya Inc" || cp.Items[0].Budget != 500_000 {
		t.Fatalf("campaigns by sponsor name: %+v", cp)
	}
	if err := adm.Flag(TargetCampaign, campaign, "Misleading claims"); err != nil {
		t.Fatalf("flag campaign: %v", err)
	}
	cp, _ = adm.Campaigns(queries.AdminCampaignQuery{Flagged: "yes"})
	if cp.Total != 1 || !cp.Items[0].Flagged || cp.Items[0].FlagReason != "Misleading claims" {
		t.Fatalf("flagged campaigns: %+v", cp)
	}
	if err := adm.Flag(TargetCampaign, campaign, "again"); uiCode(t, err) != domain.CodeInvalidTransition {
		t.Fatalf("flag twice: %v", err)
	}

	// Accounts: search, filters, flag, deactivate.
	ap, err := adm.Accounts(queries.AdminAccountQuery{Role: "influencer"})
	if err != nil || ap.Total != 1 || ap.Items[0].ID != in.ID || ap.Items[0].DisplayName == "" {
		t.Fatalf("influencers: %+v, %v", ap, err)
	}
	if ap, _ := adm.Accounts(queries.AdminAccountQuery{Text: "omar inc"}); ap.Total != 1 || ap.Items[0].Approval != "rejected" || ap.Items[0].ReviewReason != "Unknown company" {
		t.Fatalf("search by company: %+v", ap)
	}
	if ap, _ := adm.Accounts(queries.AdminAccountQuery{Text: "100%_"}); ap.Total != 0 {
		t.Fatalf("wildcards are literal: %+v", ap)
	}
	if err := adm.Flag(TargetAccount, in.ID, "Fake followers"); err != nil {
		t.Fatalf("flag account: %v", err)
	}
	if err := adm.SetActive(in.ID, false); err != nil {
		t.Fatalf("deactivate: %v", err)
	}
	if err := adm.SetActive(root, false); uiCode(t, err) == "" {
		t.Fatal("an admin deactivated themself")
	}
	ap, _ = adm.Accounts(queries.AdminAccountQuery{Flagged: "yes"})
	if ap.Total != 1 || ap.Items[0].ID != in.ID || ap.Items[0].Active || ap.Items[0].FlagReason != "Fake followers" {
		t.Fatalf("flagged accounts: %+v", ap)
	}
	o, _ = adm.Overview()
	if o.FlaggedAccounts != 1 || o.FlaggedCampaigns != 1 || o.Deactivated != 1 || o.Active != 3 || o.Campaigns["active"] != 1 ||
		o.PendingSponsors != 0 {
		t.Fatalf("overview after actions: %+v", o)
	}
	if err := adm.Unflag(TargetAccount, in.ID, ""); err != nil {
		t.Fatalf("unflag: %v", err)
	}
	if err := adm.Unflag(TargetAccount, in.ID, ""); uiCode(t, err) != domain.CodeInvalidTransition {
		t.Fatalf("unflag twice: %v", err)
	}
	if err := adm.SetActive(in.ID, true); err != nil {
		t.Fatalf("reactivate: %v", err)
	}
	if _, err := adm.Accounts(queries.AdminAccountQuery{Flagged: "maybe"}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("bad flagged filter: %v", err)
	}
	if _, err := adm.Campaigns(queries.AdminCampaignQuery{PageSize: 500}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("bad page size: %v", err)
	}
	drained(t, adminDesk, "the admin's actions to upload")
}
