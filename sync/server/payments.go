package server

// The dummy payment processor: POST /v1/payments/charges charges a card the way a
// processor answers, with Stripe's well-known test numbers deciding the outcome
// (docs/money.md, "Test cards"). It is online-only, as real payments are.
//
// What it keeps of a charge: id, account, amount, currency, brand, last four,
// status, decline code, the Idempotency-Key and an HMAC of the request. The card
// number, its expiry and its CVC never reach the database, a log line, an error
// message or a metric: the card lives in a cards.Masked, which prints only its
// brand and last four, and the body's decoding errors quote nothing of the body.
// No ledger posting yet: a succeeded charge is what a wallet top-up will be built on.

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/cards"
	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/queries"
	"iescp/sync/protocol"
)

const (
	chargesPath       = "/v1/payments/charges"
	chargeBodyLimit   = 4 << 10
	chargeCurrency    = "usd"
	maxIdempotencyKey = 255
	maxCardholderName = 100
	processorKeyName  = "processor_hmac_key"

	chargeSucceeded = "succeeded"
	chargeDeclined  = "declined"
)

// ChargeRequest is the body of POST /v1/payments/charges.
type ChargeRequest struct {
	Amount   int64      `json:"amount"`   // cents, > 0 and ≤ mutate.MaxAmount
	Currency string     `json:"currency"` // "usd", the one currency
	Card     ChargeCard `json:"card"`
}

// ChargeCard is the card as typed in the form. It is decoded here and turned into
// a cards.Card at once; nothing else holds it.
type ChargeCard struct {
	Number string `json:"number"` // digits, spaces and dashes allowed
	Expiry string `json:"expiry"` // MM/YY or MM/YYYY
	CVC    string `json:"cvc"`    // 3 digits, 4 for Amex
	Name   string `json:"name"`   // the cardholder's name (not kept)
}

// Charge is the processor's answer: 201 when it succeeded, 402 when declined
// (then Decline says why, and Error carries card_declined for clients that read
// only the typed error).
type Charge struct {
	ID       string                `json:"id"`
	Status   string                `json:"status"` // succeeded or declined
	Amount   int64                 `json:"amount"`
	Currency string                `json:"currency"`
	Brand    string                `json:"brand"`
	Last4    string                `json:"last4"`
	Decline  *Decline              `json:"decline,omitempty"`
	Error    *protocol.ErrorDetail `json:"error,omitempty"`
}

// Decline is why the processor declined a charge.
type Decline struct {
	Code   string `json:"code"` // generic_decline, insufficient_funds, expired_card, incorrect_cvc
	Reason string `json:"reason"`
}

// The test numbers that do something other than succeed (Stripe's): the
// processor's decline codes and the words a card form shows.
var testDeclines = map[string]Decline{
	"4000000000000002": {"generic_decline", "Your card was declined."},
	"4000000000009995": {"insufficient_funds", "Your card has insufficient funds."},
	"4000000000000069": {"expired_card", "Your card has expired."},
	"4000000000000127": {"incorrect_cvc", "Your card's security code is incorrect."},
}

// processingErrorCard fails as a processor outage does: 502 processing_error,
// nothing kept, so a retry with the same Idempotency-Key is tried again.
const processingErrorCard = "4000000000000119"

func (s *Server) paymentRoutes() {
	s.mux.HandleFunc("POST "+chargesPath, s.requireUser(s.handleCharge))
}

