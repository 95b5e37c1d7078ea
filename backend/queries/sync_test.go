package queries

import (
	"context"
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/store"
)

// seedRows writes the few domain rows the descriptions name: a sponsor (with a
// company), an influencer (with a display name), a live and a deleted campaign.
func seedRows(t *testing.T, db *store.Store) {
	t.Helper()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			[]any{"sp", "maya@brand.test", "sponsor", "Maya", now, now}},
		{`INSERT INTO sponsor_profiles (account_id, company_name, updated_at) VALUES (?, ?, ?)`, []any{"sp", "Maya Inc", now}},
		{`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			[]any{"in", "ivan@creator.test", "influencer", "Ivan", now, now}},
		{`INSERT INTO influencer_profiles (account_id, display_name, updated_at) VALUES (?, ?, ?)`, []any{"in", "Ivan Creates", now}},
		{`INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			[]any{"c-live", "sp", "Phone launch", "2026-01-01", "2026-12-31", 500000, now, now}},
		{`INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			[]any{"c-gone", "sp", "Old drop", "2026-01-01", "2026-12-31", 500000, now, now, now}},
	} {
		if _, err := db.W.Exec(q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
}

func TestSyncIssues_InWords(t *testing.T) {
	ctx := context.Background()
	db := openReplica(t)
	seedRows(t, db)
	budget := int64(900_000)
	send := queue(t, db, &mutate.AdRequestSend{ID: "ar-new", OfferID: "o", CampaignID: "c-live", InfluencerID: "in", Amount: 120_000},
		"sponsor_not_approved", "not yet")
	queue(t, db, &mutate.CampaignUpdate{ID: "c-live", Budget: &budget}, "flagged", "flagged")
	queue(t, db, &mutate.CampaignPublish{ID: "c-gone"}, "not_found", "gone")
	queue(t, db, &mutate.AdminFlag{Target: "account", ID: "in", Reason: "spam"}, "forbidden", "admins only")
	queue(t, db, &mutate.ProfileUpdate{Budget: &budget}, "invalid_argument", "no")
	queue(t, db, &mutate.NotificationMarkRead{IDs: []string{"n1", "n2"}}, "internal", "oops")
	queue(t, db, &mutate.CampaignPublish{ID: "c-live"}, "", "") // pending: not an issue
	if _, err := db.W.Exec(`INSERT INTO outbox (name, args_json, created_at, status, code, message)
		VALUES ('campaign.publish', 'not json', ?, 'rejected', '', '')`, time.Now()); err != nil {
		t.Fatal(err)
	}

	sponsor := Viewer{AccountID: "sp", Role: domain.RoleSponsor}
	issues, err := SyncIssues(ctx, db.R, sponsor)
	if err != nil {
		t.Fatal(err)
	}
	if len(issues) != 7 {
		t.Fatalf("got %d issues, want the 7 rejected ones", len(issues))
	}
	amt := func(p *int64) int64 {
		if p == nil {
			return -1
		}
		return *p
	}
	ref := func(r *IssueRef) string {
		if r == nil {
			return ""
		}
		return r.Kind + ":" + r.ID
	}
	for i, w := range []struct {
		action, reason, campaign, party, ref string
		amount, budget                       int64
		count                                int
	}{
		// The refused send never made the request: named from its campaign and influencer, nothing to open.
		{"adRequest.send", "sponsor_not_approved", "Phone launch", "Ivan Creates", "", 120_000, -1, 0},
		{"campaign.update", "flagged", "Phone launch", "", "campaign:c-live", -1, 900_000, 0},
		{"campaign.publish", "not_found", "Old drop", "", "", -1, -1, 0}, // deleted: named, not openable
		{"admin.flag", "forbidden", "", "Ivan Creates", "account:in", -1, -1, 0},
		{"profile.update", "invalid_argument", "", "", "profile:sp", -1, 900_000, 0},
		{"notification.markRead", "internal", "", "", "", -1, -1, 2},
		{"campaign.publish", "internal", "", "", "", -1, -1, 0}, // no code, bad args: still listed
	} {
		is := issues[i]
		if is.Action != w.action || is.Name != w.action || is.ReasonCode != w.reason || is.Params.Campaign != w.campaign ||
			is.Params.Party != w.party || ref(is.Ref) != w.ref || amt(is.Params.Amount) != w.amount ||
			amt(is.Params.Budget) != w.budget || is.Params.Count != w.count {
			t.Errorf("issue %d = %+v (params %+v, ref %s), want %+v", i, is, is.Params, ref(is.Ref), w)
		}
	}
	if string(issues[6].Args) != "null" || issues[0].ID != send || issues[3].Params.Target != "account" {
		t.Errorf("raw fields: %s, id %d, target %q", issues[6].Args, issues[0].ID, issues[3].Params.Target)
	}

	// The influencer's side of a send names the sponsor.
	issues, _ = SyncIssues(ctx, db.R, Viewer{AccountID: "in", Role: domain.RoleInfluencer})
	if issues[0].Params.Party != "Maya Inc" {
		t.Errorf("influencer's party = %q, want the sponsor's company", issues[0].Params.Party)
	}

	pending, rejected, err := OutboxCounts(ctx, db.R)
	if err != nil || pending != 1 || rejected != 7 {
		t.Errorf("OutboxCounts = %d, %d, %v; want 1, 7", pending, rejected, err)
	}
	name, args, err := RejectedChange(ctx, db.R, send)
	if err != nil || name != "adRequest.send" || !strings.Contains(string(args), `"ar-new"`) {
		t.Errorf("RejectedChange = %q, %s, %v", name, args, err)
	}
	if _, _, err := RejectedChange(ctx, db.R, 9999); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Errorf("RejectedChange(unknown) = %v, want not_found", err)
	}
	if synced, err := Synced(ctx, db.R); err != nil || synced {
		t.Errorf("Synced on a replica without sync state = %v, %v", synced, err)
	}
}

// A refused step of a deal is told like the others: which deliverable (its
// number, platform and content) of which campaign, with whom, opening the deal;
// a refused accept for want of money says so (the UI sends the sponsor to the
// wallet); an admin's refused resolution names the deal and the outcome, and a
// refused commission rate its rate, opening the Money tab.
func TestSyncIssues_DealStepsInWords(t *testing.T) {
	ctx := context.Background()
	db := openReplica(t)
	seedRows(t, db)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, payment_amount, status, created_at, updated_at)
			VALUES ('ar', 'c-live', 'in', 'sponsor', 150000, 'accepted', ?, ?)`, []any{now, now}},
		{`INSERT INTO deliverables (id, ad_request_id, seq, platform, content_type, quantity, due_date, status, created_at, updated_at)
			VALUES ('dl-2', 'ar', 2, 'tiktok', 'short', 1, '2026-02-01', 'posted', ?, ?)`, []any{now, now}},
	} {
		if _, err := db.W.Exec(q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	rate := 1250
	queue(t, db, &mutate.DeliverableSubmitDraft{DeliverableID: "dl-2", DraftText: "Hi"}, "invalid_transition", "moved on")
	queue(t, db, &mutate.DeliverableAcceptProof{DeliverableID: "dl-2"}, "forbidden", "no")
	queue(t, db, &mutate.DeliverableReportMetrics{DeliverableID: "dl-2", Checkpoint: domain.Checkpoint7d, Views: 10}, "invalid_argument", "early")
	queue(t, db, &mutate.DeliverableDispute{DeliverableID: "dl-gone", Reason: "x"}, "not_found", "gone")
	queue(t, db, &mutate.AdRequestAccept{AdRequestID: "ar", OfferID: "o"}, "insufficient_funds", "wallet short")
	queue(t, db, &mutate.DisputeResolve{AdRequestID: "ar", Outcome: "split", ReleaseCents: 40_000, Note: "half"}, "invalid_transition", "settled")
	queue(t, db, &mutate.DisputeResolve{AdRequestID: "ar", Outcome: "refund", Note: "no post"}, "invalid_transition", "settled")
	queue(t, db, &mutate.PlatformSetCommission{CommissionBps: rate}, "forbidden", "admins only")

	issues, err := SyncIssues(ctx, db.R, Viewer{AccountID: "sp", Role: domain.RoleSponsor})
	if err != nil || len(issues) != 8 {
		t.Fatalf("got %d issues, %v; want 8", len(issues), err)
	}
	opt := func(p *int64) int64 {
		if p == nil {
			return -1
		}
		return *p
	}
	ref := func(r *IssueRef) string {
		if r == nil {
			return ""
		}
		return r.Kind + ":" + r.ID
	}
	for i, w := range []struct {
		action, reason, campaign, party, ref, platform, content, checkpoint, outcome string
		seq                                                                          int
		amount                                                                       int64
	}{
		{"deliverable.submitDraft", "invalid_transition", "Phone launch", "Ivan Creates", "ad_request:ar", "tiktok", "short", "", "", 2, -1},
		{"deliverable.acceptProof", "forbidden", "Phone launch", "Ivan Creates", "ad_request:ar", "tiktok", "short", "", "", 2, -1},
		{"deliverable.reportMetrics", "invalid_argument", "Phone launch", "Ivan Creates", "ad_request:ar", "tiktok", "short", "7d", "", 2, -1},
		{"deliverable.dispute", "not_found", "", "", "", "", "", "", "", 0, -1},                                            // not on this desktop: no words, nothing to open
		{"adRequest.accept", "insufficient_funds", "Phone launch", "Ivan Creates", "ad_request:ar", "", "", "", "", 0, -1}, // its offer not held here
		{"dispute.resolve", "invalid_transition", "Phone launch", "Ivan Creates", "ad_request:ar", "", "", "", "split", 0, 40_000},
		{"dispute.resolve", "invalid_transition", "Phone launch", "Ivan Creates", "ad_request:ar", "", "", "", "refund", 0, -1},
		{"platform.setCommission", "forbidden", "", "", "commission:platform", "", "", "", "", 0, -1},
	} {
		is := issues[i]
		p := is.Params
		if is.Action != w.action || is.ReasonCode != w.reason || p.Campaign != w.campaign || p.Party != w.party ||
			ref(is.Ref) != w.ref || p.Platform != w.platform || p.ContentType != w.content || p.Checkpoint != w.checkpoint ||
			p.Outcome != w.outcome || p.Seq != w.seq || opt(p.Amount) != w.amount {
			t.Errorf("issue %d = %s %s, params %+v, ref %s; want %+v", i, is.Action, is.ReasonCode, p, ref(is.Ref), w)
		}
	}
	if r := issues[7].Params.Rate; r == nil || *r != rate {
		t.Errorf("setCommission's rate = %v, want %d", r, rate)
	}

	// The influencer's side names the sponsor.
	issues, _ = SyncIssues(ctx, db.R, Viewer{AccountID: "in", Role: domain.RoleInfluencer})
	if issues[0].Params.Party != "Maya Inc" {
		t.Errorf("influencer's party = %q, want the sponsor's company", issues[0].Params.Party)
	}
}
