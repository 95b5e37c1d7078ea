package desktop

// TEMPORARY (areas helper): if the "core" helper's session.go defines viewer,
// delete this file at merge.

import (
	"iescp/backend/domain"
	"iescp/backend/queries"
)

// viewer is the signed-in account a read model answers for.
func viewer(sess *session) queries.Viewer {
	return queries.Viewer{AccountID: sess.info.AccountID, Role: domain.Role(sess.info.Role)}
}
