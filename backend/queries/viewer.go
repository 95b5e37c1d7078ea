// Package queries holds the read models the desktop services, the jobs and the
// reports share: plain SQL over a replica, one file per area. Every function takes
// the caller's context, a database and, where visibility matters, the Viewer.
package queries

import "iescp/backend/domain"

// Viewer is who is asking: the signed-in account and its role. Queries trust it
// (it comes from the session, never from the UI) and scope their rows to it.
type Viewer struct {
	AccountID string
	Role      domain.Role
	// OrgID is the organisation a sponsor acts for (docs/teams.md), OrgRole their
	// role in it; empty for anyone else, or a replica that has not said yet.
	OrgID   string
	OrgRole domain.OrgRole
}

// Org is whose sponsor rows the viewer reads: their organisation, named by its
// founder's account id (the account itself when no membership says otherwise).
func (v Viewer) Org() string {
	if v.OrgID != "" {
		return v.OrgID
	}
	return v.AccountID
}
