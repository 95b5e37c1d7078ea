package ledger

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/store"
)

// pop is one random ledger operation (valid or not).
type pop struct {
	name      string
	a, b, c   string // ids, by operation
	amount    int64
	bps       int
	key, memo string
}

func (o pop) String() string {
	return fmt.Sprintf("%s(%.8s %.8s %.8s %d bps=%d key=%q memo=%q)", o.name, o.a, o.b, o.c, o.amount, o.bps, o.key, o.memo)
}

func (o pop) run(ctx context.Context, l *Ledger, tx *sqlx.Tx) (Transaction, error) {
	switch o.name {
	case "top_up":
		return l.TopUp(ctx, tx, o.a, o.amount, o.key)
	case "fund":
		return l.Fund(ctx, tx, o.a, o.b, o.amount)
	case "release":
		return l.Release(ctx, tx, o.a, o.b, o.bps)
	case "refund":
		return l.Refund(ctx, tx, o.a, o.b)
	case "split":
		return l.Split(ctx, tx, o.a, o.b, o.c, o.amount, o.bps, o.memo)
	case "payout":
		return l.Payout(ctx, tx, o.a, o.amount, o.key)
	case "reverse":
		return l.Reverse(ctx, tx, o.a, o.memo)
	}
	panic(o.name)
}

// mleg is a posting in the model: account (kind, owner) and amount.
type mleg struct {
	kind   AccountKind
	owner  string
	amount int64
}

// model is the test's own account of the ledger, written without the package's
// helpers: balances, keys used, transactions and their legs, escrow flows.
type model struct {
	bal       map[[2]string]int64
	byKey     map[string]string // key → transaction ID
	legs      map[string][]mleg // transaction ID → legs
	txs       []string          // in order
	escrowIn  map[string]int64  // request → funded (net of reversals)
	escrowOut map[string]int64  // request → released + refunded (net of reversals)
}

func newModel() *model {
	return &model{bal: map[[2]string]int64{}, byKey: map[string]string{}, legs: map[string][]mleg{},
		escrowIn: map[string]int64{}, escrowOut: map[string]int64{}}
}

func (m *model) balance(k AccountKind, owner string) int64 { return m.bal[[2]string{string(k), owner}] }

// commission, computed another way than the package: quotient and remainder.
func modelCommission(gross int64, bps int) int64 {
	q, r := gross*int64(bps)/10000, gross*int64(bps)%10000
	if 2*r >= 10000 {
		q++
	}
	return q
}

// predict returns the code the operation must fail with ("" for success), and the
// legs it posts (nil when it posts nothing: a replay or a refusal).
func (m *model) predict(o pop) (domain.Code, string, []mleg) {
	bad := domain.CodeInvalidArgument
	okAmount := o.amount > 0 && o.amount <= MaxAmount
	okKey := o.key != "" && len(o.key) <= MaxKeyLen
	okBps := o.bps >= 0 && o.bps <= 10000
	valid := domain.ValidID
	var key string
	var legs []mleg
	statefull := false // legs depend on the state: a replay is not compared
	switch o.name {
	case "top_up":
		if !valid(o.a) || !okAmount || !okKey {
			return bad, "", nil
		}
		key, legs = "top_up:"+o.key, []mleg{{OutsideWorld, "", -o.amount}, {SponsorWallet, o.a, o.amount}}
	case "payout":
		if !valid(o.a) || !okAmount || !okKey {
			return bad, "", nil
		}
		key, legs = "payout:"+o.key, []mleg{{InfluencerEarnings, o.a, -o.amount}, {OutsideWorld, "", o.amount}}
	case "fund":
		if !valid(o.a) || !valid(o.b) || !okAmount {
			return bad, "", nil
		}
		key, legs = "fund:"+o.a, []mleg{{SponsorWallet, o.b, -o.amount}, {Escrow, o.a, o.amount}}
	case "release", "refund", "split":
		if !valid(o.a) || !valid(o.b) || (o.name != "refund" && !okBps) || (o.name == "split" &&
			(!valid(o.c) || o.memo == "" || o.amount < 0 || o.amount > MaxAmount)) {
			return bad, "", nil
		}
		key, statefull = o.name+":"+o.a, true
	case "reverse":
		if !valid(o.a) || o.memo == "" {
			return bad, "", nil
		}
		key, statefull = "reverse:"+o.a, true
	}
	if first, ok := m.byKey[key]; ok {
		if !statefull && fmt.Sprint(m.legs[first]) != fmt.Sprint(legs) {
			return bad, "", nil
		}
		return "", first, nil
	}
	e := m.balance(Escrow, o.a)
	switch o.name {
	case "release", "refund", "split":
		if e <= 0 {
			return domain.CodeInvalidTransition, "", nil
		}
		gross, in := e, o.b // released part, and who earns it
		if o.name == "split" {
			if o.amount > e {
				return bad, "", nil
			}
			gross, in = o.amount, o.c
		}
		if o.name == "refund" {
			gross = 0
		}
		legs = []mleg{{Escrow, o.a, -e}}
		c := modelCommission(gross, o.bps)
		if gross-c != 0 {
			legs = append(legs, mleg{InfluencerEarnings, in, gross - c})
		}
		if c != 0 {
			legs = append(legs, mleg{PlatformRevenue, "", c})
		}
		if e-gross != 0 {
			legs = append(legs, mleg{SponsorWallet, o.b, e - gross})
		}
	case "reverse":
		orig, ok := m.legs[o.a]
		if !ok {
			return domain.CodeNotFound, "", nil
		}
		for _, g := range orig {
			legs = append(legs, mleg{g.kind, g.owner, -g.amount})
		}
	}
	after := map[[2]string]int64{}
	for _, g := range legs {
		after[[2]string{string(g.kind), g.owner}] += g.amount
	}
	for acc, d := range after {
		if acc[0] != string(OutsideWorld) && m.bal[acc]+d < 0 {
			return domain.CodeInsufficientFunds, "", nil
		}
	}
	return "", domain.DerivedID("ledger-transaction", key), legs
}

