package mutate_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/ledger"
	"iescp/backend/mutate"
	"iescp/backend/store"
)

func TestAdmin_SponsorApproval(t *testing.T) {
	w := newWorld(t)
	w.want(domain.CodeInvalidArgument, w.admin, "admin.approveSponsor", map[string]any{"sponsor_id": w.infl})
	w.want(domain.CodeNotFound, w.admin, "admin.approveSponsor", map[string]any{"sponsor_id": domain.NewID()})
	w.want(domain.CodeInvalidTransition, w.admin, "admin.approveSponsor", map[string]any{"sponsor_id": w.sponsor})
	w.want(domain.CodeInvalidTransition, w.admin, "admin.rejectSponsor", map[string]any{"sponsor_id": w.sponsor})
	w.must(w.admin, "admin.rejectSponsor", map[string]any{"sponsor_id": w.pending, "reason": "no company registration"})
	var p domain.SponsorProfile
	if err := w.db.R.Get(&p, `SELECT * FROM sponsor_profiles WHERE account_id = ?`, w.pending); err != nil {
		t.Fatal(err)
	}
	if p.Approval != domain.ApprovalRejected || p.ReviewedBy == nil || *p.ReviewedBy != w.admin || p.ReviewedAt == nil ||
		p.ReviewReason != "no company registration" {
		t.Fatalf("got %+v, want rejected by the admin with the time and reason", p)
	}
	w.want(domain.CodeInvalidTransition, w.admin, "admin.rejectSponsor", map[string]any{"sponsor_id": w.pending})
	// A rejected sponsor can be approved after all (papers arrived).
	w.must(w.admin2, "admin.approveSponsor", map[string]any{"sponsor_id": w.pending})
	if err := w.db.R.Get(&p, `SELECT * FROM sponsor_profiles WHERE account_id = ?`, w.pending); err != nil {
		t.Fatal(err)
	}
	if p.Approval != domain.ApprovalApproved || *p.ReviewedBy != w.admin2 {
		t.Fatalf("got %+v, want approved by admin2", p)
	}
	if n := w.count(`SELECT COUNT(*) FROM notifications WHERE account_id = ? AND kind LIKE 'sponsor.%'`, w.pending); n != 2 {
		t.Fatalf("approval notifications: got %d, want 2", n)
	}
}

func TestAdmin_FlagAndActivateAccounts(t *testing.T) {
	w := newWorld(t)
	w.want(domain.CodeInvalidArgument, w.admin, "admin.flag", map[string]any{"target": "account", "id": w.admin2, "reason": "x"})
	w.want(domain.CodeInvalidArgument, w.admin, "admin.flag", map[string]any{"target": "user", "id": w.infl, "reason": "x"})
	w.must(w.admin, "admin.flag", map[string]any{"target": "account", "id": w.infl, "reason": "fake followers"})
	// A flagged user can only read: every mutation is refused, marking notifications read is not.
	w.want(domain.CodeFlagged, w.infl, "profile.update", map[string]any{"bio": "hello"})
	w.must(w.infl, "notification.markRead", map[string]any{"all": true})
	if n := w.count(`SELECT COUNT(*) FROM notifications WHERE account_id = ? AND read_at IS NULL`, w.infl); n != 0 {
		t.Fatalf("unread after markRead all: %d", n)
	}
	w.must(w.admin, "admin.unflag", map[string]any{"target": "account", "id": w.infl})
	w.must(w.infl, "profile.update", map[string]any{"bio": "hello"})

	w.want(domain.CodeInvalidArgument, w.admin, "admin.setActive", map[string]any{"account_id": w.admin, "active": false})
	w.want(domain.CodeInvalidTransition, w.admin, "admin.setActive", map[string]any{"account_id": w.infl, "active": true})
	w.must(w.admin, "admin.setActive", map[string]any{"account_id": w.infl, "active": false})
	w.want(domain.CodeForbidden, w.infl, "profile.update", map[string]any{"bio": "gone"})
	w.must(w.admin, "admin.setActive", map[string]any{"account_id": w.infl, "active": true})
	w.must(w.infl, "profile.update", map[string]any{"bio": "back"})
}

