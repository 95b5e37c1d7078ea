package server

// POST /api/v1/auth/login.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"iescp/backend/auth"
	"iescp/backend/domain"
	"iescp/sync/protocol"
)

// handleLogin signs in with email and password: the attempt is reserved against
// the per-email and per-address throttles before any work, then the password is
// checked (a wrong one is counted, a right one forgives the email's failures) and
// a new sign-in (refresh-token family) is issued.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req protocol.LoginRequest
	if err := decode(w, r, &req, authBodyLimit); err != nil {
		s.writeErr(w, r, err)
		return
	}
	legacy := strings.ToLower(strings.TrimSpace(req.Email))
	if legacy == "" || req.Password == "" {
		writeError(w, http.StatusBadRequest, string(domain.CodeInvalidArgument), "email and password are required")
		return
	}
	if len(legacy) > 4*maxEmailLen || len(req.Password) > maxPasswordLen {
		writeError(w, http.StatusUnauthorized, string(domain.CodeUnauthenticated), msgBadCredentials)
		return
	}
	// The email is looked up (and throttled) under its normalised form, so a
	// look-alike spelling (ａdmin@…) reaches the same account and the same counter.
	// One that does not normalise cannot be a new-style account; it is still
	// looked up as typed (lower case) for accounts registered before normalisation.
	email, nerr := auth.NormalizeEmail(req.Email)
	if nerr != nil {
		email = legacy
	}
	now := s.cfg.Now()
	addr := remoteHost(r)
	// Reserve the attempt before any work, in one transaction against both
	// throttles (their counts are the fleet's, in the database): a concurrent burst,
	// over any number of instances, counts every attempt it makes, and attempts over
	// the limit never wait for a hash.
	lim := s.auth.shared
	held, refused, wait, err := lim.reserve(r.Context(), now, claim{s.auth.accounts, email}, claim{s.auth.addrs, addr})
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if refused >= 0 {
		s.log.Warn("sign-in throttled", "remote", addr)
		writeRateLimited(w, wait, fmt.Sprintf("too many failed sign-ins: try again in %s", roundUpSecond(wait)))
		return
	}
	acct, adr := held[0], held[1]
	release := func() { s.endLimits(r, lim, now, acct.release(), adr.release()) }
	var row credentialRow
	err = s.db.R.GetContext(r.Context(), &row, userQuery+`WHERE a.email = ?`, email)
	if errors.Is(err, sql.ErrNoRows) && legacy != email {
		err = s.db.R.GetContext(r.Context(), &row, userQuery+`WHERE a.email = ?`, legacy)
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		release()
		s.writeErr(w, r, err)
		return
	}
	ok, err := s.verify(r.Context(), row.Hash.String, req.Password)
	if err != nil {
		release()
		s.writeAuthErr(w, r, err)
		return
	}
	if !ok {
		s.endLimits(r, lim, now, acct.keep(now), adr.keep(now))
		s.log.Info("sign-in failed", "remote", addr)
		writeError(w, http.StatusUnauthorized, string(domain.CodeUnauthenticated), msgBadCredentials)
		return
	}
	s.endLimits(r, lim, now, acct.forgive(now), adr.release())
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

// still spends the time of one verification and reports false.
func (s *Server) verify(ctx context.Context, hash, pw string) (bool, error) {
	if err := s.auth.hashing.acquire(ctx); err != nil {
		return false, err
	}
	defer s.auth.hashing.release()
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
