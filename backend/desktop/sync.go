package desktop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"iescp/backend/domain"
	"iescp/sync/client"
)

// Event topics the UI listens to.
const (
	TopicSyncStatus   = "sync:status"   // client.Status
	TopicSyncProgress = "sync:progress" // SyncProgress
	TopicDataChanged  = "data:changed"  // DataChanged
)

// codeUnavailable means the sync server could not be reached (network error, 5xx).
const codeUnavailable domain.Code = "unavailable"

// SyncProgress reports rows received during a long pull; Initial is set during the
// first download of a fresh replica (at sign-in).
type SyncProgress struct {
	Rows    int  `json:"rows"`
	Initial bool `json:"initial"`
}

// DataChanged tells the UI to re-query: a pull or a local change touched the replica.
type DataChanged struct {
	AccountID string `json:"account_id"`
	Source    string `json:"source"` // "sync" or "local"
}

// SyncIssue is a change the server rejected: the user discards it or edits and
// resubmits it.
type SyncIssue struct {
	ID        int64           `json:"id"`
	Name      string          `json:"name"`
	Args      json.RawMessage `json:"args"`
	CreatedAt time.Time       `json:"created_at"`
	Code      string          `json:"code"`
	Message   string          `json:"message"`
}

func (s *Services) emit(topic string, data any) {
	if s.Emit != nil {
		s.Emit(topic, data)
	}
}

// isUnreachable tells a network failure or a server-side failure (5xx) from an
// answer the server meant (401 wrong password, 403 deactivated, 4xx).
func isUnreachable(err error) bool {
	if err == nil {
		return false
	}
	var he *client.HTTPError
	if errors.As(err, &he) {
		return he.Status >= 500
	}
	return !errors.Is(err, context.Canceled)
}

// fromServer turns a client error into the typed error the UI shows.
func fromServer(err error, serverURL string) error {
	var he *client.HTTPError
	if errors.As(err, &he) && he.Status < 500 && he.Detail.Code != "" {
		return &domain.Error{Code: domain.Code(he.Detail.Code), Message: he.Detail.Message}
	}
	if isUnreachable(err) {
		return domain.Errorf(codeUnavailable, "cannot reach the IESCP server at %s; check the server address and your network", serverURL)
	}
	return err
}

// tokens is the engine's TokenSource for one session. Signed in online it wraps
// the client.Auth from the login. Signed in offline it resumes from the stored
// refresh token, or, when there is none (the account never signed in online
// here), logs in with the password checked locally: that password is held in
// memory only until the first successful login and never written anywhere.
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

// startEngine prepares the session's sync engine; its events go to the UI.
// initial marks progress events as the first download.
func (s *Services) newEngine(ctx context.Context, sess *session, serverURL string, initial *atomic.Bool) (*client.Engine, error) {
	id := sess.info.AccountID
	return client.New(ctx, client.Config{
		ServerURL: serverURL,
		DB:        sess.db,
		AccountID: id,
		Tokens:    sess.tokens,
		Now:       s.cfg.Now,
		Poll:      s.cfg.SyncPoll,
		OnStatus: func(st client.Status) {
			s.emit(TopicSyncStatus, sess.tokens.fixStatus(st))
		},
		OnProgress: func(rows int) {
			s.emit(TopicSyncProgress, SyncProgress{Rows: rows, Initial: initial.Load()})
		},
		OnChange: func() {
			s.emit(TopicDataChanged, DataChanged{AccountID: id, Source: "sync"})
		},
	})
}

// SyncService shows the sync status and the sync issues, and lets the user act on them.
type SyncService struct{ s *Services }

// Status returns the signed-in account's sync status (signed_out when nobody is).
func (ys *SyncService) Status() (client.Status, error) {
	sess, err := ys.s.active()
	if err != nil || sess.engine == nil {
		return client.Status{State: client.StateSignedOut}, nil
	}
	return ys.s.status(context.Background(), sess), nil
}

// status is the engine's status with the outbox counted now: a local change
// queued since the engine's last round shows at once.
func (s *Services) status(ctx context.Context, sess *session) client.Status {
	st := sess.tokens.fixStatus(sess.engine.Status())
	var c struct {
		Pending  int `db:"pending"`
		Rejected int `db:"rejected"`
	}
	if err := sess.db.R.GetContext(ctx, &c, `SELECT COUNT(*) FILTER (WHERE status = 'pending') AS pending,
		COUNT(*) FILTER (WHERE status = 'rejected') AS rejected FROM outbox`); err == nil {
		st.Pending, st.Rejected = c.Pending, c.Rejected
	}
	return st
}

