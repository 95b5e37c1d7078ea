package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// The test env's clock reads 2030-03-01: this expiry is in the future.
const (
	testExpiry = "11/37"
	testHolder = "Quintessa Vexworth"
)

func chargeBody(amount int64, number, cvc string) map[string]any {
	return map[string]any{"amount": amount, "currency": "usd",
		"card": map[string]any{"number": number, "expiry": testExpiry, "cvc": cvc, "name": testHolder}}
}

// charge posts a charge as token with an Idempotency-Key (none when key is "").
func (e *testEnv) charge(token, key string, body any) (int, http.Header, []byte) {
	e.t.Helper()
	h := map[string]string{"Authorization": "Bearer " + token}
	if key != "" {
		h["Idempotency-Key"] = key
	}
	return e.doWith("POST", chargesPath, h, body)
}

func readCharge(t *testing.T, body []byte) Charge {
	t.Helper()
	var ch Charge
	if err := json.Unmarshal(body, &ch); err != nil {
		t.Fatalf("charge answer %.200q: %v", body, err)
	}
	return ch
}

// Every documented test card answers as docs/money.md says.
func TestCharge_TestCards(t *testing.T) {
	e := newEnv(t, Config{})
	_, tok := e.account(domain.RoleSponsor)
	for i, c := range []struct {
		number, cvc, brand, last4 string
		status                    int
		decline                   string
	}{
		{"4242 4242 4242 4242", "123", "visa", "4242", 201, ""},
		{"5555-5555-5555-4444", "123", "mastercard", "4444", 201, ""},
		{"2223003122003222", "123", "mastercard", "3222", 201, ""},
		{"378282246310005", "1234", "amex", "0005", 201, ""},
		{"6011111111111117", "123", "discover", "1117", 201, ""},
		{"3566002020360505", "123", "jcb", "0505", 201, ""},
		{"3056930009020004", "123", "diners", "0004", 201, ""},
		{"6200000000000005", "123", "unionpay", "0005", 201, ""},
		{"4000000000000002", "123", "visa", "0002", 402, "generic_decline"},
		{"4000000000009995", "123", "visa", "9995", 402, "insufficient_funds"},
		{"4000000000000069", "123", "visa", "0069", 402, "expired_card"},
		{"4000000000000127", "123", "visa", "0127", 402, "incorrect_cvc"},
	} {
		status, _, body := e.charge(tok, fmt.Sprintf("key-%d", i), chargeBody(1500, c.number, c.cvc))
		if status != c.status {
			t.Fatalf("%s: got %d %s, want %d", c.number, status, body, c.status)
		}
		ch := readCharge(t, body)
		if !domain.ValidID(ch.ID) || ch.Brand != c.brand || ch.Last4 != c.last4 || ch.Amount != 1500 || ch.Currency != "usd" {
			t.Errorf("%s: got %+v", c.number, ch)
		}
		if c.decline == "" {
			if ch.Status != "succeeded" || ch.Decline != nil || ch.Error != nil {
				t.Errorf("%s: got %s", c.number, body)
			}
			continue
		}
		if ch.Status != "declined" || ch.Decline == nil || ch.Decline.Code != c.decline || ch.Decline.Reason == "" ||
			ch.Error == nil || ch.Error.Code != string(domain.CodeCardDeclined) || ch.Error.Message != ch.Decline.Reason {
			t.Errorf("%s: got %s, want a %s decline", c.number, body, c.decline)
		}
	}
	if n := e.count(`SELECT COUNT(*) FROM processor_charges WHERE status = 'succeeded'`); n != 8 {
		t.Errorf("%d succeeded charges kept, want 8", n)
	}
	if n := e.count(`SELECT COUNT(*) FROM processor_charges WHERE status = 'declined' AND decline_code <> ''`); n != 4 {
		t.Errorf("%d declined charges kept, want 4", n)
	}

	// The processing-error card fails like an outage: 502, retryable, nothing kept,
	// and its retry with the same key is tried again (and fails again).
	for range 2 {
		status, h, body := e.charge(tok, "key-outage", chargeBody(1500, "4000000000000119", "123"))
		e.wantError(status, body, http.StatusBadGateway, domain.CodeProcessingError)
		if h.Get("Retry-After") == "" {
			t.Error("a processing error has no Retry-After")
		}
	}
	if n := e.count(`SELECT COUNT(*) FROM processor_charges WHERE idempotency_key = 'key-outage'`); n != 0 {
		t.Errorf("a processing error kept %d rows", n)
	}
}

