// Package domain holds the types of IESCP: accounts, profiles, campaigns, ad requests
// and their negotiation threads, reviews and notifications, and the typed error codes
// every layer (mutators, sync server, UI) speaks. It depends on nothing but the
// standard library and uuid.
package domain

import (
	"errors"
	"fmt"
)

// Code is a stable, machine-readable error code. The list is part of the public
// contract (docs/mutations.md, docs/openapi.yaml).
type Code string

const (
	CodeInvalidArgument    Code = "invalid_argument"
	CodeUnauthenticated    Code = "unauthenticated"
	CodeForbidden          Code = "forbidden"
	CodeNotFound           Code = "not_found"
	CodeInvalidTransition  Code = "invalid_transition"
	CodeBudgetExceeded     Code = "budget_exceeded"
	CodeInsufficientFunds  Code = "insufficient_funds"
	CodeSponsorNotApproved Code = "sponsor_not_approved"
	CodeFlagged            Code = "flagged"
	CodeStaleOffer         Code = "stale_offer"
	CodeOutOfOrder         Code = "out_of_order"
	CodeClientTooOld       Code = "client_too_old"
	CodePayloadTooLarge    Code = "payload_too_large"
	CodeRateLimited        Code = "rate_limited"
	CodeQuotaExceeded      Code = "quota_exceeded"
	CodeMethodNotAllowed   Code = "method_not_allowed"
	// Attachments (backend/blobs, sync/server/attachments.go).
	CodeUnsupportedMediaType Code = "unsupported_media_type" // bytes that are not a PNG, JPEG, WebP or PDF, whatever their name says
	CodeNotUploaded          Code = "not_uploaded"           // an attachment its author's desktop has not uploaded yet: try again later
	// The payment processor (backend/cards, sync/server/payments.go).
	CodeCardInvalid         Code = "card_invalid"         // a card number, expiry or CVC that cannot be a card's
	CodeCardExpired         Code = "card_expired"         // an expiry date already past
	CodeCardDeclined        Code = "card_declined"        // the processor declined the charge (decline.code says why)
	CodeProcessingError     Code = "processing_error"     // the processor failed; retry with the same Idempotency-Key
	CodeIdempotencyConflict Code = "idempotency_conflict" // an Idempotency-Key reused with another request
	// Payouts (backend/bank, sync/server/payouts.go).
	CodeBankAccountInvalid Code = "bank_account_invalid" // an IBAN, routing or account number or holder name that cannot be right
	CodePayoutFailed       Code = "payout_failed"        // the processor refused the payout (failure.code says why); nothing was paid
	CodeBusy               Code = "busy"                 // the job asked for is already running (an analytics refresh): try again when it ends

	CodeInternal Code = "internal"
)

// Error is a business error: a code and a message a person can read.
type Error struct {
	Code    Code   `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// Errorf makes an *Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, and
// CodeInternal otherwise.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// AsError returns err as an *Error, wrapping anything else as CodeInternal. Use it
// where an error crosses a boundary (UI, HTTP) and must have a code.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: CodeInternal, Message: err.Error()}
}

// IsBusiness reports whether err is a business rejection (an *Error other than
// internal), as opposed to a transient failure worth retrying.
func IsBusiness(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code != CodeInternal
}
