package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// SessionAccount is the signed-in account as its replica holds it; Approval is
// the sponsor's approval (pending, approved or rejected), "" for other roles.
type SessionAccount struct {
	domain.Account
	Approval string
	// Org is a sponsor's organisation and role in it.
	Org Membership
}

// Me reads the signed-in account from its replica; not_found when the replica
// does not hold it yet (the first download has not happened).
func Me(ctx context.Context, db sqlx.QueryerContext, accountID string) (SessionAccount, error) {
	var out SessionAccount
	err := sqlx.GetContext(ctx, db, &out.Account, `SELECT * FROM accounts WHERE id = ?`, accountID)
	if errors.Is(err, sql.ErrNoRows) {
		return SessionAccount{}, domain.Errorf(domain.CodeNotFound, "the local data has no account %s", accountID)
	}
	if err != nil {
		return SessionAccount{}, fmt.Errorf("load account: %w", err)
	}
	if out.Role == domain.RoleSponsor {
		if out.Org, err = MembershipOf(ctx, db, accountID, out.Role); err != nil {
			return SessionAccount{}, err
		}
		// The organisation's approval: a teammate has no company of their own.
		err := sqlx.GetContext(ctx, db, &out.Approval, `SELECT approval FROM sponsor_profiles WHERE account_id = ?`, out.Org.OrgID)
		if errors.Is(err, sql.ErrNoRows) {
			out.Approval = string(domain.ApprovalPending) // not pulled yet
		} else if err != nil {
			return SessionAccount{}, fmt.Errorf("load sponsor profile: %w", err)
		}
	}
	return out, nil
}
