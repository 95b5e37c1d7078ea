package server

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/jmoiron/sqlx"

	"iescp/backend/auth"
	"iescp/backend/domain"
	"iescp/backend/mutate"
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
	accounts  *attemptThrottle // failed sign-ins per normalised email
	addrs     *attemptThrottle // failed sign-ins per remote address
	regAddrs  *attemptThrottle // registrations per remote address
	regGlobal *attemptThrottle // registrations, whole server
	hashing   *hashSlots       // bounds concurrent argon2id work

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
		accounts:  newAttemptThrottle(l.LoginMaxPerAccount, l.LoginWindow),
		addrs:     newAttemptThrottle(l.LoginMaxPerAddress, l.LoginWindow),
		regAddrs:  newAttemptThrottle(l.RegisterMaxPerAddress, registerAddressWindow),
		regGlobal: newAttemptThrottle(l.RegisterMaxPerMinute, registerGlobalWindow),
		hashing:   newHashSlots(l.MaxConcurrentHashes, l.HashWait),
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

// ---- register ----

// newAccount is a validated account to create.
type newAccount struct {
	Role    domain.Role
	Email   string
	Name    string
	Profile mutate.ProfileUpdate // sponsor or influencer fields, validated and trimmed
}

func (s *Server) handleRegister(w http.ResponseWriter, r *http.Request) {
	var req protocol.RegisterRequest
	if err := decode(w, r, &req, authBodyLimit); err != nil {
		s.writeErr(w, r, err)
		return
	}
	acc, err := validateRegistration(&req)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	// Each registration costs a hash: reserve it against the address's and the
	// server's budgets before hashing, so a burst cannot slip past the count.
	now, addr := s.cfg.Now(), remoteHost(r)
	if ok, wait := s.auth.regAddrs.reserve(addr, now); !ok {
		s.log.Warn("registration throttled", "remote", addr, "limit", "address")
		writeRateLimited(w, wait, fmt.Sprintf("too many registrations from your network: try again in %s", roundUpSecond(wait)))
		return
	}
	if ok, wait := s.auth.regGlobal.reserve("", now); !ok {
		s.auth.regAddrs.release(addr, now)
		s.log.Warn("registration throttled", "remote", addr, "limit", "server")
		writeRateLimited(w, wait, fmt.Sprintf("too many registrations on this server right now: try again in %s", roundUpSecond(wait)))
		return
	}
	hash, err := s.hashPassword(r.Context(), req.Password)
	if err != nil {
		// No hash was spent (the wait for a slot ended): the attempt does not count.
		s.auth.regAddrs.release(addr, now)
		s.auth.regGlobal.release("", now)
		s.writeAuthErr(w, r, err)
		return
	}
	s.auth.regAddrs.keep(addr, now)
	s.auth.regGlobal.keep("", now)
	u, version, err := createAccount(r.Context(), s.db, acc, hash, s.cfg.Now())
	if err != nil {
		if isEmailTaken(err) {
			writeError(w, http.StatusConflict, string(domain.CodeInvalidArgument), msgEmailTaken)
			return
		}
		s.writeErr(w, r, err)
		return
	}
	s.log.Info("account registered", "account_id", u.ID, "role", u.Role)
	s.pokeAfter(r.Context(), version)
	writeJSON(w, http.StatusCreated, protocol.RegisterResponse{User: *u})
}