// The same key with the same request answers the first answer and charges once,
// however the number was spaced; with another request it is refused; keys are
// per account.
func TestCharge_Idempotency(t *testing.T) {
	e := newEnv(t, Config{})
	_, tok := e.account(domain.RoleSponsor)
	_, other := e.account(domain.RoleSponsor)
	status, h, body := e.charge(tok, "k1", chargeBody(2500, "4242 4242 4242 4242", "123"))
	if status != http.StatusCreated || h.Get("Idempotent-Replayed") != "" {
		t.Fatalf("first: %d %v %s", status, h, body)
	}
	first := readCharge(t, body)
	// The answer was lost; the desktop retries.
	status, h, body = e.charge(tok, "k1", chargeBody(2500, "4242-4242-4242-4242", "123"))
	if status != http.StatusCreated || h.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry: %d %v %s", status, h, body)
	}
	if again := readCharge(t, body); again.ID != first.ID || again.Amount != 2500 || again.Status != "succeeded" {
		t.Errorf("retry: got %+v, want %+v", again, first)
	}
	for _, b := range []any{
		chargeBody(2600, "4242424242424242", "123"), // another amount
		chargeBody(2500, "5555555555554444", "123"), // another card
		chargeBody(2500, "4242424242424242", "124"), // another CVC
	} {
		status, _, body := e.charge(tok, "k1", b)
		e.wantError(status, body, http.StatusConflict, domain.CodeIdempotencyConflict)
	}
	// Another account's k1 is its own payment.
	status, _, body = e.charge(other, "k1", chargeBody(2500, "4242424242424242", "123"))
	if status != http.StatusCreated || readCharge(t, body).ID == first.ID {
		t.Errorf("another account's k1: %d %s", status, body)
	}
	// A decline is replayed as the decline.
	status, _, _ = e.charge(tok, "k2", chargeBody(900, "4000000000009995", "123"))
	status2, h, body := e.charge(tok, "k2", chargeBody(900, "4000000000009995", "123"))
	if status != 402 || status2 != 402 || h.Get("Idempotent-Replayed") != "true" ||
		readCharge(t, body).Decline.Code != "insufficient_funds" {
		t.Errorf("declined retry: %d %d %s", status, status2, body)
	}
	if n := e.count(`SELECT COUNT(*) FROM processor_charges`); n != 3 {
		t.Errorf("%d charges kept, want 3 (k1 twice, k2)", n)
	}
}

// Retries racing each other (a desktop that retried while the first answer was
// still on its way) charge once.
func TestCharge_ConcurrentRetriesChargeOnce(t *testing.T) {
	e := newEnv(t, Config{})
	_, tok := e.account(domain.RoleSponsor)
	const n = 8
	ids := make([]string, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			b, _ := json.Marshal(chargeBody(4200, "4242424242424242", "123"))
			req, _ := http.NewRequest("POST", e.url+chargesPath, bytes.NewReader(b))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Idempotency-Key", "race")
			resp, err := e.hc.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			var ch Charge
			if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&ch) != nil {
				t.Errorf("racing retry: %d", resp.StatusCode)
			}
			ids[i] = ch.ID
		})
	}
	close(start)
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] || id == "" {
			t.Fatalf("racing retries got charges %v", ids)
		}
	}
	if c := e.count(`SELECT COUNT(*) FROM processor_charges`); c != 1 {
		t.Errorf("%d charges kept, want 1", c)
	}
}

