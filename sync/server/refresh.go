package server

// POST /api/v1/auth/refresh.

import (
	"database/sql"
	"errors"
	"net/http"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

type refreshRow struct {
	AccountID  string         `db:"account_id"`
	FamilyID   string         `db:"family_id"`
	ExpiresAt  time.Time      `db:"expires_at"`
	RevokedAt  sql.NullTime   `db:"revoked_at"`
	ReplacedBy sql.NullString `db:"replaced_by"`
}

// handleRefresh rotates a refresh token. It is idempotent under retries: the same
// old token gets the same replacement (and a fresh access token) for as long as
// that replacement has not been used itself. An old token presented after its
// replacement was used is theft (or a copy): the whole sign-in is revoked.
func (s *Server) handleRefresh(w http.ResponseWriter, r *http.Request) {
	var req protocol.RefreshRequest
	if err := decode(w, r, &req, authBodyLimit); err != nil {
		s.writeErr(w, r, err)
		return
	}
	if req.RefreshToken == "" {
		writeError(w, http.StatusBadRequest, string(domain.CodeInvalidArgument), "refresh_token is required")
		return
	}
	now := s.cfg.Now()
	oldHash := hashToken(req.RefreshToken)
	refresh, newHash := s.auth.replacementToken(req.RefreshToken)
	var user credentialRow
	var family string
	reused, retried := false, false
	err := s.db.Write(r.Context(), func(tx *sqlx.Tx) error {
		var rt refreshRow
		err := tx.Get(&rt, `SELECT account_id, family_id, expires_at, revoked_at, replaced_by
			FROM refresh_tokens WHERE token_hash = ?`, oldHash)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.CodeUnauthenticated, msgBadRefresh)
		}
		if err != nil {
			return err
		}
		family = rt.FamilyID
		if rt.RevokedAt.Valid && rt.ReplacedBy.Valid && rt.ReplacedBy.String == newHash {
			// Rotated before: if the answer was lost, the replacement is still
			// unused, and this is a retry; hand out the same replacement again.
			var next refreshRow
			err := tx.Get(&next, `SELECT account_id, family_id, expires_at, revoked_at, replaced_by
				FROM refresh_tokens WHERE token_hash = ?`, newHash)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if err == nil && !next.RevokedAt.Valid {
				if !now.Before(next.ExpiresAt) {
					return domain.Errorf(domain.CodeUnauthenticated, msgBadRefresh)
				}
				retried = true
				return s.refreshUser(tx, &user, rt.AccountID)
			}
			if err == nil && !next.ReplacedBy.Valid {
				// The replacement was revoked without being used (logout, or a
				// theft already detected): the sign-in is over, nothing to detect.
				return domain.Errorf(domain.CodeUnauthenticated, msgBadRefresh)
			}
		}
		if rt.RevokedAt.Valid {
			if rt.ReplacedBy.Valid {
				// A rotated token came back after its replacement was used: whoever
				// holds the family may have stolen it, so every token of this
				// sign-in stops working, and with them its access tokens.
				// The revocation must commit, so this is not an error for Write.
				reused = true
				_, err := tx.Exec(`UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL`,
					now.UTC(), rt.FamilyID)
				return err
			}
			return domain.Errorf(domain.CodeUnauthenticated, msgBadRefresh)
		}
		if !now.Before(rt.ExpiresAt) {
			return domain.Errorf(domain.CodeUnauthenticated, msgBadRefresh)
		}
		if err := s.refreshUser(tx, &user, rt.AccountID); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE refresh_tokens SET revoked_at = ?, replaced_by = ? WHERE token_hash = ?`,
			now.UTC(), newHash, oldHash); err != nil {
			return err
		}
		return insertRefresh(tx, newHash, rt.AccountID, rt.FamilyID, now, s.cfg.RefreshTTL)
	})
	if err == nil && reused {
		s.log.Warn("refresh token reused: sign-in family revoked", "family_id", family)
		writeError(w, http.StatusUnauthorized, string(domain.CodeUnauthenticated), msgBadRefresh)
		return
	}
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if retried {
		s.log.Info("refresh retried: same replacement handed out again", "family_id", family)
	}
	access, err := s.signAccess(user.ID, family, now)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, protocol.TokenResponse{AccessToken: access, RefreshToken: refresh,
		ExpiresIn: int64(s.cfg.AccessTTL / time.Second), User: user.user()})
}

// refreshUser loads the account a refresh token belongs to, which must exist and
// be active.
func (s *Server) refreshUser(tx *sqlx.Tx, user *credentialRow, accountID string) error {
	err := tx.Get(user, userQuery+`WHERE a.id = ?`, accountID)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Errorf(domain.CodeUnauthenticated, msgBadRefresh)
	}
	if err != nil {
		return err
	}
	if !user.Active {
		return domain.Errorf(domain.CodeForbidden, msgDeactivated)
	}
	return nil
}
