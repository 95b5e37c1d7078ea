package queries

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// NotificationItem is one in-app notification of the viewer: a kind and its
// params (names, reasons, amounts in cents, counts), which the UI renders in the
// reader's language. Title and body are set only on rows made before params (and
// on this desktop's own notifications that have no params).
type NotificationItem struct {
	ID         string         `json:"id" db:"id"`
	Kind       string         `json:"kind" db:"kind"`
	Title      string         `json:"title" db:"title"`
	Body       string         `json:"body" db:"body"`
	Params     map[string]any `json:"params" db:"-"`
	ParamsJSON string         `json:"-" db:"params"`
	RefTable   string         `json:"ref_table" db:"ref_table"`
	RefID      string         `json:"ref_id" db:"ref_id"`
	CreatedAt  time.Time      `json:"created_at" db:"created_at"`
	ReadAt     *time.Time     `json:"read_at" db:"read_at"`
}

// NotificationList is the newest notifications and how many are unread.
type NotificationList struct {
	Items  []NotificationItem `json:"items"`
	Unread int                `json:"unread"`
}

// Notifications returns the viewer's newest notifications (at most limit, 1..100;
// 0 means 20), the synced ones and this desktop's own (job reminders, reports)
// together, and the unread count. Notifications of the hidden kinds (the ones
// the account turned off for the bell) are neither listed nor counted.
func Notifications(ctx context.Context, db sqlx.QueryerContext, v Viewer, limit int, hidden []string) (NotificationList, error) {
	if limit == 0 {
		limit = 20
	}
	if limit < 1 || limit > 100 {
		return NotificationList{}, domain.Errorf(domain.CodeInvalidArgument, "limit must be from 1 to 100")
	}
	if hidden == nil {
		hidden = []string{}
	}
	hide, err := json.Marshal(hidden)
	if err != nil {
		return NotificationList{}, fmt.Errorf("notifications: %w", err)
	}
	out := NotificationList{Items: []NotificationItem{}}
	me := v.AccountID
	const shown = ` AND kind NOT IN (SELECT value FROM json_each(?))`
	if err := sqlx.GetContext(ctx, db, &out.Unread, `SELECT
		(SELECT COUNT(*) FROM notifications WHERE account_id = ? AND read_at IS NULL`+shown+`) +
		(SELECT COUNT(*) FROM local_notifications WHERE account_id = ? AND read_at IS NULL`+shown+`)`,
		me, string(hide), me, string(hide)); err != nil {
		return NotificationList{}, fmt.Errorf("notifications: %w", err)
	}
	if err := sqlx.SelectContext(ctx, db, &out.Items, `SELECT * FROM (
		SELECT id, kind, title, body, params, ref_table, ref_id, created_at, read_at FROM notifications WHERE account_id = ?`+shown+`
		UNION ALL
		SELECT id, kind, title, body, params, ref_table, ref_id, created_at, read_at FROM local_notifications WHERE account_id = ?`+shown+`
		) ORDER BY created_at DESC, id DESC LIMIT ?`, me, string(hide), me, string(hide), limit); err != nil {
		return NotificationList{}, fmt.Errorf("notifications: %w", err)
	}
	for i := range out.Items {
		n := &out.Items[i]
		n.Params = map[string]any{}
		if err := json.Unmarshal([]byte(n.ParamsJSON), &n.Params); err != nil || n.Params == nil {
			n.Params = map[string]any{} // an unreadable row still shows its kind
		}
	}
	return out, nil
}
