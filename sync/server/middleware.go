package server

// Authentication of API requests by their access token.

import (
	"context"
	"net/http"
	"strings"

	"iescp/backend/domain"
)

// liveSessionSQL is true when the account exists and the sign-in (refresh token
// family) an access token names is still live: a logout or a detected theft
// revokes every refresh token of the family, and that ends its access tokens at
// once (checked in the database, so it holds across restarts and every server
// process). Arguments: account, session, account. requireUser asks it on its own;
// the push asks it inside its group commit (pushHead), in the same round trip as
// its client's row.
const liveSessionSQL = `EXISTS (SELECT 1 FROM accounts WHERE id = ?)
	AND EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = ? AND account_id = ? AND revoked_at IS NULL)`

// requireUser authenticates a request by its Bearer access token (or, for the
// event stream only, since EventSource cannot set headers, the access_token query
// parameter) and calls h with the account id. The account must exist and the
// token's sign-in be live (liveSessionSQL); deactivated and flagged accounts pass
// (pull answers them with reset, push refuses their mutations).
func (s *Server) requireUser(h func(w http.ResponseWriter, r *http.Request, userID string)) http.HandlerFunc {
	return s.authenticate(h, true)
}

// requireToken is requireUser without the session's query: h must check the
// session itself (sessionLive, or liveSessionSQL in its own transaction) before it
// acts or answers anything but a 401. The push does, inside its group commit.
func (s *Server) requireToken(h func(w http.ResponseWriter, r *http.Request, userID string)) http.HandlerFunc {
	return s.authenticate(h, false)
}

func (s *Server) authenticate(h func(w http.ResponseWriter, r *http.Request, userID string), checkSession bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok && r.Method == http.MethodGet && r.URL.Path == eventsPath {
			token = r.URL.Query().Get("access_token")
		}
		if token == "" {
			unauthorized(w, "")
			return
		}
		p, err := s.verifyAccess(token)
		if err != nil {
			unauthorized(w, "invalid_token")
			return
		}
		if checkSession && !s.sessionLive(w, r, p) {
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)), p.AccountID)
	}
}

// sessionLive reports whether p's account exists and its sign-in is live
// (liveSessionSQL); when not, or when the database fails, it has answered.
func (s *Server) sessionLive(w http.ResponseWriter, r *http.Request, p principal) bool {
	var live bool
	if err := s.db.R.GetContext(r.Context(), &live, `SELECT `+liveSessionSQL,
		p.AccountID, p.SessionID, p.AccountID); err != nil {
		s.writeErr(w, r, err)
		return false
	}
	if !live {
		unauthorized(w, "invalid_token")
	}
	return live
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

func unauthorized(w http.ResponseWriter, reason string) {
	v := `Bearer realm="iescp"`
	if reason != "" {
		v += `, error="` + reason + `"`
	}
	w.Header().Set("WWW-Authenticate", v)
	writeError(w, http.StatusUnauthorized, string(domain.CodeUnauthenticated), msgBadAccess)
}
