package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// Membership is the organisation a sponsor acts for and their role in it
// (docs/teams.md): their active membership, else the organisation they founded
// (their own account id), as owner. Other roles act for none.
type Membership struct {
	OrgID   string         `json:"org_id" db:"org_id"`
	Role    domain.OrgRole `json:"role" db:"role"`
	Company string         `json:"company" db:"company"`
}

// MembershipOf reads the account's membership from its replica.
func MembershipOf(ctx context.Context, db sqlx.QueryerContext, accountID string, role domain.Role) (Membership, error) {
	if role != domain.RoleSponsor {
		return Membership{}, nil
	}
	var m Membership
	err := sqlx.GetContext(ctx, db, &m, `SELECT m.org_id, m.role, COALESCE(p.company_name, '') AS company FROM org_members m
		LEFT JOIN sponsor_profiles p ON p.account_id = m.org_id
		WHERE m.account_id = ? AND m.status = 'active' ORDER BY m.org_id = m.account_id LIMIT 1`, accountID)
	if errors.Is(err, sql.ErrNoRows) {
		m = Membership{OrgID: accountID, Role: domain.OrgOwner}
		err = sqlx.GetContext(ctx, db, &m.Company, `SELECT COALESCE((SELECT company_name FROM sponsor_profiles WHERE account_id = ?), '')`, accountID)
	}
	if err != nil {
		return Membership{}, fmt.Errorf("membership: %w", err)
	}
	return m, nil
}

// TeamMember is one row of the team screen: a member or an invitation.
type TeamMember struct {
	ID        string `json:"id" db:"id"`
	Email     string `json:"email" db:"email"`
	Name      string `json:"name" db:"name"`
	Role      string `json:"role" db:"role"`
	Status    string `json:"status" db:"status"`
	Founder   bool   `json:"founder" db:"founder"`
	You       bool   `json:"you" db:"you"`
	InvitedBy string `json:"invited_by" db:"invited_by"`
	Since     string `json:"since" db:"since"`
}

// Team is the viewer's organisation: its members and open invitations (removed
// and declined ones last), and what the viewer may do with them.
type Team struct {
	OrgID     string         `json:"org_id"`
	Company   string         `json:"company"`
	Role      domain.OrgRole `json:"role"`
	CanManage bool           `json:"can_manage"`
	Members   []TeamMember   `json:"members"`
}

// TeamOf lists the viewer's organisation.
func TeamOf(ctx context.Context, db sqlx.QueryerContext, v Viewer) (Team, error) {
	if err := v.need(domain.RoleSponsor, "a team"); err != nil {
		return Team{}, err
	}
	m, err := MembershipOf(ctx, db, v.AccountID, v.Role)
	if err != nil {
		return Team{}, err
	}
	t := Team{OrgID: m.OrgID, Company: m.Company, Role: m.Role, CanManage: m.Role == domain.OrgOwner, Members: []TeamMember{}}
	if err := sqlx.SelectContext(ctx, db, &t.Members, `SELECT m.id, m.email, COALESCE(a.name, '') AS name, m.role, m.status,
		m.id = m.org_id AS founder, COALESCE(m.account_id = ?, 0) AS you, COALESCE(ib.name, '') AS invited_by, m.updated_at AS since
		FROM org_members m LEFT JOIN accounts a ON a.id = m.account_id LEFT JOIN accounts ib ON ib.id = m.invited_by
		WHERE m.org_id = ?
		ORDER BY CASE m.status WHEN 'active' THEN 0 WHEN 'invited' THEN 1 ELSE 2 END, m.id <> m.org_id,
			CASE m.role WHEN 'owner' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END, m.email`, v.AccountID, m.OrgID); err != nil {
		return Team{}, fmt.Errorf("team: %w", err)
	}
	return t, nil
}

// Invitation is an organisation's open invitation to the viewer's email.
type Invitation struct {
	ID      string `json:"id" db:"id"`
	OrgID   string `json:"org_id" db:"org_id"`
	Company string `json:"company" db:"company"`
	Role    string `json:"role" db:"role"`
	Sent    string `json:"sent" db:"sent"`
}

// InvitationsFor lists the open invitations to the viewer's email (a sponsor's).
func InvitationsFor(ctx context.Context, db sqlx.QueryerContext, v Viewer) ([]Invitation, error) {
	out := []Invitation{}
	if v.Role != domain.RoleSponsor {
		return out, nil
	}
	if err := sqlx.SelectContext(ctx, db, &out, `SELECT m.id, m.org_id, COALESCE(p.company_name, a.name, '') AS company, m.role,
		m.updated_at AS sent
		FROM org_members m LEFT JOIN sponsor_profiles p ON p.account_id = m.org_id LEFT JOIN accounts a ON a.id = m.org_id
		WHERE m.status = 'invited' AND m.email = (SELECT email FROM accounts WHERE id = ?) ORDER BY m.updated_at DESC`, v.AccountID); err != nil {
		return nil, fmt.Errorf("invitations: %w", err)
	}
	return out, nil
}
