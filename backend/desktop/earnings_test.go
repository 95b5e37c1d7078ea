package desktop

import (
	"bytes"
	"context"
	"log"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/ledger"
)

// The Earnings screen's path: an influencer's desktop checks the payout account
// form field by field before sending it, sets it on the real sync server, pays
// out available earnings once per attempt (a retry pays once), a test account the
// processor refuses comes back with its reason, more than available is
// insufficient_funds, offline is "unavailable", and the number reaches no log.
func TestEarningsService_AccountAndPayouts(t *testing.T) {
	var stdlog bytes.Buffer
	prev := log.Writer()
	log.SetOutput(&stdlog)
	t.Cleanup(func() { log.SetOutput(prev) })

	ts := newTestServer(t)
	infl := ts.register("influencer", "maya@cooks.test", "Maya")
	sponsor := ts.register("sponsor", "sam@brand.test", "Sam")
	d, _ := newTestDesktop(t, ts.URL, "")
	if _, err := d.Session.SignIn("maya@cooks.test", testPW); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	es := NewEarningsService(d)

	e, err := es.Get()
	if err != nil || e.Account != nil || e.Wallet.Account != "influencer_earnings" || e.Wallet.Available != 0 ||
		e.Payouts == nil || len(e.Payouts) != 0 || e.Wallet.Entries == nil {
		t.Fatalf("empty earnings: %+v, %v", e, err)
	}
	res, err := es.SetAccount(PayoutAccountInput{Kind: "us", Holder: " ", RoutingNumber: "021000022", AccountNumber: "12"})
	if err != nil || res.Account != nil || len(res.Fields) != 3 || !strings.Contains(res.Fields["routing_number"], "check digit") ||
		!strings.Contains(res.Fields["account_number"], "4 to 17 digits") || !strings.Contains(res.Fields["holder"], "holder's name") {
		t.Fatalf("bad US form: %+v, %v", res, err)
	}
	res, err = es.SetAccount(PayoutAccountInput{Kind: "iban", Holder: "Maya Cooks", IBAN: "DE89 3704 0044 0532 0130 01"})
	if err != nil || len(res.Fields) != 1 || !strings.Contains(res.Fields["iban"], "check digits do not match") {
		t.Fatalf("bad IBAN: %+v, %v", res, err)
	}
	if e, _ := es.Get(); e.Account != nil {
		t.Fatal("a form with errors was sent")
	}
	res, err = es.SetAccount(PayoutAccountInput{Kind: "iban", Holder: "Maya Cooks", IBAN: "de89 3704 0044 0532 0130 00",
		RoutingNumber: "ignored"})
	if err != nil || len(res.Fields) != 0 || res.Account == nil || res.Account.Last4 != "3000" || res.Account.Country != "DE" {
		t.Fatalf("set: %+v, %v", res, err)
	}

	if _, err := es.RequestPayout(PayoutInput{Amount: 10_00, IdempotencyKey: "a-1"}); uiCode(t, err) != domain.CodeInsufficientFunds {
		t.Fatalf("nothing earned yet: %v", err)
	}
	earn(t, ts, sponsor.ID, infl.ID, 50_00)
	p, err := es.RequestPayout(PayoutInput{Amount: 30_00, IdempotencyKey: "a-2"})
	if err != nil || p.Status != "paid" || p.Amount != 30_00 || p.Last4 != "3000" {
		t.Fatalf("payout: %+v, %v", p, err)
	}
	if again, err := es.RequestPayout(PayoutInput{Amount: 30_00, IdempotencyKey: "a-2"}); err != nil || again.ID != p.ID {
		t.Fatalf("retry of the same attempt: %+v, %v", again, err)
	}
	if _, err := es.RequestPayout(PayoutInput{Amount: 20_01, IdempotencyKey: "a-3"}); uiCode(t, err) != domain.CodeInsufficientFunds {
		t.Fatalf("more than available: %v", err)
	}
	if _, err := es.RequestPayout(PayoutInput{Amount: 0, IdempotencyKey: "a-4"}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("no amount: %v", err)
	}
	if res, err := es.SetAccount(PayoutAccountInput{Kind: "us", Holder: "Maya Cooks", RoutingNumber: "110000000",
		AccountNumber: "000111111116"}); err != nil || res.Account == nil || res.Account.Last4 != "1116" {
		t.Fatalf("closed test account: %+v, %v", res, err)
	}
	_, err = es.RequestPayout(PayoutInput{Amount: 5_00, IdempotencyKey: "a-5"})
	if uiCode(t, err) != domain.CodePayoutFailed || !strings.Contains(err.Error(), "The bank account has been closed.") {
		t.Fatalf("closed account: %v", err)
	}
	e, err = es.Get()
	if err != nil || e.Wallet.Available != 20_00 || e.Wallet.Paid != 30_00 || e.Wallet.Balance != 20_00 ||
		len(e.Payouts) != 2 || e.Payouts[0].Status != "failed" || e.Payouts[0].Failure == nil || e.Payouts[1].ID != p.ID ||
		len(e.Wallet.Entries) != 2 || e.Wallet.Entries[1].Kind != "payout" || e.Account.Kind != "us" {
		t.Fatalf("earnings after: %+v, %v", e, err)
	}

	ts.stop()
	if _, err := es.Get(); uiCode(t, err) != codeUnavailable {
		t.Fatalf("offline get: %v", err)
	}
	if _, err := es.RequestPayout(PayoutInput{Amount: 1_00, IdempotencyKey: "a-6"}); uiCode(t, err) != codeUnavailable {
		t.Fatalf("offline payout: %v", err)
	}
	if _, err := es.SetAccount(PayoutAccountInput{Kind: "iban", Holder: "Maya", IBAN: "DE89370400440532013000"}); uiCode(t, err) != codeUnavailable {
		t.Fatalf("offline set: %v", err)
	}
	logs := ts.log.String() + stdlog.String()
	if !strings.Contains(logs, "last4=3000") {
		t.Fatalf("the server's payout log line is not captured:\n%s", logs)
	}
	for _, n := range []string{"370400440532013000", "3704 0044 0532", "000111111116", "0001111111"} {
		if strings.Contains(logs, n) {
			t.Fatalf("account number %s in a log line", n)
		}
	}
}

// A sponsor's desktop has no earnings to pay out: the server refuses.
func TestEarningsService_SponsorRefused(t *testing.T) {
	ts := newTestServer(t)
	ts.register("sponsor", "sam@brand.test", "Sam")
	d, _ := newTestDesktop(t, ts.URL, "")
	if _, err := d.Session.SignIn("sam@brand.test", testPW); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	es := NewEarningsService(d)
	if _, err := es.Get(); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("get: %v", err)
	}
	if _, err := es.SetAccount(PayoutAccountInput{Kind: "iban", Holder: "Sam", IBAN: "DE89370400440532013000"}); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("set: %v", err)
	}
}

// earn releases cents to the influencer the way a finished deal does (the
// sponsor's top-up funds an escrow released without commission), on the server's
// ledger.
func earn(t *testing.T, ts *testServer, sponsorID, influencerID string, cents int64) {
	t.Helper()
	l, req := ledger.New(testNow), domain.NewID()
	err := ts.srv.DB().Write(context.Background(), func(tx *sqlx.Tx) error {
		if _, err := l.TopUp(context.Background(), tx, sponsorID, cents, "earn:"+req); err != nil {
			return err
		}
		if _, err := l.Fund(context.Background(), tx, req, sponsorID, cents); err != nil {
			return err
		}
		_, err := l.Release(context.Background(), tx, req, influencerID, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
