package jobs

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/jobs/smtptest"
)

func TestWebhook_PostsAndFailsWithoutLeakingTheURL(t *testing.T) {
	var mu sync.Mutex
	var got []map[string]string
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]string
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json; charset=UTF-8" || json.NewDecoder(r.Body).Decode(&body) != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		got = append(got, body)
		w.WriteHeader(status)
	}))
	defer srv.Close()
	secretURL := srv.URL + "/v1/spaces/AAA/messages?key=SECRETKEY&token=SECRETTOKEN"
	wh := Webhook{URL: func(context.Context) (string, error) { return secretURL, nil }}
	ctx := context.Background()
	if !wh.Enabled(ctx) {
		t.Fatal("webhook not enabled")
	}
	if err := wh.Send(ctx, Message{Subject: "2 ad requests wait for you", Text: "Phone launch: $1,500"}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0]["text"] != "*2 ad requests wait for you*\nPhone launch: $1,500" {
		t.Fatalf("webhook got %+v", got)
	}
	status = http.StatusInternalServerError
	err := wh.Send(ctx, Message{Subject: "x"})
	if err == nil || err.Error() != "webhook answered 500 Internal Server Error" {
		t.Fatalf("500: %v", err)
	}
	srv.Close()
	err = wh.Send(ctx, Message{Subject: "x"})
	if err == nil || strings.Contains(err.Error(), "SECRET") || !strings.Contains(err.Error(), "webhook: ") {
		t.Fatalf("server down: %v", err)
	}

	for _, bad := range []string{"", "ftp://x", "http://example.com/hook", "https://user:pw@example.com/", "not a url"} {
		if err := CheckWebhookURL(bad); domain.AsError(err).Code != domain.CodeInvalidArgument {
			t.Errorf("CheckWebhookURL(%q) = %v", bad, err)
		}
	}
	for _, good := range []string{"https://chat.googleapis.com/v1/spaces/X/messages?key=a&token=b", "http://127.0.0.1:9999/hook", "http://localhost/h"} {
		if err := CheckWebhookURL(good); err != nil {
			t.Errorf("CheckWebhookURL(%q) = %v", good, err)
		}
	}
	if (Webhook{URL: func(context.Context) (string, error) { return "", nil }}).Enabled(ctx) {
		t.Error("a webhook without a URL is enabled")
	}
}

func TestEmail_SendsWithAttachmentThroughARealSMTPServer(t *testing.T) {
	srv := smtptest.Start(t, "maya", "smtp-pass-XYZ")
	host, port, _ := net.SplitHostPort(srv.Addr)
	pdf := filepath.Join(t.TempDir(), "iescp-report-2026-10.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4 fake but binary \x00\x01\x02"), 0o600); err != nil {
		t.Fatal(err)
	}
	settings := EmailSettings{Enabled: true, Host: host, Security: SecurityNone, Username: "maya", From: "IESCP <reports@brand.test>", To: "maya@brand.test"}
	settings.Port = mustAtoi(t, port)
	password := "smtp-pass-XYZ"
	em := Email{Settings: func(context.Context) (EmailSettings, string, error) { return settings, password, nil }, Timeout: 5 * time.Second}
	ctx := context.Background()
	if err := em.Send(ctx, Message{Subject: "Your October report", Text: "Phone launch: committed $1,500", HTML: "<p>Phone launch</p>", Attachments: []string{pdf}}); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("got %d messages", len(msgs))
	}
	m, err := mail.ReadMessage(bytes.NewReader(msgs[0]))
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get("Subject") != "Your October report" || !strings.Contains(m.Header.Get("To"), "maya@brand.test") {
		t.Fatalf("headers: %v", m.Header)
	}
	// multipart/mixed: the text (and HTML alternative), then the PDF.
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	var attachment []byte
	var sawText bool
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(p)
		if p.FileName() == "iescp-report-2026-10.pdf" {
			attachment = body // multipart decodes base64 only for quoted-printable; decode below
			if enc := p.Header.Get("Content-Transfer-Encoding"); strings.EqualFold(enc, "base64") {
				attachment = decodeB64(t, body)
			}
		} else if strings.Contains(string(body), "Phone launch") {
			sawText = true
		}
	}
	if !sawText || string(attachment) != "%PDF-1.4 fake but binary \x00\x01\x02" {
		t.Fatalf("text %v, attachment %q", sawText, attachment)
	}

	// A wrong password is refused, and the error does not echo it.
	password = "wrong-pass-ABC"
	if err := em.Send(ctx, Message{Subject: "x", Text: "y"}); err == nil || strings.Contains(err.Error(), "wrong-pass-ABC") {
		t.Fatalf("wrong password: %v", err)
	}
	// A server that accepts and never answers (the test holds its port): the
	// channel's Timeout ends the attempt with an error that does not echo the
	// password. A 200 ms timeout against a 10 s wait: without the Timeout
	// (go-mail's own default is 15 s) it would not come back in time.
	hung, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var held []net.Conn
	var heldMu sync.Mutex
	go func() {
		for {
			c, err := hung.Accept()
			if err != nil {
				return
			}
			heldMu.Lock()
			held = append(held, c)
			heldMu.Unlock()
		}
	}()
	t.Cleanup(func() {
		hung.Close()
		heldMu.Lock()
		for _, c := range held {
			c.Close()
		}
		heldMu.Unlock()
	})
	password = "smtp-pass-XYZ"
	hungSettings := settings
	hungSettings.Host, hungSettings.Port = "127.0.0.1", hung.Addr().(*net.TCPAddr).Port
	slow := Email{Settings: func(context.Context) (EmailSettings, string, error) { return hungSettings, password, nil }, Timeout: 200 * time.Millisecond}
	sent := make(chan error, 1)
	go func() { sent <- slow.Send(ctx, Message{Subject: "x", Text: "y"}) }()
	select {
	case err := <-sent:
		if err == nil || strings.Contains(err.Error(), password) {
			t.Fatalf("server not answering: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Send to a server that never answers did not give up: the Timeout is not applied")
	}

	bad := settings
	bad.To = "not an address"
	if err := bad.Check(); domain.AsError(err).Code != domain.CodeInvalidArgument {
		t.Fatalf("bad recipient: %v", err)
	}
	bad = settings
	bad.Security = "ssl3"
	if err := bad.Check(); domain.AsError(err).Code != domain.CodeInvalidArgument {
		t.Fatalf("bad security: %v", err)
	}
	if (EmailSettings{}).Check() != nil {
		t.Fatal("disabled settings need no fields")
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func decodeB64(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(b)), ""))
	if err != nil {
		t.Fatal(err)
	}
	return out
}
