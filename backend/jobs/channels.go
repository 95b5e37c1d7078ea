package jobs

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
	gomail "github.com/wneessen/go-mail"

	"iescp/backend/domain"
	"iescp/backend/store"
)

// Channel names.
const (
	ChannelInApp   = "in_app"
	ChannelNative  = "native"
	ChannelWebhook = "webhook"
	ChannelEmail   = "email"
)

// InApp stores the message as a local notification of the account: the bell shows
// it. Always enabled.
type InApp struct {
	DB        *store.Store
	AccountID string
	Now       func() time.Time
}

func (InApp) Name() string                     { return ChannelInApp }
func (InApp) Enabled(ctx context.Context) bool { return true }
func (c InApp) Send(ctx context.Context, m Message) error {
	return AddLocalNotification(ctx, c.DB, c.AccountID, m, c.Now())
}

// Native shows a desktop notification through Notify (the Wails runtime's, wired
// by app.go). Enabled when Notify is set (the system has notifications).
type Native struct {
	Notify func(title, body string) error
	// NotifyAbout, when set, is used instead for a message about an item (its
	// RefTable and RefID), so that clicking the notification opens it.
	NotifyAbout func(title, body, refTable, refID string) error
}

func (Native) Name() string                       { return ChannelNative }
func (c Native) Enabled(ctx context.Context) bool { return c.Notify != nil }
func (c Native) Send(ctx context.Context, m Message) error {
	body := m.Text
	if len(body) > 300 {
		body = body[:300] + "…"
	}
	if c.NotifyAbout != nil && m.RefTable != "" {
		return c.NotifyAbout(m.Subject, body, m.RefTable, m.RefID)
	}
	return c.Notify(m.Subject, body)
}

// Webhook posts the message to an incoming-webhook URL (Google Chat's format,
// {"text": ...}, which Slack and Mattermost accept too). The URL is a secret (it
// holds the token): errors never include it.
type Webhook struct {
	URL    func(ctx context.Context) (string, error) // "" means not configured
	Client *resty.Client                             // nil means a new one with a 15 s timeout
}

func (Webhook) Name() string { return ChannelWebhook }
func (c Webhook) Enabled(ctx context.Context) bool {
	u, err := c.URL(ctx)
	return err == nil && u != ""
}

// CheckWebhookURL validates a webhook address: https (or http to this machine).
func CheckWebhookURL(raw string) error {
	bad := domain.Errorf(domain.CodeInvalidArgument, "enter the webhook as an https:// address")
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.User != nil || len(raw) > 2048 {
		return bad
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if h := u.Hostname(); h == "localhost" || net.ParseIP(h).IsLoopback() {
			return nil
		}
	}
	return bad
}

func (c Webhook) Send(ctx context.Context, m Message) error {
	u, err := c.URL(ctx)
	if err != nil {
		return err
	}
	if err := CheckWebhookURL(u); err != nil {
		return err
	}
	client := c.Client
	if client == nil {
		client = resty.New().SetTimeout(15 * time.Second)
	}
	text := m.Text
	if m.Subject != "" {
		text = "*" + m.Subject + "*\n" + text
	}
	resp, err := client.R().SetContext(ctx).
		SetHeader("Content-Type", "application/json; charset=UTF-8").
		SetBody(map[string]string{"text": text}).
		Post(u)
	if err != nil {
		return errors.New("webhook: " + scrubURL(err))
	}
	if resp.StatusCode() < 200 || resp.StatusCode() > 299 {
		return fmt.Errorf("webhook answered %s", resp.Status())
	}
	return nil
}

// scrubURL drops the URL from a transport error: "Post \"https://...\": dial tcp: ..." → "dial tcp: ...".
func scrubURL(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return "request failed"
}

// Email security modes.
const (
	SecurityStartTLS = "starttls" // port 587 usually: STARTTLS required
	SecurityTLS      = "tls"      // port 465 usually: TLS from the start
	SecurityNone     = "none"     // a local relay only: no encryption
)

// EmailSettings configure the email channel. The password is not here: it lives
// in the keyring.
type EmailSettings struct {
	Enabled  bool   `json:"enabled"`
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Security string `json:"security"`
	Username string `json:"username"`
	From     string `json:"from"`
	To       string `json:"to"`
}

// Check validates the settings (when enabled).
func (e EmailSettings) Check() error {
	if !e.Enabled {
		return nil
	}
	bad := func(f string, a ...any) error { return domain.Errorf(domain.CodeInvalidArgument, f, a...) }
	if e.Host == "" || len(e.Host) > 253 || strings.ContainsAny(e.Host, " /:@") {
		return bad("enter the SMTP server's host name, e.g. smtp.example.com")
	}
	if e.Port < 1 || e.Port > 65535 {
		return bad("the SMTP port must be from 1 to 65535")
	}
	switch e.Security {
	case SecurityStartTLS, SecurityTLS, SecurityNone:
	default:
		return bad("security must be starttls, tls or none")
	}
	if len(e.Username) > 254 {
		return bad("the user name is too long")
	}
	if _, err := mail.ParseAddress(e.From); err != nil || len(e.From) > 254 {
		return bad("enter the sender as an email address")
	}
	if _, err := mail.ParseAddress(e.To); err != nil || len(e.To) > 254 {
		return bad("enter the recipient as an email address")
	}
	return nil
}

// Email sends the message over SMTP (wneessen/go-mail), with the attachments.
type Email struct {
	// Settings returns the settings and the password (from the keyring).
	Settings func(ctx context.Context) (EmailSettings, string, error)
	Timeout  time.Duration // 0 means 20 s
}

func (Email) Name() string { return ChannelEmail }
func (c Email) Enabled(ctx context.Context) bool {
	s, _, err := c.Settings(ctx)
	return err == nil && s.Enabled
}

func (c Email) Send(ctx context.Context, m Message) error {
	s, password, err := c.Settings(ctx)
	if err != nil {
		return err
	}
	if err := s.Check(); err != nil {
		return err
	}
	msg := gomail.NewMsg()
	if err := msg.From(s.From); err != nil {
		return fmt.Errorf("email: sender: %w", err)
	}
	if err := msg.To(s.To); err != nil {
		return fmt.Errorf("email: recipient: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, f := range m.Attachments {
		msg.AttachFile(f, gomail.WithFileName(filepath.Base(f)))
	}
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 20 * time.Second
	}
	opts := []gomail.Option{gomail.WithPort(s.Port), gomail.WithTimeout(timeout)}
	switch s.Security {
	case SecurityTLS:
		opts = append(opts, gomail.WithSSL())
	case SecurityStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case SecurityNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.Username != "" {
		// Over TLS the best mechanism the server offers; without encryption (a local
		// relay the user chose) only PLAIN, which then travels in clear.
		auth := gomail.SMTPAuthAutoDiscover
		if s.Security == SecurityNone {
			auth = gomail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(s.Username), gomail.WithPassword(password))
	}
	client, err := gomail.NewClient(s.Host, opts...)
	if err != nil {
		return fmt.Errorf("email: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("email: %s", scrubSecret(err.Error(), password))
	}
	return nil
}

// scrubSecret removes a secret from a message, in case a library echoes it.
func scrubSecret(s, secret string) string {
	if secret == "" {
		return s
	}
	return strings.ReplaceAll(s, secret, "***")
}