// Issues lists the changes the server rejected, oldest first.
func (ys *SyncService) Issues() ([]SyncIssue, error) {
	out, err := ys.issues(context.Background())
	return out, toUI(err)
}

func (ys *SyncService) issues(ctx context.Context) ([]SyncIssue, error) {
	sess, err := ys.s.active()
	if err != nil {
		return nil, err
	}
	entries, err := client.Outbox(ctx, sess.db)
	if err != nil {
		return nil, fmt.Errorf("sync issues: %w", err)
	}
	out := []SyncIssue{}
	for _, e := range entries {
		if e.Status != "rejected" {
			continue
		}
		args := json.RawMessage(e.Args)
		if !json.Valid(args) {
			args = json.RawMessage("null")
		}
		out = append(out, SyncIssue{ID: e.ID, Name: e.Name, Args: args, CreatedAt: e.CreatedAt, Code: e.Code, Message: e.Message})
	}
	return out, nil
}

// Discard drops a rejected change.
func (ys *SyncService) Discard(id int64) error {
	sess, err := ys.s.active()
	if err != nil {
		return toUI(err)
	}
	if err := client.Discard(context.Background(), sess.db, id); err != nil {
		return toUI(err)
	}
	ys.afterOutboxChange(sess)
	return nil
}

// Resubmit replaces a rejected change with the same mutation and edited
// arguments: the new one is applied locally and queued first, then the rejected
// one is discarded, so a change that fails locally leaves the issue in place.
func (ys *SyncService) Resubmit(id int64, argsJSON string) (int64, error) {
	n, err := ys.resubmit(context.Background(), id, argsJSON)
	return n, toUI(err)
}

func (ys *SyncService) resubmit(ctx context.Context, id int64, argsJSON string) (int64, error) {
	sess, err := ys.s.active()
	if err != nil {
		return 0, err
	}
	if sess.engine == nil {
		return 0, domain.Errorf(domain.CodeInternal, "sync is not running")
	}
	if !json.Valid([]byte(argsJSON)) {
		return 0, domain.Errorf(domain.CodeInvalidArgument, "the edited change is not valid JSON")
	}
	issues, err := ys.issues(ctx)
	if err != nil {
		return 0, err
	}
	var name string
	for _, is := range issues {
		if is.ID == id {
			name = is.Name
		}
	}
	if name == "" {
		return 0, domain.Errorf(domain.CodeNotFound, "no rejected change %d", id)
	}
	newID, err := sess.engine.Mutate(ctx, name, json.RawMessage(argsJSON))
	if err != nil {
		return 0, err
	}
	if err := client.Discard(ctx, sess.db, id); err != nil {
		return newID, err
	}
	ys.s.emit(TopicDataChanged, DataChanged{AccountID: sess.info.AccountID, Source: "local"})
	ys.afterOutboxChange(sess)
	return newID, nil
}

// SyncNow pushes and pulls at once and returns the resulting status (an error
// only when nobody is signed in; a failed round shows in the status).
func (ys *SyncService) SyncNow() (client.Status, error) {
	sess, err := ys.s.active()
	if err != nil {
		return client.Status{State: client.StateSignedOut}, toUI(err)
	}
	if sess.engine == nil {
		return client.Status{State: client.StateSignedOut}, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_ = sess.engine.Sync(ctx)
	return ys.s.status(ctx, sess), nil
}

// afterOutboxChange lets the engine push and recount (its status event follows).
func (ys *SyncService) afterOutboxChange(sess *session) {
	if sess.engine != nil {
		sess.engine.Notify()
	}
}

// NotifyLocalChange tells the UI and the engine that a local mutation changed the
// replica: the UI re-queries, the engine pushes soon. Callers of Services.Mutate
// use it after a successful mutation.
func (s *Services) NotifyLocalChange() {
	sess, err := s.active()
	if err != nil {
		return
	}
	if sess.engine != nil {
		s.emit(TopicSyncStatus, s.status(context.Background(), sess))
		sess.engine.Notify()
	}
	s.emit(TopicDataChanged, DataChanged{AccountID: sess.info.AccountID, Source: "local"})
}
