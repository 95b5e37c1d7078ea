package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"
	"github.com/jmoiron/sqlx"

	"iescp/backend/auth"
	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/store"
	"iescp/sync/protocol"
)

// Auth limits and policy.
const (
	maxPasswordLen = 1024 // bytes; bounds the hashing work an anonymous request can ask for
	maxEmailLen    = 254
	authBodyLimit  = 64 << 10

	// Failed sign-ins are counted per account (email) and per remote address in a
	// sliding window; past the limit, attempts get 429 until the oldest failure in
	// the window ages out. The address limit is higher: a team behind one NAT shares it.
	loginWindow          = 15 * time.Minute
	loginMaxPerAccount   = 5
	loginMaxPerAddress   = 20
	throttleSweepEntries = 10_000

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

// authState is the server's token signing key and its failed-login counters.
type authState struct {
	key      []byte // HS256 key, kept in server_secrets so tokens survive a restart
	params   auth.Params
	accounts *loginThrottle
	addrs    *loginThrottle
	hashing  chan struct{} // bounds concurrent argon2id work (64 MiB each)

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
	a := &authState{
		key:      key,
		params:   auth.DefaultParams,
		accounts: newLoginThrottle(loginMaxPerAccount, loginWindow),
		addrs:    newLoginThrottle(loginMaxPerAddress, loginWindow),
		hashing:  make(chan struct{}, 4),
	}
	return a, nil
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
	s.mux.HandleFunc("POST /api/v1/auth/register", s.handleRegister)
	s.mux.HandleFunc("POST /api/v1/auth/login", s.handleLogin)
	s.mux.HandleFunc("POST /api/v1/auth/refresh", s.handleRefresh)
	s.mux.HandleFunc("POST /api/v1/auth/logout", s.handleLogout)
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
	hash, err := s.hashPassword(r.Context(), req.Password)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
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

// normalizeEmail trims and lowercases an email and checks it is one plain address.
func normalizeEmail(s string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(s))
	if e == "" {
		return "", domain.Errorf(domain.CodeInvalidArgument, "email is required")
	}
	if len(e) > maxEmailLen {
		return "", domain.Errorf(domain.CodeInvalidArgument, "email must be at most %d characters", maxEmailLen)
	}
	a, err := mail.ParseAddress(e)
	local, host, ok := strings.Cut(e, "@")
	if err != nil || a.Name != "" || a.Address != e || !ok || local == "" || host == "" || len(local) > 64 ||
		strings.ContainsAny(e, " \t\r\n\"()<>,;:\\[]") || strings.HasPrefix(host, ".") || strings.HasSuffix(host, ".") ||
		strings.Contains(host, "..") {
		return "", domain.Errorf(domain.CodeInvalidArgument, "email %q is not a valid address", clipText(s))
	}
	return e, nil
}

func checkPassword(pw string) error {
	if utf8.RuneCountInString(pw) < auth.MinPasswordLen {
		return domain.Errorf(domain.CodeInvalidArgument, "password must be at least %d characters", auth.MinPasswordLen)
	}
	if len(pw) > maxPasswordLen {
		return domain.Errorf(domain.CodeInvalidArgument, "password must be at most %d bytes", maxPasswordLen)
	}
	return nil
}

func clipText(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}

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
	if err := s.auth.acquire(ctx); err != nil {
		return "", err
	}
	defer s.auth.release()
	return auth.HashPasswordWith(pw, s.auth.params)
}