func (s *Server) handleCharge(w http.ResponseWriter, r *http.Request, accountID string) {
	if err := s.chargeAllowed(r.Context(), accountID); err != nil {
		s.writeChargeErr(w, r, err)
		return
	}
	key := r.Header.Get("Idempotency-Key")
	if err := checkIdempotencyKey(key); err != nil {
		s.writeChargeErr(w, r, err)
		return
	}
	var req ChargeRequest
	if err := decodeCharge(w, r, &req); err != nil {
		s.writeChargeErr(w, r, err)
		return
	}
	now := s.cfg.Now()
	card, err := req.validate(now)
	if err != nil {
		s.writeChargeErr(w, r, err)
		return
	}
	hash, err := s.chargeHash(r.Context(), &req, card)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	// The organisation's wallet is paid into, by an owner alone.
	owner, orgRole, err := s.moneyOwner(r.Context(), accountID, domain.RoleSponsor)
	if err == nil && orgRole != domain.OrgOwner {
		err = domain.Errorf(domain.CodeForbidden, "only an owner of the organisation tops up its wallet")
	}
	if err != nil {
		s.writeChargeErr(w, r, err)
		return
	}
	ch, replayed, err := s.charge(r.Context(), owner, key, hash, req, card, now)
	if err != nil {
		if domain.ErrorCode(err) == domain.CodeProcessingError {
			s.log.Warn("charge processing error", "account_id", accountID, "amount", req.Amount,
				"brand", card.Number.Brand(), "last4", card.Number.Last4())
		}
		s.writeChargeErr(w, r, err)
		return
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	s.log.Info("charge", "charge_id", ch.ID, "account_id", accountID, "amount", ch.Amount, "brand", ch.Brand,
		"last4", ch.Last4, "status", ch.Status, "decline_code", declineCode(ch), "replayed", replayed)
	status := http.StatusCreated
	if ch.Status == chargeDeclined {
		status = http.StatusPaymentRequired
	}
	writeJSON(w, status, ch)
}

// chargeAllowed: only an active sponsor pays the platform.
func (s *Server) chargeAllowed(ctx context.Context, accountID string) error {
	role, err := s.moneyRole(ctx, accountID)
	if err != nil {
		return err
	}
	if role != domain.RoleSponsor {
		return domain.Errorf(domain.CodeForbidden, "only sponsors pay by card")
	}
	return nil
}

// moneyOwner is whose money an account reads and moves: a sponsor's
// organisation (docs/teams.md: its founder's id names its wallet) with the
// sponsor's role in it; anyone else's own.
func (s *Server) moneyOwner(ctx context.Context, accountID string, role domain.Role) (string, domain.OrgRole, error) {
	if role != domain.RoleSponsor {
		return accountID, "", nil
	}
	m, err := queries.MembershipOf(ctx, s.db.R, accountID, role) // the one membership rule (docs/teams.md)
	if err != nil {
		return "", "", fmt.Errorf("server: %w", err)
	}
	return m.OrgID, m.Role, nil
}

// moneyRole is the role of an account that may touch money (payments, its
// wallet): a deactivated account may not.
func (s *Server) moneyRole(ctx context.Context, accountID string) (domain.Role, error) {
	var a struct {
		Role   domain.Role `db:"role"`
		Active bool        `db:"active"`
	}
	if err := s.db.R.GetContext(ctx, &a, `SELECT role, active FROM accounts WHERE id = ?`, accountID); err != nil {
		return "", fmt.Errorf("server: account: %w", err)
	}
	if !a.Active {
		return "", domain.Errorf(domain.CodeForbidden, msgDeactivated)
	}
	return a.Role, nil
}

// checkIdempotencyKey: required, 1 to 255 visible ASCII characters.
func checkIdempotencyKey(key string) error {
	if key == "" {
		return domain.Errorf(domain.CodeInvalidArgument, "the Idempotency-Key header is required: a new random value for each payment, the same one for its retries")
	}
	if len(key) > maxIdempotencyKey {
		return domain.Errorf(domain.CodeInvalidArgument, "the Idempotency-Key header is longer than %d characters", maxIdempotencyKey)
	}
	for i := 0; i < len(key); i++ {
		if key[i] < '!' || key[i] > '~' {
			return domain.Errorf(domain.CodeInvalidArgument, "the Idempotency-Key header has characters other than visible ASCII")
		}
	}
	return nil
}

// decodeCharge decodes the body strictly, like decode, but its errors quote
// nothing of the body (a decoder's message may echo what it read).
func decodeCharge(w http.ResponseWriter, r *http.Request, req *ChargeRequest) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, chargeBodyLimit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return domain.Errorf(domain.CodePayloadTooLarge, "request body exceeds %d bytes", chargeBodyLimit)
		}
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) && typ.Field != "" {
			return domain.Errorf(domain.CodeInvalidArgument, "malformed JSON body: %s has the wrong type", typ.Field)
		}
		return domain.Errorf(domain.CodeInvalidArgument, "malformed JSON body: expected {amount, currency, card: {number, expiry, cvc, name}}")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return domain.Errorf(domain.CodeInvalidArgument, "trailing data after the JSON body")
	}
	return nil
}

// validate checks the amount, the currency, the name and the card.
func (req *ChargeRequest) validate(now time.Time) (cards.Card, error) {
	if req.Amount <= 0 || req.Amount > mutate.MaxAmount {
		return cards.Card{}, domain.Errorf(domain.CodeInvalidArgument, "amount must be between 1 and %d cents", mutate.MaxAmount)
	}
	if req.Currency != chargeCurrency {
		return cards.Card{}, domain.Errorf(domain.CodeInvalidArgument, "currency must be %q", chargeCurrency)
	}
	if err := checkCardholder(req.Card.Name); err != nil {
		return cards.Card{}, err
	}
	return cards.Parse(req.Card.Number, req.Card.Expiry, req.Card.CVC, now)
}

// checkCardholder: 1 to 100 characters of text (no control characters).
func checkCardholder(name string) error {
	n := 0
	for _, c := range name {
		n++
		if c < ' ' || c == 0x7f || c == '\uFFFD' {
			return domain.Errorf(domain.CodeInvalidArgument, "the cardholder's name has characters that are not text")
		}
	}
	if n == 0 || n > maxCardholderName {
		return domain.Errorf(domain.CodeInvalidArgument, "the cardholder's name has 1 to %d characters", maxCardholderName)
	}
	return nil
}

