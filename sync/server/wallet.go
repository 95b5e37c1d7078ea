package server

import (
	"context"
	"fmt"
	"net/http"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/ledger"
)

// walletPath is a party's money on the server (online only, like payments).
const walletPath = "/v1/wallet"

// Wallet is what GET /v1/wallet answers: the balance of the caller's own account
// (a sponsor's wallet, an influencer's earnings) and its statement, oldest first.
// An influencer also gets its earnings in three: pending (in the escrow of its
// requests, not released yet), available (the earnings balance, what a payout may
// take) and paid (the sum of its paid payouts); a sponsor's answer has none of them.
type Wallet struct {
	Account   ledger.AccountKind `json:"account"`
	Balance   int64              `json:"balance"` // cents
	Entries   []ledger.Entry     `json:"entries"`
	Pending   *int64             `json:"pending,omitempty"`   // cents; influencers
	Available *int64             `json:"available,omitempty"` // cents; influencers (= balance)
	Paid      *int64             `json:"paid,omitempty"`      // cents; influencers
}

func (s *Server) walletRoutes() {
	s.mux.HandleFunc("GET "+walletPath, s.requireUser(s.handleWallet))
}

func (s *Server) handleWallet(w http.ResponseWriter, r *http.Request, accountID string) {
	role, err := s.moneyRole(r.Context(), accountID)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	var kind ledger.AccountKind
	switch role {
	case domain.RoleSponsor:
		kind = ledger.SponsorWallet
	case domain.RoleInfluencer:
		kind = ledger.InfluencerEarnings
	default:
		s.writeErr(w, r, domain.Errorf(domain.CodeForbidden, "only sponsors and influencers have a wallet"))
		return
	}
	accountID, _, err = s.moneyOwner(r.Context(), accountID, role) // a member reads the organisation's
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	bal, err := ledger.Balance(r.Context(), s.db.R, kind, accountID)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	entries, err := ledger.Transactions(r.Context(), s.db.R, accountID)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if entries == nil {
		entries = []ledger.Entry{}
	}
	out := Wallet{Account: kind, Balance: bal, Entries: entries}
	if kind == ledger.InfluencerEarnings {
		pending, err := pendingEarnings(r.Context(), s.db.R, accountID)
		if err != nil {
			s.writeErr(w, r, err)
			return
		}
		paid, err := paidOut(r.Context(), s.db.R, accountID)
		if err != nil {
			s.writeErr(w, r, err)
			return
		}
		out.Pending, out.Available, out.Paid = &pending, &bal, &paid
	}
	writeJSON(w, http.StatusOK, out)
}

// pendingEarnings is the money waiting for an influencer: the balance of the
// escrow of every ad request whose influencer it is (gross, before commission).
func pendingEarnings(ctx context.Context, q sqlx.QueryerContext, influencerID string) (int64, error) {
	var n int64
	err := sqlx.GetContext(ctx, q, &n, `SELECT COALESCE(SUM(p.amount), 0) FROM ledger_postings p
		JOIN ledger_accounts a ON a.id = p.account_id
		JOIN ad_requests r ON r.id = a.owner_id
		WHERE a.kind = ? AND r.influencer_id = ?`, ledger.Escrow, influencerID)
	if err != nil {
		return 0, fmt.Errorf("server: pending earnings: %w", err)
	}
	return n, nil
}
