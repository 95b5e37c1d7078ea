package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"iescp/backend/domain"
	"iescp/backend/store"
)

// The desktop's own tables of the jobs (desktop migration 0003), as typed rows:
// GORM does their CRUD. Reads go through the store's GORM (the reader pool);
// writes through the store's single writer, inside its transaction (written).
// The run bookkeeping (job_runs, job_deliveries) stays hand-written SQL: a run
// is claimed by an INSERT … ON CONFLICT DO NOTHING against a partial unique index,
// and deliveries are picked and backed off with arithmetic in the query.

// LocalNotification is one of this desktop's own notifications (a job's
// message): never synced. New rows carry kind + params; title and body only
// when the message has no params (a report's).
type LocalNotification struct {
	ID        string `gorm:"primaryKey"`
	AccountID string
	Kind      string
	Title     string
	Body      string
	Params    string
	RefTable  string
	RefID     string
	CreatedAt time.Time
	ReadAt    *time.Time
}

// TableName is the table's name.
func (LocalNotification) TableName() string { return "local_notifications" }

// localSetting is one of the account's local settings (a JSON value).
type localSetting struct {
	Key   string `gorm:"primaryKey"`
	Value string
}

func (localSetting) TableName() string { return "local_settings" }

// jobSetting is a job's schedule and whether it runs.
type jobSetting struct {
	Job      string `gorm:"primaryKey"`
	Schedule string
	Enabled  bool
}

func (jobSetting) TableName() string { return "job_settings" }

// written runs fn with GORM over the store's writer transaction.
func written(ctx context.Context, db *store.Store, fn func(g *gorm.DB) error) error {
	return db.Write(ctx, func(tx *sqlx.Tx) error {
		g := db.Gorm.Session(&gorm.Session{NewDB: true, Context: ctx, SkipDefaultTransaction: true})
		g.Statement.ConnPool = tx.Tx
		return fn(g)
	})
}

// AddLocalNotification stores m as a local notification of account.
func AddLocalNotification(ctx context.Context, db *store.Store, account string, m Message, now time.Time) error {
	n := LocalNotification{ID: domain.NewID(), AccountID: account, Kind: m.Kind, Params: "{}", RefTable: m.RefTable, RefID: m.RefID,
		CreatedAt: now.UTC()}
	if n.Kind == "" {
		n.Kind = "job"
	}
	if m.Params != nil {
		b, err := json.Marshal(m.Params)
		if err != nil {
			return fmt.Errorf("jobs: notification params: %w", err)
		}
		n.Params = string(b)
	} else {
		n.Title, n.Body = m.Subject, m.Text
	}
	return written(ctx, db, func(g *gorm.DB) error { return g.Create(&n).Error })
}

// MarkLocalRead marks those of ids that are account's local notifications read
// and returns the others (synced notifications, for the notification.markRead
// mutator).
func MarkLocalRead(ctx context.Context, db *store.Store, account string, ids []string, now time.Time) (rest []string, err error) {
	err = written(ctx, db, func(g *gorm.DB) error {
		rest = rest[:0]
		for _, id := range ids {
			var n int64
			if err := g.Model(&LocalNotification{}).Where("id = ? AND account_id = ?", id, account).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				rest = append(rest, id)
				continue
			}
			if err := g.Model(&LocalNotification{}).Where("id = ? AND read_at IS NULL", id).Update("read_at", now.UTC()).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: mark read: %w", err)
	}
	return rest, nil
}

// MarkAllLocalRead marks every local notification of account read.
func MarkAllLocalRead(ctx context.Context, db *store.Store, account string, now time.Time) error {
	err := written(ctx, db, func(g *gorm.DB) error {
		return g.Model(&LocalNotification{}).Where("account_id = ? AND read_at IS NULL", account).Update("read_at", now.UTC()).Error
	})
	if err != nil {
		return fmt.Errorf("jobs: mark all read: %w", err)
	}
	return nil
}

// getLocal reads a local setting into v; false when it is not set.
func getLocal(ctx context.Context, db *store.Store, key string, v any) (bool, error) {
	var row localSetting
	err := db.Gorm.WithContext(ctx).Where("key = ?", key).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("settings: %w", err)
	}
	return true, json.Unmarshal([]byte(row.Value), v)
}

// putLocal stores a local setting.
func putLocal(ctx context.Context, db *store.Store, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return written(ctx, db, func(g *gorm.DB) error {
		return g.Clauses(clause.OnConflict{UpdateAll: true}).Create(&localSetting{Key: key, Value: string(b)}).Error
	})
}
