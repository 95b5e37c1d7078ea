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
	"sync/atomic"
	"time"

	"iescp/backend/auth"
	"iescp/backend/domain"
	"iescp/backend/store"
	"iescp/sync/client"
	"iescp/sync/protocol"
)

func isLinux() bool { return runtime.GOOS == "linux" }

// SessionInfo describes the signed-in account.
type SessionInfo struct {
	AccountID string `json:"account_id"`
	Email     string `json:"email"`
	Name      string `json:"name"`
	Role      string `json:"role"`
	Approval  string `json:"approval"` // sponsors only: pending, approved or rejected
	Offline   bool   `json:"offline"`  // signed in without the server (it could not be reached)
}

// KnownAccount is an account that has signed in on this desktop before.
type KnownAccount struct {
	ID           string     `json:"id" db:"id"`
	Email        string     `json:"email" db:"email"`
	Name         string     `json:"name" db:"name"`
	Role         string     `json:"role" db:"role"`
	LastSignedIn *time.Time `json:"last_signed_in" db:"last_signed_in"`
}

// SessionService signs accounts in and out of the desktop, and registers new ones.
type SessionService struct{ s *Services }

// loginTimeout bounds the sign-in request to the server before falling back to
// the offline sign-in.
const loginTimeout = 15 * time.Second

// firstSyncTimeout bounds the first download of a fresh replica during sign-in;
// the engine carries on in the background after it.
const firstSyncTimeout = 5 * time.Minute

// SignIn signs in through the sync server: on success it opens (or creates) the
// account's replica, remembers the account for offline sign-in, keeps the refresh
// token in the OS keyring (or a 0600 file) and starts syncing; a fresh replica is
// downloaded before SignIn returns, with sync:progress events. When the server
// cannot be reached it falls back to the offline sign-in of an account known on
// this desktop, and syncs once the server is back. A wrong password is
// unauthenticated either way.
func (ss *SessionService) SignIn(email, password string) (SessionInfo, error) {
	info, err := ss.signIn(context.Background(), email, password)
	return info, toUI(err)
}

func (ss *SessionService) signIn(ctx context.Context, email, password string) (SessionInfo, error) {
	s := ss.s
	email = strings.TrimSpace(email)
	if _, err := mail.ParseAddress(email); err != nil || len(email) > 254 {
		return SessionInfo{}, domain.Errorf(domain.CodeInvalidArgument, "enter a valid email address")
	}
	if password == "" || len(password) > 1024 {
		return SessionInfo{}, domain.Errorf(domain.CodeInvalidArgument, "enter your password")
	}
	serverURL, _, err := s.serverURL(ctx)
	if err != nil {
		return SessionInfo{}, err
	}
	lctx, cancel := context.WithTimeout(ctx, loginTimeout)
	auth, user, err := client.Login(lctx, serverURL, email, password, s.secrets, s.cfg.Now)
	cancel()
	switch {
	case err == nil:
		return ss.signInOnline(ctx, serverURL, auth, user, password)
	case isUnreachable(err):
		return ss.signInOffline(ctx, serverURL, email, password)
	default:
		return SessionInfo{}, fromServer(err, serverURL)
	}
}