func TestCharge_Refusals(t *testing.T) {
	sponsor := func(e *testEnv) string { _, tok := e.account(domain.RoleSponsor); return tok }
	key := map[string]string{"Idempotency-Key": "k"}
	good := chargeBody(1000, "4242424242424242", "123")
	with := func(f func(b map[string]any)) map[string]any {
		b := chargeBody(1000, "4242424242424242", "123")
		f(b)
		return b
	}
	card := func(field, v string) map[string]any {
		return with(func(b map[string]any) { b["card"].(map[string]any)[field] = v })
	}
	none := map[string]int64{`SELECT COUNT(*) FROM processor_charges`: 0}
	secret := []string{"4242424242424242", "424242424242", "4242 4242", "11/37", testHolder}
	scenarios := []scenario{
		{name: "no token", url: chargesPath, headers: key, body: good, status: 401, code: domain.CodeUnauthenticated, db: none},
		{name: "influencer", url: chargesPath, headers: key, body: good, status: 403, code: domain.CodeForbidden, db: none,
			token: func(e *testEnv) string { _, tok := e.account(domain.RoleInfluencer); return tok }},
		{name: "admin", url: chargesPath, headers: key, body: good, status: 403, code: domain.CodeForbidden, db: none,
			token: func(e *testEnv) string { _, tok := e.account(domain.RoleAdmin); return tok }},
		{name: "deactivated sponsor", url: chargesPath, headers: key, body: good, status: 403, code: domain.CodeForbidden, db: none,
			token: func(e *testEnv) string {
				id, tok := e.account(domain.RoleSponsor)
				if _, err := e.s.db.W.Exec(`UPDATE accounts SET active = 0 WHERE id = ?`, id); err != nil {
					e.t.Fatal(err)
				}
				return tok
			}},
		{name: "GET", method: "GET", url: chargesPath, token: sponsor, status: 405, code: domain.CodeMethodNotAllowed},
		{name: "no Idempotency-Key", url: chargesPath, token: sponsor, body: good, status: 400, code: domain.CodeInvalidArgument, db: none},
		{name: "Idempotency-Key too long", url: chargesPath, token: sponsor, headers: map[string]string{"Idempotency-Key": strings.Repeat("k", 256)},
			body: good, status: 400, code: domain.CodeInvalidArgument, db: none},
		{name: "Idempotency-Key with a space", url: chargesPath, token: sponsor, headers: map[string]string{"Idempotency-Key": "a b"},
			body: good, status: 400, code: domain.CodeInvalidArgument, db: none},
		{name: "amount 0", url: chargesPath, token: sponsor, headers: key, body: with(func(b map[string]any) { b["amount"] = 0 }),
			status: 400, code: domain.CodeInvalidArgument, db: none, absent: secret},
		{name: "amount negative", url: chargesPath, token: sponsor, headers: key, body: with(func(b map[string]any) { b["amount"] = -5 }),
			status: 400, code: domain.CodeInvalidArgument, db: none},
		{name: "amount over the maximum", url: chargesPath, token: sponsor, headers: key,
			body: with(func(b map[string]any) { b["amount"] = mutate.MaxAmount + 1 }), status: 400, code: domain.CodeInvalidArgument, db: none},
		{name: "amount as a float", url: chargesPath, token: sponsor, headers: key, body: with(func(b map[string]any) { b["amount"] = 10.5 }),
			status: 400, code: domain.CodeInvalidArgument, db: none, absent: secret},
		{name: "another currency", url: chargesPath, token: sponsor, headers: key, body: with(func(b map[string]any) { b["currency"] = "eur" }),
			status: 400, code: domain.CodeInvalidArgument, db: none},
		{name: "an unknown field", url: chargesPath, token: sponsor, headers: key, body: with(func(b map[string]any) { b["4242424242424242"] = 1 }),
			status: 400, code: domain.CodeInvalidArgument, db: none, absent: secret},
		{name: "the number as a JSON number", url: chargesPath, token: sponsor, headers: key,
			body:   `{"amount":1000,"currency":"usd","card":{"number":4242424242424242,"expiry":"11/37","cvc":"123","name":"Quintessa Vexworth"}}`,
			status: 400, code: domain.CodeInvalidArgument, db: none, absent: secret},
		{name: "malformed JSON", url: chargesPath, token: sponsor, headers: key, body: `{"card":{"number":"4242424242424242",`,
			status: 400, code: domain.CodeInvalidArgument, db: none, absent: secret},
		{name: "body too large", url: chargesPath, token: sponsor, headers: key, body: card("name", strings.Repeat("x", 5000)),
			status: 413, code: domain.CodePayloadTooLarge, db: none},
		{name: "Luhn", url: chargesPath, token: sponsor, headers: key, body: card("number", "4242424242424241"),
			status: 400, code: domain.CodeCardInvalid, db: none, absent: []string{"424242424242"}},
		{name: "letters in the number", url: chargesPath, token: sponsor, headers: key, body: card("number", "4242 4242 4242 42x2"),
			status: 400, code: domain.CodeCardInvalid, db: none, absent: []string{"4242 4242"}},
		{name: "unknown brand", url: chargesPath, token: sponsor, headers: key, body: card("number", "1234567812345670"),
			status: 400, code: domain.CodeCardInvalid, db: none, absent: []string{"12345678"}},
		{name: "expired", url: chargesPath, token: sponsor, headers: key, body: card("expiry", "02/30"),
			status: 400, code: domain.CodeCardExpired, db: none, absent: secret},
		{name: "expiry too far", url: chargesPath, token: sponsor, headers: key, body: card("expiry", "01/51"),
			status: 400, code: domain.CodeCardInvalid, db: none},
		{name: "Amex with 3 CVC digits", url: chargesPath, token: sponsor, headers: key,
			body: chargeBody(1000, "378282246310005", "123"), status: 400, code: domain.CodeCardInvalid, db: none,
			absent: []string{"378282246310005"}},
		{name: "no name", url: chargesPath, token: sponsor, headers: key, body: card("name", ""),
			status: 400, code: domain.CodeInvalidArgument, db: none},
		{name: "a control character in the name", url: chargesPath, token: sponsor, headers: key, body: card("name", "a\x00b"),
			status: 400, code: domain.CodeInvalidArgument, db: none},
		{name: "succeeds", url: chargesPath, token: sponsor, headers: key, body: good, status: 201,
			contains: []string{`"status":"succeeded"`, `"brand":"visa"`, `"last4":"4242"`, `"amount":1000`},
			absent:   append(secret, "cvc", "expiry", "number"),
			events:   map[string]int{"charge": 1, "*": 0},
			db:       map[string]int64{`SELECT COUNT(*) FROM processor_charges WHERE last4 = '4242' AND brand = 'visa' AND amount = 1000`: 1}},
	}
	runScenarios(t, scenarios)
}

