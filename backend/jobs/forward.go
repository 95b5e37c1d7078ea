package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"strconv"

	"github.com/jmoiron/sqlx"

	"iescp/backend/report"
	"iescp/backend/store"
)

// Forwarding: a synced notification (a mutator's, pulled from the server) shows
// under the bell by itself; Forward sends a new one to the other channels — the
// desktop notification, the webhook, email — that the account's notification
// preferences turn on for its kind (by default none: the bell only, as before
// the preferences). The text comes from the catalog (notify.<kind>.title and
// .body), in the same words as the bell's.
//
// Which rows are new: the replica's rowid, which grows as rows arrive (a pull
// updates a row in place, keeping its rowid). A watermark in local settings
// says how far forwarding got; the first call sets it to the newest row and
// forwards nothing, so a new desktop or the first sign-in after an update does
// not replay the history. Rows are claimed (the watermark moved) in the store's
// writer before they are sent, so two calls never send a row twice; a row read
// before it is forwarded is skipped. A send is tried once: a channel that fails
// is logged, and the bell still has the row.

// settingForwarded is the watermark: the rowid of the newest notification
// forwarding has looked at.
const settingForwarded = "notify.forwarded"

// forwardMax caps how many notifications one call sends (a desktop back from a
// long time offline does not flood the desktop or the mail box).
const forwardMax = 20

// moneyParams are the params that hold cents; countParams hold counts.
var (
	moneyParams = []string{"amount", "committed", "completed", "fee", "released", "refunded"}
	textParams  = []string{"party", "campaign", "amount", "excerpt", "rating", "seq", "comment", "date", "reason", "checkpoint",
		"views", "reach", "days", "fee", "outcome", "released", "refunded", "note"}
)

// NotificationMessage is what a synced notification says on the channels
// besides the bell: its kind's title and body from the catalog, amounts as money.
func NotificationMessage(kind string, params map[string]any, refTable, refID string) Message {
	data := map[string]any{}
	for _, k := range textParams {
		data[k] = ""
	}
	for k, v := range params {
		data[k] = v
		if f, ok := v.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			data[k] = strconv.FormatInt(int64(f), 10) // JSON numbers: integers, never 1e+06
		}
	}
	for _, k := range moneyParams {
		if f, ok := params[k].(float64); ok {
			data[k] = report.FormatMoney(int64(f))
		}
	}
	return Message{Kind: kind, Params: params, Subject: T("notify."+kind+".title", data), Text: T("notify."+kind+".body", data),
		RefTable: refTable, RefID: refID}
}

// Forwarder forwards an account's new synced notifications.
type Forwarder struct {
	DB        *store.Store // the account's replica
	AccountID string
	// Channels are the channels besides the bell (the row is the bell's already).
	Channels []Channel
	Prefs    func(ctx context.Context) (Prefs, error)
	Log      *slog.Logger
}

// Forwarder is the account's forwarder: desktop, webhook and email.
func (d Account) Forwarder(log *slog.Logger) Forwarder {
	return Forwarder{DB: d.DB, AccountID: d.AccountID, Channels: []Channel{d.Native(), d.Webhook(), d.EmailChannel()},
		Prefs: d.Prefs, Log: log}
}

type forwardRow struct {
	Kind     string `db:"kind"`
	Params   string `db:"params"`
	RefTable string `db:"ref_table"`
	RefID    string `db:"ref_id"`
}

// Outgoing is one send Forward will make.
type Outgoing struct {
	Channel Channel
	Message Message
}

// Forward sends the new notifications to the channels the preferences allow
// and returns how many sends went through.
func (f Forwarder) Forward(ctx context.Context) (int, error) {
	out, err := f.Pending(ctx)
	if err != nil {
		return 0, err
	}
	return f.Send(ctx, out), nil
}

// Send makes the sends, each once; a failure is logged. It returns how many
// went through. It only reads the store (a channel's settings), so it may run
// after the caller moved on.
func (f Forwarder) Send(ctx context.Context, out []Outgoing) int {
	log := f.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	sent := 0
	for _, o := range out {
		if err := safeSend(ctx, o.Channel, o.Message); err != nil {
			log.Warn("jobs: forward a notification", "channel", o.Channel.Name(), "kind", o.Message.Kind, "err", err)
			continue
		}
		sent++
	}
	return sent
}

// Pending claims the new notifications (the watermark moves past them) and
// returns the sends they make: each to the channels set up that the
// preferences turn on for its kind.
func (f Forwarder) Pending(ctx context.Context) ([]Outgoing, error) {
	prefs, err := f.Prefs(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := f.claim(ctx)
	if err != nil {
		return nil, err
	}
	var out []Outgoing
	for _, r := range rows {
		var params map[string]any
		if err := json.Unmarshal([]byte(r.Params), &params); err != nil {
			params = map[string]any{}
		}
		if eventGroup[r.Kind] == "" {
			continue // a kind the matrix does not know: the bell's only
		}
		var m *Message
		for _, ch := range f.Channels {
			if !prefs.Allows(r.Kind, ch.Name()) || !ch.Enabled(ctx) {
				continue
			}
			if m == nil {
				msg := NotificationMessage(r.Kind, params, r.RefTable, r.RefID)
				m = &msg
			}
			out = append(out, Outgoing{Channel: ch, Message: *m})
		}
	}
	return out, nil
}

// claim moves the watermark to the newest notification and returns the
// account's unread ones it passed (at most forwardMax, the newest).
func (f Forwarder) claim(ctx context.Context) ([]forwardRow, error) {
	var rows []forwardRow
	err := f.DB.Write(ctx, func(tx *sqlx.Tx) error {
		var top int64
		if err := tx.GetContext(ctx, &top, `SELECT COALESCE(MAX(rowid), 0) FROM notifications`); err != nil {
			return err
		}
		var raw string
		err := tx.GetContext(ctx, &raw, `SELECT value FROM local_settings WHERE key = ?`, settingForwarded)
		first := err != nil
		var mark int64
		if !first {
			if err := json.Unmarshal([]byte(raw), &mark); err != nil {
				first = true // an unreadable mark starts again from now
			}
		}
		switch {
		case first || top < mark:
			// The first call, or a replica made anew: start from now.
		case top == mark:
			return nil // nothing new
		default:
			if err := tx.SelectContext(ctx, &rows, `SELECT kind, params, ref_table, ref_id FROM (
				SELECT rowid AS r, kind, params, ref_table, ref_id FROM notifications
				WHERE rowid > ? AND rowid <= ? AND account_id = ? AND read_at IS NULL ORDER BY rowid DESC LIMIT ?
				) ORDER BY r`, mark, top, f.AccountID, forwardMax); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO local_settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, settingForwarded, strconv.FormatInt(top, 10))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: forward: %w", err)
	}
	return rows, nil
}
