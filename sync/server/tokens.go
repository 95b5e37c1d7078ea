package server

// Access tokens (HS256 JWTs naming their sign-in), refresh tokens (random,
// stored as SHA-256) and the HMAC replacement a refresh hands out.

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

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

// verifiedTokens is how many verified access tokens verifyAccess remembers: a
// few per desktop signed in to this instance.
const verifiedTokens = 8192

func newVerified() *lru.Cache[string, principal] {
	c, err := lru.New[string, principal](verifiedTokens)
	if err != nil {
		panic(err) // only for a size < 1
	}
	return c
}

// verifyAccess returns the principal of a valid access token. Each push and pull
// carries one, the same until it is refreshed: a token verified before (its
// signature, issuer and claims do not change) is known again by its exact text
// until it expires, without parsing it again. Expiry is checked on every use;
// whether its sign-in is still live is the database's to say (sessionLive,
// liveSessionSQL), as for a token parsed anew.
func (s *Server) verifyAccess(token string) (principal, error) {
	if p, ok := s.auth.verified.Get(token); ok && s.cfg.Now().Before(p.Expires) {
		return p, nil
	}
	p, err := s.parseAccess(token)
	if err == nil {
		s.auth.verified.Add(token, p)
	}
	return p, err
}

// parseAccess verifies an access token and returns its principal.
func (s *Server) parseAccess(token string) (principal, error) {
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