// signInOnline opens the replica of an account the server just signed in.
func (ss *SessionService) signInOnline(ctx context.Context, serverURL string, auth *client.Auth, user protocol.User,
	password string) (SessionInfo, error) {
	s := ss.s
	path := AccountDBPath(s.cfg.DataDir, user.ID)
	db, err := store.Open(path, store.SetDomain, store.SetDesktop)
	if err != nil {
		return SessionInfo{}, err
	}
	acc := domain.Account{ID: user.ID, Email: user.Email, Role: domain.Role(user.Role), Name: user.Name}
	if err := RememberAccount(ctx, s.dir, acc, password, serverURL); err != nil {
		db.Close()
		return SessionInfo{}, err
	}
	fallback := SessionInfo{AccountID: user.ID, Email: user.Email, Name: user.Name, Role: user.Role, Approval: user.Approval}
	sess := &session{info: fallback, db: db, tokens: &tokens{serverURL: serverURL, accountID: user.ID, email: user.Email,
		secrets: s.secrets, now: s.cfg.Now, auth: auth}}
	var initial atomic.Bool
	if sess.engine, err = s.newEngine(ctx, sess, serverURL, &initial); err != nil {
		db.Close()
		return SessionInfo{}, err
	}
	var synced bool
	if err := db.R.GetContext(ctx, &synced, `SELECT cursor > 0 FROM sync_state WHERE id = 1`); err == nil && !synced {
		// A fresh replica: download what this account may see before showing it.
		initial.Store(true)
		sctx, cancel := context.WithTimeout(ctx, firstSyncTimeout)
		err := sess.engine.Sync(sctx)
		cancel()
		initial.Store(false)
		if errors.Is(err, client.ErrSignedOut) {
			sess.close()
			return SessionInfo{}, domain.Errorf(domain.CodeUnauthenticated, "the server ended the session; sign in again")
		}
		// Any other failure: the engine keeps retrying in the background.
	}
	if info, err := loadSessionInfo(ctx, db, user.ID); err == nil {
		sess.info = info
		if sess.info.Approval == "" {
			sess.info.Approval = user.Approval
		}
	}
	s.touchKnown(ctx, sess.info)
	s.replaceSession(sess)
	sess.engine.Start()
	return sess.info, nil
}

