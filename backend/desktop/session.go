package desktop

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"runtime"
	"strings"
	"time"

	"iescp/backend/auth"
	"iescp/backend/domain"
	"iescp/backend/store"
)

func isLinux() bool { return runtime.GOOS == "linux" }

// SessionInfo describes the signed-in account.
type SessionInfo struct {
	AccountID string `json:"account_id"`
	Email     string `json:"email"`
	Name      string `json:"name"`
	Role      string `json:"role"`
	Approval  string `json:"approval"` // sponsors only: pending, approved or rejected
}

// KnownAccount is an account that has signed in on this desktop before.
type KnownAccount struct {
	ID           string     `json:"id" db:"id"`
	Email        string     `json:"email" db:"email"`
	Name         string     `json:"name" db:"name"`
	Role         string     `json:"role" db:"role"`
	LastSignedIn *time.Time `json:"last_signed_in" db:"last_signed_in"`
}

// SessionService signs accounts in and out of the desktop.
type SessionService struct{ s *Services }

// SignIn opens the local replica of an account that has signed in on this desktop
// before, checking the password against its local verifier. It works offline.
func (ss *SessionService) SignIn(email, password string) (SessionInfo, error) {
	info, err := ss.signIn(email, password)
	return info, toUI(err)
}

func (ss *SessionService) signIn(email, password string) (SessionInfo, error) {
	s := ss.s
	email = strings.TrimSpace(email)
	if _, err := mail.ParseAddress(email); err != nil || len(email) > 254 {
		return SessionInfo{}, domain.Errorf(domain.CodeInvalidArgument, "enter a valid email address")
	}
	if password == "" || len(password) > 1024 {
		return SessionInfo{}, domain.Errorf(domain.CodeInvalidArgument, "enter your password")
	}
	var row struct {
		ID           string `db:"id"`
		PasswordHash string `db:"password_hash"`
	}
	err := s.dir.R.Get(&row, `SELECT id, password_hash FROM known_accounts WHERE email = ?`, email)
	if errors.Is(err, sql.ErrNoRows) {
		return SessionInfo{}, domain.Errorf(domain.CodeUnauthenticated,
			"%s has not signed in on this desktop yet; check the address, or connect to your IESCP server", email)
	}
	if err != nil {
		return SessionInfo{}, fmt.Errorf("sign in: %w", err)
	}
	ok, err := auth.VerifyPassword(row.PasswordHash, password)
	if err != nil {
		return SessionInfo{}, fmt.Errorf("sign in: %w", err)
	}
	if !ok {
		return SessionInfo{}, domain.Errorf(domain.CodeUnauthenticated, "wrong email or password")
	}
	path := AccountDBPath(s.cfg.DataDir, row.ID)
	if _, err := os.Stat(path); err != nil {
		return SessionInfo{}, domain.Errorf(domain.CodeNotFound, "the local data of %s is missing; sign in online to download it again", email)
	}
	db, err := store.Open(path, store.SetDomain, store.SetDesktop)
	if err != nil {
		return SessionInfo{}, err
	}
	info, err := loadSessionInfo(context.Background(), db, row.ID)
	if err != nil {
		db.Close()
		return SessionInfo{}, err
	}
	if _, err := s.dir.W.Exec(`UPDATE known_accounts SET last_signed_in = ?, name = ? WHERE id = ?`,
		s.cfg.Now().UTC(), info.Name, row.ID); err != nil {
		db.Close()
		return SessionInfo{}, fmt.Errorf("sign in: %w", err)
	}
	s.mu.Lock()
	old := s.current
	s.current = &session{info: info, db: db}
	s.mu.Unlock()
	if old != nil {
		old.db.Close()
	}
	return info, nil
}

func loadSessionInfo(ctx context.Context, db *store.Store, id string) (SessionInfo, error) {
	var acc domain.Account
	err := db.R.GetContext(ctx, &acc, `SELECT * FROM accounts WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return SessionInfo{}, domain.Errorf(domain.CodeNotFound, "the local data has no account %s", id)
	}
	if err != nil {
		return SessionInfo{}, fmt.Errorf("load account: %w", err)
	}
	info := SessionInfo{AccountID: acc.ID, Email: acc.Email, Name: acc.Name, Role: string(acc.Role)}
	if acc.Role == domain.RoleSponsor {
		if err := db.R.GetContext(ctx, &info.Approval, `SELECT approval FROM sponsor_profiles WHERE account_id = ?`, id); err != nil {
			return SessionInfo{}, fmt.Errorf("load sponsor profile: %w", err)
		}
	}
	return info, nil
}

// SignOut closes the signed-in account's database. Pending changes stay in its
// outbox for the next sign-in.
func (ss *SessionService) SignOut() error {
	s := ss.s
	s.mu.Lock()
	cur := s.current
	s.current = nil
	s.mu.Unlock()
	if cur == nil {
		return nil
	}
	return toUI(cur.db.Close())
}

// Current returns the signed-in account, or nil when signed out.
func (ss *SessionService) Current() (*SessionInfo, error) {
	s := ss.s
	s.mu.RLock()
	cur := s.current
	s.mu.RUnlock()
	if cur == nil {
		return nil, nil
	}
	info, err := loadSessionInfo(context.Background(), cur.db, cur.info.AccountID)
	if err != nil {
		return nil, toUI(err)
	}
	return &info, nil
}

// KnownAccounts lists the accounts that signed in on this desktop, latest first.
func (ss *SessionService) KnownAccounts() ([]KnownAccount, error) {
	out := []KnownAccount{}
	err := ss.s.dir.R.Select(&out, `SELECT id, email, name, role, last_signed_in FROM known_accounts
		ORDER BY last_signed_in IS NULL, last_signed_in DESC, email`)
	return out, toUI(err)
}

// RememberAccount records an account in this desktop's directory with a local
// verifier of its password, so it can sign in offline. The account's replica must
// already be at AccountDBPath.
func RememberAccount(ctx context.Context, dir *store.Store, acc domain.Account, password, serverURL string) error {
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	_, err = dir.W.ExecContext(ctx, `INSERT INTO known_accounts (id, email, role, name, password_hash, server_url)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET email = excluded.email, role = excluded.role, name = excluded.name,
			password_hash = excluded.password_hash, server_url = excluded.server_url`,
		acc.ID, acc.Email, acc.Role, acc.Name, hash, serverURL)
	if err != nil {
		return fmt.Errorf("remember account: %w", err)
	}
	return nil
}
