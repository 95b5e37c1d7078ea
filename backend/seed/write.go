package seed

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/ledger"
)

// table is one prepared INSERT and the rows to feed it.
type table struct {
	name string
	sql  string
	rows int
	args func(i int) []any
}

// write inserts the world in one transaction, table by table in foreign-key order,
// in multi-row batches.
func write(ctx context.Context, tx *sqlx.Tx, w *world, hashes map[string]string) error {
	tables := []table{
		{"accounts", `INSERT INTO accounts (id, email, role, name, active, flagged, flag_reason, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, len(w.accounts), func(i int) []any {
			a := w.accounts[i]
			return []any{a.ID, a.Email, a.Role, a.Name, a.Active, a.Flagged, a.FlagReason, a.CreatedAt, a.UpdatedAt, a.Version}
		}},
		{"credentials", `INSERT INTO credentials (account_id, password_hash, updated_at) VALUES (?, ?, ?)`,
			len(w.accounts), func(i int) []any {
				a := w.accounts[i]
				return []any{a.ID, hashes[a.ID], a.CreatedAt}
			}},
		{"sponsor_profiles", `INSERT INTO sponsor_profiles (account_id, company_name, industry, budget, approval,
			reviewed_by, reviewed_at, review_reason, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			len(w.sponsors), func(i int) []any {
				p := w.sponsors[i]
				return []any{p.AccountID, p.CompanyName, p.Industry, p.Budget, p.Approval, p.ReviewedBy, p.ReviewedAt,
					p.ReviewReason, p.UpdatedAt, p.Version}
			}},
		{"influencer_profiles", `INSERT INTO influencer_profiles (account_id, display_name, category, niche,
			reach_instagram, reach_youtube, reach_tiktok, reach_x, reach_other, bio, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, len(w.influencers), func(i int) []any {
			p := w.influencers[i]
			return []any{p.AccountID, p.DisplayName, p.Category, p.Niche, p.ReachInstagram, p.ReachYouTube,
				p.ReachTikTok, p.ReachX, p.ReachOther, p.Bio, p.UpdatedAt, p.Version}
		}},
		{"campaigns", `INSERT INTO campaigns (id, sponsor_id, name, description, category, niche, start_date, end_date,
			budget, committed, visibility, goals, status, flagged, flag_reason, landing_url, created_at, updated_at, deleted_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, len(w.campaigns), func(i int) []any {
			c := w.campaigns[i]
			return []any{c.ID, c.SponsorID, c.Name, c.Description, c.Category, c.Niche, c.StartDate, c.EndDate,
				c.Budget, c.Committed, c.Visibility, c.Goals, c.Status, c.Flagged, c.FlagReason, c.LandingURL, c.CreatedAt,
				c.UpdatedAt, c.DeletedAt, c.Version}
		}},
		{"ad_requests", `INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, requirements,
			payment_amount, status, close_reason, created_at, updated_at, responded_at, completed_at, deleted_at,
			escrow_state, escrow_cents, commission_bps, released_cents, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, len(w.requests), func(i int) []any {
			r := w.requests[i]
			return []any{r.ID, r.CampaignID, r.InfluencerID, r.InitiatedBy, r.Requirements, r.PaymentAmount, r.Status,
				r.CloseReason, r.CreatedAt, r.UpdatedAt, r.RespondedAt, r.CompletedAt, r.DeletedAt,
				r.EscrowState, r.EscrowCents, r.CommissionBps, r.ReleasedCents, r.Version}
		}},
		{"offers", `INSERT INTO offers (id, ad_request_id, seq, author_id, author_role, amount, requirements, message,
			deliverables, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, len(w.offers), func(i int) []any {
			o := w.offers[i]
			return []any{o.ID, o.AdRequestID, o.Seq, o.AuthorID, o.AuthorRole, o.Amount, o.Requirements, o.Message,
				o.Deliverables, o.CreatedAt, o.Version}
		}},
		{"deliverables", `INSERT INTO deliverables (id, ad_request_id, seq, platform, content_type, quantity, due_date, brief,
			status, draft_text, draft_links, change_comment, proof_url, posted_at, submitted_at, decided_at, auto_accept_after,
			draft_attachments, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, len(w.deliverables), func(i int) []any {
			d := w.deliverables[i]
			return []any{d.ID, d.AdRequestID, d.Seq, d.Platform, d.ContentType, d.Quantity, d.DueDate, d.Brief, d.Status,
				d.DraftText, d.DraftLinks, d.ChangeComment, d.ProofURL, d.PostedAt, d.SubmittedAt, d.DecidedAt,
				d.AutoAcceptAfter, d.DraftAttachments, d.CreatedAt, d.UpdatedAt, d.Version}
		}},
		{"deliverable_metrics", `INSERT INTO deliverable_metrics (id, deliverable_id, checkpoint, views, reach, likes, comments,
			shares, saves, reported_at, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			len(w.metrics), func(i int) []any {
				m := w.metrics[i]
				return []any{m.ID, m.DeliverableID, m.Checkpoint, m.Views, m.Reach, m.Likes, m.Comments, m.Shares, m.Saves,
					m.ReportedAt, m.CreatedAt, m.UpdatedAt, m.Version}
			}},
		{"tracking_links", `INSERT INTO tracking_links (id, ad_request_id, code, promo_code, hashtag, slug, target_url, clicks,
			created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, len(w.links), func(i int) []any {
			l := w.links[i]
			return []any{l.ID, l.AdRequestID, l.Code, l.PromoCode, l.Hashtag, l.Slug, l.TargetURL, l.Clicks, l.CreatedAt,
				l.UpdatedAt, l.Version}
		}},
		{"reviews", `INSERT INTO reviews (id, ad_request_id, author_id, subject, campaign_id, influencer_id, rating, body,
			created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, len(w.reviews), func(i int) []any {
			r := w.reviews[i]
			return []any{r.ID, r.AdRequestID, r.AuthorID, r.Subject, r.CampaignID, r.InfluencerID, r.Rating, r.Body,
				r.CreatedAt, r.Version}
		}},
		{"notifications", `INSERT INTO notifications (id, account_id, kind, title, body, params, ref_table, ref_id, created_at,
			read_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, len(w.notifications), func(i int) []any {
			n := w.notifications[i]
			return []any{n.ID, n.AccountID, n.Kind, n.Title, n.Body, n.Params, n.RefTable, n.RefID, n.CreatedAt, n.ReadAt, n.Version}
		}},
	}
	if err := bumpSyncVersion(ctx, tx); err != nil {
		return err
	}
	var meta int
	if err := tx.GetContext(ctx, &meta, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'sync_meta'`); err != nil {
		return err
	}
	for _, t := range tables {
		if err := insertAll(ctx, tx, t, meta == 1); err != nil {
			return err
		}
	}
	// Teammates left the organisations the server's trigger founded for them.
	for _, m := range w.members {
		if _, err := tx.ExecContext(ctx, `UPDATE org_members SET status = 'removed', updated_at = ? WHERE id = ?`, m.CreatedAt, *m.AccountID); err != nil {
			return fmt.Errorf("seed: teammate: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO org_members (id, org_id, email, account_id, role, status, invited_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, m.OrgID, m.Email, m.AccountID, m.Role, m.Status, m.InvitedBy, m.CreatedAt, m.UpdatedAt); err != nil {
			return fmt.Errorf("seed: teammate: %w", err)
		}
	}
	return money(ctx, tx, w)
}

// money posts to the server's ledger what the seeded deals moved: each sponsor
// with funded deals topped up by card when the account was made (what the deals
// took plus a remainder to spend), then each deal's funding at acceptance, and its
// release at completion or refund at withdrawal, on the deal's own timestamps, so
// the demo's wallets, escrows and earnings agree with its requests.
func money(ctx context.Context, tx *sqlx.Tx, w *world) error {
	var ok int
	if err := tx.GetContext(ctx, &ok, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'ledger_transactions'`); err != nil || ok == 0 {
		return err // a database without the server's tables holds no ledger
	}
	funded := map[string]int64{} // sponsor → cents funded
	sponsorOf := map[string]string{}
	for _, c := range w.campaigns {
		sponsorOf[c.ID] = c.SponsorID
	}
	for _, r := range w.requests {
		if r.EscrowState != domain.EscrowNone {
			funded[sponsorOf[r.CampaignID]] += r.EscrowCents
		}
	}
	// Posted in the order they happened (a top-up when its account was made, each
	// deal's funding, release and refund on the deal's own timestamps), so the
	// statements read in time order.
	type op struct {
		at   time.Time
		post func(l *ledger.Ledger) error
	}
	var ops []op
	for _, a := range w.accounts {
		if f := funded[a.ID]; f > 0 {
			spare := f/4 + 50_000 // something left to spend on the next deal
			ops = append(ops, op{a.CreatedAt, func(l *ledger.Ledger) error {
				_, err := l.TopUp(ctx, tx, a.ID, f+spare, "seed-top-up-"+a.ID)
				return err
			}})
		}
	}
	for _, r := range w.requests {
		if r.EscrowState == domain.EscrowNone {
			continue
		}
		sponsor := sponsorOf[r.CampaignID]
		ops = append(ops, op{*r.RespondedAt, func(l *ledger.Ledger) error {
			_, err := l.Fund(ctx, tx, r.ID, sponsor, r.EscrowCents)
			return err
		}})
		switch r.EscrowState {
		case domain.EscrowReleased:
			ops = append(ops, op{*r.CompletedAt, func(l *ledger.Ledger) error {
				_, err := l.Release(ctx, tx, r.ID, r.InfluencerID, r.CommissionBps)
				return err
			}})
		case domain.EscrowRefunded:
			ops = append(ops, op{r.UpdatedAt, func(l *ledger.Ledger) error {
				_, err := l.Refund(ctx, tx, r.ID, sponsor)
				return err
			}})
		}
	}
	sort.SliceStable(ops, func(i, j int) bool { return ops[i].at.Before(ops[j].at) })
	for _, o := range ops {
		t := o.at
		if err := o.post(ledger.New(func() time.Time { return t })); err != nil {
			return fmt.Errorf("seed: ledger: %w", err)
		}
	}
	return nil
}

// batchVars bounds the bound parameters of one multi-row INSERT. Batches matter: the
// driver compiles a statement (with its triggers) on every execution, so one
// statement per row spends most of its time in the SQL compiler.
const batchVars = 600

// insertAll inserts a table's rows in batches. On a sync server's database each
// batch gets a version of its own (the stamping triggers apply it), so that pulls
// can page through a seeded database a few hundred rows at a time.
func insertAll(ctx context.Context, tx *sqlx.Tx, t table, versioned bool) error {
	head, row, ok := strings.Cut(t.sql, "VALUES")
	if !ok {
		return fmt.Errorf("seed: insert %s: no VALUES", t.name)
	}
	row = strings.TrimSpace(row)
	per := max(1, batchVars/strings.Count(row, "?"))
	args := make([]any, 0, batchVars)
	for lo := 0; lo < t.rows; lo += per {
		if err := ctx.Err(); err != nil {
			return err
		}
		hi := min(lo+per, t.rows)
		args = args[:0]
		for i := lo; i < hi; i++ {
			args = append(args, t.args(i)...)
		}
		q := head + "VALUES " + strings.Repeat(row+",", hi-lo-1) + row
		if versioned {
			if _, err := tx.ExecContext(ctx, `UPDATE sync_meta SET version = version + 1 WHERE id = 1`); err != nil {
				return fmt.Errorf("seed: sync_meta: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("seed: insert %s rows %d-%d: %w", t.name, lo, hi-1, err)
		}
	}
	return nil
}

// bumpSyncVersion keeps a sync server's version counter, when its table exists, at
// or above the version the seeded rows carry (1), so no later write reuses it.
func bumpSyncVersion(ctx context.Context, tx *sqlx.Tx) error {
	var n int
	if err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM pragma_table_info('sync_meta') WHERE name = 'version'`); err != nil {
		return fmt.Errorf("seed: sync_meta: %w", err)
	}
	if n == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sync_meta SET version = MAX(version, 1)`); err != nil {
		return fmt.Errorf("seed: sync_meta: %w", err)
	}
	return nil
}
