package server

import (
	"net/http"

	"iescp/backend/domain"
	"iescp/backend/ledger"
	"iescp/backend/mutate"
)

// adminLedgerPath is the admin's view of the platform's money (online only).
const adminLedgerPath = "/v1/admin/ledger"

// AdminLedger is what GET /v1/admin/ledger answers: the commission rate in force,
// the totals of each kind of account (they sum to zero), and the platform's own
// statement (its revenue and the outside world's postings), oldest first.
type AdminLedger struct {
	CommissionBps int                          `json:"commission_bps"`
	Totals        map[ledger.AccountKind]int64 `json:"totals"`
	Entries       []ledger.Entry               `json:"entries"`
}

func (s *Server) adminLedgerRoutes() {
	s.mux.HandleFunc("GET "+adminLedgerPath, s.requireUser(s.handleAdminLedger))
}

func (s *Server) handleAdminLedger(w http.ResponseWriter, r *http.Request, accountID string) {
	role, err := s.moneyRole(r.Context(), accountID)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if role != domain.RoleAdmin {
		// Not a route others may know of: answered as if it did not exist.
		s.writeErr(w, r, domain.Errorf(domain.CodeNotFound, "not found"))
		return
	}
	bps, err := mutate.CommissionBps(s.db.R)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	totals, err := ledger.Totals(r.Context(), s.db.R)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	entries, err := ledger.Transactions(r.Context(), s.db.R, "")
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if entries == nil {
		entries = []ledger.Entry{}
	}
	writeJSON(w, http.StatusOK, AdminLedger{CommissionBps: bps, Totals: totals, Entries: entries})
}
