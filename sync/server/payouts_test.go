package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"

	"iescp/backend/bank"
	"iescp/backend/domain"
	"iescp/backend/ledger"
	"iescp/backend/mutate"
)

// Test bank accounts (docs/money.md, "Payouts").
const (
	okIBAN     = "DE89 3704 0044 0532 0130 00"
	closedIBAN = "DE32 3704 0044 0532 0111 16"
	noAcctIBAN = "DE16 3704 0044 0532 0111 13"
	okRouting  = "110000000"
	okUSAcct   = "000123456789"
	closedUS   = "000111111116"
)

func ibanBody(holder, iban string) map[string]string {
	return map[string]string{"kind": "iban", "holder": holder, "iban": iban}
}

func (e *testEnv) setPayoutAccount(token string, body any) (int, []byte) {
	e.t.Helper()
	status, _, b := e.do(http.MethodPut, payoutAccountPath, token, body)
	return status, b
}

func (e *testEnv) requestPayout(token, key string, amount int64) (int, http.Header, []byte) {
	e.t.Helper()
	h := map[string]string{"Authorization": "Bearer " + token}
	if key != "" {
		h["Idempotency-Key"] = key
	}
	return e.doWith(http.MethodPost, payoutsPath, h, PayoutRequest{Amount: amount})
}

func readPayout(t *testing.T, body []byte) Payout {
	t.Helper()
	var p Payout
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("payout: %v: %s", err, body)
	}
	return p
}

