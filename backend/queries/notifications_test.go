package queries

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store"
)

// replica is an account's desktop database with a sponsor (Acme, company "Acme
// Corp"), an influencer (Ivy) and another influencer.
type replica struct {
	t   *testing.T
	db  *store.Store
	now time.Time
}

func newReplica(t *testing.T) *replica {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "r.db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r := &replica{t: t, db: db, now: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)}
	for _, a := range [][3]string{{"sp", "sponsor", "Acme"}, {"ivy", "influencer", "Ivy"}, {"ian", "influencer", "Ian"}} {
		r.exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			a[0], a[0]+"@x.test", a[1], a[2], r.now, r.now)
	}
	r.exec(`INSERT INTO sponsor_profiles (account_id, company_name, approval, updated_at) VALUES ('sp', 'Acme Corp', 'approved', ?)`, r.now)
	return r
}

func (r *replica) exec(q string, args ...any) {
	r.t.Helper()
	if _, err := r.db.W.Exec(q, args...); err != nil {
		r.t.Fatalf("%s: %v", q, err)
	}
}

func (r *replica) campaign(id, start, end string) {
	r.exec(`INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, status, created_at, updated_at)
		VALUES (?, 'sp', ?, ?, ?, 1000000, 'active', ?, ?)`, id, "Campaign "+id, start, end, r.now, r.now)
}

