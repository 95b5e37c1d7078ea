package desktop

import (
	"context"
	"errors"

	"iescp/backend/domain"
	"iescp/backend/queries"
	"iescp/sync/client"
)

// WalletService is bound to the UI: the signed-in party's wallet on the server
// and a sponsor's card top-up. Both are online only, as payments are; offline
// they answer codeUnavailable. A card number goes from TopUpInput straight into
// the charge request: it is not logged, kept or put in an error.
type WalletService struct{ s *Services }

// NewWalletService makes the wallet service over the desktop services.
func NewWalletService(s *Services) *WalletService { return &WalletService{s: s} }

// TopUpInput is one payment attempt of the top-up form.
type TopUpInput struct {
	Amount     int64  `json:"amount"` // cents
	CardNumber string `json:"card_number"`
	Expiry     string `json:"expiry"` // MM/YY
	CVC        string `json:"cvc"`
	Name       string `json:"name"`
	// IdempotencyKey is made by the UI for each payment attempt and sent again
	// when that attempt is retried, so a retry after a lost answer charges once.
	IdempotencyKey string `json:"idempotency_key"`
}

// Get is the signed-in party's balance and statement, from the server.
func (ws *WalletService) Get() (client.Wallet, error) {
	ctx, eng, err := ws.engine()
	if err != nil {
		return client.Wallet{}, toUI(err)
	}
	w, err := eng.Wallet(ctx)
	if err != nil {
		return client.Wallet{}, toUI(walletError(err))
	}
	if w.Entries == nil {
		w.Entries = []client.WalletEntry{}
	}
	return w, nil
}

// TopUp charges the card and puts the amount in the sponsor's wallet. A decline
// is card_declined with the processor's reason; a processor failure is
// processing_error (retry with the same key).
func (ws *WalletService) TopUp(in TopUpInput) (client.Charge, error) {
	ctx, eng, err := ws.engine()
	if err != nil {
		return client.Charge{}, toUI(err)
	}
	ch, err := eng.Charge(ctx, in.IdempotencyKey, client.ChargeRequest{Amount: in.Amount, Currency: "usd",
		Card: client.ChargeCard{Number: in.CardNumber, Expiry: in.Expiry, CVC: in.CVC, Name: in.Name}})
	if err != nil {
		return client.Charge{}, toUI(walletError(err))
	}
	return ch, nil
}

func (ws *WalletService) engine() (context.Context, *client.Engine, error) {
	ctx, sess, err := ws.s.begin()
	if err != nil {
		return nil, nil, err
	}
	if sess.engine == nil {
		return nil, nil, errPaymentsOffline
	}
	return ctx, sess.engine, nil
}

var errPaymentsOffline = domain.Errorf(codeUnavailable, "payments need a connection to the IESCP server")

// walletError is the typed error of a money call: the server's own code when
// it answered one (a 502 processing_error too), unauthenticated when the session
// needs a new sign-in, and unavailable when the server cannot be reached.
func walletError(err error) error {
	var he *client.HTTPError
	switch {
	case errors.As(err, &he) && he.Detail.Code != "":
		return &domain.Error{Code: he.Code(), Message: he.Detail.Message}
	case errors.Is(err, client.ErrSignedOut):
		return domain.Errorf(domain.CodeUnauthenticated, "sign in again to use the wallet")
	case isUnreachable(err):
		return errPaymentsOffline
	}
	return err
}

// Escrow is what the signed-in sponsor has in escrow on their deals, from the
// replica (works offline): the wallet's "in escrow" beside its available balance.
func (ws *WalletService) Escrow() (queries.EscrowSummary, error) {
	ctx, sess, err := ws.s.begin()
	if err != nil {
		return queries.EscrowSummary{}, toUI(err)
	}
	e, err := queries.SponsorEscrow(ctx, sess.db.R, viewer(sess))
	return e, toUI(err)
}
