package ledger

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/store"
)

// docs lists party's documents (every one for "") oldest first, as "label kind
// issuer→recipient gross/commission/net/refunded".
func (e *env) docs(party string) []string {
	e.t.Helper()
	var ds []Document
	var err error
	if party == "" {
		ds, err = AllDocuments(context.Background(), e.s.R)
	} else {
		ds, err = Documents(context.Background(), e.s.R, party)
	}
	if err != nil {
		e.t.Fatal(err)
	}
	out := make([]string, len(ds))
	for i, d := range ds {
		out[len(ds)-1-i] = fmt.Sprintf("%s %s %s→%s %d/%d/%d/%d", d.Label, d.Kind, short(d.Issuer), short(d.RecipientID),
			d.Gross, d.Commission, d.Net, d.Refunded)
	}
	return out
}

var names = map[string]string{}

func short(s string) string {
	if n, ok := names[s]; ok {
		return n
	}
	return s
}

func wantLines(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n%s\nwant:\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Receipts and payout statements are the platform's series, invoices each
// influencer's own; each series counts 1, 2, 3 … A retried top-up, a funding, a
// refund, a reversal, a split that releases nothing and a release that pays the
// influencer nothing (100 % commission) have no document.
func TestDocuments_NumberedPerIssuerAndSeries(t *testing.T) {
	e := newEnv(t)
	sp2, in2 := id("sponsor 2"), id("influencer 2")
	r2, r3, r4, r5, r6 := id("request 2"), id("request 3"), id("request 4"), id("request 5"), id("request 6")
	names[sponsor], names[sp2], names[infl], names[in2] = "S1", "S2", "I1", "I2"

	e.ok(e.topUp(sponsor, 100_000, "a"))
	e.ok(e.topUp(sponsor, 100_000, "a")) // retried: the same transaction, no second receipt
	e.ok(e.topUp(sp2, 50_000, "b"))
	e.ok(e.fund(req, sponsor, 10_005))
	e.ok(e.release(req, infl, 1000)) // INV-1 of I1: 10,005 gross, 1,001 commission
	e.ok(e.fund(r2, sp2, 20_000))
	e.ok(e.release(r2, infl, 1000)) // INV-2 of I1, to S2
	e.ok(e.fund(r3, sponsor, 30_000))
	e.ok(e.split(r3, sponsor, in2, 12_000, 1000, "half done")) // INV-1 of I2: 12,000 released, 18,000 refunded
	e.ok(e.fund(r4, sponsor, 5_000))
	e.ok(e.split(r4, sponsor, in2, 0, 1000, "nothing delivered")) // all refunded: no invoice
	e.ok(e.fund(r5, sp2, 1_000))
	e.ok(e.release(r5, in2, MaxBps)) // the influencer gets nothing: no invoice
	e.ok(e.fund(r6, sponsor, 700))
	e.ok(e.refund(r6, sponsor))
	p := e.ok(e.payout(infl, 9_004, "p1"))
	e.ok(e.reverse(p.ID, "bank bounced"))
	e.ok(e.payout(infl, 1_000, "p2"))

	all := []string{
		"RCP-000001 receipt platform→S1 100000/0/100000/0",
		"RCP-000002 receipt platform→S2 50000/0/50000/0",
		"INV-000001 invoice I1→S1 10005/1001/9004/0",
		"INV-000002 invoice I1→S2 20000/2000/18000/0",
		"INV-000001 invoice I2→S1 12000/1200/10800/18000",
		"PST-000001 payout_statement platform→I1 9004/0/9004/0",
		"PST-000002 payout_statement platform→I1 1000/0/1000/0",
	}
	wantLines(t, "all documents", e.docs(""), all...)
	wantLines(t, "sponsor 1's", e.docs(sponsor), all[0], all[2], all[4])
	wantLines(t, "sponsor 2's", e.docs(sp2), all[1], all[3])
	wantLines(t, "influencer 1's", e.docs(infl), all[2], all[3], all[5], all[6])
	wantLines(t, "influencer 2's", e.docs(in2), all[4])

	ds, err := Documents(context.Background(), e.s.R, infl)
	if err != nil || len(ds) == 0 {
		t.Fatalf("influencer 1's documents: %d, %v", len(ds), err)
	}
	d, err := DocumentByID(context.Background(), e.s.R, ds[len(ds)-1].ID)
	if err != nil || d.Label != "INV-000001" || d.AdRequestID != req || d.TransactionKind != KindRelease || d.Issuer != infl {
		t.Errorf("DocumentByID: %+v, %v", d, err)
	}
	for _, bad := range []string{"", "nope", id("no document")} {
		if _, err := DocumentByID(context.Background(), e.s.R, bad); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Errorf("DocumentByID(%q): %v, want not_found", bad, err)
		}
	}
	if _, err := Documents(context.Background(), e.s.R, "x"); domain.ErrorCode(err) != domain.CodeInvalidArgument {
		t.Errorf("Documents(bad id): %v", err)
	}
}