func (a *authState) acquire(ctx context.Context) error {
	select {
	case a.hashing <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (a *authState) release() { <-a.hashing }

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
	email := strings.ToLower(strings.TrimSpace(req.Email))
	if email == "" || req.Password == "" {
		writeError(w, http.StatusBadRequest, string(domain.CodeInvalidArgument), "email and password are required")
		return
	}
	if len(email) > maxEmailLen || len(req.Password) > maxPasswordLen {
		writeError(w, http.StatusUnauthorized, string(domain.CodeUnauthenticated), msgBadCredentials)
		return
	}
	now := s.cfg.Now()
	addr := remoteHost(r)
	if wait := max(s.auth.accounts.wait(email, now), s.auth.addrs.wait(addr, now)); wait > 0 {
		s.log.Warn("sign-in throttled", "remote", addr)
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		writeError(w, http.StatusTooManyRequests, string(domain.CodeRateLimited),
			fmt.Sprintf("too many failed sign-ins: try again in %s", roundUpSecond(wait)))
		return
	}
	var row credentialRow
	err := s.db.R.GetContext(r.Context(), &row, userQuery+`WHERE a.email = ?`, email)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		s.writeErr(w, r, err)
		return
	}
	ok, err := s.verify(r.Context(), row.Hash.String, req.Password)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if !ok {
		s.auth.accounts.fail(email, now)
		s.auth.addrs.fail(addr, now)
		s.log.Info("sign-in failed", "remote", addr)
		writeError(w, http.StatusUnauthorized, string(domain.CodeUnauthenticated), msgBadCredentials)
		return
	}
	s.auth.accounts.reset(email)
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

// verify checks pw against hash; with no hash (unknown email, no credentials) it
// still spends the time of one verification and reports false.
func (s *Server) verify(ctx context.Context, hash, pw string) (bool, error) {
	if err := s.auth.acquire(ctx); err != nil {
		return false, err
	}
	defer s.auth.release()
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

type accessClaims struct {
	jwt.RegisteredClaims
}

// principal is who an authenticated request is from, as its access token says.
type principal struct {
	AccountID string
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
	access, err := s.signAccess(row.ID, now)
	if err != nil {
		return nil, err
	}
	if family == "" {
		family = domain.NewID()
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

func (s *Server) signAccess(accountID string, now time.Time) (string, error) {
	claims := accessClaims{jwt.RegisteredClaims{
		Issuer:    tokenIssuer,
		Subject:   accountID,
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(s.cfg.AccessTTL)),
		ID:        domain.NewID(),
	}}
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
	if claims.Subject == "" || claims.ExpiresAt == nil {
		return principal{}, errors.New("token has no subject or expiry")
	}
	return principal{AccountID: claims.Subject, TokenID: claims.ID, Expires: claims.ExpiresAt.Time}, nil
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

// refreshGrace is how long after a rotation the old refresh token may be
// presented again, once, when its replacement is still unused (a lost answer).
const refreshGrace = 30 * time.Second

type refreshRow struct {
	AccountID  string         `db:"account_id"`
	FamilyID   string         `db:"family_id"`
	ExpiresAt  time.Time      `db:"expires_at"`
	RevokedAt  sql.NullTime   `db:"revoked_at"`
	ReplacedBy sql.NullString `db:"replaced_by"`
}

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
	refresh, newHash, err := newRefreshToken()
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	var user credentialRow
	var family string
	reused := false
	err = s.db.Write(r.Context(), func(tx *sqlx.Tx) error {
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
		if rt.RevokedAt.Valid && rt.ReplacedBy.Valid && now.Sub(rt.RevokedAt.Time) < refreshGrace {
			// The answer to a rotation was lost (a crash, a dropped connection) and
			// the desktop retries with the same token: if the replacement was never
			// used, rotate again instead of treating this as theft.
			res, err := tx.Exec(`UPDATE refresh_tokens SET revoked_at = ?, replaced_by = ?
				WHERE token_hash = ? AND revoked_at IS NULL`, now.UTC(), newHash, rt.ReplacedBy.String)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				rt.RevokedAt = sql.NullTime{}
				oldHash = rt.ReplacedBy.String
			}
		}
		if rt.RevokedAt.Valid {
			if rt.ReplacedBy.Valid {
				// A rotated token came back: whoever holds the family may have stolen
				// it, so every token of this sign-in stops working.
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
		err = tx.Get(&user, userQuery+`WHERE a.id = ?`, rt.AccountID)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.CodeUnauthenticated, msgBadRefresh)
		}
		if err != nil {
			return err
		}
		if !user.Active {
			return domain.Errorf(domain.CodeForbidden, msgDeactivated)
		}
		if _, err := tx.Exec(`UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, ?), replaced_by = ? WHERE token_hash = ?`,
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
	access, err := s.signAccess(user.ID, now)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, protocol.TokenResponse{AccessToken: access, RefreshToken: refresh,
		ExpiresIn: int64(s.cfg.AccessTTL / time.Second), User: user.user()})
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
		var exists bool
		if err := s.db.R.GetContext(r.Context(), &exists, `SELECT EXISTS (SELECT 1 FROM accounts WHERE id = ?)`, id); err != nil {
			s.writeErr(w, r, err)
			return
		}
		if !exists {
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

// ---- throttle ----

// loginThrottle counts failures per key in a sliding window, in memory.
type loginThrottle struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	fails  map[string][]time.Time
}

func newLoginThrottle(maxFails int, window time.Duration) *loginThrottle {
	return &loginThrottle{max: maxFails, window: window, fails: map[string][]time.Time{}}
}

// prune drops failures older than the window; the caller holds mu.
func (t *loginThrottle) prune(key string, now time.Time) []time.Time {
	f := t.fails[key]
	i := 0
	for i < len(f) && !now.Before(f[i].Add(t.window)) {
		i++
	}
	f = f[i:]
	if len(f) == 0 {
		delete(t.fails, key)
		return nil
	}
	t.fails[key] = f
	return f
}

// wait is how long key must wait before its next attempt (0: go ahead).
func (t *loginThrottle) wait(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.prune(key, now)
	if len(f) < t.max {
		return 0
	}
	return f[len(f)-t.max].Add(t.window).Sub(now)
}

func (t *loginThrottle) fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.fails) >= throttleSweepEntries {
		for k := range t.fails {
			t.prune(k, now)
		}
	}
	f := append(t.prune(key, now), now)
	if len(f) > t.max {
		f = f[len(f)-t.max:]
	}
	t.fails[key] = f
}

func (t *loginThrottle) reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}
