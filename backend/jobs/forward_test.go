package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/jobs/smtptest"
)

// Every synced event has its words in the catalog for the channels besides the bell.
func TestNotificationMessage_EveryEventHasWords(t *testing.T) {
	for _, g := range EventGroups {
		for _, k := range g.Events {
			if jobKind(k) {
				continue
			}
			m := NotificationMessage(k, map[string]any{}, "", "")
			if m.Subject == "notify."+k+".title" || m.Text == "notify."+k+".body" || m.Subject == "" {
				t.Errorf("%s has no words: %+v", k, m)
			}
		}
	}
	m := NotificationMessage("ad_request.received", map[string]any{"party": "Acme", "campaign": "Phone launch", "amount": float64(150_000)}, "ad_requests", "r1")
	if m.Subject != "New ad request" || m.Text != "Acme invites you to Phone launch for $1,500" || m.RefID != "r1" {
		t.Fatalf("received: %+v", m)
	}
	m = NotificationMessage("deliverable.metrics_reported", map[string]any{"party": "Ivy", "campaign": "C", "seq": float64(2),
		"checkpoint": "7d", "views": float64(1_200_000), "reach": float64(900)}, "", "")
	if m.Text != "Ivy reported the 7d metrics of deliverable #2 for C: 1200000 views, 900 reached" {
		t.Fatalf("metrics: %q", m.Text)
	}
}

// New synced notifications go to the desktop, the webhook (a real HTTP server)
// and email (a real SMTP server) only where the preferences turn them on; the
// history before the first call, another account's rows, read rows and a second
// call send nothing; two calls at once send each row once.
func TestForward_SendsNewNotificationsWhereTurnedOn(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	smtp := smtptest.Start(t, "", "")
	host, port, _ := net.SplitHostPort(smtp.Addr)
	var mu sync.Mutex
	var posts, natives []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]string
		_ = json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		posts = append(posts, body["text"])
		mu.Unlock()
	}))
	defer hook.Close()
	hookURL := hook.URL + "/hook"
	a := Account{DB: f.db, AccountID: "me", Secrets: memSecrets{}, Now: f.clk.now,
		Notify: func(title, body string) error {
			mu.Lock()
			natives = append(natives, title+": "+body)
			mu.Unlock()
			return nil
		}}
	if err := a.Save(ctx, DeliveryInput{WebhookURL: &hookURL, Email: EmailSettings{Enabled: true, Host: host, Port: mustAtoi(t, port),
		Security: SecurityNone, From: "a@x.test", To: "b@x.test"}}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.Write(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.Exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES
			('me', 'me@x.test', 'influencer', 'Me', ?, ?), ('other', 'o@x.test', 'influencer', 'O', ?, ?)`,
			f.clk.now(), f.clk.now(), f.clk.now(), f.clk.now())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	n := 0
	add := func(account, kind string, read bool) {
		t.Helper()
		n++
		var readAt any
		if read {
			readAt = f.clk.now()
		}
		if err := f.db.Write(ctx, func(tx *sqlx.Tx) error {
			_, err := tx.Exec(`INSERT INTO notifications (id, account_id, kind, title, params, ref_table, ref_id, created_at, read_at)
				VALUES (?, ?, ?, '', ?, 'ad_requests', 'r1', ?, ?)`, domain.NewID(), account, kind,
				`{"party":"Acme","campaign":"Phone launch","amount":150000,"excerpt":"hi"}`, f.clk.now(), readAt)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	fw := a.Forwarder(nil)
	forward := func() int {
		t.Helper()
		sent, err := fw.Forward(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return sent
	}
	counts := func() [3]int {
		mu.Lock()
		defer mu.Unlock()
		return [3]int{len(natives), len(posts), len(smtp.Messages())}
	}

	if _, err := a.SetPrefs(ctx, []PrefChange{
		{Event: "ad_request.received", Channel: ChannelNative, On: true},
		{Event: "ad_request.received", Channel: ChannelWebhook, On: true},
		{Event: "ad_request.received", Channel: ChannelEmail, On: true},
		{Event: "ad_request.counter", Channel: ChannelNative, On: true},
	}); err != nil {
		t.Fatal(err)
	}
	add("me", "ad_request.received", false) // before the first call: history
	if sent := forward(); sent != 0 || counts() != [3]int{} {
		t.Fatalf("the history was forwarded: %d", sent)
	}
	add("me", "ad_request.application", false)
	if sent := forward(); sent != 0 || counts() != [3]int{} {
		t.Fatalf("by default the bell only: %d sent, %v", sent, counts())
	}
	add("me", "ad_request.received", false)
	add("me", "ad_request.counter", false)
	add("other", "ad_request.received", false) // not ours
	add("me", "ad_request.received", true)     // read already
	add("me", "ad_request.message", false)     // not turned on anywhere but the bell
	add("me", "org.something_new", false)      // a kind the matrix does not know: the bell's only
	if sent := forward(); sent != 4 {
		t.Fatalf("sent %d, want 4 (received ×3 channels, counter ×1)", sent)
	}
	mu.Lock()
	if len(natives) != 2 || natives[0] != "New ad request: Acme invites you to Phone launch for $1,500" || natives[1] != "Counter-offer: Acme proposes $1,500 for Phone launch" ||
		len(posts) != 1 || posts[0] != "*New ad request*\nAcme invites you to Phone launch for $1,500" {
		t.Fatalf("desktop %q, webhook %q", natives, posts)
	}
	mu.Unlock()
	msgs := smtp.Messages()
	if len(msgs) != 1 {
		t.Fatalf("emails: %d", len(msgs))
	}
	if em, err := mail.ReadMessage(bytes.NewReader(msgs[0])); err != nil || em.Header.Get("Subject") != "New ad request" {
		t.Fatalf("email: %v, %v", em, err)
	}
	if sent := forward(); sent != 0 {
		t.Fatalf("a second call sent %d", sent)
	}
	// Two calls at once: each row once.
	for i := 0; i < 5; i++ {
		add("me", "ad_request.counter", false)
	}
	before := counts()
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); _, _ = fw.Forward(ctx) }()
	}
	wg.Wait()
	if got := counts(); got[0] != before[0]+5 || got[1] != before[1] || got[2] != before[2] {
		t.Fatalf("concurrent calls: %v → %v", before, got)
	}
	// Turned off again: nothing more.
	if _, err := a.SetPrefs(ctx, []PrefChange{{Event: "ad_request.counter", Channel: ChannelNative, On: false}}); err != nil {
		t.Fatal(err)
	}
	add("me", "ad_request.counter", false)
	if sent := forward(); sent != 0 {
		t.Fatalf("turned off: %d sent", sent)
	}
}
