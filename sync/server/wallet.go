package server

import (
	"net/http"

	"iescp/backend/domain"
	"iescp/backend/ledger"
)

// walletPath is a party's money on the server (online only, like payments).
const walletPath = "/v1/wallet"

// Wallet is what GET /v1/wallet answers: the balance of the caller's own account
// (a sponsor's wallet, an influencer's earnings) and its statement, oldest first.
type Wallet struct {
	Account ledger.AccountKind `json:"account"`
	Balance int64              `json:"balance"` // cents
	Entries []ledger.Entry     `json:"entries"`
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
	writeJSON(w, http.StatusOK, Wallet{Account: kind, Balance: bal, Entries: entries})
}
