package desktop

import (
	"context"
	"sync/atomic"

	"iescp/backend/domain"
	"iescp/backend/jobs"
	"iescp/backend/queries"
	"iescp/backend/store"
	"iescp/sync/client"
)

type session struct {
	// ctx is derived from the app's startup context and cancelled when the
	// session ends (sign-out, another sign-in, shutdown): what the account had in
	// flight stops with it.
	ctx    context.Context
	cancel context.CancelFunc
	info   SessionInfo
	db     *store.Store
	engine *client.Engine // nil only in tests that build a session by hand
	tokens *tokens
	jobs   *jobs.Scheduler // nil for roles without jobs
	// uploader sends the account's attachments in the background
	// (attachments.go); nil until the session starts, and in hand-built tests.
	uploader atomic.Pointer[client.Uploader]
	// fromSnapshot: this sign-in made the replica from the server's snapshot
	// (prepareReplica) rather than downloading it row by row.
	fromSnapshot bool
}

// close stops the session's jobs and sync engine and closes its database; the
// outbox stays.
func (c *session) close() error {
	c.stopBackground()
	return c.db.Close()
}

func (c *session) stopBackground() {
	if c.cancel != nil {
		c.cancel()
	}
	if c.jobs != nil {
		c.jobs.Stop()
	}
	if c.engine != nil {
		c.engine.Stop()
	}
	if u := c.uploader.Load(); u != nil {
		u.Stop()
	}
}

// viewer is who the session's queries read as.
// A sponsor reads as the organisation they act for (docs/teams.md), as their
// replica says now: a membership that changes takes effect at the next call.
func viewer(sess *session) queries.Viewer {
	v := queries.Viewer{AccountID: sess.info.AccountID, Role: domain.Role(sess.info.Role)}
	if v.Role == domain.RoleSponsor {
		if m, err := queries.MembershipOf(context.Background(), sess.db.R, v.AccountID, v.Role); err == nil {
			v.OrgID, v.OrgRole = m.OrgID, m.Role
		}
	}
	return v
}

// baseCtx is the app's startup context: what calls made without a session
// (sign-in, registration, the sign-in screen's settings) run under.
func (s *Services) baseCtx() context.Context {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.base
}

// begin starts a bound call: the signed-in session and a context that ends with
// it (signing out cancels what the account had in flight).
func (s *Services) begin() (context.Context, *session, error) {
	sess, err := s.active()
	if err != nil {
		return nil, nil, err
	}
	if sess.ctx == nil { // a session built by hand in a test
		return s.baseCtx(), sess, nil
	}
	return sess.ctx, sess, nil
}

// active returns the signed-in session or an unauthenticated error.
func (s *Services) active() (*session, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.current == nil {
		return nil, domain.Errorf(domain.CodeUnauthenticated, "sign in first")
	}
	return s.current, nil
}
