package mutate

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"iescp/backend/blobs"
)

// Limits of deal messages.
const (
	// MaxMessageBody bounds a message's body, in characters (trimmed).
	MaxMessageBody = maxText
	// messageExcerpt is how many characters of a message its notification quotes.
	messageExcerpt = 80
)

// AdRequestMessage is a message from one party of an ad request to the other,
// outside any offer, with at most blobs.MaxAttachments image/PDF attachments by
// reference (the bytes travel separately, docs/sync.md "Attachments"). ID is the
// client's (a UUIDv7), like every created row's.
type AdRequestMessage struct {
	ID          string      `json:"id"`
	AdRequestID string      `json:"ad_request_id"`
	Body        string      `json:"body"`
	Attachments []blobs.Ref `json:"attachments,omitempty"`
}

func (a *AdRequestMessage) Validate() error {
	var v checker
	v.id("id", a.ID)
	v.id("ad_request_id", a.AdRequestID)
	v.text("body", &a.Body, 1, MaxMessageBody)
	v.attachments("attachments", a.Attachments)
	return v.result()
}

func (*AdRequestMessage) Mutation() string { return "adRequest.message" }

// attachments checks a list of blob references: at most blobs.MaxAttachments,
// each well formed (blobs.CheckRef), none twice.
func (v *checker) attachments(field string, atts []blobs.Ref) {
	if len(atts) > blobs.MaxAttachments {
		v.fail("%s must have at most %d items", field, blobs.MaxAttachments)
	}
	seen := map[string]bool{}
	for i := range atts {
		if msg := blobs.CheckRef(&atts[i]); msg != "" {
			v.fail("%s[%d]: %s", field, i, msg)
		} else if seen[atts[i].SHA256] {
			v.fail("%s[%d] is attached twice", field, i)
		}
		seen[atts[i].SHA256] = true
	}
}

// MAdRequestMessage: either party writes to the other about their request, in any
// status — a pending negotiation, work under way, and a closed deal too (a
// follow-up after completion, a question after a rejection). The acting account
// must be active and unflagged (as for every write); the campaign's or the other
// party's state does not silence a deal's thread.
var MAdRequestMessage = define("adRequest.message",
	"Write a message (with attachments) to the other party of an ad request, without making an offer.", parties, adRequestMessage)

func adRequestMessage(c *Ctx, a *AdRequestMessage) error {
	d, err := loadDeal(c, a.AdRequestID)
	if err != nil {
		return err
	}
	atts := a.Attachments
	if atts == nil {
		atts = []blobs.Ref{}
	}
	ab, err := json.Marshal(atts)
	if err != nil {
		return fmt.Errorf("mutate: message attachments: %w", err)
	}
	if err := insertNew(c.Tx, "", a.ID, `INSERT INTO deal_messages (id, ad_request_id, author_id, author_role, body, attachments, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, a.ID, d.req.ID, c.Actor.ID, d.me, a.Body, string(ab), c.Now); err != nil {
		return err
	}
	return notify(c, d.other, "ad_request.message",
		Params{"party": c.Actor.Name, "campaign": d.campaign.Name, "excerpt": excerpt(a.Body, messageExcerpt)},
		"ad_requests", d.req.ID, a.ID)
}

// excerpt is s on one line (runs of spaces and line breaks made one space) cut
// to its first n characters, with "…" when it was cut.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRightFunc(string(r[:n]), unicode.IsSpace) + "…"
}