// validateRegistration checks a registration like the mutators check a profile
// update, and returns the account to create.
func validateRegistration(req *protocol.RegisterRequest) (*newAccount, error) {
	role := domain.Role(req.Role)
	if role != domain.RoleSponsor && role != domain.RoleInfluencer {
		return nil, domain.Errorf(domain.CodeInvalidArgument, "role must be one of sponsor, influencer, got %q", clipText(req.Role))
	}
	email, err := normalizeEmail(req.Email)
	if err != nil {
		return nil, err
	}
	if err := checkPassword(req.Password); err != nil {
		return nil, err
	}
	p := req.Profile
	acc := &newAccount{Role: role, Email: email, Name: req.Name}
	pu := &acc.Profile
	pu.Name = &acc.Name
	switch role {
	case domain.RoleSponsor:
		if p.DisplayName != "" || p.Category != "" || p.Niche != "" || p.Bio != "" {
			return nil, domain.Errorf(domain.CodeInvalidArgument, "a sponsor profile has no influencer fields")
		}
		pu.CompanyName, pu.Industry, pu.Budget = &p.CompanyName, &p.Industry, &p.Budget
	case domain.RoleInfluencer:
		if p.CompanyName != "" || p.Industry != "" || p.Budget != 0 {
			return nil, domain.Errorf(domain.CodeInvalidArgument, "an influencer profile has no sponsor fields")
		}
		pu.DisplayName, pu.Category, pu.Niche, pu.Bio = &p.DisplayName, &p.Category, &p.Niche, &p.Bio
		if strings.TrimSpace(p.DisplayName) == "" {
			pu.DisplayName = &acc.Name // defaults to the name (checked below, trimmed)
		}
	}
	if err := pu.Validate(); err != nil {
		return nil, err
	}
	return acc, nil
}

// normalizeEmail returns the form an email is stored and compared under
// (auth.NormalizeEmail: look-alikes are one address or refused), as a typed error
// when it is not a valid address. Register, login and CreateAdmin all use it.
func normalizeEmail(s string) (string, error) {
	e, err := auth.NormalizeEmail(s)
	if err != nil {
		return "", domain.Errorf(domain.CodeInvalidArgument, "%s", err.Error())
	}
	return e, nil
}

// checkPassword applies the new-password policy (auth.CheckNewPassword).
func checkPassword(pw string) error {
	if err := auth.CheckNewPassword(pw); err != nil {
		return domain.Errorf(domain.CodeInvalidArgument, "%s", err.Error())
	}
	return nil
}

func clipText(s string) string { return auth.Clip(s) }

// errEmailTaken is returned (wrapped in a *domain.Error) when an email is in use.
var errEmailTaken = domain.Errorf(domain.CodeInvalidArgument, msgEmailTaken)

func isEmailTaken(err error) bool { return errors.Is(err, errEmailTaken) }

