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
	if err := sess.db.R.GetContext(ctx, &out.Unread, `SELECT COUNT(*) FROM notifications WHERE account_id = ? AND read_at IS NULL`, me); err != nil {
		return NotificationList{}, fmt.Errorf("notifications: %w", err)
	}
	if err := sess.db.R.SelectContext(ctx, &out.Items, `SELECT id, kind, title, body, ref_table, ref_id, created_at, read_at
		FROM notifications WHERE account_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`, me, limit); err != nil {
		return NotificationList{}, fmt.Errorf("notifications: %w", err)
	}
	return out, nil
}

// MarkRead marks the given notifications read (the notification.markRead mutator).
func (ns *NotificationService) MarkRead(ids []string) error {
	if len(ids) == 0 {
		return toUI(domain.Errorf(domain.CodeInvalidArgument, "no notifications given"))
	}
	return toUI(ns.markRead(map[string]any{"ids": ids}))
}

// MarkAllRead marks every notification of the account read.
func (ns *NotificationService) MarkAllRead() error {
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
