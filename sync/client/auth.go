package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

// SecretStore keeps the refresh token between runs (the OS keyring, or a 0600
// file where there is none).
type SecretStore interface {
	Get(account string) (string, error)
	Set(account, secret string) error
	Delete(account string) error
}

// ErrNoSession means there is no refresh token to renew the session with.
var ErrNoSession = errors.New("not signed in")

// Auth holds one account's tokens and renews them. It implements TokenSource.
type Auth struct {
	http    *resty.Client
	secrets SecretStore
	now     func() time.Time

	mu        sync.Mutex
	accountID string
	access    string
	accessExp time.Time
	refresh   string
}

func newHTTP(serverURL string) *resty.Client {
	return resty.New().SetBaseURL(strings.TrimRight(serverURL, "/")).SetTimeout(20 * time.Second)
}

// apiCall posts a JSON body and decodes the answer or the typed error.
func apiCall(ctx context.Context, c *resty.Client, path string, body, out any) error {
	var apiErr protocol.ErrorBody
	r := c.R().SetContext(ctx).SetBody(body).SetError(&apiErr)
	if out != nil {
		r.SetResult(out)
	}
	resp, err := r.Post(path)
	if err != nil {
		return fmt.Errorf("server unreachable: %w", err)
	}
	if resp.IsError() {
		if apiErr.Error.Code == "" {
			return &HTTPError{Status: resp.StatusCode(), Detail: protocol.ErrorDetail{Code: string(domain.CodeInternal),
				Message: http.StatusText(resp.StatusCode())}}
		}
		return &HTTPError{Status: resp.StatusCode(), Detail: apiErr.Error}
	}
	return nil
}

// Register creates an account on the server.
func Register(ctx context.Context, serverURL string, req protocol.RegisterRequest) (protocol.User, error) {
	var resp protocol.RegisterResponse
	err := apiCall(ctx, newHTTP(serverURL), "/api/v1/auth/register", req, &resp)
	return resp.User, err
}

// Login signs in with a password and stores the refresh token.
func Login(ctx context.Context, serverURL, email, password string, secrets SecretStore, now func() time.Time) (*Auth, protocol.User, error) {
	if now == nil {
		now = time.Now
	}
	a := &Auth{http: newHTTP(serverURL), secrets: secrets, now: now}
	var resp protocol.TokenResponse
	if err := apiCall(ctx, a.http, "/api/v1/auth/login", protocol.LoginRequest{Email: email, Password: password}, &resp); err != nil {
		return nil, protocol.User{}, err
	}
	if err := a.take(resp); err != nil {
		return nil, protocol.User{}, err
	}
	return a, resp.User, nil
}

// Resume restores an account's session from its stored refresh token (no
// network): the first AccessToken call refreshes.
func Resume(serverURL, accountID string, secrets SecretStore, now func() time.Time) (*Auth, error) {
	if now == nil {
		now = time.Now
	}
	tok, err := secrets.Get(accountID)
	if err != nil {
		return nil, err
	}
	if tok == "" {
		return nil, ErrNoSession
	}
	return &Auth{http: newHTTP(serverURL), secrets: secrets, now: now, accountID: accountID, refresh: tok}, nil
}

func (a *Auth) take(resp protocol.TokenResponse) error {
	a.mu.Lock()
	a.accountID = resp.User.ID
	a.access = resp.AccessToken
	a.accessExp = a.now().Add(time.Duration(resp.ExpiresIn) * time.Second)
	a.refresh = resp.RefreshToken
	a.mu.Unlock()
	if a.secrets != nil {
		return a.secrets.Set(resp.User.ID, resp.RefreshToken)
	}
	return nil
}

// AccessToken returns a valid access token, refreshing it when it is about to expire.
func (a *Auth) AccessToken(ctx context.Context) (string, error) {
	a.mu.Lock()
	tok, exp := a.access, a.accessExp
	a.mu.Unlock()
	if tok != "" && a.now().Add(30*time.Second).Before(exp) {
		return tok, nil
	}
	return a.Refresh(ctx)
}

// Refresh rotates the refresh token for a new access token.
func (a *Auth) Refresh(ctx context.Context) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.refresh == "" {
		return "", ErrNoSession
	}
	var resp protocol.TokenResponse
	if err := apiCall(ctx, a.http, "/api/v1/auth/refresh", protocol.RefreshRequest{RefreshToken: a.refresh}, &resp); err != nil {
		var he *HTTPError
		if errors.As(err, &he) && he.Status == http.StatusUnauthorized {
			a.refresh = ""
			if a.secrets != nil {
				_ = a.secrets.Delete(a.accountID)
			}
		}
		return "", err
	}
	a.accountID = resp.User.ID
	a.access, a.refresh = resp.AccessToken, resp.RefreshToken
	a.accessExp = a.now().Add(time.Duration(resp.ExpiresIn) * time.Second)
	if a.secrets != nil {
		if err := a.secrets.Set(resp.User.ID, resp.RefreshToken); err != nil {
			return "", err
		}
	}
	return a.access, nil
}

// Logout revokes the refresh token on the server and forgets it.
func (a *Auth) Logout(ctx context.Context) error {
	a.mu.Lock()
	tok, acc := a.refresh, a.accountID
	a.access, a.refresh = "", ""
	a.mu.Unlock()
	if a.secrets != nil {
		_ = a.secrets.Delete(acc)
	}
	if tok == "" {
		return nil
	}
	return apiCall(ctx, a.http, "/api/v1/auth/logout", protocol.RefreshRequest{RefreshToken: tok}, nil)
}

// MemorySecrets is a SecretStore in memory (tests, and the session of a desktop
// without any secret storage).
type MemorySecrets struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *MemorySecrets) Get(account string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[account], nil
}

func (s *MemorySecrets) Set(account, secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[account] = secret
	return nil
}

func (s *MemorySecrets) Delete(account string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, account)
	return nil
}