// createAccount inserts the account, its profile and its credentials in one write
// transaction that first bumps sync_meta.version (the triggers stamp the new rows
// with it), and returns the user and that version.
func createAccount(ctx context.Context, db *store.Store, a *newAccount, hash string, now time.Time) (*protocol.User, int64, error) {
	now = now.UTC()
	id := domain.NewID()
	u := &protocol.User{ID: id, Email: a.Email, Role: string(a.Role), Name: a.Name, Active: true}
	var version int64
	err := db.Write(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.Exec(`UPDATE sync_meta SET version = version + 1 WHERE id = 1`); err != nil {
			return fmt.Errorf("bump version: %w", err)
		}
		if err := tx.Get(&version, `SELECT version FROM sync_meta WHERE id = 1`); err != nil {
			return err
		}
		var taken bool
		if err := tx.Get(&taken, `SELECT EXISTS (SELECT 1 FROM accounts WHERE email = ?)`, a.Email); err != nil {
			return err
		}
		if taken {
			return errEmailTaken
		}
		if _, err := tx.Exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, a.Email, a.Role, a.Name, now, now); err != nil {
			if strings.Contains(err.Error(), "UNIQUE") {
				return errEmailTaken
			}
			return fmt.Errorf("insert account: %w", err)
		}
		p := a.Profile
		switch a.Role {
		case domain.RoleSponsor:
			u.Approval = string(domain.ApprovalPending)
			if _, err := tx.Exec(`INSERT INTO sponsor_profiles (account_id, company_name, industry, budget, approval, updated_at)
				VALUES (?, ?, ?, ?, ?, ?)`, id, *p.CompanyName, *p.Industry, *p.Budget, domain.ApprovalPending, now); err != nil {
				return fmt.Errorf("insert sponsor profile: %w", err)
			}
		case domain.RoleInfluencer:
			if _, err := tx.Exec(`INSERT INTO influencer_profiles (account_id, display_name, category, niche, bio, updated_at)
				VALUES (?, ?, ?, ?, ?, ?)`, id, *p.DisplayName, *p.Category, *p.Niche, *p.Bio, now); err != nil {
				return fmt.Errorf("insert influencer profile: %w", err)
			}
		}
		if _, err := tx.Exec(`INSERT INTO credentials (account_id, password_hash, updated_at) VALUES (?, ?, ?)`,
			id, hash, now); err != nil {
			return fmt.Errorf("insert credentials: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return u, version, nil
}

// hashPassword hashes with argon2id, at most a few at a time.
func (s *Server) hashPassword(ctx context.Context, pw string) (string, error) {
	if err := s.auth.hashing.acquire(ctx); err != nil {
		return "", err
	}
	defer s.auth.hashing.release()
	return auth.HashPasswordWith(pw, s.auth.params)
}

// ---- login ----

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

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req protocol.LoginRequest
	if err := decode(w, r, &req, authBodyLimit); err != nil {
		s.writeErr(w, r, err)
		return
	}
	legacy := strings.ToLower(strings.TrimSpace(req.Email))
	if legacy == "" || req.Password == "" {
		writeError(w, http.StatusBadRequest, string(domain.CodeInvalidArgument), "email and password are required")
		return
	}
	if len(legacy) > 4*maxEmailLen || len(req.Password) > maxPasswordLen {
		writeError(w, http.StatusUnauthorized, string(domain.CodeUnauthenticated), msgBadCredentials)
		return
	}
	// The email is looked up (and throttled) under its normalised form, so a
	// look-alike spelling (ａdmin@…) reaches the same account and the same counter.
	// One that does not normalise cannot be a new-style account; it is still
	// looked up as typed (lower case) for accounts registered before normalisation.
	email, nerr := auth.NormalizeEmail(req.Email)
	if nerr != nil {
		email = legacy
	}
	now := s.cfg.Now()
	addr := remoteHost(r)
	// Reserve the attempt before any work, atomically: a concurrent burst counts
	// every attempt it makes, and attempts over the limit never wait for a hash.
	ok, wait := s.auth.accounts.reserve(email, now)
	if ok {
		if ok, wait = s.auth.addrs.reserve(addr, now); !ok {
			s.auth.accounts.release(email, now)
		}
	}
	if !ok {
		s.log.Warn("sign-in throttled", "remote", addr)
		writeRateLimited(w, wait, fmt.Sprintf("too many failed sign-ins: try again in %s", roundUpSecond(wait)))
		return
	}
	release := func() {
		s.auth.accounts.release(email, now)
		s.auth.addrs.release(addr, now)
	}
	var row credentialRow
	err := s.db.R.GetContext(r.Context(), &row, userQuery+`WHERE a.email = ?`, email)
	if errors.Is(err, sql.ErrNoRows) && legacy != email {
		err = s.db.R.GetContext(r.Context(), &row, userQuery+`WHERE a.email = ?`, legacy)
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		release()
		s.writeErr(w, r, err)
		return
	}
	ok, err = s.verify(r.Context(), row.Hash.String, req.Password)
	if err != nil {
		release()
		s.writeAuthErr(w, r, err)
		return
	}
	if !ok {
		s.auth.accounts.keep(email, now)
		s.auth.addrs.keep(addr, now)
		s.log.Info("sign-in failed", "remote", addr)
		writeError(w, http.StatusUnauthorized, string(domain.CodeUnauthenticated), msgBadCredentials)
		return
	}
	s.auth.accounts.reset(email, now)
	s.auth.addrs.release(addr, now)
	if !row.Active {
		writeError(w, http.StatusForbidden, string(domain.CodeForbidden), msgDeactivated)
		return
	}
	resp, err := s.issueTokens(r.Context(), &row, "")
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	s.log.Info("signed in", "account_id", row.ID)
	writeJSON(w, http.StatusOK, resp)
}

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
// still spends the time of one verification and reports false.
func (s *Server) verify(ctx context.Context, hash, pw string) (bool, error) {
	if err := s.auth.hashing.acquire(ctx); err != nil {
		return false, err
	}
	defer s.auth.hashing.release()
	if hash == "" {
		a := s.auth
		a.dummyOnce.Do(func() { a.dummy, a.dummyErr = auth.HashPasswordWith("not a password", a.params) })
		if a.dummyErr != nil {
			return false, a.dummyErr
		}
		_, _ = auth.VerifyPassword(a.dummy, pw)
		return false, nil
	}
	ok, err := auth.VerifyPassword(hash, pw)
	if errors.Is(err, auth.ErrBadHash) {
		return false, fmt.Errorf("stored password hash is malformed: %w", err)
	}
	return ok, err
}

func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func roundUpSecond(d time.Duration) time.Duration {
	if d < time.Second {
		return time.Second
	}
	return d.Round(time.Second)
}

// ---- tokens ----

// accessClaims are an access token's claims: the registered ones and sid, the
// sign-in (refresh token family) it was issued to, so that logging out or a
// detected token theft ends the access tokens of that sign-in too.
type accessClaims struct {
	jwt.RegisteredClaims
	SessionID string `json:"sid"`
}

// principal is who an authenticated request is from, as its access token says.
type principal struct {
	AccountID string
	SessionID string    // the sign-in (refresh_tokens.family_id) the token belongs to
	TokenID   string    // the access token's jti
	Expires   time.Time // when the access token stops working
}

type principalKey struct{}

// principalFrom returns the principal requireUser put in r's context.
func principalFrom(r *http.Request) (principal, bool) {
	p, ok := r.Context().Value(principalKey{}).(principal)
	return p, ok
}

// issueTokens signs an access token and stores a new refresh token in family
// (a new family when empty).
func (s *Server) issueTokens(ctx context.Context, row *credentialRow, family string) (*protocol.TokenResponse, error) {
	now := s.cfg.Now()
	if family == "" {
		family = domain.NewID()
	}
	access, err := s.signAccess(row.ID, family, now)
	if err != nil {
		return nil, err
	}
	refresh, hash, err := newRefreshToken()
	if err != nil {
		return nil, err
	}
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		return insertRefresh(tx, hash, row.ID, family, now, s.cfg.RefreshTTL)
	})
	if err != nil {
		return nil, err
	}
	return &protocol.TokenResponse{AccessToken: access, RefreshToken: refresh,
		ExpiresIn: int64(s.cfg.AccessTTL / time.Second), User: row.user()}, nil
}

