package desktop

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync/atomic"

	"iescp/backend/domain"
	"iescp/backend/localdata"
	"iescp/backend/store"
)

// Startup is called when the app starts (its window may not show yet, or ever:
// --hidden). It signs in the --sign-in account, if any; else it resumes the
// account that was signed in when the app last stopped (it did not sign out),
// so that account's jobs run before anyone opens the window. Either way the UI
// learns the session from a session:changed event, whenever Go is done: a first
// download may take longer than the window takes to start.
func (s *Services) Startup(ctx context.Context) error {
	s.mu.Lock()
	s.base = ctx
	s.mu.Unlock()
	log := s.logWriter()
	if s.cfg.SignInEmail == "" {
		info, ok, err := s.resume(ctx)
		switch {
		case err != nil:
			fmt.Fprintf(log, "iescp: resuming the last session: %s\n", domain.AsError(err).Message)
		case ok:
			fmt.Fprintf(log, "iescp: resumed the session of %s (%s)\n", info.Email, info.Role)
			s.emit(TopicSessionChanged, info)
		}
		return nil
	}
	s.setStarting(s.cfg.SignInEmail)
	info, err := s.Session.signIn(ctx, s.cfg.SignInEmail, s.cfg.SignInPassword)
	s.setStarting("") // before the event: a UI that hears it finds nothing starting
	if err != nil {
		fmt.Fprintf(log, "iescp: --sign-in %s: %s\n", s.cfg.SignInEmail, domain.AsError(err).Message)
		s.emit(TopicSessionChanged, nil)
		return nil
	}
	mode := "online"
	if info.Offline {
		mode = "offline"
	}
	fmt.Fprintf(log, "iescp: signed in as %s (%s, %s)\n", info.Email, info.Role, mode)
	s.emit(TopicSessionChanged, info)
	return nil
}

func (s *Services) setStarting(email string) {
	s.mu.Lock()
	s.starting = email
	s.mu.Unlock()
}

// Shutdown stops syncing, closes the account database and closes the directory.
func (s *Services) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	cur := s.current
	s.current = nil
	s.mu.Unlock()
	var errs []error
	if cur != nil {
		errs = append(errs, cur.close()) // keeps the refresh token: the next sign-in may resume offline
	}
	errs = append(errs, s.dir.Close())
	return errors.Join(errs...)
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
