package desktop

import (
	"context"
	"testing"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/sync/server"
)

// The admin's analytics through the real path: the server's stats reach the admin's
// desktop by the ordinary pull; the review list shows the risky influencer, and
// flagging it from there (admin.flag) marks the row flagged; a sponsor is refused.
func TestAdminService_PlatformAnalyticsAndRiskReview(t *testing.T) {
	ts := newTestServer(t)
	if _, err := server.CreateAdmin(context.Background(), ts.srv.DB(), "root@iescp.test", "Root", testPW, testNow()); err != nil {
		t.Fatal(err)
	}
	in := ts.register("influencer", "ivan@creator.test", "Ivan")
	safe := ts.register("influencer", "sara@creator.test", "Sara")
	err := ts.srv.DB().Write(context.Background(), func(tx *sqlx.Tx) error {
		if _, err := tx.Exec(`UPDATE sync_meta SET version = version + 1 WHERE id = 1`); err != nil {
			return err
		}
		for _, r := range []struct {
			id   string
			risk int
			why  string
		}{{in.ID, 80, `[{"code":"follower_jump","points":40,"params":{"jump":5}}]`}, {safe.ID, 5, `[]`}} {
			if _, err := tx.Exec(`INSERT INTO influencer_stats (influencer_id, followers, posts_90d, er_followers, size_tier,
				risk_score, risk_reasons, computed_at) VALUES (?, 20000, 12, 0.04, 'micro', ?, ?, ?)`, r.id, r.risk, r.why, testNow()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	adminDesk, _ := newTestDesktop(t, ts.URL, "")
	if _, err := adminDesk.Session.SignIn("root@iescp.test", testPW); err != nil {
		t.Fatalf("admin sign in: %v", err)
	}
	adm := NewAdminService(adminDesk)
	waitFor(t, "the stats on the admin's desktop", func() bool {
		p, err := adm.RiskReview(0, 0)
		return err == nil && p.Total == 1
	})
	p, _ := adm.RiskReview(1, 10)
	if r := p.Items[0]; r.InfluencerID != in.ID || r.RiskScore != 80 || r.Flagged || len(r.RiskReasons) != 1 || r.RiskReasons[0].Code != "follower_jump" {
		t.Fatalf("review row: %+v", r)
	}
	a, err := adm.PlatformAnalytics()
	if err != nil {
		t.Fatal(err)
	}
	if a.Totals.Influencers != 2 || a.Totals.Rated != 2 || a.Risk.High != 1 || a.Risk.Low != 1 || len(a.TopInfluencers) != 2 {
		t.Fatalf("platform analytics: %+v", a)
	}

	if err := adm.Flag(TargetAccount, in.ID, "Risk review: sudden follower jump"); err != nil {
		t.Fatalf("flag: %v", err)
	}
	if p, _ := adm.RiskReview(1, 10); !p.Items[0].Flagged || p.Items[0].FlagReason != "Risk review: sudden follower jump" {
		t.Fatalf("after flagging: %+v", p.Items[0])
	}

	spDesk, _ := newTestDesktop(t, ts.URL, "")
	ts.register("sponsor", "maya@brand.test", "Maya")
	if _, err := spDesk.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatal(err)
	}
	spAdm := NewAdminService(spDesk)
	if _, err := spAdm.RiskReview(1, 10); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("a sponsor's review list: %v", err)
	}
	if _, err := spAdm.PlatformAnalytics(); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("a sponsor's platform analytics: %v", err)
	}
}