// signInOffline opens the local replica of an account that has signed in on this
// desktop before, checking the password against its local verifier.
func (ss *SessionService) signInOffline(ctx context.Context, serverURL, email, password string) (SessionInfo, error) {
	s := ss.s
	var row struct {
		ID           string `db:"id"`
		Email        string `db:"email"`
		PasswordHash string `db:"password_hash"`
		ServerURL    string `db:"server_url"`
	}
	// The server stores the normalised form (fullwidth folded, lower case, IDNA
	// domain); look that up first, then what was typed, for accounts stored before.
	lookup := email
	if norm, nerr := auth.NormalizeEmail(email); nerr == nil {
		lookup = norm
	}
	err := s.dir.R.GetContext(ctx, &row, `SELECT id, email, password_hash, server_url FROM known_accounts
		WHERE email = ? OR email = ? ORDER BY email = ? DESC LIMIT 1`, lookup, email, lookup)
	if errors.Is(err, sql.ErrNoRows) {
		return SessionInfo{}, domain.Errorf(codeUnavailable,
			"cannot reach the IESCP server at %s, and %s has not signed in on this desktop yet; check the server address and your network", serverURL, email)
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
	info, err := loadSessionInfo(ctx, db, row.ID)
	if err != nil {
		db.Close()
		return SessionInfo{}, err
	}
	info.Offline = true
	// Sync with the server this account came from; a demo account provisioned
	// without one uses the address in the settings.
	engineURL := serverURL
	if row.ServerURL != "" {
		engineURL = row.ServerURL
	}
	sess := &session{info: info, db: db, tokens: &tokens{serverURL: engineURL, accountID: row.ID, email: row.Email,
		secrets: s.secrets, now: s.cfg.Now, password: password}}
	sess.tokens.unreachable.Store(true)
	if sess.engine, err = s.newEngine(ctx, sess, engineURL, new(atomic.Bool)); err != nil {
		db.Close()
		return SessionInfo{}, err
	}
	s.touchKnown(ctx, info)
	s.replaceSession(sess)
	sess.engine.Start() // retries with backoff until the server is back
	return info, nil
}

// touchKnown records the sign-in time (best effort: the sign-in stands without it).
func (s *Services) touchKnown(ctx context.Context, info SessionInfo) {
	_, _ = s.dir.W.ExecContext(ctx, `UPDATE known_accounts SET last_signed_in = ?, name = ? WHERE id = ?`,
		s.cfg.Now().UTC(), info.Name, info.AccountID)
}

// replaceSession makes sess the signed-in session, closing the previous one.
func (s *Services) replaceSession(sess *session) {
	s.mu.RLock()
	base := s.base
	s.mu.RUnlock()
	sess.ctx, sess.cancel = context.WithCancel(base)
	s.startJobs(sess)
	s.mu.Lock()
	old := s.current
	s.current = sess
	s.mu.Unlock()
	if old != nil {
		old.close()
	}
}

// Registration is a new account's profile: company_name, industry and budget
// (minor units) for a sponsor; display_name, category, niche and bio for an
// influencer.
type Registration struct {
	CompanyName string `json:"company_name"`
	Industry    string `json:"industry"`
	Budget      int64  `json:"budget"`
	DisplayName string `json:"display_name"`
	Category    string `json:"category"`
	Niche       string `json:"niche"`
	Bio         string `json:"bio"`
}

// RegisterResult is what the UI shows after registering.
type RegisterResult struct {
	AccountID       string `json:"account_id"`
	Email           string `json:"email"`
	Name            string `json:"name"`
	Role            string `json:"role"`
	Approval        string `json:"approval"`
	PendingApproval bool   `json:"pending_approval"` // a sponsor waits for an admin before publishing
}

// Register creates a sponsor or influencer account on the sync server (the
// server validates everything; its typed errors reach the UI). It does not sign
// in: the user signs in next, with the same password.
func (ss *SessionService) Register(role, email, password, name string, profile Registration) (RegisterResult, error) {
	r, err := ss.register(context.Background(), role, email, password, name, profile)
	return r, toUI(err)
}

func (ss *SessionService) register(ctx context.Context, role, email, password, name string, p Registration) (RegisterResult, error) {
	if role != string(domain.RoleSponsor) && role != string(domain.RoleInfluencer) {
		return RegisterResult{}, domain.Errorf(domain.CodeInvalidArgument, "choose sponsor or influencer")
	}
	serverURL, _, err := ss.s.serverURL(ctx)
	if err != nil {
		return RegisterResult{}, err
	}
	req := protocol.RegisterRequest{Role: role, Email: strings.TrimSpace(email), Password: password,
		Name: strings.TrimSpace(name)}
	if role == string(domain.RoleSponsor) {
		req.Profile = protocol.RegisterProfile{CompanyName: strings.TrimSpace(p.CompanyName),
			Industry: strings.TrimSpace(p.Industry), Budget: p.Budget}
	} else {
		req.Profile = protocol.RegisterProfile{DisplayName: strings.TrimSpace(p.DisplayName),
			Category: strings.TrimSpace(p.Category), Niche: strings.TrimSpace(p.Niche), Bio: strings.TrimSpace(p.Bio)}
	}
	rctx, cancel := context.WithTimeout(ctx, loginTimeout)
	defer cancel()
	u, err := client.Register(rctx, serverURL, req)
	if err != nil {
		return RegisterResult{}, fromServer(err, serverURL)
	}
	return RegisterResult{AccountID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Approval: u.Approval,
		PendingApproval: u.Role == string(domain.RoleSponsor) && u.Approval != "approved"}, nil
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

// SignOut stops syncing, revokes the session on the server when it is reachable
// (forgetting the stored refresh token either way) and closes the account's
// database. Pending changes stay in its outbox for the next sign-in.
func (ss *SessionService) SignOut() error {
	s := ss.s
	s.mu.Lock()
	cur := s.current
	s.current = nil
	s.mu.Unlock()
	if cur == nil {
		return nil
	}
	cur.stopBackground()
	if cur.tokens != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		_ = cur.tokens.Logout(ctx) // unreachable: the token is forgotten locally anyway
		cancel()
	}
	err := cur.db.Close()
	s.emit(TopicSyncStatus, client.Status{State: client.StateSignedOut})
	return toUI(err)
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
		// Not downloaded yet (the first sync failed): what the server said at sign-in.
		info = cur.info
	}
	info.Offline = cur.info.Offline
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
	// The same email under another ID (the account was recreated on the server,
	// or this desktop moved to another server): the new one replaces it here.
	if _, err := dir.W.ExecContext(ctx, `DELETE FROM known_accounts WHERE email = ? AND id <> ?`, acc.Email, acc.ID); err != nil {
		return fmt.Errorf("remember account: %w", err)
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
