package ledger

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// Two desktops (here eight goroutines) spend one wallet at once, each through its
// own write transaction on the real store: the balance check and the postings are
// one transaction under the single writer, so the wallet is never overdrawn and
// exactly as many fundings succeed as it covers.
func TestConcurrency_OneWalletNeverOverdrawn(t *testing.T) {
	e := newEnv(t)
	e.ok(e.topUp(sponsor, 1000, "k"))
	const n = 8
	start := make(chan struct{})
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = e.s.Write(context.Background(), func(tx *sqlx.Tx) error {
				_, err := e.l.Fund(context.Background(), tx, id(fmt.Sprint("race ", i)), sponsor, 300)
				return err
			})
		}()
	}
	close(start)
	wg.Wait()
	funded := 0
	for _, err := range errs {
		switch domain.ErrorCode(err) {
		case domain.CodeInsufficientFunds:
		case domain.CodeInternal:
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			funded++
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if funded != 3 {
		t.Errorf("%d fundings of 300 from 1000 succeeded, want 3", funded)
	}
	e.wantBalance(SponsorWallet, sponsor, 100)
	var escrow int64
	if err := e.s.R.Get(&escrow, `SELECT SUM(balance) FROM ledger_balances WHERE kind = 'escrow'`); err != nil || escrow != 900 {
		t.Errorf("escrow total %d (%v), want 900", escrow, err)
	}
}
