package desktop

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"iescp/backend/auth"
	"iescp/backend/domain"
	"iescp/backend/localdata"
	"iescp/backend/queries"
	"iescp/backend/store"
	"iescp/sync/client"
	"iescp/sync/protocol"
)

// SessionInfo describes the signed-in account.
type SessionInfo struct {
	AccountID string `json:"account_id"`
	Email     string `json:"email"`
	Name      string `json:"name"`
	Role      string `json:"role"`
	Approval  string `json:"approval"` // sponsors only: pending, approved or rejected
	Offline   bool   `json:"offline"`  // signed in without the server (it could not be reached)
	// A sponsor's organisation (docs/teams.md): its id, the company's name and the
	// sponsor's role in it (owner, manager, viewer).
	OrgID   string `json:"org_id"`
	Company string `json:"company"`
	OrgRole string `json:"org_role"`
}

// SessionService signs accounts in and out of the desktop, and registers new ones.
// SignIn, Register and KnownAccounts work signed out, under the app's context.
type SessionService struct{ s *Services }

// NewSessionService is the session service of s (the one in s.Session).
func NewSessionService(s *Services) *SessionService { return s.Session }

// loginTimeout bounds the sign-in request to the server before falling back to
// the offline sign-in.
const loginTimeout = 15 * time.Second

// firstSyncTimeout bounds the first download of a fresh replica during sign-in;
// the engine carries on in the background after it.
const firstSyncTimeout = 5 * time.Minute

// logoutTimeout bounds revoking the session on the server at sign-out.
const logoutTimeout = 3 * time.Second

