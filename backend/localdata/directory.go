package localdata

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"

	"iescp/backend/auth"
	"iescp/backend/domain"
	"iescp/backend/store"
)

// KnownAccount is an account that has signed in on this desktop before, as the
// sign-in screen lists it.
type KnownAccount struct {
	ID           string     `json:"id" db:"id" gorm:"column:id;primaryKey"`
	Email        string     `json:"email" db:"email" gorm:"column:email"`
	Name         string     `json:"name" db:"name" gorm:"column:name"`
	Role         string     `json:"role" db:"role" gorm:"column:role"`
	LastSignedIn *time.Time `json:"last_signed_in" db:"last_signed_in" gorm:"column:last_signed_in"`
}

// TableName is the directory's table of known accounts.
func (KnownAccount) TableName() string { return "known_accounts" }

// Credentials is a known account with what an offline sign-in needs: the local
// verifier of its password (argon2id, never the password) and the server it
// came from ("" for a demo account provisioned without one).
type Credentials struct {
	KnownAccount
	PasswordHash string `gorm:"column:password_hash"`
	ServerURL    string `gorm:"column:server_url"`
}

// TableName is the directory's table of known accounts.
func (Credentials) TableName() string { return "known_accounts" }

// setting is one row of the desktop's own settings.
type setting struct {
	Key   string `gorm:"column:key;primaryKey"`
	Value string `gorm:"column:value"`
}

func (setting) TableName() string { return "settings" }

// Directory is the data dir's directory database (directory.db).
type Directory struct {
	st *store.Store
	w  *gorm.DB // gorm over the store's single writer connection
	r  *gorm.DB // gorm over its reader pool
}

// OpenDirectory opens (creating and migrating) the directory of dataDir.
func OpenDirectory(dataDir string) (*Directory, error) {
	st, err := store.Open(DirectoryPath(dataDir), store.SetDirectory)
	if err != nil {
		return nil, err
	}
	w, err := gorm.Open(&sqlite.Dialector{Conn: st.W.DB}, &gorm.Config{Logger: logger.Discard, SkipDefaultTransaction: true})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("localdata: directory: %w", err), st.Close())
	}
	return &Directory{st: st, w: w, r: st.Gorm}, nil
}

// Close closes the directory database.
func (d *Directory) Close() error { return d.st.Close() }

// Remember records an account in the directory with a local verifier of its
// password, so it can sign in offline. The account's replica must already be at
// AccountDBPath. The same email under another ID (the account was recreated on
// the server, or this desktop moved to another server) is replaced.
func (d *Directory) Remember(ctx context.Context, acc domain.Account, password, serverURL string) error {
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	rec := Credentials{KnownAccount: KnownAccount{ID: acc.ID, Email: acc.Email, Name: acc.Name, Role: string(acc.Role)},
		PasswordHash: hash, ServerURL: serverURL}
	err = d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("email = ? AND id <> ?", acc.Email, acc.ID).Delete(&Credentials{}).Error; err != nil {
			return err
		}
		return tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "id"}},
			DoUpdates: clause.AssignmentColumns([]string{"email", "role", "name", "password_hash", "server_url"})}).
			Omit("last_signed_in").Create(&rec).Error
	})
	if err != nil {
		return fmt.Errorf("remember account: %w", err)
	}
	return nil
}

// Find returns the known account with the email: the normalised form (as the
// server stores it) first, then the email as typed, for accounts stored before.
// ok is false when the account never signed in here.
func (d *Directory) Find(ctx context.Context, email string) (c Credentials, ok bool, err error) {
	lookup := email
	if norm, nerr := auth.NormalizeEmail(email); nerr == nil {
		lookup = norm
	}
	err = d.r.WithContext(ctx).Where("email = ? OR email = ?", lookup, email).
		Order(clause.Expr{SQL: "email = ? DESC", Vars: []any{lookup}}).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Credentials{}, false, nil
	}
	if err != nil {
		return Credentials{}, false, fmt.Errorf("known account: %w", err)
	}
	return c, true, nil
}

// Touch records a sign-in of the account at the given time, with its current name.
func (d *Directory) Touch(ctx context.Context, id, name string, at time.Time) error {
	return d.w.WithContext(ctx).Model(&KnownAccount{ID: id}).
		Updates(map[string]any{"last_signed_in": at.UTC(), "name": name}).Error
}

// Accounts lists the known accounts, latest sign-in first.
func (d *Directory) Accounts(ctx context.Context) ([]KnownAccount, error) {
	out := []KnownAccount{}
	err := d.r.WithContext(ctx).Order("last_signed_in IS NULL, last_signed_in DESC, email").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("known accounts: %w", err)
	}
	return out, nil
}

// Setting returns a setting's value; ok is false when it was never set.
func (d *Directory) Setting(ctx context.Context, key string) (value string, ok bool, err error) {
	var s setting
	err = d.r.WithContext(ctx).Where("key = ?", key).Take(&s).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read setting %s: %w", key, err)
	}
	return s.Value, true, nil
}

// SetSetting stores a setting's value.
func (d *Directory) SetSetting(ctx context.Context, key, value string) error {
	err := d.w.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}},
		DoUpdates: clause.AssignmentColumns([]string{"value"})}).Create(&setting{Key: key, Value: value}).Error
	if err != nil {
		return fmt.Errorf("save setting %s: %w", key, err)
	}
	return nil
}
