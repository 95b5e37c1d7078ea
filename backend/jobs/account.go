package jobs

import (
	"context"
	"strings"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store"
)

// Where an account's job messages go: the in-app bell, the desktop
// notification where the system has them, a webhook and email as the account set
// them up; which events each channel carries is the account's notification
// preferences (prefs.go). Settings live in the account's local_settings; the
// SMTP password and the webhook URL (which holds its token) in the secret store,
// never in a database file or a log.

// codeUnavailable: a channel could not be reached (the UI knows the code).
const codeUnavailable domain.Code = "unavailable"

// Local settings keys. settingNative is the desktop notifications' switch of
// before the notification preferences: only their migration reads it.
const (
	settingEmail  = "delivery.email"
	settingNative = "delivery.native"
)

// Secrets is the secret store (the OS keyring or its file fallback).
type Secrets interface {
	Get(key string) (string, error)
	Set(key, secret string) error
	Delete(key string) error
}

// DeliverySettings is where job messages go, as the UI shows it: secrets only
// as "set or not".
type DeliverySettings struct {
	NativeHere      bool          `json:"native_available"`
	WebhookSet      bool          `json:"webhook_set"`
	Email           EmailSettings `json:"email"`
	SMTPPasswordSet bool          `json:"smtp_password_set"`
}

// DeliveryInput changes the delivery settings. A nil secret keeps the stored one;
// "" removes it.
type DeliveryInput struct {
	Email        EmailSettings `json:"email"`
	SMTPPassword *string       `json:"smtp_password,omitempty"`
	WebhookURL   *string       `json:"webhook_url,omitempty"`
}

// Account is one signed-in account's delivery settings and the channels they make.
type Account struct {
	DB        *store.Store // the account's replica
	AccountID string
	Secrets   Secrets
	// Notify shows a desktop notification (nil where there is none).
	Notify func(title, body string) error
	// NotifyAbout shows one about an item, which clicking opens (nil: Notify).
	NotifyAbout func(title, body, refTable, refID string) error
	Now         func() time.Time
}

func (d Account) smtpKey() string    { return "smtp:" + d.AccountID }
func (d Account) webhookKey() string { return "webhook:" + d.AccountID }

// secret reads a secret; "" when none is stored (or there is no store).
func (d Account) secret(key string) string {
	v, err := d.Secrets.Get(key)
	if err != nil {
		return ""
	}
	return v
}

// Email returns the email settings (defaults when never set).
func (d Account) Email(ctx context.Context) (EmailSettings, error) {
	e := EmailSettings{Port: 587, Security: SecurityStartTLS}
	_, err := getLocal(ctx, d.DB, settingEmail, &e)
	return e, err
}

// Settings returns the settings as the UI shows them.
func (d Account) Settings(ctx context.Context) (DeliverySettings, error) {
	out := DeliverySettings{NativeHere: d.Notify != nil}
	var err error
	if out.Email, err = d.Email(ctx); err != nil {
		return out, err
	}
	out.WebhookSet, out.SMTPPasswordSet = d.secret(d.webhookKey()) != "", d.secret(d.smtpKey()) != ""
	return out, nil
}

// Save validates and saves the settings; secrets go to the secret store.
func (d Account) Save(ctx context.Context, in DeliveryInput) error {
	e := in.Email
	e.Host, e.Username, e.From, e.To = strings.TrimSpace(e.Host), strings.TrimSpace(e.Username), strings.TrimSpace(e.From), strings.TrimSpace(e.To)
	if err := e.Check(); err != nil {
		return err
	}
	if in.SMTPPassword != nil && len(*in.SMTPPassword) > 1024 {
		return domain.Errorf(domain.CodeInvalidArgument, "the SMTP password is too long")
	}
	if in.WebhookURL != nil && *in.WebhookURL != "" {
		if err := CheckWebhookURL(*in.WebhookURL); err != nil {
			return err
		}
	}
	if err := putLocal(ctx, d.DB, settingEmail, e); err != nil {
		return err
	}
	for key, v := range map[string]*string{d.smtpKey(): in.SMTPPassword, d.webhookKey(): in.WebhookURL} {
		if v == nil {
			continue
		}
		var err error
		if *v == "" {
			err = d.Secrets.Delete(key)
		} else {
			err = d.Secrets.Set(key, strings.TrimSpace(*v))
		}
		if err != nil {
			return domain.Errorf(domain.CodeInternal, "could not store the secret: %v", err)
		}
	}
	return nil
}

// InApp is the bell's channel.
func (d Account) InApp() InApp { return InApp{DB: d.DB, AccountID: d.AccountID, Now: d.Now} }

// Native is the desktop notification's channel, there where the system has
// notifications; the preferences say which events it shows.
func (d Account) Native() Native { return Native{Notify: d.Notify, NotifyAbout: d.NotifyAbout} }

// Webhook is the webhook channel: the address from the secret store.
func (d Account) Webhook() Webhook {
	return Webhook{URL: func(ctx context.Context) (string, error) { return d.secret(d.webhookKey()), nil }}
}

// EmailChannel is the email channel: the settings from local_settings, the
// password from the secret store.
func (d Account) EmailChannel() Email {
	return Email{Settings: func(ctx context.Context) (EmailSettings, string, error) {
		e, err := d.Email(ctx)
		if err != nil || !e.Enabled {
			return e, "", err
		}
		return e, d.secret(d.smtpKey()), nil
	}}
}

// Channels are every channel of the account, in delivery order.
func (d Account) Channels() []Channel {
	return []Channel{d.InApp(), d.Native(), d.Webhook(), d.EmailChannel()}
}

// Test sends a test message on one channel now (webhook, email or native).
func (d Account) Test(ctx context.Context, channel string) error {
	var ch Channel
	switch channel {
	case ChannelEmail:
		ch = d.EmailChannel()
	case ChannelWebhook:
		ch = d.Webhook()
	case ChannelNative:
		ch = d.Native()
	default:
		return domain.Errorf(domain.CodeInvalidArgument, "unknown channel %q", channel)
	}
	if !ch.Enabled(ctx) {
		return domain.Errorf(domain.CodeInvalidArgument, "%s is not set up", channel)
	}
	if err := ch.Send(ctx, TestMessage(channel)); err != nil {
		return domain.Errorf(codeUnavailable, "%v", err)
	}
	return nil
}