func insertRefresh(tx *sqlx.Tx, hash, accountID, family string, now time.Time, ttl time.Duration) error {
	_, err := tx.Exec(`INSERT INTO refresh_tokens (token_hash, account_id, family_id, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`, hash, accountID, family, now.UTC(), now.Add(ttl).UTC())
	if err != nil {
		return fmt.Errorf("store refresh token: %w", err)
	}
	return nil
}

func (s *Server) signAccess(accountID, sessionID string, now time.Time) (string, error) {
	claims := accessClaims{RegisteredClaims: jwt.RegisteredClaims{
		Issuer:    tokenIssuer,
		Subject:   accountID,
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(s.cfg.AccessTTL)),
		ID:        domain.NewID(),
	}, SessionID: sessionID}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.auth.key)
	if err != nil {
		return "", fmt.Errorf("sign access token: %w", err)
	}
	return tok, nil
}

// verifyAccess returns the principal of a valid access token.
func (s *Server) verifyAccess(token string) (principal, error) {
	var claims accessClaims
	_, err := jwt.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return s.auth.key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithTimeFunc(s.cfg.Now),
		jwt.WithLeeway(0),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(tokenIssuer),
	)
	if err != nil {
		return principal{}, err
	}
	if claims.Subject == "" || claims.ExpiresAt == nil || claims.SessionID == "" {
		return principal{}, errors.New("token has no subject, expiry or session")
	}
	return principal{AccountID: claims.Subject, SessionID: claims.SessionID, TokenID: claims.ID,
		Expires: claims.ExpiresAt.Time}, nil
}