func TestProfile_Update(t *testing.T) {
	w := newWorld(t)
	w.must(w.infl, "profile.update", map[string]any{"display_name": "Ivy", "reach": map[string]any{"youtube": 50_000, "x": 1_000}})
	var p domain.InfluencerProfile
	if err := w.db.R.Get(&p, `SELECT * FROM influencer_profiles WHERE account_id = ?`, w.infl); err != nil {
		t.Fatal(err)
	}
	if p.DisplayName != "Ivy" || p.ReachInstagram != 12_000 || p.ReachYouTube != 50_000 || p.ReachTotal != 63_000 || p.Category != "Tech" {
		t.Fatalf("got %+v, want patched reach and a total of 63000", p)
	}
	w.must(w.sponsor, "profile.update", map[string]any{"company_name": "Acme Global", "industry": "Consumer electronics", "budget": 9_000_000})
	cases := []struct {
		actor string
		args  map[string]any
	}{
		{w.sponsor, map[string]any{"bio": "sponsors have no bio"}},
		{w.infl, map[string]any{"budget": 5}},
		{w.admin, map[string]any{"niche": "x"}},
		{w.infl, map[string]any{"reach": map[string]any{"tiktok": -1}}},
		{w.infl, map[string]any{"reach": map[string]any{"facebook": 10}}},
		{w.infl, map[string]any{}},
		{w.infl, map[string]any{"display_name": ""}},
		{w.sponsor, map[string]any{"budget": -5}},
		{w.infl, map[string]any{"account_id": w.infl2, "bio": "not mine"}},
	}
	for _, tc := range cases {
		w.want(domain.CodeInvalidArgument, tc.actor, "profile.update", tc.args)
	}
	w.must(w.admin, "profile.update", map[string]any{"name": "Ada Lovelace"})
}

