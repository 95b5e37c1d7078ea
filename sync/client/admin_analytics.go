package client

import (
	"context"
	"net/http"

	"iescp/sync/protocol"
)

// RefreshAnalytics asks the server to recompute every influencer's analytics and
// retrain the engagement model now (admins; others get not_found; one refresh at a
// time: busy). The new stats and model arrive through the ordinary pull.
func (e *Engine) RefreshAnalytics(ctx context.Context) (protocol.AnalyticsRefresh, error) {
	var out protocol.AnalyticsRefresh
	err := e.send(ctx, http.MethodPost, "/v1/admin/analytics/refresh", "", nil, &out)
	return out, err
}