// newRefreshToken returns a random token and the SHA-256 hex under which it is stored.
func newRefreshToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("refresh token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// ---- refresh and logout ----

// replacementToken is the refresh token that replaces old: an HMAC of old under the
// signing key, so the same old token always gets the same replacement (a desktop
// whose answer was lost, any number of times, gets it again) and nothing secret is
// stored in clear (only its SHA-256, like every refresh token).
func (a *authState) replacementToken(old string) (token, hash string) {
	m := hmac.New(sha256.New, a.key)
	m.Write([]byte("refresh:"))
	m.Write([]byte(old))
	token = base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	return token, hashToken(token)
}

type refreshRow struct {
	AccountID  string         `db:"account_id"`
	FamilyID   string         `db:"family_id"`
	ExpiresAt  time.Time      `db:"expires_at"`
	RevokedAt  sql.NullTime   `db:"revoked_at"`
	ReplacedBy sql.NullString `db:"replaced_by"`
}

// handleRefresh rotates a refresh token. It is idempotent under retries: the same
// old token gets the same replacement (and a fresh access token) for as long as
// that replacement has not been used itself. An old token presented after its
// replacement was used is theft (or a copy): the whole sign-in is revoked.
func (s *Server) handleRefresh(w http.ResponseWriter, r *http.Request) {
	var req protocol.RefreshRequest
	if err := decode(w, r, &req, authBodyLimit); err != nil {
		s.writeErr(w, r, err)
		return
	}
	if req.RefreshToken == "" {
		writeError(w, http.StatusBadRequest, string(domain.CodeInvalidArgument), "refresh_token is required")
		return
	}
	now := s.cfg.Now()
	oldHash := hashToken(req.RefreshToken)
	refresh, newHash := s.auth.replacementToken(req.RefreshToken)
	var user credentialRow
	var family string
	reused, retried := false, false
	err := s.db.Write(r.Context(), func(tx *sqlx.Tx) error {
		var rt refreshRow
		err := tx.Get(&rt, `SELECT account_id, family_id, expires_at, revoked_at, replaced_by
			FROM refresh_tokens WHERE token_hash = ?`, oldHash)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.CodeUnauthenticated, msgBadRefresh)
		}
		if err != nil {
			return err
		}
		family = rt.FamilyID
		if rt.RevokedAt.Valid && rt.ReplacedBy.Valid && rt.ReplacedBy.String == newHash {
			// Rotated before: if the answer was lost, the replacement is still
			// unused, and this is a retry; hand out the same replacement again.
			var next refreshRow
			err := tx.Get(&next, `SELECT account_id, family_id, expires_at, revoked_at, replaced_by
				FROM refresh_tokens WHERE token_hash = ?`, newHash)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if err == nil && !next.RevokedAt.Valid {
				if !now.Before(next.ExpiresAt) {
					return domain.Errorf(domain.CodeUnauthenticated, msgBadRefresh)
				}
				retried = true
				return s.refreshUser(tx, &user, rt.AccountID)
			}
			if err == nil && !next.ReplacedBy.Valid {
				// The replacement was revoked without being used (logout, or a
				// theft already detected): the sign-in is over, nothing to detect.
				return domain.Errorf(domain.CodeUnauthenticated, msgBadRefresh)
			}
		}
		if rt.RevokedAt.Valid {
			if rt.ReplacedBy.Valid {
				// A rotated token came back after its replacement was used: whoever
				// holds the family may have stolen it, so every token of this
				// sign-in stops working, and with them its access tokens.
				// The revocation must commit, so this is not an error for Write.
				reused = true
				_, err := tx.Exec(`UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL`,
					now.UTC(), rt.FamilyID)
				return err
			}
			return domain.Errorf(domain.CodeUnauthenticated, msgBadRefresh)
		}
		if !now.Before(rt.ExpiresAt) {
			return domain.Errorf(domain.CodeUnauthenticated, msgBadRefresh)
		}
		if err := s.refreshUser(tx, &user, rt.AccountID); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE refresh_tokens SET revoked_at = ?, replaced_by = ? WHERE token_hash = ?`,
			now.UTC(), newHash, oldHash); err != nil {
			return err
		}
		return insertRefresh(tx, newHash, rt.AccountID, rt.FamilyID, now, s.cfg.RefreshTTL)
	})
	if err == nil && reused {
		s.log.Warn("refresh token reused: sign-in family revoked", "family_id", family)
		writeError(w, http.StatusUnauthorized, string(domain.CodeUnauthenticated), msgBadRefresh)
		return
	}
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if retried {
		s.log.Info("refresh retried: same replacement handed out again", "family_id", family)
	}
	access, err := s.signAccess(user.ID, family, now)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, protocol.TokenResponse{AccessToken: access, RefreshToken: refresh,
		ExpiresIn: int64(s.cfg.AccessTTL / time.Second), User: user.user()})
}

// refreshUser loads the account a refresh token belongs to, which must exist and
// be active.
func (s *Server) refreshUser(tx *sqlx.Tx, user *credentialRow, accountID string) error {
	err := tx.Get(user, userQuery+`WHERE a.id = ?`, accountID)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Errorf(domain.CodeUnauthenticated, msgBadRefresh)
	}
	if err != nil {
		return err
	}
	if !user.Active {
		return domain.Errorf(domain.CodeForbidden, msgDeactivated)
	}
	return nil
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	var req protocol.RefreshRequest
	if err := decode(w, r, &req, authBodyLimit); err != nil {
		s.writeErr(w, r, err)
		return
	}
	if req.RefreshToken == "" {
		writeError(w, http.StatusBadRequest, string(domain.CodeInvalidArgument), "refresh_token is required")
		return
	}
	now := s.cfg.Now().UTC()
	err := s.db.Write(r.Context(), func(tx *sqlx.Tx) error {
		// The whole sign-in ends, whichever of its tokens is presented.
		_, err := tx.Exec(`UPDATE refresh_tokens SET revoked_at = ?
			WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = ?) AND revoked_at IS NULL`,
			now, hashToken(req.RefreshToken))
		return err
	})
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// ---- requireUser ----

// requireUser authenticates a request by its Bearer access token (or, for the
// event stream only, since EventSource cannot set headers, the access_token query
// parameter) and calls h with the account id. The account must exist; deactivated
// and flagged accounts pass (pull answers them with reset, push refuses their
// mutations).
func (s *Server) requireUser(h func(w http.ResponseWriter, r *http.Request, userID string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok && r.Method == http.MethodGet && r.URL.Path == eventsPath {
			token = r.URL.Query().Get("access_token")
		}
		if token == "" {
			unauthorized(w, "")
			return
		}
		p, err := s.verifyAccess(token)
		if err != nil {
			unauthorized(w, "invalid_token")
			return
		}
		id := p.AccountID
		// The account must exist and the token's sign-in must still be live: a
		// logout or a detected theft revokes every refresh token of the family, and
		// that ends its access tokens at once (checked in the database, so it holds
		// across restarts and every server process).
		var live bool
		if err := s.db.R.GetContext(r.Context(), &live, `SELECT EXISTS (SELECT 1 FROM accounts WHERE id = ?)
			AND EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = ? AND account_id = ? AND revoked_at IS NULL)`,
			id, p.SessionID, id); err != nil {
			s.writeErr(w, r, err)
			return
		}
		if !live {
			unauthorized(w, "invalid_token")
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)), id)
	}
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

func unauthorized(w http.ResponseWriter, reason string) {
	v := `Bearer realm="iescp"`
	if reason != "" {
		v += `, error="` + reason + `"`
	}
	w.Header().Set("WWW-Authenticate", v)
	writeError(w, http.StatusUnauthorized, string(domain.CodeUnauthenticated), msgBadAccess)
}