func (m *model) apply(o pop, txID string, legs []mleg) {
	key := map[string]string{"top_up": "top_up:" + o.key, "payout": "payout:" + o.key}[o.name]
	if key == "" {
		key = o.name + ":" + o.a
	}
	m.byKey[key] = txID
	m.legs[txID] = legs
	m.txs = append(m.txs, txID)
	for _, g := range legs {
		m.bal[[2]string{string(g.kind), g.owner}] += g.amount
		if g.kind == Escrow {
			if g.amount > 0 {
				m.escrowIn[g.owner] += g.amount
			} else {
				m.escrowOut[g.owner] -= g.amount
			}
		}
	}
}

// generate makes n operations over a few parties, valid ones mostly, with invalid
// arguments, replays, overdrafts and unknown transactions among them.
func generate(rng *rand.Rand, n int, m *model) []pop {
	sponsors := []string{id("s0"), id("s1"), id("s2")}
	infls := []string{id("i0"), id("i1"), id("i2")}
	reqs := []string{id("r0"), id("r1"), id("r2"), id("r3"), id("r4")}
	pick := func(xs []string) string {
		if rng.IntN(25) == 0 {
			return []string{"", "not-a-uuid", id("stranger")}[rng.IntN(3)]
		}
		return xs[rng.IntN(len(xs))]
	}
	amount := func() int64 {
		switch rng.IntN(20) {
		case 0:
			return 0
		case 1:
			return -rng.Int64N(100)
		case 2:
			return MaxAmount + 1
		}
		return 1 + rng.Int64N(20000)
	}
	bps := func() int {
		switch rng.IntN(20) {
		case 0:
			return -1
		case 1:
			return MaxBps + 1 + rng.IntN(5)
		case 2:
			return 0
		}
		return rng.IntN(3001)
	}
	key := func() string {
		if rng.IntN(30) == 0 {
			return ""
		}
		return fmt.Sprintf("k%d", rng.IntN(12)) // few keys: retries happen
	}
	memo := func() string {
		if rng.IntN(15) == 0 {
			return ""
		}
		return "because"
	}
	ops := make([]pop, 0, n)
	for range n {
		var o pop
		switch rng.IntN(9) {
		case 0, 1:
			o = pop{name: "top_up", a: pick(sponsors), amount: amount(), key: key()}
		case 2, 3:
			r := rng.IntN(len(reqs))
			o = pop{name: "fund", a: pick(reqs), b: sponsors[r%len(sponsors)], amount: amount()}
		case 4:
			o = pop{name: "release", a: pick(reqs), b: pick(infls), bps: bps()}
		case 5:
			o = pop{name: "refund", a: pick(reqs), b: pick(sponsors)}
		case 6:
			o = pop{name: "split", a: pick(reqs), b: pick(sponsors), c: pick(infls), amount: rng.Int64N(15000) - 100, bps: bps(), memo: memo()}
		case 7:
			o = pop{name: "payout", a: pick(infls), amount: amount(), key: key()}
		case 8:
			target := id("unknown transaction")
			if len(m.txs) > 0 && rng.IntN(10) != 0 {
				target = m.txs[rng.IntN(len(m.txs))]
			}
			o = pop{name: "reverse", a: target, memo: memo()}
		}
		ops = append(ops, o)
	}
	return ops
}

