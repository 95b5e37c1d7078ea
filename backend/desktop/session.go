package desktop

import (
	"context"
	"net/mail"
	"runtime/debug"
	"strings"
	"time"

	"iescp/backend/domain"
	"iescp/backend/localdata"
	"iescp/backend/queries"
	"iescp/backend/store"
	"iescp/sync/client"
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

// Starting returns the account Go is signing in or resuming at start ("" when
// none): the sign-in screen says "Signing in as …" and waits for session:changed.
func (ss *SessionService) Starting() (string, error) {
	ss.s.mu.RLock()
	defer ss.s.mu.RUnlock()
	return ss.s.starting, nil
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
