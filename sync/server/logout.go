package server

// POST /api/v1/auth/logout.

import (
	"net/http"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

// handleLogout ends the sign-in a refresh token belongs to (every token of its
// family, and so its access tokens). Idempotent: an unknown or already revoked
// token answers 204 as well.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	var req protocol.RefreshRequest
	if err := decode(w, r, &req, authBodyLimit); err != nil {
		s.writeErr(w, r, err)
		return
	}
	if req.RefreshToken == "" {
		writeError(w, http.StatusBadRequest, string(domain.CodeInvalidArgument), "refresh_token is required")
		return
	}
	now := s.cfg.Now().UTC()
	err := s.db.Write(r.Context(), func(tx *sqlx.Tx) error {
		// The whole sign-in ends, whichever of its tokens is presented.
		_, err := tx.Exec(`UPDATE refresh_tokens SET revoked_at = ?
			WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = ?) AND revoked_at IS NULL`,
			now, hashToken(req.RefreshToken))
		return err
	})
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
