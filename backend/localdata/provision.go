package localdata

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/auth"
	"iescp/backend/domain"
	"iescp/backend/replica"
	"iescp/backend/store"
)

// ProvisionDesktop prepares a desktop data dir so that each of the given accounts
// of the canonical database at serverDB can sign in offline with password: it
// builds each account's replica with the rows that account may see and records
// the account, with a local password verifier, in the data dir's directory. It is
// how the demo desktops are set up before (and without) a sync server.
func ProvisionDesktop(ctx context.Context, serverDB, dataDir string, emails []string, password string) (err error) {
	if _, err := os.Stat(serverDB); err != nil {
		return fmt.Errorf("replica: canonical database: %w", err)
	}
	src, err := store.Open(serverDB, store.SetDomain, store.SetServer)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, src.Close()) }()
	dir, err := OpenDirectory(dataDir)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, dir.Close()) }() // the accounts just remembered
	for _, email := range emails {
		var acc domain.Account
		err := src.R.GetContext(ctx, &acc, `SELECT * FROM accounts WHERE email = ?`, email)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("replica: no account %s in %s", email, serverDB)
		}
		if err != nil {
			return err
		}
		var hash string
		if err := src.R.GetContext(ctx, &hash, `SELECT password_hash FROM credentials WHERE account_id = ?`, acc.ID); err != nil {
			return fmt.Errorf("replica: credentials of %s: %w", email, err)
		}
		if ok, err := auth.VerifyPassword(hash, password); err != nil || !ok {
			return fmt.Errorf("replica: the password does not match %s's credentials", email)
		}
		path := AccountDBPath(dataDir, acc.ID)
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
		db, err := store.Open(path, store.SetDomain, store.SetDesktop)
		if err != nil {
			return err
		}
		_, err = replica.CopyVisible(ctx, db, serverDB, replica.Viewer{ID: acc.ID, Role: acc.Role})
		if err == nil {
			err = db.Write(ctx, func(tx *sqlx.Tx) error {
				_, err := tx.Exec(`INSERT INTO sync_state (id, client_id, account_id, schema_version, last_synced_at)
					VALUES (1, ?, ?, ?, ?)`, domain.NewID(), acc.ID, store.LatestVersion(store.SetDomain), time.Now().UTC())
				return err
			})
		}
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("replica: provision %s: %w", email, err)
		}
		if err := dir.Remember(ctx, acc, password, ""); err != nil {
			return err
		}
	}
	return nil
}
