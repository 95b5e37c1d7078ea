package queries

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// Messages are listed for the deal's parties, oldest first, with author, body
// and attachments; each is in both parties' timelines with its author and body;
// one this desktop still has in the outbox is marked queued; a stranger's list is
// not_found.
func TestDealMessages_ListAndTimeline(t *testing.T) {
	w := newDealWorld(t)
	pdf := blobs.Ref{SHA256: strings.Repeat("ab", 32), Name: "brief.pdf", Size: 120, ContentType: blobs.TypePDF}
	first, second := domain.NewID(), domain.NewID()
	w.run(t, w.infl, &mutate.AdRequestMessage{ID: first, AdRequestID: w.req, Body: "Which logo version?"})
	w.run(t, w.sponsor, &mutate.AdRequestMessage{ID: second, AdRequestID: w.req, Body: "The blue one, see the brief",
		Attachments: []blobs.Ref{pdf}})

	for _, v := range []Viewer{w.infl, w.sponsor, w.adm} {
		ms, err := DealMessages(bg, w.st.R, v, w.req)
		if err != nil {
			t.Fatalf("%s: %v", v.Role, err)
		}
		if len(ms) != 2 || ms[0].ID != first || ms[0].AuthorRole != "influencer" || ms[0].Body != "Which logo version?" ||
			len(ms[0].Attachments) != 0 || ms[1].AuthorRole != "sponsor" || len(ms[1].Attachments) != 1 ||
			ms[1].Attachments[0] != pdf || !ms[0].CreatedAt.Before(ms[1].CreatedAt) || ms[1].AuthorName == "" {
			t.Fatalf("%s's messages = %+v", v.Role, ms)
		}
		if ms[0].Mine != (v == w.infl) || ms[1].Mine != (v == w.sponsor) {
			t.Errorf("%s: mine = %v, %v", v.Role, ms[0].Mine, ms[1].Mine)
		}
		d := w.deal(t, v)
		if !reflect.DeepEqual(d.Messages, ms) {
			t.Errorf("%s: the deal's messages = %+v, want the list %+v", v.Role, d.Messages, ms)
		}
		var got []DealEvent
		for _, e := range d.Timeline {
			if e.Kind == "message" {
				got = append(got, e)
			}
		}
		if len(got) != 2 || got[0].By != "influencer" || got[0].Text != "Which logo version?" ||
			got[1].By != "sponsor" || got[1].Text != "The blue one, see the brief" || !got[0].At.Equal(ms[0].CreatedAt) {
			t.Errorf("%s's timeline messages = %+v", v.Role, got)
		}
		// In time order with the rest: after the accept.
		kinds := []string{}
		for _, e := range d.Timeline {
			kinds = append(kinds, e.Kind)
		}
		if i, j := slices.Index(kinds, "request.accepted"), slices.Index(kinds, "message"); i < 0 || j < i {
			t.Errorf("%s's timeline %v: the messages come after the accept", v.Role, kinds)
		}
	}

	// A message still in the outbox is queued; once acknowledged it is not.
	w.exec(`INSERT INTO outbox (mutation_id, name, args_json, created_at) VALUES ((SELECT COALESCE(MAX(mutation_id), 0) + 1 FROM outbox), 'adRequest.message', ?, ?)`,
		`{"id":"`+second+`","ad_request_id":"`+w.req+`","body":"x"}`, worldTime)
	// A refused entry is not queued (it is a sync issue; its row was undone).
	w.exec(`INSERT INTO outbox (mutation_id, name, args_json, created_at, status, code, message)
		VALUES ((SELECT MAX(mutation_id) + 1 FROM outbox), 'adRequest.message', ?, ?, 'rejected', 'not_found', 'x')`,
		`{"id":"`+first+`","ad_request_id":"`+w.req+`","body":"x"}`, worldTime)
	ms, err := DealMessages(bg, w.st.R, w.sponsor, w.req)
	if err != nil || ms[0].Queued || !ms[1].Queued {
		t.Fatalf("queued: %+v, %v", ms, err)
	}
	w.exec(`DELETE FROM outbox WHERE name = 'adRequest.message'`)
	if ms, _ := DealMessages(bg, w.st.R, w.sponsor, w.req); ms[1].Queued {
		t.Fatalf("acknowledged message still queued: %+v", ms[1])
	}

	stranger := Viewer{AccountID: domain.NewID(), Role: domain.RoleInfluencer}
	if _, err := DealMessages(bg, w.st.R, stranger, w.req); code(err) != domain.CodeNotFound {
		t.Errorf("a stranger's messages: %v, want not_found", err)
	}
	if _, err := DealMessages(bg, w.st.R, w.infl, ""); code(err) != domain.CodeInvalidArgument {
		t.Errorf("no id: %v, want invalid_argument", err)
	}
}

// A deal without messages has an empty list, not null.
func TestDealMessages_NoneIsEmpty(t *testing.T) {
	w := newDealWorld(t)
	if d := w.deal(t, w.infl); d.Messages == nil || len(d.Messages) != 0 {
		t.Fatalf("messages = %#v, want an empty list", d.Messages)
	}
}
