package queries

import "iescp/backend/domain"

// Viewer is the account a read model answers for.
type Viewer struct {
	AccountID string
	Role      domain.Role
}
