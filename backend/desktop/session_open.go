package desktop

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"

	"iescp/backend/auth"
	"iescp/backend/domain"
	"iescp/backend/localdata"
	"iescp/backend/queries"
	"iescp/backend/store"
	"iescp/sync/client"
	"iescp/sync/protocol"
)

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