func (e *env) documentCount() int {
	e.t.Helper()
	var n int
	if err := e.s.R.Get(&n, `SELECT COUNT(*) FROM ledger_documents`); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// A number is used only by a posting that commits: a payout refused for want of
// earnings, and a payout that was posted but whose write transaction then failed
// (the processor answered an error after the ledger had posted), both leave the
// next payout the next number.
func TestDocuments_NoGapWhenAPostingFails(t *testing.T) {
	e := newEnv(t)
	e.ok(e.topUp(sponsor, 10_000, "t"))
	e.ok(e.fund(req, sponsor, 10_000))
	e.ok(e.release(req, infl, 0))
	e.ok(e.payout(infl, 1_000, "p1")) // PST-000001

	e.refused(domain.CodeInsufficientFunds, e.payout(infl, 50_000, "too much"))

	boom := errors.New("the processor failed after the ledger posted")
	err := e.s.Write(context.Background(), func(tx *sqlx.Tx) error {
		tr, err := e.l.Payout(context.Background(), tx, infl, 2_000, "p2")
		if err != nil {
			return err
		}
		var n int64 // inside the transaction the number is taken …
		if err := tx.Get(&n, `SELECT number FROM ledger_documents WHERE transaction_id = ?`, tr.ID); err != nil || n != 2 {
			t.Errorf("inside the transaction: number %d, %v; want 2", n, err)
		}
		return boom // … and the rollback gives it back with the postings
	})
	if !errors.Is(err, boom) {
		t.Fatalf("write: %v", err)
	}
	if n := e.documentCount(); n != 3 {
		t.Fatalf("%d documents after the failures, want 3", n)
	}
	e.ok(e.payout(infl, 3_000, "p3"))
	wantLines(t, "payout statements", filter(e.docs(infl), "PST"), "PST-000001", "PST-000002")
}

func filter(lines []string, prefix string) []string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			out = append(out, strings.Fields(l)[0])
		}
	}
	return out
}

// Eight top-ups at once, each in its own write transaction: the single writer
// serialises them, and the receipts are numbered 1 to 8, each once.
func TestDocuments_ConcurrentNumbersHaveNoGapsOrDuplicates(t *testing.T) {
	e := newEnv(t)
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
				_, err := e.l.TopUp(context.Background(), tx, id(fmt.Sprint("sponsor ", i)), 100, fmt.Sprint("k", i))
				return err
			})
		}()
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, l := range e.docs("") {
		got = append(got, strings.Fields(l)[0])
	}
	sort.Strings(got)
	var want []string
	for i := 1; i <= n; i++ {
		want = append(want, DocumentLabel("RCP", int64(i)))
	}
	wantLines(t, "receipts", got, want...)
}

// The schema refuses a number that is not the next of its series, and any change.
func TestDocuments_SchemaRefusesGapsAndChanges(t *testing.T) {
	e := newEnv(t)
	tr := e.ok(e.topUp(sponsor, 100, "t"))
	e.ok(e.topUp(sponsor, 100, "t2"))
	for _, q := range []string{
		`DELETE FROM ledger_documents`,
		`UPDATE ledger_documents SET number = 5`,
		`UPDATE ledger_documents SET recipient_id = 'x'`,
	} {
		if _, err := e.s.W.Exec(q); err == nil {
			t.Errorf("%s: accepted", q)
		}
	}
	// A second document for a transaction; for one without a document (a
	// funding), a number out of turn: a gap, or one already used.
	f := e.ok(e.fund(req, sponsor, 100))
	for _, c := range []struct {
		tx     string
		number int
	}{{tr.ID, 3}, {f.ID, 5}, {f.ID, 2}} {
		_, err := e.s.W.Exec(`INSERT INTO ledger_documents (id, issuer, series, number, kind, transaction_id,
			recipient_id, created_at) VALUES (?, 'platform', 'RCP', ?, 'receipt', ?, ?, 'x')`,
			id(fmt.Sprint("doc", c.number)), c.number, c.tx, sponsor)
		if err == nil {
			t.Errorf("document %d for %s: accepted", c.number, c.tx)
		}
	}
}

// A server whose ledger has transactions from before the documents migration gets
// their documents when it runs: the same series, numbers, parties and amounts as
// if they had been numbered when posted.
func TestDocuments_MigrationNumbersEarlierTransactions(t *testing.T) {
	e := newEnv(t)
	in2 := id("influencer 2")
	e.ok(e.topUp(sponsor, 50_000, "a"))
	e.ok(e.topUp(id("sponsor 2"), 50_000, "b"))
	e.ok(e.fund(req, sponsor, 10_000))
	e.ok(e.release(req, infl, 1000))
	e.ok(e.fund(id("r2"), sponsor, 10_000))
	e.ok(e.split(id("r2"), sponsor, in2, 4_000, 1000, "half"))
	e.ok(e.fund(id("r3"), sponsor, 10_000))
	e.ok(e.split(id("r3"), sponsor, in2, 0, 1000, "none")) // no invoice
	e.ok(e.payout(infl, 1_000, "p"))
	want := e.docs("")
	if len(want) != 5 {
		t.Fatalf("documents before: %q", want)
	}
	// Back to before the migration (no documents table), then the migration again.
	if _, err := e.s.W.Exec(`DROP TABLE ledger_documents`); err != nil {
		t.Fatal(err)
	}
	migration, err := store.MigrationSQL(store.SetServer, "_documents.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.W.Exec(migration); err != nil {
		t.Fatal(err)
	}
	wantLines(t, "documents after the migration", e.docs(""), want...)
	all, err := AllDocuments(context.Background(), e.s.R)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range all {
		if !domain.ValidID(d.ID) {
			t.Errorf("%s has id %q", d.Label, d.ID)
		}
	}
	e.ok(e.payout(infl, 1_000, "p2")) // and numbering goes on from there
	if got := filter(e.docs(infl), "PST"); strings.Join(got, " ") != "PST-000001 PST-000002" {
		t.Errorf("after the migration: %q", got)
	}
}
