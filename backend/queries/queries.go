// Package queries holds the read models the desktop's services, the jobs and the
// reports share: every SQL read over an account's replica, one file per area.
// Functions take the context, a reader and the viewer whose replica it is.
package queries

// Viewer is the signed-in account a query reads for.
type Viewer struct {
	AccountID string
	Role      string
}
