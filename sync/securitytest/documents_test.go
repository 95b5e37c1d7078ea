package securitytest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"iescp/backend/domain"
)

// TestOthersDocumentsAnswerNotFound: a sponsor's receipt (a real card top-up) is
// read by its owner; another sponsor and an influencer get 404 not_found in the
// words of an id that exists nowhere, its number is in nobody else's list, and
// the owner's top-up is in nobody else's ledger CSV.
func TestOthersDocumentsAnswerNotFound(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	owner := register(t, s, "sponsor", "docOwner")
	stranger := register(t, s, "sponsor", "docStranger")
	infl := register(t, s, "influencer", "docInfluencer")
	req, err := http.NewRequest("POST", s.URL+"/v1/payments/charges", strings.NewReader(
		`{"amount":4321,"currency":"usd","card":{"number":"4242424242424242","expiry":"12/34","cvc":"123","name":"A"}}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+owner.access)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", domain.NewID())
	resp, err := owner.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("charge: %d", resp.StatusCode)
	}

	var list struct {
		Documents []struct {
			ID            string `json:"id"`
			Label         string `json:"label"`
			TransactionID string `json:"transaction_id"`
		} `json:"documents"`
	}
	r := do(t, owner.http, "GET", s.URL+"/v1/documents", owner.access, nil)
	if r.Status != http.StatusOK || json.Unmarshal(r.Body, &list) != nil || len(list.Documents) != 1 {
		t.Fatalf("the owner's documents: %d %s", r.Status, clip(string(r.Body)))
	}
	doc := list.Documents[0]
	if r := do(t, owner.http, "GET", s.URL+"/v1/documents/"+doc.ID, owner.access, nil); r.Status != http.StatusOK ||
		!strings.Contains(string(r.Body), `"gross":4321`) {
		t.Fatalf("control: the owner reads the receipt: %d %s", r.Status, clip(string(r.Body)))
	}
	missing := do(t, stranger.http, "GET", s.URL+"/v1/documents/"+domain.NewID(), stranger.access, nil).
		expectError(t, http.StatusNotFound, "not_found")
	for _, a := range []*actor{stranger, infl} {
		e := do(t, a.http, "GET", s.URL+"/v1/documents/"+doc.ID, a.access, nil).expectError(t, http.StatusNotFound, "not_found")
		if e.Message != missing.Message {
			t.Errorf("%s reads the receipt: %q, not the words of a missing one %q", a.Name, e.Message, missing.Message)
		}
		for path, leak := range map[string]string{"/v1/documents": doc.ID, "/v1/ledger.csv": doc.TransactionID} {
			r := do(t, a.http, "GET", s.URL+path, a.access, nil)
			if r.Status != http.StatusOK || strings.Contains(string(r.Body), leak) {
				t.Errorf("%s's %s: %d, holds the owner's %s: %s", a.Name, path, r.Status, leak, clip(string(r.Body)))
			}
		}
	}
	for _, path := range []string{"/v1/documents", "/v1/documents/" + doc.ID, "/v1/ledger.csv"} {
		do(t, newClient(), "GET", s.URL+path, "", nil).expectError(t, http.StatusUnauthorized, "unauthenticated")
	}
}
