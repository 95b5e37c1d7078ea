package server

// POST /api/v1/auth/register.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/auth"
	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/store"
	"iescp/sync/protocol"
)

// newAccount is a validated account to create.
type newAccount struct {
	Role    domain.Role
	Email   string
	Name    string
	Profile mutate.ProfileUpdate // sponsor or influencer fields, validated and trimmed
}

// handleRegister creates a sponsor or influencer account, within the
// per-address and server-wide registration limits.
func (s *Server) handleRegister(w http.ResponseWriter, r *http.Request) {
	var req protocol.RegisterRequest
	if err := decode(w, r, &req, authBodyLimit); err != nil {
		s.writeErr(w, r, err)
		return
	}
	acc, err := validateRegistration(&req)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	// Each registration costs a hash: reserve it against the address's and the
	// fleet's budgets (in the database, shared by every instance) in one
	// transaction before hashing, so a burst cannot slip past the count.
	now, addr := s.cfg.Now(), remoteHost(r)
	lim := s.auth.shared
	held, refused, wait, err := lim.reserve(r.Context(), now, claim{s.auth.regAddrs, addr}, claim{s.auth.regGlobal, ""})
	switch {
	case err != nil:
		s.writeErr(w, r, err)
		return
	case refused == 0:
		s.log.Warn("registration throttled", "remote", addr, "limit", "address")
		writeRateLimited(w, wait, fmt.Sprintf("too many registrations from your network: try again in %s", roundUpSecond(wait)))
		return
	case refused == 1:
		s.log.Warn("registration throttled", "remote", addr, "limit", "server")
		writeRateLimited(w, wait, fmt.Sprintf("too many registrations on this server right now: try again in %s", roundUpSecond(wait)))
		return
	}
	hash, err := s.hashPassword(r.Context(), req.Password)
	if err != nil {
		// No hash was spent (the wait for a slot ended): the attempt does not count.
		s.endLimits(r, lim, now, held[0].release(), held[1].release())
		s.writeAuthErr(w, r, err)
		return
	}
	s.endLimits(r, lim, now, held[0].keep(now), held[1].keep(now))
	u, version, err := createAccount(r.Context(), s.db, acc, hash, s.cfg.Now())
	if err != nil {
		if isEmailTaken(err) {
			writeError(w, http.StatusConflict, string(domain.CodeInvalidArgument), msgEmailTaken)
			return
		}
		s.writeErr(w, r, err)
		return
	}
	s.log.Info("account registered", "account_id", u.ID, "role", u.Role)
	s.pokeAfter(r.Context(), version)
	writeJSON(w, http.StatusCreated, protocol.RegisterResponse{User: *u})
}

// validateRegistration checks a registration like the mutators check a profile
// update, and returns the account to create.
func validateRegistration(req *protocol.RegisterRequest) (*newAccount, error) {
	role := domain.Role(req.Role)
	if role != domain.RoleSponsor && role != domain.RoleInfluencer {
		return nil, domain.Errorf(domain.CodeInvalidArgument, "role must be one of sponsor, influencer, got %q", clipText(req.Role))
	}
	email, err := normalizeEmail(req.Email)
	if err != nil {
		return nil, err
	}
	if err := checkPassword(req.Password); err != nil {
		return nil, err
	}
	p := req.Profile
	acc := &newAccount{Role: role, Email: email, Name: req.Name}
	pu := &acc.Profile
	pu.Name = &acc.Name
	switch role {
	case domain.RoleSponsor:
		if p.DisplayName != "" || p.Category != "" || p.Niche != "" || p.Bio != "" {
			return nil, domain.Errorf(domain.CodeInvalidArgument, "a sponsor profile has no influencer fields")
		}
		pu.CompanyName, pu.Industry, pu.Budget = &p.CompanyName, &p.Industry, &p.Budget
	case domain.RoleInfluencer:
		if p.CompanyName != "" || p.Industry != "" || p.Budget != 0 {
			return nil, domain.Errorf(domain.CodeInvalidArgument, "an influencer profile has no sponsor fields")
		}
		pu.DisplayName, pu.Category, pu.Niche, pu.Bio = &p.DisplayName, &p.Category, &p.Niche, &p.Bio
		if strings.TrimSpace(p.DisplayName) == "" {
			pu.DisplayName = &acc.Name // defaults to the name (checked below, trimmed)
		}
	}
	if err := pu.Validate(); err != nil {
		return nil, err
	}
	return acc, nil
}

// normalizeEmail returns the form an email is stored and compared under
// (auth.NormalizeEmail: look-alikes are one address or refused), as a typed error
// when it is not a valid address. Register, login and CreateAdmin all use it.
func normalizeEmail(s string) (string, error) {
	e, err := auth.NormalizeEmail(s)
	if err != nil {
		return "", domain.Errorf(domain.CodeInvalidArgument, "%s", err.Error())
	}
	return e, nil
}

// checkPassword applies the new-password policy (auth.CheckNewPassword).
func checkPassword(pw string) error {
	if err := auth.CheckNewPassword(pw); err != nil {
		return domain.Errorf(domain.CodeInvalidArgument, "%s", err.Error())
	}
	return nil
}

