package queries

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// The dashboards' shared pieces: months, counts by status, money by month and
// the latest activity, each over a scope (a WHERE on r and c) of ad requests.

// LastMonths lists the n months up to and including now's, oldest first.
func LastMonths(now time.Time, n int) []string {
	now = now.UTC()
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	out := make([]string, n)
	for i := 0; i < n; i++ {
		out[i] = first.AddDate(0, i-n+1, 0).Format("2006-01")
	}
	return out
}

func statusCounts(keys ...string) map[string]int {
	m := make(map[string]int, len(keys))
	for _, k := range keys {
		m[k] = 0
	}
	return m
}

var adStatuses = []string{string(domain.AdPending), string(domain.AdAccepted), string(domain.AdRejected), string(domain.AdWithdrawn), string(domain.AdCompleted)}

// requestCounts counts the scoped ad requests by status.
func requestCounts(ctx context.Context, db sqlx.QueryerContext, where string, args ...any) (map[string]int, error) {
	var rows []struct {
		K string `db:"k"`
		N int    `db:"n"`
	}
	if err := sqlx.SelectContext(ctx, db, &rows, `SELECT r.status AS k, COUNT(*) AS n FROM ad_requests r
		JOIN campaigns c ON c.id = r.campaign_id WHERE r.deleted_at IS NULL AND `+where+` GROUP BY r.status`, args...); err != nil {
		return nil, fmt.Errorf("dashboard: request counts: %w", err)
	}
	m := statusCounts(adStatuses...)
	for _, r := range rows {
		m[r.K] = r.N
	}
	return m, nil
}

// monthlyAmounts sums the scoped requests' amounts by the month they were accepted
// (accepted or completed requests) and completed.
func monthlyAmounts(ctx context.Context, db sqlx.QueryerContext, now time.Time, where string, args ...any) ([]MonthAmounts, error) {
	months := LastMonths(now, DashboardMonths)
	var rows []struct {
		M    string `db:"m"`
		Kind string `db:"kind"`
		Sum  int64  `db:"total"`
	}
	q := `SELECT substr(r.responded_at, 1, 7) AS m, 'committed' AS kind, SUM(r.payment_amount) AS total
		FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
		WHERE r.deleted_at IS NULL AND r.status IN ('accepted', 'completed') AND r.responded_at >= ? AND ` + where + `
		GROUP BY m
		UNION ALL
		SELECT substr(r.completed_at, 1, 7) AS m, 'completed' AS kind, SUM(r.payment_amount) AS total
		FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
		WHERE r.deleted_at IS NULL AND r.status = 'completed' AND r.completed_at >= ? AND ` + where + `
		GROUP BY m`
	all := append(append(append([]any{months[0]}, args...), months[0]), args...)
	if err := sqlx.SelectContext(ctx, db, &rows, q, all...); err != nil {
		return nil, fmt.Errorf("dashboard: monthly amounts: %w", err)
	}
	out := make([]MonthAmounts, len(months))
	idx := make(map[string]int, len(months))
	for i, m := range months {
		out[i].Month = m
		idx[m] = i
	}
	for _, r := range rows {
		i, ok := idx[r.M]
		if !ok {
			continue
		}
		if r.Kind == "committed" {
			out[i].Committed = r.Sum
		} else {
			out[i].Completed = r.Sum
		}
	}
	return out, nil
}

// recentActivity lists the latest offers and outcomes on the scoped requests.
func recentActivity(ctx context.Context, db sqlx.QueryerContext, v Viewer, limit int, where string, args ...any) ([]Activity, error) {
	counterparty := `COALESCE(NULLIF(ip.display_name, ''), ia.name, '')`
	if v.Role == domain.RoleInfluencer {
		counterparty = `COALESCE(sp.company_name, sa.name, '')`
	}
	q := `SELECT * FROM (
		SELECT o.created_at AS at, CASE WHEN o.seq = 1 THEN 'offer' ELSE 'counter' END AS kind, o.author_role AS actor_role,
			r.id AS ad_request_id, c.name AS campaign_name, ` + counterparty + ` AS counterparty, o.amount,
			CASE WHEN o.author_role = 'sponsor' THEN COALESCE((SELECT name FROM accounts WHERE id = o.author_id), '') ELSE '' END AS acted_by
		` + adRequestFrom + ` JOIN offers o ON o.ad_request_id = r.id
		WHERE r.deleted_at IS NULL AND ` + where + `
		UNION ALL
		SELECT r.responded_at AS at, CASE r.status WHEN 'completed' THEN 'accepted' ELSE r.status END AS kind, '' AS actor_role,
			r.id, c.name, ` + counterparty + `, r.payment_amount, ''
		` + adRequestFrom + `
		WHERE r.deleted_at IS NULL AND r.responded_at IS NOT NULL AND r.status IN ('accepted', 'rejected', 'withdrawn', 'completed') AND ` + where + `
		UNION ALL -- (a completed request was accepted first: its answer says accepted)
		SELECT r.completed_at AS at, 'completed' AS kind, 'sponsor' AS actor_role,
			r.id, c.name, ` + counterparty + `, r.payment_amount, ''
		` + adRequestFrom + `
		WHERE r.deleted_at IS NULL AND r.completed_at IS NOT NULL AND ` + where + `
	) ORDER BY at DESC LIMIT ?`
	all := make([]any, 0, 3*len(args)+1)
	for range 3 {
		all = append(all, args...)
	}
	all = append(all, limit)
	out := []Activity{}
	if err := sqlx.SelectContext(ctx, db, &out, q, all...); err != nil {
		return nil, fmt.Errorf("dashboard: recent activity: %w", err)
	}
	return out, nil
}