// chargeHash is an HMAC (keyed by a server secret) of the request's canonical
// form: the card as digits, so "4242 4242…" and "4242-4242…" are the same request.
func (s *Server) chargeHash(ctx context.Context, req *ChargeRequest, card cards.Card) ([]byte, error) {
	key, err := loadOrCreateSecret(ctx, s.db, processorKeyName, 32)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, key)
	for _, f := range []string{strconv.FormatInt(req.Amount, 10), req.Currency, card.Number.Digits(),
		card.Expiry.String(), card.CVC.Digits(), req.Card.Name} {
		m.Write([]byte(strconv.Itoa(len(f)) + ":" + f + ";"))
	}
	return m.Sum(nil), nil
}

// charge answers a charge once per (account, Idempotency-Key): the first time it
// decides and keeps the outcome; again with the same request it returns what it
// kept (replayed); with another request it refuses. A processing error keeps
// nothing, so its retry is decided afresh.
func (s *Server) charge(ctx context.Context, accountID, key string, hash []byte, req ChargeRequest,
	card cards.Card, now time.Time) (*Charge, bool, error) {
	var ch *Charge
	replayed := false
	err := s.db.Write(ctx, func(tx *sqlx.Tx) error {
		var row struct {
			ID          string `db:"id"`
			Hash        []byte `db:"request_hash"`
			Amount      int64  `db:"amount"`
			Currency    string `db:"currency"`
			Brand       string `db:"brand"`
			Last4       string `db:"last4"`
			Status      string `db:"status"`
			DeclineCode string `db:"decline_code"`
		}
		err := tx.GetContext(ctx, &row, `SELECT id, request_hash, amount, currency, brand, last4, status, decline_code
			FROM processor_charges WHERE account_id = ? AND idempotency_key = ?`, accountID, key)
		switch {
		case err == nil:
			if !hmac.Equal(row.Hash, hash) {
				return domain.Errorf(domain.CodeIdempotencyConflict,
					"this Idempotency-Key was used for another payment: use a new key for a new payment")
			}
			replayed = true
			ch = &Charge{ID: row.ID, Status: row.Status, Amount: row.Amount, Currency: row.Currency, Brand: row.Brand, Last4: row.Last4}
			if row.DeclineCode != "" {
				ch.withDecline(declineFor(row.DeclineCode))
			}
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if card.Number.Digits() == processingErrorCard {
			return domain.Errorf(domain.CodeProcessingError, "the payment processor could not process this payment: try again")
		}
		ch = &Charge{ID: domain.NewID(), Status: chargeSucceeded, Amount: req.Amount, Currency: req.Currency,
			Brand: string(card.Number.Brand()), Last4: card.Number.Last4()}
		if d, ok := testDeclines[card.Number.Digits()]; ok {
			ch.withDecline(d)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO processor_charges (id, account_id, idempotency_key, request_hash,
			amount, currency, brand, last4, status, decline_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ch.ID, accountID, key, hash, ch.Amount, ch.Currency, ch.Brand, ch.Last4, ch.Status, declineCode(ch), now.UTC())
		if err != nil || ch.Status != chargeSucceeded {
			return err
		}
		// The money the card paid is in the sponsor's wallet in the same transaction:
		// a charge is never recorded without its top-up, nor the other way round.
		_, err = s.ledger.TopUp(ctx, tx, accountID, ch.Amount, "charge:"+ch.ID)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return ch, replayed, nil
}

func (ch *Charge) withDecline(d Decline) {
	ch.Status = chargeDeclined
	ch.Decline = &d
	ch.Error = &protocol.ErrorDetail{Code: string(domain.CodeCardDeclined), Message: d.Reason}
}

// declineFor is the decline of a kept decline code.
func declineFor(code string) Decline {
	for _, d := range testDeclines {
		if d.Code == code {
			return d
		}
	}
	return Decline{Code: code, Reason: "Your card was declined."}
}

func declineCode(ch *Charge) string {
	if ch.Decline == nil {
		return ""
	}
	return ch.Decline.Code
}

// writeChargeErr answers the processor's own codes with their statuses (a
// processor's, so kept out of the shared statusFor) and anything else as writeErr.
func (s *Server) writeChargeErr(w http.ResponseWriter, r *http.Request, err error) {
	var de *domain.Error
	if errors.As(err, &de) {
		status := 0
		switch de.Code {
		case domain.CodeCardInvalid, domain.CodeCardExpired:
			status = http.StatusBadRequest
		case domain.CodeIdempotencyConflict:
			status = http.StatusConflict
		case domain.CodeProcessingError:
			status = http.StatusBadGateway
			w.Header().Set("Retry-After", "1")
		}
		if status != 0 {
			writeError(w, status, string(de.Code), de.Message)
			return
		}
	}
	s.writeErr(w, r, err)
}
