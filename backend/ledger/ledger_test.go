package ledger

import (
	"context"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

type op = func(ctx context.Context, tx *sqlx.Tx) (Transaction, error)

var (
	sponsor = id("sponsor")
	infl    = id("influencer")
	req     = id("request")
)

func (e *env) topUp(sp string, amount int64, key string) op {
	return func(ctx context.Context, tx *sqlx.Tx) (Transaction, error) {
		return e.l.TopUp(ctx, tx, sp, amount, key)
	}
}
func (e *env) fund(r, sp string, amount int64) op {
	return func(ctx context.Context, tx *sqlx.Tx) (Transaction, error) { return e.l.Fund(ctx, tx, r, sp, amount) }
}
func (e *env) release(r, in string, bps int) op {
	return func(ctx context.Context, tx *sqlx.Tx) (Transaction, error) { return e.l.Release(ctx, tx, r, in, bps) }
}
func (e *env) refund(r, sp string) op {
	return func(ctx context.Context, tx *sqlx.Tx) (Transaction, error) { return e.l.Refund(ctx, tx, r, sp) }
}
func (e *env) split(r, sp, in string, cents int64, bps int, note string) op {
	return func(ctx context.Context, tx *sqlx.Tx) (Transaction, error) {
		return e.l.Split(ctx, tx, r, sp, in, cents, bps, note)
	}
}
func (e *env) payout(in string, amount int64, key string) op {
	return func(ctx context.Context, tx *sqlx.Tx) (Transaction, error) {
		return e.l.Payout(ctx, tx, in, amount, key)
	}
}
func (e *env) reverse(txID, reason string) op {
	return func(ctx context.Context, tx *sqlx.Tx) (Transaction, error) { return e.l.Reverse(ctx, tx, txID, reason) }
}

func TestCommission_RoundsHalfUp(t *testing.T) {
	for _, c := range []struct {
		gross int64
		bps   int
		want  int64
	}{
		{5, 1000, 1}, {4, 1000, 0}, {15, 1000, 2}, {14, 1000, 1}, {10005, 1000, 1001}, {10004, 1000, 1000},
		{0, 1000, 0}, {100, 0, 0}, {100, MaxBps, 100}, {1, 5000, 1}, {MaxAmount, MaxBps, MaxAmount},
		{MaxAmount, 1, MaxAmount / 10000},
	} {
		if got := Commission(c.gross, c.bps); got != c.want {
			t.Errorf("Commission(%d, %d) = %d, want %d", c.gross, c.bps, got, c.want)
		}
	}
}

// A top-up whose answer was lost and retried with its key is charged once; the key
// reused for another amount is refused.
func TestTopUp_IdempotentRetry(t *testing.T) {
	e := newEnv(t)
	first := e.ok(e.topUp(sponsor, 5000, "pay-1"))
	again := e.ok(e.topUp(sponsor, 5000, "pay-1"))
	if first.Replayed || !again.Replayed || again.ID != first.ID || again.CreatedAt != first.CreatedAt {
		t.Fatalf("retry: first %+v, again %+v", first, again)
	}
	e.wantBalance(SponsorWallet, sponsor, 5000)
	e.wantBalance(OutsideWorld, "", -5000)
	if n := e.postings(); n != 2 {
		t.Errorf("%d postings, want 2", n)
	}
	e.refused(domain.CodeInvalidArgument, e.topUp(sponsor, 6000, "pay-1"))
	e.refused(domain.CodeInvalidArgument, e.topUp(id("other"), 5000, "pay-1"))
	e.ok(e.topUp(sponsor, 100, "pay-2"))
	e.wantBalance(SponsorWallet, sponsor, 5100)
}

func TestValidation_Refusals(t *testing.T) {
	e := newEnv(t)
	e.ok(e.topUp(sponsor, 1000, "k"))
	e.ok(e.fund(req, sponsor, 1000))
	bad := domain.CodeInvalidArgument
	for name, o := range map[string]op{
		"top-up zero":        e.topUp(sponsor, 0, "a"),
		"top-up negative":    e.topUp(sponsor, -5, "a"),
		"top-up too big":     e.topUp(sponsor, MaxAmount+1, "a"),
		"top-up no key":      e.topUp(sponsor, 5, ""),
		"top-up long key":    e.topUp(sponsor, 5, strings.Repeat("k", MaxKeyLen+1)),
		"top-up bad sponsor": e.topUp("sponsor-1", 5, "a"),
		"fund bad request":   e.fund("", sponsor, 5),
		"fund negative":      e.fund(id("r2"), sponsor, -5),
		"release bps":        e.release(req, infl, MaxBps+1),
		"release neg bps":    e.release(req, infl, -1),
		"release bad infl":   e.release(req, "x", 1000),
		"refund bad sponsor": e.refund(req, "x"),
		"split no note":      e.split(req, sponsor, infl, 10, 1000, ""),
		"split negative":     e.split(req, sponsor, infl, -1, 1000, "n"),
		"split over escrow":  e.split(req, sponsor, infl, 1001, 1000, "n"),
		"payout zero":        e.payout(infl, 0, "p"),
		"reverse bad id":     e.reverse("nope", "r"),
		"reverse no reason":  e.reverse(id("tx"), ""),
	} {
		t.Run(name, func(t *testing.T) { e.t = t; e.refused(bad, o) })
	}
	e.t = t
	e.refused(domain.CodeNotFound, e.reverse(id("tx"), "typo"))
	if _, err := Balance(context.Background(), e.s.R, PlatformRevenue, sponsor); domain.ErrorCode(err) != bad {
		t.Errorf("Balance(platform, owner): %v", err)
	}
	if _, err := Balance(context.Background(), e.s.R, "bank", ""); domain.ErrorCode(err) != bad {
		t.Errorf("Balance(bank): %v", err)
	}
}

func TestFund_InsufficientFunds(t *testing.T) {
	e := newEnv(t)
	e.ok(e.topUp(sponsor, 1000, "k"))
	e.refused(domain.CodeInsufficientFunds, e.fund(req, sponsor, 1001))
	e.refused(domain.CodeInsufficientFunds, e.fund(req, id("poor sponsor"), 1))
	f := e.ok(e.fund(req, sponsor, 1000))
	e.wantBalance(SponsorWallet, sponsor, 0)
	e.wantBalance(Escrow, req, 1000)
	// Funded once: the same call answers the first transaction; another amount is refused.
	if again := e.ok(e.fund(req, sponsor, 1000)); !again.Replayed || again.ID != f.ID {
		t.Errorf("second fund %+v", again)
	}
	e.refused(domain.CodeInvalidArgument, e.fund(req, sponsor, 999))
}

func TestRelease_CommissionSplitSumsExactly(t *testing.T) {
	e := newEnv(t)
	e.refused(domain.CodeInvalidTransition, e.release(req, infl, 1000)) // nothing funded
	e.ok(e.topUp(sponsor, 10005, "k"))
	e.ok(e.fund(req, sponsor, 10005))
	r := e.ok(e.release(req, infl, DefaultCommissionBps))
	e.wantBalance(Escrow, req, 0)
	e.wantBalance(InfluencerEarnings, infl, 9004) // 10005 - 1001 (1000.5 rounded half up)
	e.wantBalance(PlatformRevenue, "", 1001)
	if len(r.Postings) != 3 || r.Kind != KindRelease || r.AdRequestID != req {
		t.Errorf("release %+v", r)
	}
	if again := e.ok(e.release(req, infl, DefaultCommissionBps)); !again.Replayed || again.ID != r.ID {
		t.Errorf("second release %+v", again)
	}
	e.refused(domain.CodeInvalidTransition, e.refund(req, sponsor)) // released: nothing to refund

	// Zero commission: no platform posting (postings are never zero).
	r2 := id("request 2")
	e.ok(e.topUp(sponsor, 50, "k2"))
	e.ok(e.fund(r2, sponsor, 50))
	if z := e.ok(e.release(r2, infl, 0)); len(z.Postings) != 2 {
		t.Errorf("zero-commission release %+v", z)
	}
	e.wantBalance(InfluencerEarnings, infl, 9054)
}

func TestRefund_ReturnsWholeEscrow(t *testing.T) {
	e := newEnv(t)
	e.ok(e.topUp(sponsor, 700, "k"))
	e.ok(e.fund(req, sponsor, 600))
	e.ok(e.refund(req, sponsor))
	e.wantBalance(Escrow, req, 0)
	e.wantBalance(SponsorWallet, sponsor, 700)
	e.refused(domain.CodeInvalidTransition, e.release(req, infl, 1000))
	e.refused(domain.CodeInvalidTransition, e.split(req, sponsor, infl, 0, 1000, "late"))
}

func TestSplit_ReleasesPartRefundsRest(t *testing.T) {
	e := newEnv(t)
	e.ok(e.topUp(sponsor, 10000, "k"))
	e.ok(e.fund(req, sponsor, 10000))
	s := e.ok(e.split(req, sponsor, infl, 6005, 1000, "half the posts were made"))
	e.wantBalance(Escrow, req, 0)
	e.wantBalance(InfluencerEarnings, infl, 5404) // 6005 - 601
	e.wantBalance(PlatformRevenue, "", 601)
	e.wantBalance(SponsorWallet, sponsor, 3995)
	if s.Memo != "half the posts were made" || len(s.Postings) != 4 {
		t.Errorf("split %+v", s)
	}
	// All refunded, or all released, by a split.
	for i, cents := range []int64{0, 300} {
		r := id("split " + string(rune('a'+i)))
		e.ok(e.topUp(sponsor, 300, "k"+r))
		e.ok(e.fund(r, sponsor, 300))
		tr := e.ok(e.split(r, sponsor, infl, cents, 1000, "resolved"))
		if len(tr.Postings) != map[int64]int{0: 2, 300: 3}[cents] {
			t.Errorf("split of %d: %+v", cents, tr)
		}
		e.wantBalance(Escrow, r, 0)
	}
	e.wantBalance(SponsorWallet, sponsor, 3995+300)
}

func TestPayout_OnlyAvailableEarnings(t *testing.T) {
	e := newEnv(t)
	e.ok(e.topUp(sponsor, 1000, "k"))
	e.ok(e.fund(req, sponsor, 1000))
	e.refused(domain.CodeInsufficientFunds, e.payout(infl, 1, "p0")) // in escrow is not earned
	e.ok(e.release(req, infl, 1000))
	e.refused(domain.CodeInsufficientFunds, e.payout(infl, 901, "p1"))
	p := e.ok(e.payout(infl, 900, "p1"))
	if again := e.ok(e.payout(infl, 900, "p1")); !again.Replayed || again.ID != p.ID {
		t.Errorf("retried payout %+v", again)
	}
	e.wantBalance(InfluencerEarnings, infl, 0)
	e.wantBalance(OutsideWorld, "", -1000+900)
}

func TestReverse(t *testing.T) {
	e := newEnv(t)
	top := e.ok(e.topUp(sponsor, 1000, "k"))
	rev := e.ok(e.reverse(top.ID, "card charge disputed"))
	e.wantBalance(SponsorWallet, sponsor, 0)
	e.wantBalance(OutsideWorld, "", 0)
	if rev.Kind != KindReversal || rev.Reverses != top.ID || rev.Postings[0].Amount != 1000 || rev.Postings[1].Amount != -1000 {
		t.Errorf("reversal %+v", rev)
	}
	// Reversed at most once: a second call answers the first reversal.
	if again := e.ok(e.reverse(top.ID, "again")); !again.Replayed || again.ID != rev.ID {
		t.Errorf("second reversal %+v", again)
	}
	e.wantBalance(SponsorWallet, sponsor, 0)
	// Reversing the reversal re-applies the top-up, once.
	e.ok(e.reverse(rev.ID, "charge upheld"))
	e.wantBalance(SponsorWallet, sponsor, 1000)
	// A top-up already spent cannot be reversed: the wallet would go below zero.
	top2 := e.ok(e.topUp(sponsor, 500, "k2"))
	e.ok(e.fund(req, sponsor, 1500))
	e.refused(domain.CodeInsufficientFunds, e.reverse(top2.ID, "chargeback"))
}

func TestTransactions_Statement(t *testing.T) {
	e := newEnv(t)
	e.ok(e.topUp(sponsor, 1000, "k"))
	e.ok(e.fund(req, sponsor, 600))
	e.ok(e.topUp(id("someone else"), 5, "k2"))
	e.ok(e.release(req, infl, 1000))
	st, err := Transactions(context.Background(), e.s.R, sponsor)
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 2 || st[0].Kind != KindTopUp || st[0].Amount != 1000 || st[0].Balance != 1000 ||
		st[1].Kind != KindFund || st[1].Amount != -600 || st[1].Balance != 400 || st[1].AdRequestID != req ||
		st[0].AdRequestID != "" || st[0].AccountKind != SponsorWallet {
		t.Errorf("sponsor statement %+v", st)
	}
	st, err = Transactions(context.Background(), e.s.R, infl)
	if err != nil || len(st) != 1 || st[0].Amount != 540 || st[0].AccountKind != InfluencerEarnings {
		t.Errorf("influencer statement %+v, %v", st, err)
	}
	st, err = Transactions(context.Background(), e.s.R, "")
	if err != nil || len(st) != 3 || st[2].AccountKind != PlatformRevenue || st[2].Amount != 60 {
		t.Errorf("platform statement %+v, %v", st, err)
	}
}

// post, under every operation, refuses legs that do not balance, zero or
// out-of-range postings, and a single posting, before writing anything (the
// schema's trigger is the second line: TestSchema_GuardsAgainstRawSQL).
func TestPost_RefusesMalformedLegs(t *testing.T) {
	e := newEnv(t)
	for name, legs := range map[string][]leg{
		"unbalanced":     {{OutsideWorld, "", -100}, {SponsorWallet, sponsor, 99}},
		"zero posting":   {{OutsideWorld, "", 0}, {SponsorWallet, sponsor, 0}},
		"one posting":    {{OutsideWorld, "", 0}},
		"too large":      {{OutsideWorld, "", -MaxAmount - 1}, {SponsorWallet, sponsor, MaxAmount + 1}},
		"bad owner":      {{OutsideWorld, "", -1}, {SponsorWallet, "x", 1}},
		"owned platform": {{OutsideWorld, "", -1}, {PlatformRevenue, sponsor, 1}},
	} {
		_, err := e.do(func(ctx context.Context, tx *sqlx.Tx) (Transaction, error) {
			return e.l.post(ctx, tx, record{key: "raw:" + name, kind: KindTopUp, legs: legs})
		})
		if err == nil {
			t.Errorf("%s: posted", name)
		} else if name == "unbalanced" && !strings.Contains(err.Error(), "does not balance") {
			t.Errorf("unbalanced legs reached the database: %v", err) // Go must refuse first
		}
	}
	if n := e.postings(); n != 0 {
		t.Errorf("%d postings written", n)
	}
}