func clipText(s string) string { return auth.Clip(s) }

// errEmailTaken is returned (wrapped in a *domain.Error) when an email is in use.
var errEmailTaken = domain.Errorf(domain.CodeInvalidArgument, msgEmailTaken)

func isEmailTaken(err error) bool { return errors.Is(err, errEmailTaken) }

// createAccount inserts the account, its profile and its credentials in one write
// transaction that first bumps sync_meta.version (the triggers stamp the new rows
// with it), and returns the user and that version.
func createAccount(ctx context.Context, db *store.Store, a *newAccount, hash string, now time.Time) (*protocol.User, int64, error) {
	now = now.UTC()
	id := domain.NewID()
	u := &protocol.User{ID: id, Email: a.Email, Role: string(a.Role), Name: a.Name, Active: true}
	var version int64
	err := db.Write(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.Exec(`UPDATE sync_meta SET version = version + 1 WHERE id = 1`); err != nil {
			return fmt.Errorf("bump version: %w", err)
		}
		if err := tx.Get(&version, `SELECT version FROM sync_meta WHERE id = 1`); err != nil {
			return err
		}
		var taken bool
		if err := tx.Get(&taken, `SELECT EXISTS (SELECT 1 FROM accounts WHERE email = ?)`, a.Email); err != nil {
			return err
		}
		if taken {
			return errEmailTaken
		}
		if _, err := tx.Exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, a.Email, a.Role, a.Name, now, now); err != nil {
			if strings.Contains(err.Error(), "UNIQUE") {
				return errEmailTaken
			}
			return fmt.Errorf("insert account: %w", err)
		}
		p := a.Profile
		switch a.Role {
		case domain.RoleSponsor:
			joined, approval, err := acceptInvitation(tx, id, a.Email, now)
			if err != nil {
				return err
			}
			if joined {
				// Registering with an invited address accepts the invitation: the new
				// member acts for that organisation, with no company of their own.
				u.Approval = approval
				break
			}
			u.Approval = string(domain.ApprovalPending)
			if _, err := tx.Exec(`INSERT INTO sponsor_profiles (account_id, company_name, industry, budget, approval, updated_at)
				VALUES (?, ?, ?, ?, ?, ?)`, id, *p.CompanyName, *p.Industry, *p.Budget, domain.ApprovalPending, now); err != nil {
				return fmt.Errorf("insert sponsor profile: %w", err)
			}
		case domain.RoleInfluencer:
			if _, err := tx.Exec(`INSERT INTO influencer_profiles (account_id, display_name, category, niche, bio, updated_at)
				VALUES (?, ?, ?, ?, ?, ?)`, id, *p.DisplayName, *p.Category, *p.Niche, *p.Bio, now); err != nil {
				return fmt.Errorf("insert influencer profile: %w", err)
			}
		}
		if _, err := tx.Exec(`INSERT INTO credentials (account_id, password_hash, updated_at) VALUES (?, ?, ?)`,
			id, hash, now); err != nil {
			return fmt.Errorf("insert credentials: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return u, version, nil
}

// hashPassword hashes with argon2id, at most a few at a time.
func (s *Server) hashPassword(ctx context.Context, pw string) (string, error) {
	if err := s.auth.hashing.acquire(ctx); err != nil {
		return "", err
	}
	defer s.auth.hashing.release()
	return auth.HashPasswordWith(pw, s.auth.params)
}

// acceptInvitation makes the newly registered sponsor account (whose founder row
// the accounts_founder trigger just wrote) a member of the organisation that invited
// its address most recently, if any: the invitation becomes active and the account's
// own organisation is left before it has anything (docs/teams.md). It returns
// whether it joined and the organisation's approval.
func acceptInvitation(tx *sqlx.Tx, account, email string, now time.Time) (bool, string, error) {
	var inv struct {
		ID       string `db:"id"`
		Approval string `db:"approval"`
	}
	err := tx.Get(&inv, `SELECT m.id, COALESCE(p.approval, 'pending') AS approval FROM org_members m
		LEFT JOIN sponsor_profiles p ON p.account_id = m.org_id
		WHERE m.email = ? AND m.status = 'invited' ORDER BY m.updated_at DESC, m.id LIMIT 1`, email)
	if errors.Is(err, sql.ErrNoRows) {
		return false, "", nil
	}
	if err != nil {
		return false, "", fmt.Errorf("invitation: %w", err)
	}
	if _, err := tx.Exec(`UPDATE org_members SET status = 'removed', updated_at = ? WHERE id = ?`, now, account); err != nil {
		return false, "", fmt.Errorf("leave own organisation: %w", err)
	}
	if _, err := tx.Exec(`UPDATE org_members SET status = 'active', account_id = ?, updated_at = ? WHERE id = ?`, account, now, inv.ID); err != nil {
		return false, "", fmt.Errorf("accept invitation: %w", err)
	}
	return true, inv.Approval, nil
}
