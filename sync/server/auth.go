package server

// Accounts and tokens: the state the handlers share (signing key, throttles,
// hashing slots) and the routes. Each endpoint has its own file (register.go,
// login.go, refresh.go, logout.go); tokens.go signs and checks them,
// middleware.go authenticates requests, throttle.go holds the limits.

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/jmoiron/sqlx"

	"iescp/backend/auth"
	"iescp/backend/domain"
	"iescp/backend/store"
	"iescp/sync/protocol"
)

// Auth limits and policy (the throttles' defaults are in throttle.go).
const (
	maxPasswordLen = auth.MaxPasswordBytes
	maxEmailLen    = auth.MaxEmailLen
	authBodyLimit  = 64 << 10

	signingKeyName = "jwt_hs256_key"
	tokenIssuer    = "iescp-sync"
	eventsPath     = "/sync/v1/events"
)

// Messages a client may show as they are. Wrong email and wrong password read the
// same, so sign-in does not tell which emails have accounts.
const (
	msgBadCredentials = "wrong email or password"
	msgBadRefresh     = "your session has expired or was signed out: sign in again"
	msgBadAccess      = "missing, invalid or expired access token"
	msgDeactivated    = "this account is deactivated: contact an admin"
	msgEmailTaken     = "email already registered"
)

// authState is the server's token signing key, its failed-login and registration
// counters and its hashing slots.
type authState struct {
	key       []byte // HS256 key, kept in server_secrets so tokens survive a restart
	params    auth.Params
	limits    AuthLimits
	shared    *limits                       // the throttles' counts, in the database (shared by every instance)
	accounts  *attemptThrottle              // failed sign-ins per normalised email
	addrs     *attemptThrottle              // failed sign-ins per remote address
	regAddrs  *attemptThrottle              // registrations per remote address
	regGlobal *rateLimit                    // registrations, whole fleet
	hashing   *hashSlots                    // bounds concurrent argon2id work, in this process
	verified  *lru.Cache[string, principal] // access tokens verified already (verifyAccess)

	dummyOnce sync.Once
	dummy     string // hash checked when an email is unknown, so timing does not tell
	dummyErr  error
}

// newAuthState loads the signing key, creating a random one on first start.
func newAuthState(s *Server) (*authState, error) {
	key, err := loadOrCreateSecret(context.Background(), s.db, signingKeyName, 32)
	if err != nil {
		return nil, err
	}
	l := s.cfg.AuthLimits.withDefaults()
	a := &authState{
		key:       key,
		params:    auth.DefaultParams,
		limits:    l,
		shared:    newLimits(s.db, s.log),
		accounts:  newAttemptThrottle(scopeLoginAccount, l.LoginMaxPerAccount, l.LoginWindow),
		addrs:     newAttemptThrottle(scopeLoginAddress, l.LoginMaxPerAddress, l.LoginWindow),
		regAddrs:  newAttemptThrottle(scopeRegisterAddress, l.RegisterMaxPerAddress, registerAddressWindow),
		regGlobal: newRateLimit(scopeRegister, l.RegisterMaxPerMinute, registerGlobalWindow),
		hashing:   newHashSlots(l.MaxConcurrentHashes, l.HashWait),
		verified:  newVerified(),
	}
	if err := warnUnnormalisedEmails(context.Background(), s); err != nil {
		return nil, err
	}
	return a, nil
}

// warnUnnormalisedEmails logs the accounts whose stored email is not in today's
// normal form (registered before emails were normalised, or a look-alike of
// another): they still sign in with the email as stored, but an admin may want to
// review them. Only account ids are logged.
func warnUnnormalisedEmails(ctx context.Context, s *Server) error {
	var rows []struct {
		ID    string `db:"id"`
		Email string `db:"email"`
	}
	if err := s.db.R.SelectContext(ctx, &rows, `SELECT id, email FROM accounts`); err != nil {
		return fmt.Errorf("server: check stored emails: %w", err)
	}
	for _, r := range rows {
		if e, err := auth.NormalizeEmail(r.Email); err != nil || e != r.Email {
			s.log.Warn("an account's email is not in normal form (registered before look-alike checks): review it",
				"account_id", r.ID, "valid", err == nil)
		}
	}
	return nil
}

// loadOrCreateSecret returns server_secrets[name], creating n random bytes if absent.
func loadOrCreateSecret(ctx context.Context, db *store.Store, name string, n int) ([]byte, error) {
	var key []byte
	err := db.Write(ctx, func(tx *sqlx.Tx) error {
		err := tx.Get(&key, `SELECT value FROM server_secrets WHERE name = ?`, name)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		key = make([]byte, n)
		if _, err := rand.Read(key); err != nil {
			return err
		}
		_, err = tx.Exec(`INSERT INTO server_secrets (name, value) VALUES (?, ?)`, name, key)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("server: signing key: %w", err)
	}
	if len(key) < n {
		return nil, fmt.Errorf("server: signing key %q is %d bytes, want %d", name, len(key), n)
	}
	return key, nil
}

func (s *Server) authRoutes() {
	// Token answers (and their errors) are never cached by a browser or proxy.
	s.mux.HandleFunc("POST /api/v1/auth/register", noStore(s.handleRegister))
	s.mux.HandleFunc("POST /api/v1/auth/login", noStore(s.handleLogin))
	s.mux.HandleFunc("POST /api/v1/auth/refresh", noStore(s.handleRefresh))
	s.mux.HandleFunc("POST /api/v1/auth/logout", noStore(s.handleLogout))
}

// credentialRow is an account as sign-in and refresh see it (userQuery).
type credentialRow struct {
	ID       string         `db:"id"`
	Email    string         `db:"email"`
	Role     string         `db:"role"`
	Name     string         `db:"name"`
	Active   bool           `db:"active"`
	Flagged  bool           `db:"flagged"`
	Approval sql.NullString `db:"approval"`
	Hash     sql.NullString `db:"password_hash"`
}

func (c *credentialRow) user() protocol.User {
	return protocol.User{ID: c.ID, Email: c.Email, Role: c.Role, Name: c.Name, Active: c.Active,
		Flagged: c.Flagged, Approval: c.Approval.String}
}

const userQuery = `SELECT a.id, a.email, a.role, a.name, a.active, a.flagged, sp.approval, c.password_hash
	FROM accounts a
	LEFT JOIN sponsor_profiles sp ON sp.account_id = a.id
	LEFT JOIN credentials c ON c.account_id = a.id `

// writeAuthErr answers a 429 for a full hashing queue, and nothing useful (the
// client is gone) for a cancelled request; anything else as writeErr does.
func (s *Server) writeAuthErr(w http.ResponseWriter, r *http.Request, err error) {
	var rl *rateLimitedError
	switch {
	case errors.As(err, &rl):
		s.log.Warn("password hashing busy", "path", r.URL.Path)
		writeRateLimited(w, rl.retryAfter, rl.msg)
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, string(domain.CodeInternal), "request cancelled")
	default:
		s.writeErr(w, r, err)
	}
}

// verify checks pw against hash; with no hash (unknown email, no credentials) it
