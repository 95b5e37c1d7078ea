package desktop

import (
	"context"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
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
	// The one campaign list: every campaign with what the moderation screen shows,
	// sorted and paged.
	apple := domain.NewID()
	mustMutate(t, spDesk, "campaign.create", map[string]any{"id": apple, "name": "Apple pie", "category": "Food",
		"start_date": "2026-02-01", "end_date": "2099-12-31", "budget": 90_000, "visibility": "private"})
	drained(t, spDesk, "the second campaign to upload")
	if _, err := NewAdRequestService(spDesk).Send(mutate.AdRequestSend{CampaignID: campaign, InfluencerID: in.ID, Amount: 50_000, Requirements: "A post"}); err != nil {
		t.Fatal(err)
	}
	drained(t, spDesk, "the request to upload")
	waitFor(t, "both campaigns and the request on the admin's desktop", func() bool {
		p, err := adm.Campaigns(queries.AdminCampaignQuery{Sort: "requests", Desc: true})
		return err == nil && p.Total == 2 && p.Items[0].Requests == 1
	})
	cp, _ = adm.Campaigns(queries.AdminCampaignQuery{Sort: "requests", Desc: true})
	if r := cp.Items[0]; r.ID != campaign || r.OpenRequests != 1 || r.Status != "active" || r.Visibility != "public" || r.SponsorID != sp.ID {
		t.Fatalf("campaign with a request: %+v", r)
	}
	if r := cp.Items[1]; r.ID != apple || r.Requests != 0 || r.Status != "draft" || r.Category != "Food" || r.Budget != 90_000 || r.SponsorName != "Maya Inc" {
		t.Fatalf("draft campaign: %+v", r)
	}
	if cp, _ := adm.Campaigns(queries.AdminCampaignQuery{Sort: "name"}); cp.Items[0].ID != apple || cp.Items[1].ID != campaign {
		t.Fatalf("by name: %+v", cp.Items)
	}
	if cp, _ := adm.Campaigns(queries.AdminCampaignQuery{Sort: "budget", Desc: true, PageSize: 1, Page: 2}); cp.Total != 2 || len(cp.Items) != 1 || cp.Items[0].ID != apple {
		t.Fatalf("by budget, page 2: %+v", cp)
	}
	if cp, _ := adm.Campaigns(queries.AdminCampaignQuery{Text: "pie"}); cp.Total != 1 || cp.Items[0].ID != apple {
		t.Fatalf("search by campaign name: %+v", cp)
	}
	if _, err := adm.Campaigns(queries.AdminCampaignQuery{Sort: "fame"}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("bad sort: %v", err)
	}
	if _, err := adm.Campaigns(queries.AdminCampaignQuery{Status: "lost"}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("bad status: %v", err)
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
	// Unflagging the campaign, with a reason.
	if err := adm.Unflag(TargetCampaign, campaign, "Claims corrected"); err != nil {
		t.Fatalf("unflag campaign: %v", err)
	}
	if cp, _ := adm.Campaigns(queries.AdminCampaignQuery{Flagged: "yes"}); cp.Total != 0 {
		t.Fatalf("flagged campaigns after unflag: %+v", cp)
	}
	drained(t, adminDesk, "the admin's actions to upload")
}