func TestReview_Create(t *testing.T) {
	w := newWorld(t)
	req, o := w.send(w.campaign, w.sponsor, w.infl, 10_000)
	review := func(rating int) map[string]any {
		return map[string]any{"id": domain.NewID(), "ad_request_id": req, "rating": rating, "body": "Great work"}
	}
	w.want(domain.CodeInvalidTransition, w.sponsor, "review.create", review(5))
	w.must(w.infl, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": o})
	w.want(domain.CodeInvalidTransition, w.infl, "review.create", review(5))
	w.must(w.sponsor, "adRequest.complete", map[string]any{"ad_request_id": req})
	for _, bad := range []int{0, 6, -1} {
		w.want(domain.CodeInvalidArgument, w.sponsor, "review.create", review(bad))
	}
	w.must(w.sponsor, "review.create", review(5))
	w.want(domain.CodeInvalidTransition, w.sponsor, "review.create", review(4))
	w.must(w.infl, "review.create", review(3))
	w.want(domain.CodeNotFound, w.infl2, "review.create", review(1)) // another's request does not exist for them
	var subjects []string
	if err := w.db.R.Select(&subjects, `SELECT subject || ':' || rating FROM reviews ORDER BY subject`); err != nil {
		t.Fatal(err)
	}
	if strings.Join(subjects, ",") != "campaign:3,influencer:5" {
		t.Fatalf("reviews: got %v, want the influencer rating the campaign 3 and the sponsor rating the influencer 5", subjects)
	}
}

func TestNotification_MarkRead(t *testing.T) {
	w := newWorld(t)
	w.send(w.campaign, w.sponsor, w.infl, 100)
	var id string
	if err := w.db.R.Get(&id, `SELECT id FROM notifications WHERE account_id = ?`, w.infl); err != nil {
		t.Fatal(err)
	}
	w.want(domain.CodeNotFound, w.infl2, "notification.markRead", map[string]any{"ids": []string{id}})
	w.want(domain.CodeNotFound, w.infl, "notification.markRead", map[string]any{"ids": []string{domain.NewID()}})
	w.want(domain.CodeInvalidArgument, w.infl, "notification.markRead", map[string]any{})
	w.want(domain.CodeInvalidArgument, w.infl, "notification.markRead", map[string]any{"ids": []string{id}, "all": true})
	w.must(w.infl, "notification.markRead", map[string]any{"ids": []string{id}})
	if n := w.count(`SELECT COUNT(*) FROM notifications WHERE id = ? AND read_at IS NOT NULL`, id); n != 1 {
		t.Fatal("notification not marked read")
	}
}

func TestDecode_Errors(t *testing.T) {
	cases := []struct {
		name, raw string
		want      domain.Code
	}{
		{"campaign.explode", `{}`, domain.CodeInvalidArgument},
		{"campaign.delete", `{"id": "` + domain.NewID() + `", "force": true}`, domain.CodeInvalidArgument},
		{"campaign.delete", `{"id": 7}`, domain.CodeInvalidArgument},
		{"campaign.delete", `{"id": "` + domain.NewID() + `"} {}`, domain.CodeInvalidArgument},
		{"campaign.delete", `[]`, domain.CodeInvalidArgument},
		{"campaign.delete", `{"id": "` + strings.Repeat("a", mutate.MaxArgsBytes) + `"}`, domain.CodePayloadTooLarge},
		{"adRequest.send", `{"id":"` + domain.NewID() + `","offer_id":"` + domain.NewID() + `","campaign_id":"` + domain.NewID() +
			`","influencer_id":"` + domain.NewID() + `","amount":0,"requirements":"x"}`, domain.CodeInvalidArgument},
		{"adRequest.send", `{"id":"` + strings.ToUpper(domain.NewID()) + `"}`, domain.CodeInvalidArgument},
	}
	for _, tc := range cases {
		_, err := mutate.Decode(tc.name, json.RawMessage(tc.raw))
		if got := domain.ErrorCode(err); err == nil || got != tc.want {
			t.Errorf("Decode(%s, %.60s): got %v, want %s", tc.name, tc.raw, err, tc.want)
		}
	}
}

// TestMutators_Deterministic replays one script of mutations on two databases and
// expects identical contents: the property that lets a desktop rebase.
func TestMutators_Deterministic(t *testing.T) {
	type step struct {
		actor, name string
		args        any
	}
	ids := make([]string, 8)
	for i := range ids {
		ids[i] = domain.NewID()
	}
	dump := func(seedAccounts func(db *store.Store) map[string]string) string {
		db, err := store.Open(filepath.Join(t.TempDir(), "x.db"), store.SetDomain, store.SetServer)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		acc := seedAccounts(db)
		if err := db.Write(context.Background(), func(tx *sqlx.Tx) error {
			_, err := ledger.New(func() time.Time { return t0 }).TopUp(context.Background(), tx, acc["s"], 100_000, "top-up")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		script := []step{
			{acc["s"], "campaign.create", map[string]any{"id": ids[0], "name": "C", "start_date": "2026-12-01",
				"end_date": "2026-12-30", "budget": 5000, "publish": true, "visibility": "public"}},
			{acc["s"], "adRequest.send", map[string]any{"id": ids[1], "offer_id": ids[2], "campaign_id": ids[0],
				"influencer_id": acc["i"], "amount": 100, "requirements": "r"}},
			{acc["i"], "adRequest.counter", map[string]any{"ad_request_id": ids[1], "offer_id": ids[3], "in_reply_to": ids[2],
				"amount": 200, "requirements": "r2"}},
			{acc["s"], "adRequest.accept", map[string]any{"ad_request_id": ids[1], "offer_id": ids[3]}},
			{acc["s"], "adRequest.complete", map[string]any{"ad_request_id": ids[1]}},
			{acc["s"], "review.create", map[string]any{"id": ids[4], "ad_request_id": ids[1], "rating": 4}},
			{acc["a"], "admin.flag", map[string]any{"target": "campaign", "id": ids[0], "reason": "check"}},
		}
		now := t0
		for _, s := range script {
			raw, _ := json.Marshal(s.args)
			now = now.Add(time.Second)
			if err := db.Write(context.Background(), func(tx *sqlx.Tx) error {
				return mutate.Apply(tx, s.actor, s.name, raw, now)
			}); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
		}
		var out []string
		for _, q := range []string{
			`SELECT json_group_array(json_array(id, status, budget, committed, flagged, updated_at)) FROM campaigns`,
			`SELECT json_group_array(json_array(id, status, payment_amount, requirements, updated_at)) FROM ad_requests`,
			`SELECT json_group_array(json_array(id, seq, amount, created_at)) FROM offers`,
			`SELECT json_group_array(json_array(id, rating)) FROM reviews`,
			`SELECT json_group_array(json_array(id, kind, ad_request_id, idempotency_key, created_at)) FROM (SELECT * FROM ledger_transactions ORDER BY id)`,
			`SELECT json_group_array(json_array(transaction_id, line, account_id, amount)) FROM (SELECT * FROM ledger_postings ORDER BY transaction_id, line)`,
			`SELECT json_group_array(json_array(id, account_id, kind, body, created_at)) FROM (SELECT * FROM notifications ORDER BY id)`,
		} {
			var s string
			if err := db.R.Get(&s, q); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return strings.Join(out, "\n")
	}
	accIDs := map[string]string{"s": domain.NewID(), "i": domain.NewID(), "a": domain.NewID()}
	seed := func(db *store.Store) map[string]string {
		for k, role := range map[string]string{"s": "sponsor", "i": "influencer", "a": "admin"} {
			id := accIDs[k]
			db.W.MustExec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
				id, k+"@example.com", role, k, t0, t0)
		}
		db.W.MustExec(`INSERT INTO sponsor_profiles (account_id, company_name, approval, updated_at) VALUES (?, 'S', 'approved', ?)`, accIDs["s"], t0)
		db.W.MustExec(`INSERT INTO influencer_profiles (account_id, display_name, updated_at) VALUES (?, 'I', ?)`, accIDs["i"], t0)
		return accIDs
	}
	a, b := dump(seed), dump(seed)
	if a != b {
		t.Fatalf("replaying the same mutations gave different databases:\n%s\n---\n%s", a, b)
	}
	if !strings.Contains(a, `"completed"`) {
		t.Fatalf("script did not run as expected: %s", a)
	}
}