// earn gives the influencer cents of available earnings the way the ledger does:
// a sponsor's top-up funds an escrow (of a request with no row here, so it is no
// one's pending) that is released with no commission.
func (e *testEnv) earn(influencerID string, cents int64) {
	e.t.Helper()
	sponsorID, _ := e.account(domain.RoleSponsor)
	req := domain.NewID()
	err := e.s.db.Write(e.t.Context(), func(tx *sqlx.Tx) error {
		if _, err := e.s.ledger.TopUp(e.t.Context(), tx, sponsorID, cents, "earn:"+req); err != nil {
			return err
		}
		if _, err := e.s.ledger.Fund(e.t.Context(), tx, req, sponsorID, cents); err != nil {
			return err
		}
		_, err := e.s.ledger.Release(e.t.Context(), tx, req, influencerID, 0)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// An influencer sets a payout account (an IBAN typed with spaces in lower case is
// kept normalised as country and last four) and replaces it (a US account); the
// answer and GET show the same; a bad number is bank_account_invalid naming the
// field; nobody else may set or read one.
func TestPayoutAccount_SetGetAndRefusals(t *testing.T) {
	e := newEnv(t, Config{})
	inflID, tok := e.account(domain.RoleInfluencer)
	_, sponsor := e.account(domain.RoleSponsor)
	_, admin := e.account(domain.RoleAdmin)

	status, _, body := e.do(http.MethodGet, payoutAccountPath, tok, nil)
	e.wantError(status, body, http.StatusNotFound, domain.CodeNotFound)

	status, body = e.setPayoutAccount(tok, ibanBody("  Maya Cooks ", strings.ToLower(okIBAN)))
	var pa PayoutAccount
	if status != http.StatusOK || json.Unmarshal(body, &pa) != nil || pa.Kind != "iban" || pa.Country != "DE" ||
		pa.Last4 != "3000" || pa.Holder != "Maya Cooks" || !pa.UpdatedAt.Equal(e.clock.Now()) {
		t.Fatalf("set: %d %s", status, body)
	}
	status, _, body = e.do(http.MethodGet, payoutAccountPath, tok, nil)
	var got PayoutAccount
	if status != http.StatusOK || json.Unmarshal(body, &got) != nil || got != pa {
		t.Fatalf("get: %d %s, want %+v", status, body, pa)
	}
	status, body = e.setPayoutAccount(tok, map[string]string{"kind": "us", "holder": "Maya Cooks",
		"routing_number": okRouting, "account_number": okUSAcct})
	if status != http.StatusOK || json.Unmarshal(body, &pa) != nil || pa.Kind != "us" || pa.Country != "US" || pa.Last4 != "6789" {
		t.Fatalf("replace: %d %s", status, body)
	}
	if n := e.count(`SELECT COUNT(*) FROM payout_accounts WHERE account_id = ? AND token LIKE 'btok_%'`, inflID); n != 1 {
		t.Fatalf("%d payout accounts kept", n)
	}

	for _, tc := range []struct {
		body any
		want string
	}{
		{ibanBody("Maya", "DE89 3704 0044 0532 0130 01"), "check digits do not match"},
		{ibanBody("Maya", "DE89 3704 0044 0532 0130"), "from DE has 22 characters"},
		{ibanBody("", okIBAN), "holder's name"},
		{map[string]string{"kind": "us", "holder": "Maya", "routing_number": "021000022", "account_number": okUSAcct}, "routing number's check digit"},
		{map[string]string{"kind": "us", "holder": "Maya", "routing_number": okRouting, "account_number": "12"}, "4 to 17 digits"},
		{map[string]string{"kind": "swift", "holder": "Maya"}, "choose an IBAN"},
	} {
		status, body := e.setPayoutAccount(tok, tc.body)
		if d := e.wantError(status, body, http.StatusBadRequest, domain.CodeBankAccountInvalid); !strings.Contains(d.Message, tc.want) {
			t.Errorf("%v: %s, want %q", tc.body, d.Message, tc.want)
		}
	}
	// An account number sent as a JSON number is refused without being quoted.
	status, body = e.setPayoutAccount(tok, map[string]any{"kind": "us", "holder": "Maya", "routing_number": okRouting, "account_number": 123456789})
	e.wantError(status, body, http.StatusBadRequest, domain.CodeInvalidArgument)
	if bytes.Contains(body, []byte("123456789")) {
		t.Errorf("the error quotes the number: %s", body)
	}
	if status, _, _ := e.do(http.MethodGet, payoutAccountPath, tok, nil); status != http.StatusOK {
		t.Fatal("the refusals changed the account")
	}

	for _, who := range []string{sponsor, admin} {
		status, body := e.setPayoutAccount(who, ibanBody("Maya", okIBAN))
		e.wantError(status, body, http.StatusForbidden, domain.CodeForbidden)
		status, _, body = e.do(http.MethodGet, payoutAccountPath, who, nil)
		e.wantError(status, body, http.StatusForbidden, domain.CodeForbidden)
	}
	e.s.db.W.MustExec(`UPDATE accounts SET flagged = 1 WHERE id = ?`, inflID)
	status, body = e.setPayoutAccount(tok, ibanBody("Maya", okIBAN))
	e.wantError(status, body, http.StatusForbidden, domain.CodeFlagged)
	if status, _, _ := e.do(http.MethodGet, payoutAccountPath, tok, nil); status != http.StatusOK {
		t.Fatal("a flagged influencer no longer reads its account")
	}
	e.s.db.W.MustExec(`UPDATE accounts SET flagged = 0, active = 0 WHERE id = ?`, inflID)
	status, body = e.setPayoutAccount(tok, ibanBody("Maya", okIBAN))
	e.wantError(status, body, http.StatusForbidden, domain.CodeForbidden)
	status, _, body = e.do(http.MethodGet, payoutAccountPath, tok, nil)
	e.wantError(status, body, http.StatusForbidden, domain.CodeForbidden)
}

// A payout takes available earnings to the bank once per key, in the same write
// as its record; above what is available it is insufficient_funds and keeps
// nothing; the wallet says pending, available and paid.
func TestPayout_PaysOnceWithinEarnings(t *testing.T) {
	e := newEnv(t, Config{})
	inflID, tok := e.account(domain.RoleInfluencer)

	status, _, body := e.requestPayout(tok, "p0", 100)
	e.wantError(status, body, http.StatusConflict, domain.CodeInvalidTransition) // no account yet
	if status, body := e.setPayoutAccount(tok, ibanBody("Maya Cooks", okIBAN)); status != http.StatusOK {
		t.Fatalf("set: %d %s", status, body)
	}
	status, _, body = e.requestPayout(tok, "p1", 100)
	if d := e.wantError(status, body, http.StatusConflict, domain.CodeInsufficientFunds); !strings.Contains(d.Message, "holds 0 cents") {
		t.Fatalf("no earnings: %s", d.Message)
	}
	e.earn(inflID, 120_00)

	var first Payout
	for i := range 2 { // the answer lost, the payout retried with the same key
		status, h, body := e.requestPayout(tok, "p1", 100_00)
		p := readPayout(t, body)
		if status != http.StatusCreated || p.Status != payoutPaid || p.Amount != 100_00 || p.Last4 != "3000" || p.Kind != "iban" ||
			p.TransactionID == "" || p.Failure != nil || (h.Get("Idempotent-Replayed") == "true") != (i == 1) {
			t.Fatalf("payout %d: %d %v %s", i, status, h, body)
		}
		if i == 0 {
			first = p
		} else if !reflect.DeepEqual(p, first) {
			t.Fatalf("the retry answered %+v, want %+v", p, first)
		}
	}
	status, _, body = e.requestPayout(tok, "p1", 5_00)
	e.wantError(status, body, http.StatusConflict, domain.CodeIdempotencyConflict)
	status, _, body = e.requestPayout(tok, "p2", 20_01)
	e.wantError(status, body, http.StatusConflict, domain.CodeInsufficientFunds)
	if n := e.count(`SELECT COUNT(*) FROM payouts WHERE account_id = ?`, inflID); n != 1 {
		t.Fatalf("%d payouts kept, want 1", n)
	}
	if got, err := ledger.Balance(t.Context(), e.s.db.R, ledger.InfluencerEarnings, inflID); err != nil || got != 20_00 {
		t.Fatalf("earnings %d, %v; want 2000", got, err)
	}
	if status, _, body := e.requestPayout(tok, "p2", 20_00); status != http.StatusCreated {
		t.Fatalf("the rest, with the key that was refused: %d %s", status, body)
	}

	status, w := e.wallet(tok)
	if status != http.StatusOK || w.Balance != 0 || *w.Available != 0 || *w.Paid != 120_00 || *w.Pending != 0 {
		t.Fatalf("wallet: %d %+v", status, w)
	}
	kinds := []ledger.Kind{}
	for _, en := range w.Entries {
		kinds = append(kinds, en.Kind)
	}
	if !slices.Equal(kinds, []ledger.Kind{ledger.KindRelease, ledger.KindPayout, ledger.KindPayout}) {
		t.Fatalf("statement kinds %v", kinds)
	}
	status, _, body = e.do(http.MethodGet, payoutsPath, tok, nil)
	var list Payouts
	if status != http.StatusOK || json.Unmarshal(body, &list) != nil || len(list.Payouts) != 2 ||
		list.Payouts[0].Amount != 20_00 || list.Payouts[1].ID != first.ID {
		t.Fatalf("list: %d %s", status, body)
	}

	status, _, body = e.requestPayout(tok, "", 1)
	e.wantError(status, body, http.StatusBadRequest, domain.CodeInvalidArgument)
	status, _, body = e.requestPayout(tok, "p3", 0)
	e.wantError(status, body, http.StatusBadRequest, domain.CodeInvalidArgument)
}

// The processor's test accounts that fail: the payout is kept as failed with its
// reason (replayed for its key), nothing is posted, the earnings stay.
func TestPayout_TestAccountsFail(t *testing.T) {
	e := newEnv(t, Config{})
	inflID, tok := e.account(domain.RoleInfluencer)
	e.earn(inflID, 50_00)
	for i, tc := range []struct {
		body any
		code string
	}{
		{ibanBody("Maya", closedIBAN), "account_closed"},
		{ibanBody("Maya", noAcctIBAN), "no_account"},
		{map[string]string{"kind": "us", "holder": "Maya", "routing_number": okRouting, "account_number": closedUS}, "account_closed"},
	} {
		if status, body := e.setPayoutAccount(tok, tc.body); status != http.StatusOK {
			t.Fatalf("set: %d %s", status, body)
		}
		key := "fail-" + string(rune('a'+i))
		for range 2 {
			status, _, body := e.requestPayout(tok, key, 10_00)
			p := readPayout(t, body)
			if status != http.StatusPaymentRequired || p.Status != payoutFailed || p.Failure == nil || p.Failure.Code != tc.code ||
				p.Error == nil || p.Error.Code != string(domain.CodePayoutFailed) || p.TransactionID != "" {
				t.Fatalf("%s: %d %s", tc.code, status, body)
			}
		}
	}
	if got, _ := ledger.Balance(t.Context(), e.s.db.R, ledger.InfluencerEarnings, inflID); got != 50_00 {
		t.Fatalf("earnings %d after failed payouts, want 5000", got)
	}
	if n := e.count(`SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'payout'`); n != 0 {
		t.Fatalf("%d payout transactions posted", n)
	}
	if _, w := e.wallet(tok); *w.Paid != 0 || *w.Available != 50_00 {
		t.Fatalf("wallet %+v", w)
	}
}

// Pending is the escrow of the influencer's own accepted requests, nobody else's;
// a sponsor's wallet has no pending, available or paid.
func TestWallet_InfluencerPending(t *testing.T) {
	e := newEnv(t, Config{})
	sponsor, stok := e.account(domain.RoleSponsor)
	e.s.db.W.MustExec(`UPDATE sponsor_profiles SET approval = 'approved' WHERE account_id = ?`, sponsor)
	infl, itok := e.account(domain.RoleInfluencer)
	other, otok := e.account(domain.RoleInfluencer)
	if status, _, body := e.charge(stok, "top", chargeBody(500_00, "4242424242424242", "123")); status != http.StatusCreated {
		t.Fatalf("top-up: %d %s", status, body)
	}
	camp, req, offer := domain.NewID(), domain.NewID(), domain.NewID()
	cc := draft(camp)
	cc.Publish = true
	e.mustPush(stok, domain.NewID(), mut(1, "campaign.create", cc),
		mut(2, "adRequest.send", mutate.AdRequestSend{ID: req, OfferID: offer, CampaignID: camp, InfluencerID: infl,
			Amount: 50_00, Requirements: "One reel", Deliverables: []domain.DeliverableTerm{
				{Platform: "instagram", ContentType: "reel", Quantity: 1, DueDate: "2030-04-10", Brief: "Show the box"}}}))
	e.mustPush(itok, domain.NewID(), mut(1, "adRequest.accept", mutate.AdRequestAccept{AdRequestID: req, OfferID: offer}))
	// Funded at acceptance (docs/money.md); Fund replays when the accept did it.
	if err := e.s.db.Write(t.Context(), func(tx *sqlx.Tx) error {
		_, err := e.s.ledger.Fund(t.Context(), tx, req, sponsor, 50_00)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	e.earn(other, 7_00)
	if _, w := e.wallet(itok); w.Pending == nil || *w.Pending != 50_00 || *w.Available != 0 || *w.Paid != 0 {
		t.Fatalf("the influencer's wallet: %+v", w)
	}
	if _, w := e.wallet(otok); *w.Pending != 0 || *w.Available != 7_00 {
		t.Fatalf("another influencer's wallet: %+v", w)
	}
	status, _, body := e.do(http.MethodGet, walletPath, stok, nil)
	if status != http.StatusOK || bytes.Contains(body, []byte(`"pending"`)) || bytes.Contains(body, []byte(`"paid"`)) {
		t.Fatalf("the sponsor's wallet: %d %s", status, body)
	}
}

// Two payouts at once against one balance: exactly what is available is paid,
// never more, whatever the order.
func TestPayout_ConcurrentAgainstOneBalance(t *testing.T) {
	e := newEnv(t, Config{})
	inflID, tok := e.account(domain.RoleInfluencer)
	e.earn(inflID, 100_00)
	if status, body := e.setPayoutAccount(tok, ibanBody("Maya", okIBAN)); status != http.StatusOK {
		t.Fatalf("set: %d %s", status, body)
	}
	const n = 8 // 8 × 30.00 against 100.00: 3 are paid
	var wg sync.WaitGroup
	statuses := make([]int, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			statuses[i], _, _ = e.requestPayout(tok, "race-"+string(rune('a'+i)), 30_00)
		}()
	}
	close(start)
	wg.Wait()
	paid := 0
	for _, s := range statuses {
		switch s {
		case http.StatusCreated:
			paid++
		case http.StatusConflict:
		default:
			t.Fatalf("statuses %v", statuses)
		}
	}
	if paid != 3 {
		t.Fatalf("%d paid (%v), want 3", paid, statuses)
	}
	if got, _ := ledger.Balance(t.Context(), e.s.db.R, ledger.InfluencerEarnings, inflID); got != 10_00 {
		t.Fatalf("earnings %d, want 1000", got)
	}
}

// The whole IBAN or account number is in no answer, no log line and no byte of
// the database files; the last four are.
func TestPayout_NumberNeverKept(t *testing.T) {
	e := newEnv(t, Config{})
	inflID, tok := e.account(domain.RoleInfluencer)
	e.earn(inflID, 10_00)
	var answers bytes.Buffer
	for _, b := range []any{ibanBody("Maya", okIBAN), ibanBody("Maya", closedIBAN),
		map[string]string{"kind": "us", "holder": "Maya", "routing_number": okRouting, "account_number": okUSAcct}} {
		_, body := e.setPayoutAccount(tok, b)
		answers.Write(body)
		_, _, body = e.requestPayout(tok, domain.NewID(), 1_00)
		answers.Write(body)
		_, _, body = e.do(http.MethodGet, payoutAccountPath, tok, nil)
		answers.Write(body)
	}
	logs := e.logs.String()
	if !strings.Contains(logs, `"msg":"payout account"`) || !strings.Contains(logs, "6789") {
		t.Fatalf("nothing logged: %.400s", logs)
	}
	e.stop()
	places := map[string][]byte{"answers": answers.Bytes(), "logs": []byte(logs), "database": e.databaseBytes()}
	for _, n := range []string{okIBAN, closedIBAN, okUSAcct} {
		compact := strings.ReplaceAll(n, " ", "")
		for _, s := range []string{compact, compact[:len(compact)-4], n[:9]} {
			for where, b := range places {
				if bytes.Contains(b, []byte(s)) {
					t.Errorf("%q is in the %s", s, where)
				}
			}
		}
	}
}

// docs/openapi.yaml describes the payout types field for field.
func TestOpenAPI_PayoutTypes(t *testing.T) {
	doc := loadOpenAPI(t)
	for name, v := range map[string]any{"PayoutAccount": PayoutAccount{}, "PayoutAccountInput": bank.Input{},
		"PayoutRequest": PayoutRequest{}, "Payout": Payout{}, "PayoutFailure": PayoutFailure{}, "Payouts": Payouts{}} {
		typ := reflect.TypeOf(v)
		schema, ok := doc.Components.Schemas[name]
		if !ok {
			t.Errorf("no schema %s", name)
			continue
		}
		var fields, props []string
		for f := range typ.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			fields = append(fields, name)
		}
		for p := range schema.Properties {
			props = append(props, p)
		}
		sort.Strings(fields)
		sort.Strings(props)
		if !slices.Equal(fields, props) {
			t.Errorf("%s: got properties %v, want the Go fields %v", typ.Name(), props, fields)
		}
	}
}
