package desktop

import (
	"iescp/backend/bank"
	"iescp/backend/domain"
	"iescp/sync/client"
)

// EarningsService is bound to the UI: the signed-in influencer's earnings
// (pending, available, paid and the statement), their payout bank account and
// their payouts, all on the server. Online only, as payments are (offline:
// codeUnavailable); the server decides who may (influencers only). An IBAN or
// account number goes from PayoutAccountInput to the bank rules and the request
// body: it is not logged, kept or put in an error.
type EarningsService struct{ s *Services }

// NewEarningsService makes the earnings service over the desktop services.
func NewEarningsService(s *Services) *EarningsService { return &EarningsService{s: s} }

// Earnings is the Earnings screen's data.
type Earnings struct {
	Wallet  client.Wallet         `json:"wallet"`  // pending, available, paid; entries: the statement
	Account *client.PayoutAccount `json:"account"` // nil: none set yet
	Payouts []client.Payout       `json:"payouts"` // newest first
}

// PayoutAccountInput is the payout account form as typed.
type PayoutAccountInput struct {
	Kind          string `json:"kind"` // iban or us
	Holder        string `json:"holder"`
	IBAN          string `json:"iban"`
	RoutingNumber string `json:"routing_number"`
	AccountNumber string `json:"account_number"`
}

// AccountResult is SetAccount's answer: the account kept, or what is wrong with
// each field of the form (field name → message), checked here before anything
// leaves the desktop.
type AccountResult struct {
	Account *client.PayoutAccount `json:"account"`
	Fields  map[string]string     `json:"fields"`
}

// PayoutInput is one payout attempt.
type PayoutInput struct {
	Amount int64 `json:"amount"` // cents
	// IdempotencyKey is made by the UI for each payout attempt and sent again when
	// that attempt is retried, so a retry after a lost answer pays once.
	IdempotencyKey string `json:"idempotency_key"`
}

// Get reads the influencer's earnings, payout account and payouts.
func (es *EarningsService) Get() (Earnings, error) {
	ctx, eng, err := (&WalletService{s: es.s}).engine()
	if err != nil {
		return Earnings{}, toUI(err)
	}
	w, err := eng.Wallet(ctx)
	if err != nil {
		return Earnings{}, toUI(walletError(err))
	}
	if w.Entries == nil {
		w.Entries = []client.WalletEntry{}
	}
	acct, err := eng.PayoutAccount(ctx)
	if err != nil {
		return Earnings{}, toUI(walletError(err))
	}
	payouts, err := eng.Payouts(ctx)
	if err != nil {
		return Earnings{}, toUI(walletError(err))
	}
	if payouts == nil {
		payouts = []client.Payout{}
	}
	return Earnings{Wallet: w, Account: acct, Payouts: payouts}, nil
}

// SetAccount checks the form with the bank rules (backend/bank) and, when every
// field is right, sets the payout account on the server.
func (es *EarningsService) SetAccount(in PayoutAccountInput) (AccountResult, error) {
	bin := bank.Input{Kind: bank.Kind(in.Kind), Holder: in.Holder}
	switch bin.Kind {
	case bank.IBAN:
		bin.IBAN = in.IBAN
	case bank.US:
		bin.RoutingNumber, bin.AccountNumber = in.RoutingNumber, in.AccountNumber
	}
	if _, problems := bank.Check(bin); len(problems) > 0 {
		fields := map[string]string{}
		for _, p := range problems {
			fields[p.Field] = p.Err.Message
		}
		return AccountResult{Fields: fields}, nil
	}
	ctx, eng, err := (&WalletService{s: es.s}).engine()
	if err != nil {
		return AccountResult{}, toUI(err)
	}
	pa, err := eng.SetPayoutAccount(ctx, client.PayoutAccountInput{Kind: string(bin.Kind), Holder: bin.Holder,
		IBAN: bin.IBAN, RoutingNumber: bin.RoutingNumber, AccountNumber: bin.AccountNumber})
	if err != nil {
		return AccountResult{}, toUI(walletError(err))
	}
	return AccountResult{Account: &pa, Fields: map[string]string{}}, nil
}

// RequestPayout pays the amount of available earnings to the payout account. A
// refusal by the processor is payout_failed with its reason; more than available
// is insufficient_funds.
func (es *EarningsService) RequestPayout(in PayoutInput) (client.Payout, error) {
	if in.Amount <= 0 {
		return client.Payout{}, toUI(domain.Errorf(domain.CodeInvalidArgument, "enter an amount to pay out"))
	}
	ctx, eng, err := (&WalletService{s: es.s}).engine()
	if err != nil {
		return client.Payout{}, toUI(err)
	}
	p, err := eng.RequestPayout(ctx, in.IdempotencyKey, in.Amount)
	if err != nil {
		return client.Payout{}, toUI(walletError(err))
	}
	return p, nil
}