// SignIn signs in through the sync server: on success it opens (or creates) the
// account's replica, remembers the account for offline sign-in, keeps the refresh
// token in the OS keyring (or a 0600 file) and starts syncing; a fresh replica is
// downloaded before SignIn returns, with sync:progress events. When the server
// cannot be reached it falls back to the offline sign-in of an account known on
// this desktop, and syncs once the server is back. A wrong password is
// unauthenticated either way.
func (ss *SessionService) SignIn(email, password string) (SessionInfo, error) {
	info, err := ss.signIn(ss.s.baseCtx(), email, password)
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
	tok := &tokens{serverURL: serverURL, accountID: user.ID, email: user.Email, secrets: s.secrets, now: s.cfg.Now, auth: auth}
	path := localdata.AccountDBPath(s.cfg.DataDir, user.ID)
	prepared := s.prepareReplica(ctx, serverURL, user.ID, tok, path)
	db, err := store.Open(path, store.SetDomain, store.SetDesktop)
	if err != nil {
		return SessionInfo{}, err
	}
	acc := domain.Account{ID: user.ID, Email: user.Email, Role: domain.Role(user.Role), Name: user.Name}
	if err := s.dir.Remember(ctx, acc, password, serverURL); err != nil {
		return SessionInfo{}, errors.Join(err, db.Close())
	}
	fallback := SessionInfo{AccountID: user.ID, Email: user.Email, Name: user.Name, Role: user.Role, Approval: user.Approval}
	sess := &session{info: fallback, db: db, tokens: tok, fromSnapshot: prepared}
	var initial atomic.Bool
	if sess.engine, err = s.newEngine(ctx, sess, serverURL, &initial); err != nil {
		return SessionInfo{}, errors.Join(err, db.Close())
	}
	if synced, err := queries.Synced(ctx, db.R); err == nil && !synced {
		// A fresh replica: download what this account may see before showing it.
		initial.Store(true)
		sctx, cancel := context.WithTimeout(ctx, firstSyncTimeout)
		err := sess.engine.Sync(sctx)
		cancel()
		initial.Store(false)
		if errors.Is(err, client.ErrSignedOut) {
			return SessionInfo{}, errors.Join(domain.Errorf(domain.CodeUnauthenticated, "the server ended the session; sign in again"),
				sess.close())
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

// prepareReplica makes a new account's replica from the server's snapshot of
// what every account of its role sees (client.PrepareReplica: one file
// downloaded, verified and put in place, instead of row by row); the first sync
// then pulls only what this account sees differently. Nothing happens when the
// replica exists or the server offers no snapshot; on any failure the first
// sync downloads row by row as before, so it is only logged. It reports whether
// the replica was made.
func (s *Services) prepareReplica(ctx context.Context, serverURL, accountID string, tok *tokens, path string) bool {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil { // as store.Open would
		return false
	}
	var total atomic.Int64
	pctx, cancel := context.WithTimeout(ctx, firstSyncTimeout)
	defer cancel()
	made, err := client.PrepareReplica(pctx, client.Config{ServerURL: serverURL, AccountID: accountID, Tokens: tok, Now: s.cfg.Now,
		OnPullTotal: func(n int) { total.Store(int64(n)) },
		OnProgress:  func(rows int) { s.emit(TopicSyncProgress, progressOf(rows, int(total.Load()), true)) },
	}, path)
	if err != nil {
		slog.New(slog.NewTextHandler(s.logWriter(), nil)).Warn(
			"first download: the server's snapshot could not be used; downloading row by row", "err", err)
	}
	return made
}

// releaseMemory hands the memory a big pull used back to the system: the engine
// holds a round's pages of decoded rows until it applies them in one transaction,
// and they are garbage then, but the Go runtime keeps the heap it grew for them
// (to reuse, returning it over minutes), so the app held over 1 GB after a first
// download at 100,000 influencers that nothing on screen uses (docs/benchmarks.md
// "Desktop memory"). One collection per pull round of at least releaseAfterRows
// rows (a first download, a full re-download, the 100,000 stats rows of an
// analytics refresh), whether the sign-in waited for it or the engine finished it
// in the background. A test counts the calls.
var releaseMemory = debug.FreeOSMemory

// releaseAfterRows is the smallest pull round after which releaseMemory runs (a
// small round leaves too little to be worth a collection).
var releaseAfterRows int64 = 2000

// signInOffline opens the local replica of an account that has signed in on this
// desktop before, checking the password against its local verifier.
func (ss *SessionService) signInOffline(ctx context.Context, serverURL, email, password string) (SessionInfo, error) {
	s := ss.s
	known, ok, err := s.dir.Find(ctx, email)
	if err != nil {
		return SessionInfo{}, err
	}
	if !ok {
		return SessionInfo{}, domain.Errorf(codeUnavailable,
			"cannot reach the IESCP server at %s, and %s has not signed in on this desktop yet; check the server address and your network", serverURL, email)
	}
	if ok, err := auth.VerifyPassword(known.PasswordHash, password); err != nil || !ok {
		if err != nil {
			return SessionInfo{}, err
		}
		return SessionInfo{}, domain.Errorf(domain.CodeUnauthenticated, "wrong email or password")
	}
	path := localdata.AccountDBPath(s.cfg.DataDir, known.ID)
	if _, err := os.Stat(path); err != nil {
		return SessionInfo{}, domain.Errorf(domain.CodeNotFound, "the local data of %s is missing; sign in online to download it again", email)
	}
	db, err := store.Open(path, store.SetDomain, store.SetDesktop)
	if err != nil {
		return SessionInfo{}, err
	}
	info, err := loadSessionInfo(ctx, db, known.ID)
	if err != nil {
		return SessionInfo{}, errors.Join(err, db.Close())
	}
	info.Offline = true
	// Sync with the server this account came from; a demo account provisioned
	// without one uses the address in the settings.
	engineURL := serverURL
	if known.ServerURL != "" {
		engineURL = known.ServerURL
	}
	sess := &session{info: info, db: db, tokens: &tokens{serverURL: engineURL, accountID: known.ID, email: known.Email,
		secrets: s.secrets, now: s.cfg.Now, password: password}}
	sess.tokens.unreachable.Store(true)
	if sess.engine, err = s.newEngine(ctx, sess, engineURL, new(atomic.Bool)); err != nil {
		return SessionInfo{}, errors.Join(err, db.Close())
	}
	s.touchKnown(ctx, info)
	s.replaceSession(sess)
	sess.engine.Start() // retries with backoff until the server is back
	return info, nil
}

// touchKnown records the sign-in time and that this account is the one to
// resume at the next start (best effort: the sign-in stands without them).
func (s *Services) touchKnown(ctx context.Context, info SessionInfo) {
	_ = s.dir.Touch(ctx, info.AccountID, info.Name, s.cfg.Now())
	_ = s.dir.SetSetting(ctx, settingLastSession, info.AccountID)
}

// resume reopens the session of the account that was signed in when the app
// last stopped (it never signed out): its replica, its engine with the stored
// refresh token, its jobs. Nothing is asked of the user; a token the server no
// longer takes shows as "Sign in again" on the badge, as for any session. ok is
// false when there is nothing to resume.
func (s *Services) resume(ctx context.Context) (SessionInfo, bool, error) {
	id, _, err := s.dir.Setting(ctx, settingLastSession)
	if err != nil || id == "" {
		return SessionInfo{}, false, err
	}
	known, err := s.dir.Accounts(ctx)
	if err != nil {
		return SessionInfo{}, false, err
	}
	var email string
	for _, k := range known {
		if k.ID == id {
			email = k.Email
		}
	}
	if email == "" {
		return SessionInfo{}, false, nil // forgotten since
	}
	s.setStarting(email)
	defer s.setStarting("")
	cred, ok, err := s.dir.Find(ctx, email)
	if err != nil || !ok {
		return SessionInfo{}, false, err
	}
	path := localdata.AccountDBPath(s.cfg.DataDir, id)
	if _, err := os.Stat(path); err != nil {
		return SessionInfo{}, false, nil // its data is gone: the sign-in screen
	}
	db, err := store.Open(path, store.SetDomain, store.SetDesktop)
	if err != nil {
		return SessionInfo{}, false, err
	}
	info, err := loadSessionInfo(ctx, db, id)
	if err != nil {
		return SessionInfo{}, false, errors.Join(err, db.Close())
	}
	serverURL := cred.ServerURL
	if serverURL == "" {
		if serverURL, _, err = s.serverURL(ctx); err != nil {
			return SessionInfo{}, false, errors.Join(err, db.Close())
		}
	}
	sess := &session{info: info, db: db, tokens: &tokens{serverURL: serverURL, accountID: id, email: cred.Email,
		secrets: s.secrets, now: s.cfg.Now}}
	if sess.engine, err = s.newEngine(ctx, sess, serverURL, new(atomic.Bool)); err != nil {
		return SessionInfo{}, false, errors.Join(err, db.Close())
	}
	s.replaceSession(sess)
	sess.engine.Start()
	return info, true, nil
}

// Starting returns the account Go is signing in or resuming at start ("" when
// none): the sign-in screen says "Signing in as …" and waits for session:changed.
func (ss *SessionService) Starting() (string, error) {
	ss.s.mu.RLock()
	defer ss.s.mu.RUnlock()
	return ss.s.starting, nil
}

// replaceSession makes sess the signed-in session, closing the previous one. The
// new sign-in stands even if the old database fails to close: that is logged.
func (s *Services) replaceSession(sess *session) {
	sess.ctx, sess.cancel = context.WithCancel(s.baseCtx())
	s.startJobs(sess)
	s.startUploader(sess)
	s.mu.Lock()
	old := s.current
	s.current = sess
	s.mu.Unlock()
	if old != nil {
		if err := old.close(); err != nil {
			fmt.Fprintf(s.logWriter(), "iescp: closing the database of %s: %v\n", old.info.Email, err)
		}
	}
}

func loadSessionInfo(ctx context.Context, db *store.Store, id string) (SessionInfo, error) {
	me, err := queries.Me(ctx, db.R, id)
	if err != nil {
		return SessionInfo{}, err
	}
	return SessionInfo{AccountID: me.ID, Email: me.Email, Name: me.Name, Role: string(me.Role), Approval: me.Approval,
		OrgID: me.Org.OrgID, Company: me.Org.Company, OrgRole: string(me.Org.Role)}, nil
}

// SignOut stops syncing, revokes the session on the server when it is reachable
// (forgetting the stored refresh token either way) and closes the account's
// database. Pending changes stay in its outbox for the next sign-in.
func (ss *SessionService) SignOut() error {
	s := ss.s
	s.mu.Lock() // take the session in one step: a second SignOut finds none
	cur := s.current
	s.current = nil
	s.mu.Unlock()
	if cur == nil {
		return nil
	}
	// Nothing to resume at the next start; cancel what the account had in flight.
	_ = s.dir.SetSetting(s.baseCtx(), settingLastSession, "")
	cur.stopBackground()
	if cur.tokens != nil {
		ctx, cancel := context.WithTimeout(s.baseCtx(), logoutTimeout)
		_ = cur.tokens.Logout(ctx) // unreachable: the token is forgotten locally anyway
		cancel()
	}
	err := cur.db.Close()
	s.emit(TopicSyncStatus, client.Status{State: client.StateSignedOut})
	return toUI(err)
}

// Current returns the signed-in account, or nil when signed out.
func (ss *SessionService) Current() (*SessionInfo, error) {
	ctx, cur, err := ss.s.begin()
	if err != nil {
		return nil, nil
	}
	info, err := loadSessionInfo(ctx, cur.db, cur.info.AccountID)
	if err != nil {
		// Not downloaded yet (the first sync failed): what the server said at sign-in.
		info = cur.info
	}
	info.Offline = cur.info.Offline
	return &info, nil
}

// KnownAccounts lists the accounts that signed in on this desktop, latest first.
func (ss *SessionService) KnownAccounts() ([]localdata.KnownAccount, error) {
	out, err := ss.s.dir.Accounts(ss.s.baseCtx())
	return out, toUI(err)
}