// check asserts the invariants against the database after one operation.
func (m *model) check(t *testing.T, db *sqlx.DB, step int, o pop) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("after step %d %v: "+format, append([]any{step, o}, args...)...)
	}
	var n int64
	must := func(q string, dest any) {
		t.Helper()
		if err := db.Get(dest, q); err != nil {
			t.Fatal(err)
		}
	}
	must(`SELECT COUNT(*) FROM (SELECT transaction_id FROM ledger_postings GROUP BY transaction_id
		HAVING SUM(amount) <> 0 OR COUNT(*) < 2)`, &n)
	if n != 0 {
		fail("%d unbalanced transactions", n)
	}
	must(`SELECT COUNT(*) FROM ledger_balances WHERE kind <> 'outside_world' AND balance < 0`, &n)
	if n != 0 {
		fail("%d accounts below zero", n)
	}
	must(`SELECT COALESCE(SUM(balance), 0) FROM ledger_balances`, &n)
	if n != 0 {
		fail("balances sum to %d", n)
	}
	must(`SELECT COUNT(*) FROM ledger_transactions`, &n)
	if n != int64(len(m.txs)) {
		fail("%d transactions, model has %d", n, len(m.txs))
	}
	var rows []struct {
		Kind    AccountKind `db:"kind"`
		Owner   string      `db:"owner_id"`
		Balance int64       `db:"balance"`
	}
	if err := db.Select(&rows, `SELECT kind, owner_id, balance FROM ledger_balances`); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, r := range rows {
		want := m.balance(r.Kind, r.Owner)
		if r.Balance != want {
			fail("%s %.8s: balance %d, model %d", r.Kind, r.Owner, r.Balance, want)
		}
		if r.Kind == Escrow && r.Balance != m.escrowIn[r.Owner]-m.escrowOut[r.Owner] {
			fail("escrow %.8s: %d, funded %d minus released/refunded %d", r.Owner, r.Balance, m.escrowIn[r.Owner], m.escrowOut[r.Owner])
		}
		if want != 0 {
			seen++
		}
	}
	nonzero := 0
	for _, b := range m.bal {
		if b != 0 {
			nonzero++
		}
	}
	if seen != nonzero {
		fail("%d non-zero accounts, model has %d", seen, nonzero)
	}
}

// dump is every ledger row, in order: what a replay must reproduce byte for byte.
func dump(t *testing.T, db *sqlx.DB) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, q := range []string{
		`SELECT transaction_id || '|' || line || '|' || account_id || '|' || amount FROM ledger_postings ORDER BY rowid`,
		`SELECT id || '|' || kind || '|' || COALESCE(ad_request_id, '-') || '|' || memo || '|' || idempotency_key || '|' ||
			COALESCE(reverses, '-') || '|' || created_at FROM ledger_transactions ORDER BY rowid`,
		`SELECT id || '|' || kind || '|' || owner_id || '|' || currency FROM ledger_accounts ORDER BY rowid`,
	} {
		var lines []string
		if err := db.Select(&lines, q); err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
		b.WriteString("--\n")
	}
	return b.Bytes()
}

// replay runs ops on s, one write transaction each, on a fresh clock.
func replay(t *testing.T, s *store.Store, ops []pop) {
	t.Helper()
	l := New(clock())
	ctx := context.Background()
	for _, o := range ops {
		_ = s.Write(ctx, func(tx *sqlx.Tx) error { _, err := o.run(ctx, l, tx); return err })
	}
}

// TestProperty_RandomSequences runs seeded random operation sequences, checks the
// invariants after every operation against a model, and replays each sequence on a
// fresh database expecting byte-identical rows.
func TestProperty_RandomSequences(t *testing.T) {
	sequences, steps := 200, 50
	if testing.Short() {
		sequences = 20
	}
	outcomes := map[string]int{}
	template := migrated(t)
	for seq := range sequences {
		rng := rand.New(rand.NewPCG(uint64(seq), 11))
		m := newModel()
		s := openCopy(t, template)
		// Operations are generated step by step so reversals can pick recorded
		// transactions; the list is kept to replay.
		var ops []pop
		l := New(clock())
		ctx := context.Background()
		for i := range steps {
			o := generate(rng, 1, m)[0]
			ops = append(ops, o)
			var got Transaction
			err := s.Write(ctx, func(tx *sqlx.Tx) error {
				var err error
				got, err = o.run(ctx, l, tx)
				return err
			})
			code, txID, legs := m.predict(o)
			if domain.ErrorCode(err) != code && !(err == nil && code == "") {
				t.Fatalf("seed %d step %d %v: got %v, model wants %q", seq, i, o, err, code)
			}
			switch {
			case err != nil:
				outcomes[string(code)]++
			case legs == nil:
				outcomes["replayed"]++
			default:
				outcomes["posted"]++
			}
			if err == nil {
				if got.ID != txID || (legs == nil) != got.Replayed {
					t.Fatalf("seed %d step %d %v: got %s replayed=%v, model wants %s", seq, i, o, got.ID, got.Replayed, txID)
				}
				if legs != nil {
					m.apply(o, txID, legs)
				}
			}
			m.check(t, s.W, i, o)
		}
		fresh := openCopy(t, template)
		replay(t, fresh, ops)
		if a, b := dump(t, s.W), dump(t, fresh.W); !bytes.Equal(a, b) {
			t.Fatalf("seed %d: replay differs:\n%s\nvs\n%s", seq, a, b)
		}
		_ = s.Close()
		_ = fresh.Close()
	}
	t.Logf("outcomes: %v", outcomes)
	// The generator must exercise every path, or the test proves little.
	for _, k := range []string{"posted", "replayed", "invalid_argument", "invalid_transition", "insufficient_funds", "not_found"} {
		if outcomes[k] == 0 {
			t.Errorf("no operation ended %s", k)
		}
	}
}
