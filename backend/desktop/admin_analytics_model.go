package desktop

import (
	"errors"
	"time"

	"iescp/backend/domain"
	"iescp/backend/predict"
	"iescp/backend/queries"
	"iescp/sync/client"
	"iescp/sync/protocol"
)

// The admin's model card (AdminModelCard.vue): the engagement model the replica
// holds, and "Retrain now" (online, through the sync engine).

// ModelInfo is the replica's engagement model as the card shows it: whether there is
// one, its version, when and on how many posts it was trained, and its held-out
// MAE and R² for the engagement rate (a fraction) and the views, against the tier
// median and the influencer's own mean (docs/prediction.md).
type ModelInfo struct {
	Present      bool                         `json:"present"`
	ModelVersion int64                        `json:"model_version"`
	TrainedAt    *time.Time                   `json:"trained_at"`
	Rows         int64                        `json:"rows"`
	ER           protocol.AnalyticsComparison `json:"er"`
	Views        protocol.AnalyticsComparison `json:"views"`
}

var errAnalyticsOffline = domain.Errorf(codeUnavailable, "retraining needs a connection to the IESCP server")

// AnalyticsModel is the replica's engagement model (works offline); Present is false
// until the server's job has trained one and it has synced.
func (a *AdminService) AnalyticsModel() (ModelInfo, error) {
	ctx, sess, err := a.s.begin()
	if err != nil {
		return ModelInfo{}, toUI(err)
	}
	m, err := queries.Model(ctx, sess.db.R)
	if err != nil || m == nil {
		return ModelInfo{}, toUI(err)
	}
	at := m.TrainedAt.UTC()
	return ModelInfo{Present: true, ModelVersion: int64(m.Version), TrainedAt: &at, Rows: int64(m.Rows),
		ER: comparison(m.Metrics.ER), Views: comparison(m.Metrics.Views)}, nil
}

func comparison(c predict.Comparison) protocol.AnalyticsComparison {
	metric := func(m predict.Metric) protocol.AnalyticsMetric { return protocol.AnalyticsMetric{MAE: m.MAE, R2: m.R2} }
	return protocol.AnalyticsComparison{Rows: c.Rows, Model: metric(c.Model), TierMedian: metric(c.TierMedian), OwnMean: metric(c.OwnMean)}
}

// RefreshAnalytics asks the server to recompute the analytics and retrain the model
// now (admins; online only: unavailable offline, busy while a refresh runs). The new
// model reaches this replica through the next pull.
func (a *AdminService) RefreshAnalytics() (protocol.AnalyticsRefresh, error) {
	ctx, sess, err := a.s.begin()
	if err != nil {
		return protocol.AnalyticsRefresh{}, toUI(err)
	}
	if sess.engine == nil {
		return protocol.AnalyticsRefresh{}, toUI(errAnalyticsOffline)
	}
	out, err := sess.engine.RefreshAnalytics(ctx)
	if err != nil {
		return protocol.AnalyticsRefresh{}, toUI(refreshError(err))
	}
	return out, nil
}

// refreshError is the typed error of a refresh: the server's code (busy, not_found
// for a non-admin), unauthenticated when the session needs a new sign-in,
// unavailable when the server cannot be reached.
func refreshError(err error) error {
	var he *client.HTTPError
	switch {
	case errors.As(err, &he) && he.Detail.Code != "":
		return &domain.Error{Code: he.Code(), Message: he.Detail.Message}
	case errors.Is(err, client.ErrSignedOut):
		return domain.Errorf(domain.CodeUnauthenticated, "sign in again to retrain the model")
	case isUnreachable(err):
		return errAnalyticsOffline
	}
	return err
}