// After a run of every kind of charge, the card numbers, their expiry and the
// cardholder's name are nowhere: not in any answer, the log, the metrics or the
// database's files; and the charges table has no column that could hold them.
func TestCharge_CardNeverKept(t *testing.T) {
	e := newEnv(t, Config{})
	_, tok := e.account(domain.RoleSponsor)
	numbers := []string{"4242424242424242", "5555555555554444", "378282246310005", "4000000000000002",
		"4000000000009995", "4000000000000069", "4000000000000127", "4000000000000119", "4242424242424241"}
	var answers bytes.Buffer
	for i, n := range numbers {
		cvc := "123"
		if strings.HasPrefix(n, "37") {
			cvc = "1234"
		}
		spaced := n[:4] + " " + n[4:8] + " " + n[8:12] + " " + n[12:]
		for j, num := range []string{n, spaced} {
			key := fmt.Sprintf("k%d-%d", i, j)
			for range 2 { // each twice: the retry's path too
				_, h, body := e.charge(tok, key, chargeBody(int64(100+i), num, cvc))
				fmt.Fprintf(&answers, "%v %s\n", h, body)
			}
			_, h, body := e.charge(tok, key, chargeBody(int64(999), num, cvc)) // a conflict
			fmt.Fprintf(&answers, "%v %s\n", h, body)
		}
	}
	_, _, metrics := e.do("GET", "/metrics", "", nil)
	if n := e.count(`SELECT COUNT(*) FROM processor_charges`); n < 7*2 {
		t.Fatalf("only %d charges kept: the run did not charge", n)
	}
	cols := e.columns("processor_charges")
	if got := strings.Join(cols, ","); got != "id,account_id,idempotency_key,request_hash,amount,currency,brand,last4,status,decline_code,created_at" {
		t.Errorf("processor_charges has columns %s", got)
	}
	logs := e.logs.String()
	if !strings.Contains(logs, `"msg":"charge"`) || !strings.Contains(logs, `"last4":"4242"`) {
		t.Fatalf("the run logged no charge: %.500s", logs)
	}
	e.stop()
	files := e.databaseBytes()
	if len(files) == 0 {
		t.Fatal("no database read")
	}
	places := map[string][]byte{"answers": answers.Bytes(), "logs": []byte(logs), "metrics": metrics, "database": files}
	for _, n := range numbers {
		for _, s := range []string{n, n[:len(n)-4], n[:4] + " " + n[4:8], testExpiry, testHolder} {
			for where, b := range places {
				if bytes.Contains(b, []byte(s)) {
					t.Errorf("%q is in the %s", s, where)
				}
			}
		}
	}
	for _, s := range []string{`"cvc"`, `"expiry"`, `"number"`, "cvc=", "number="} {
		if bytes.Contains(answers.Bytes(), []byte(s)) || strings.Contains(logs, s) {
			t.Errorf("%s is in an answer or the log", s)
		}
	}
}

// docs/openapi.yaml describes the processor's types field for field.
func TestOpenAPI_PaymentTypes(t *testing.T) {
	doc := loadOpenAPI(t)
	for _, v := range []any{ChargeRequest{}, ChargeCard{}, Charge{}, Decline{}, Wallet{}} {
		typ := reflect.TypeOf(v)
		schema, ok := doc.Components.Schemas[typ.Name()]
		if !ok {
			t.Errorf("no schema %s", typ.Name())
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