// request adds an ad request of infl on campaign with its offers' authors in order.
func (r *replica) request(id, campaign, infl, status string, amount int64, updated time.Time, authors ...string) {
	r.exec(`INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, payment_amount, status, created_at, updated_at)
		VALUES (?, ?, ?, 'sponsor', ?, ?, ?, ?)`, id, campaign, infl, amount, status, r.now, updated)
	for i, a := range authors {
		author := "sp"
		if a == "influencer" {
			author = infl
		}
		r.exec(`INSERT INTO offers (id, ad_request_id, seq, author_id, author_role, amount, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			domain.NewID(), id, i+1, author, a, amount, r.now)
	}
}

// The daily reminder reads the requests waiting for the influencer's answer
// (pending, the latest offer the sponsor's), oldest first, and the campaigns of
// accepted work starting or ending within three days; nobody else's.
func TestDailyReminder(t *testing.T) {
	r := newReplica(t)
	r.campaign("a", "2026-11-01", "2026-12-31") // runs on
	r.campaign("b", "2026-11-23", "2026-12-31") // starts in two days
	r.campaign("c", "2026-10-01", "2026-11-24") // ends in three days
	r.campaign("d", "2026-11-25", "2026-12-31") // starts in four days: too far
	r.campaign("e", "2026-10-01", "2026-11-22") // ends tomorrow, but its request is a tombstone
	earlier := r.now.Add(-time.Hour)
	r.request("r1", "a", "ivy", "pending", 150_000, r.now, "sponsor")
	r.request("r2", "b", "ivy", "pending", 20_000, earlier, "sponsor", "influencer", "sponsor")
	r.request("r3", "c", "ivy", "pending", 30_000, earlier, "sponsor", "influencer") // Ivy's turn is done
	r.request("r4", "a", "ian", "pending", 40_000, earlier, "sponsor")               // someone else's
	r.request("r5", "b", "ivy", "accepted", 50_000, earlier, "sponsor")
	r.request("r6", "c", "ivy", "accepted", 50_000, earlier, "sponsor")
	r.request("r7", "d", "ivy", "accepted", 50_000, earlier, "sponsor")
	r.request("r8", "a", "ian", "accepted", 50_000, earlier, "sponsor")
	r.request("r9", "e", "ivy", "accepted", 50_000, earlier, "sponsor")
	r.exec(`UPDATE ad_requests SET deleted_at = ? WHERE id = 'r9'`, r.now)

	got, err := DailyReminder(context.Background(), r.db.R, Viewer{AccountID: "ivy", Role: "influencer"}, r.now)
	if err != nil {
		t.Fatal(err)
	}
	want := Reminder{Today: "2026-11-21", Role: domain.RoleInfluencer,
		DueSoon: []WorkItem{}, Metrics: []DueMetrics{}, Drafts: []WorkItem{}, Proofs: []WorkItem{},
		Waiting: []WaitingRequest{
			{ID: "r2", CampaignName: "Campaign b", SponsorName: "Acme Corp", Amount: 20_000},
			{ID: "r1", CampaignName: "Campaign a", SponsorName: "Acme Corp", Amount: 150_000},
		},
		Upcoming: []SoonCampaign{
			{Name: "Campaign c", StartDate: "2026-10-01", EndDate: "2026-11-24"},
			{Name: "Campaign b", StartDate: "2026-11-23", EndDate: "2026-12-31"},
		}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("reminder:\n got %+v\nwant %+v", got, want)
	}
	if none, err := DailyReminder(context.Background(), r.db.R, Viewer{AccountID: "sp", Role: "sponsor"}, r.now); err != nil || !none.Empty() {
		t.Fatalf("the sponsor's reminder: %+v, %v", none, err)
	}
}

// The bell's list: the synced notifications and the desktop's own together,
// newest first, params decoded (an unreadable params still lists its row).
func TestNotifications(t *testing.T) {
	r := newReplica(t)
	at := func(m int) time.Time { return r.now.Add(time.Duration(m) * time.Minute) }
	r.exec(`INSERT INTO notifications (id, account_id, kind, title, body, params, ref_table, ref_id, created_at) VALUES
		('n1', 'ivy', 'ad_request.received', '', '', '{"party":"Acme","amount":150000}', 'ad_requests', 'r1', ?),
		('n2', 'ivy', 'ad_request.counter', 'Counter-offer', 'old English', '{}', 'ad_requests', 'r1', ?),
		('n3', 'ian', 'ad_request.received', '', '', '{}', 'ad_requests', 'r4', ?)`, at(1), at(2), at(3))
	r.exec(`INSERT INTO local_notifications (id, account_id, kind, title, body, params, created_at, read_at) VALUES
		('l1', 'ivy', 'reminder', '', '', '{"waiting":2,"soon":0}', ?, NULL),
		('l2', 'ivy', 'report', 'Your report', 'ready', 'not json', ?, ?)`, at(4), at(5), at(6))
	l, err := Notifications(context.Background(), r.db.R, Viewer{AccountID: "ivy", Role: "influencer"}, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range l.Items {
		ids = append(ids, n.ID)
	}
	if !reflect.DeepEqual(ids, []string{"l2", "l1", "n2", "n1"}) || l.Unread != 3 {
		t.Fatalf("list: %v, unread %d", ids, l.Unread)
	}
	if p := l.Items[3].Params; !reflect.DeepEqual(p, map[string]any{"party": "Acme", "amount": float64(150_000)}) {
		t.Fatalf("params: %#v", p)
	}
	if p := l.Items[1].Params; !reflect.DeepEqual(p, map[string]any{"waiting": float64(2), "soon": float64(0)}) {
		t.Fatalf("reminder params: %#v", p)
	}
	if l.Items[0].Params == nil || len(l.Items[0].Params) != 0 || l.Items[0].Title != "Your report" || l.Items[2].Body != "old English" {
		t.Fatalf("rows: %+v", l.Items)
	}
	if l, err := Notifications(context.Background(), r.db.R, Viewer{AccountID: "ivy"}, 2, nil); err != nil || len(l.Items) != 2 {
		t.Fatalf("limit 2: %d, %v", len(l.Items), err)
	}
	for _, bad := range []int{-1, 101} {
		if _, err := Notifications(context.Background(), r.db.R, Viewer{AccountID: "ivy"}, bad, nil); domain.ErrorCode(err) != domain.CodeInvalidArgument {
			t.Fatalf("limit %d: %v", bad, err)
		}
	}
	// Kinds turned off for the bell are neither listed nor counted, synced or local.
	l, err = Notifications(context.Background(), r.db.R, Viewer{AccountID: "ivy"}, 0, []string{"ad_request.received", "reminder"})
	if err != nil {
		t.Fatal(err)
	}
	ids = nil
	for _, n := range l.Items {
		ids = append(ids, n.ID)
	}
	if !reflect.DeepEqual(ids, []string{"l2", "n2"}) || l.Unread != 1 {
		t.Fatalf("hidden kinds: %v, unread %d", ids, l.Unread)
	}
}
