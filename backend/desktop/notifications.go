package desktop

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"iescp/backend/domain"
)

// NotificationItem is one in-app notification of the signed-in account.
type NotificationItem struct {
	ID        string     `json:"id" db:"id"`
	Kind      string     `json:"kind" db:"kind"`
	Title     string     `json:"title" db:"title"`
	Body      string     `json:"body" db:"body"`
	RefTable  string     `json:"ref_table" db:"ref_table"`
	RefID     string     `json:"ref_id" db:"ref_id"`
	CreatedAt time.Time  `json:"created_at" db:"created_at"`
	ReadAt    *time.Time `json:"read_at" db:"read_at"`
}

// NotificationList is the newest notifications and how many are unread.
type NotificationList struct {
	Items  []NotificationItem `json:"items"`
	Unread int                `json:"unread"`
}

// NotificationService is bound to the UI: the bell in the top bar.
type NotificationService struct{ s *Services }

// NewNotificationService binds the notifications of the signed-in account.
func NewNotificationService(s *Services) *NotificationService { return &NotificationService{s: s} }

// List returns the newest notifications (at most limit, 1..100; 0 means 20) and the
// unread count.
func (ns *NotificationService) List(limit int) (NotificationList, error) {
	l, err := ns.list(context.Background(), limit)
	return l, toUI(err)
}

func (ns *NotificationService) list(ctx context.Context, limit int) (NotificationList, error) {
	sess, err := ns.s.active()
	if err != nil {
		return NotificationList{}, err
	}
	if limit == 0 {
		limit = 20
	}
	if limit < 1 || limit > 100 {
		return NotificationList{}, domain.Errorf(domain.CodeInvalidArgument, "limit must be from 1 to 100")
	}
	out := NotificationList{Items: []NotificationItem{}}
	me := sess.info.AccountID
	// The synced notifications and this desktop's own (job reminders, reports).
	if err := sess.db.R.GetContext(ctx, &out.Unread, `SELECT
		(SELECT COUNT(*) FROM notifications WHERE account_id = ? AND read_at IS NULL) +
		(SELECT COUNT(*) FROM local_notifications WHERE account_id = ? AND read_at IS NULL)`, me, me); err != nil {
		return NotificationList{}, fmt.Errorf("notifications: %w", err)
	}
	if err := sess.db.R.SelectContext(ctx, &out.Items, `SELECT * FROM (
		SELECT id, kind, title, body, ref_table, ref_id, created_at, read_at FROM notifications WHERE account_id = ?
		UNION ALL
		SELECT id, kind, title, body, ref_table, ref_id, created_at, read_at FROM local_notifications WHERE account_id = ?
		) ORDER BY created_at DESC, id DESC LIMIT ?`, me, me, limit); err != nil {
		return NotificationList{}, fmt.Errorf("notifications: %w", err)
	}
	return out, nil
}

// MarkRead marks the given notifications read (the notification.markRead mutator).
func (ns *NotificationService) MarkRead(ids []string) error {
	if len(ids) == 0 {
		return toUI(domain.Errorf(domain.CodeInvalidArgument, "no notifications given"))
	}
	sess, err := ns.s.active()
	if err != nil {
		return toUI(err)
	}
	// This desktop's own notifications are marked here; the rest by the mutator.
	var synced []string
	for _, id := range ids {
		res, err := sess.db.W.Exec(`UPDATE local_notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND account_id = ?`,
			ns.s.cfg.Now().UTC(), id, sess.info.AccountID)
		if err != nil {
			return toUI(fmt.Errorf("notifications: %w", err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			synced = append(synced, id)
		}
	}
	if len(synced) == 0 {
		ns.s.emit(TopicDataChanged, DataChanged{AccountID: sess.info.AccountID, Source: "local"})
		return nil
	}
	return toUI(ns.markRead(map[string]any{"ids": synced}))
}

// MarkAllRead marks every notification of the account read.
func (ns *NotificationService) MarkAllRead() error {
	sess, err := ns.s.active()
	if err != nil {
		return toUI(err)
	}
	if _, err := sess.db.W.Exec(`UPDATE local_notifications SET read_at = ? WHERE account_id = ? AND read_at IS NULL`,
		ns.s.cfg.Now().UTC(), sess.info.AccountID); err != nil {
		return toUI(fmt.Errorf("notifications: %w", err))
	}
	return toUI(ns.markRead(map[string]any{"all": true}))
}

func (ns *NotificationService) markRead(args map[string]any) error {
	b, err := json.Marshal(args)
	if err != nil {
		return err
	}
	_, err = ns.s.Mutate(context.Background(), "notification.markRead", b)
	return err
}
