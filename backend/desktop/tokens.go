package desktop

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"iescp/sync/client"
)

// tokens is the engine's TokenSource for one session. Signed in online it wraps
// the client.Auth from the login. Signed in offline it resumes from the stored
// refresh token, or, when there is none (the account never signed in online
// here), logs in with the password checked locally: that password is held in
// memory only until the first successful login and never written anywhere.
//
// It stays in the desktop rather than sync/client: the engine's auth (login,
// refresh, resume, logout) is client.Auth; what is here is the desktop's
// sign-in policy on top of it (offline first, a locally verified password held
// until the server is back, a network failure shown as offline, not signed out).
type tokens struct {
	serverURL, accountID, email string
	secrets                     client.SecretStore
	now                         func() time.Time

	mu          sync.Mutex
	auth        *client.Auth
	password    string
	unreachable atomic.Bool // the last token request failed on the network
}

var _ client.TokenSource = (*tokens)(nil)

func (t *tokens) current(ctx context.Context, forceLogin bool) (*client.Auth, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.auth != nil && !forceLogin {
		return t.auth, nil
	}
	if t.auth == nil && !forceLogin {
		if a, err := client.Resume(t.serverURL, t.accountID, t.secrets, t.now); err == nil {
			t.auth = a
			return a, nil
		}
	}
	if t.password == "" {
		return nil, errors.New("no stored session: sign in again while online")
	}
	a, user, err := client.Login(ctx, t.serverURL, t.email, t.password, t.secrets, t.now)
	if err != nil {
		if !isUnreachable(err) {
			t.password = "" // the server refused it: stop trying
		}
		return nil, err
	}
	if user.ID != t.accountID {
		return nil, fmt.Errorf("the server knows %s as another account", t.email)
	}
	t.auth, t.password = a, ""
	return a, nil
}

// retryable reports whether a refused session may be replaced by a password login.
func (t *tokens) retryable(err error) bool {
	var he *client.HTTPError
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.password != "" && !isUnreachable(err) && (!errors.As(err, &he) || he.Status == http.StatusUnauthorized)
}

func (t *tokens) track(tok string, err error) (string, error) {
	t.unreachable.Store(isUnreachable(err))
	return tok, err
}

// AccessToken implements client.TokenSource.
func (t *tokens) AccessToken(ctx context.Context) (string, error) {
	a, err := t.current(ctx, false)
	if err != nil {
		return t.track("", err)
	}
	tok, err := a.AccessToken(ctx)
	if err != nil && t.retryable(err) {
		if a, err = t.current(ctx, true); err == nil {
			tok, err = a.AccessToken(ctx)
		}
	}
	return t.track(tok, err)
}

// Refresh implements client.TokenSource.
func (t *tokens) Refresh(ctx context.Context) (string, error) {
	a, err := t.current(ctx, false)
	if err != nil {
		return t.track("", err)
	}
	tok, err := a.Refresh(ctx)
	if err != nil && t.retryable(err) {
		if a, err = t.current(ctx, true); err == nil {
			tok, err = a.AccessToken(ctx)
		}
	}
	return t.track(tok, err)
}

// Logout revokes the session on the server when reachable and forgets the stored
// refresh token either way.
func (t *tokens) Logout(ctx context.Context) error {
	t.mu.Lock()
	a := t.auth
	t.auth, t.password = nil, ""
	t.mu.Unlock()
	if a == nil {
		if a2, err := client.Resume(t.serverURL, t.accountID, t.secrets, t.now); err == nil {
			a = a2
		}
	}
	if a == nil {
		return t.secrets.Delete(t.accountID)
	}
	return a.Logout(ctx)
}

// fixStatus reports a token request that failed on the network as offline: the
// engine cannot tell it from a refused session.
func (t *tokens) fixStatus(st client.Status) client.Status {
	if st.State == client.StateSignedOut && t != nil && t.unreachable.Load() {
		st.State = client.StateOffline
		st.LastError = "cannot reach the server; changes stay on this computer until it is back"
	}
	return st
}

// newEngine prepares the session's sync engine; its events go to the UI.
// initial marks progress events as the first download.
func (s *Services) newEngine(ctx context.Context, sess *session, serverURL string, initial *atomic.Bool) (*client.Engine, error) {
	id := sess.info.AccountID
	var total atomic.Int64  // the first download's total, once the server said
	var pulled atomic.Int64 // rows of the pull round under way, as OnProgress counts them
	return client.New(ctx, client.Config{
		ServerURL: serverURL,
		DB:        sess.db,
		AccountID: id,
		Tokens:    sess.tokens,
		Now:       s.cfg.Now,
		Poll:      s.cfg.SyncPoll,
		OnStatus: func(st client.Status) {
			s.emit(TopicSyncStatus, sess.tokens.fixStatus(st))
			if u := sess.uploader.Load(); u != nil && st.State == client.StateOnline {
				u.Kick() // the server answers: send what waits
			}
		},
		OnPullTotal: func(n int) { total.Store(int64(n)) },
		OnProgress: func(rows int) {
			pulled.Store(int64(rows))
			s.emit(TopicSyncProgress, progressOf(rows, int(total.Load()), initial.Load()))
		},
		OnChange: func() {
			if pulled.Swap(0) >= releaseAfterRows {
				releaseMemory() // a big pull was applied: its pages are garbage
			}
			s.emit(TopicDataChanged, DataChanged{AccountID: id, Source: "sync"})
			s.forwardNotifications(sess) // to the desktop, chat, email where the preferences say
		},
	})
}

// progressOf is a sync:progress event: the rows received so far, at most the
// total when known (a first download's later pages also carry a few deletions
// of rows it never had, which the server's count leaves out).
func progressOf(rows, total int, initial bool) SyncProgress {
	if total > 0 {
		rows = min(rows, total)
	}
	return SyncProgress{Rows: rows, Total: total, Initial: initial}
}
