package ledger

import (
	"context"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// Idempotency keys: the caller's key for top-ups and payouts (namespaced by kind),
// and a key derived from the operation for the rest, so each happens once per ad
// request (or per reversed transaction).
func fundKey(adRequestID string) string    { return "fund:" + adRequestID }
func releaseKey(adRequestID string) string { return "release:" + adRequestID }
func refundKey(adRequestID string) string  { return "refund:" + adRequestID }
func splitKey(adRequestID string) string   { return "split:" + adRequestID }
func reverseKey(txID string) string        { return "reverse:" + txID }

// replayed looks the key up: a recorded transaction is returned (Replayed) when it
// has the given legs (or legs is nil: the operation's amounts depend on the state
// and the first answer stands); a key reused for different legs is refused.
func replayed(ctx context.Context, tx *sqlx.Tx, key string, legs []leg) (Transaction, bool, error) {
	t, ok, err := byKey(ctx, tx, key)
	if err != nil || !ok {
		return Transaction{}, false, err
	}
	if legs != nil && !sameLegs(t, legs) {
		return Transaction{}, false, domain.Errorf(domain.CodeInvalidArgument,
			"idempotency key already used for a different %s", t.Kind)
	}
	t.Replayed = true
	return t, true, nil
}

// TopUp moves amount cents from the outside world into the sponsor's wallet (the
// processor has charged the card). key is the payment's idempotency key: a retried
// top-up returns the first transaction and charges nothing more.
func (l *Ledger) TopUp(ctx context.Context, tx *sqlx.Tx, sponsorID string, amount int64, key string) (Transaction, error) {
	if err := firstErr(checkID("sponsor", sponsorID), checkAmount(amount), checkKey(key)); err != nil {
		return Transaction{}, err
	}
	legs := []leg{{OutsideWorld, "", -amount}, {SponsorWallet, sponsorID, amount}}
	k := string(KindTopUp) + ":" + key
	if t, ok, err := replayed(ctx, tx, k, legs); ok || err != nil {
		return t, err
	}
	return l.post(ctx, tx, record{key: k, kind: KindTopUp, legs: legs})
}

// Fund moves amount cents from the sponsor's wallet into the request's escrow, at
// acceptance (docs/money.md); insufficient_funds when the wallet cannot cover it.
// A request is funded once: a second call returns the first transaction.
func (l *Ledger) Fund(ctx context.Context, tx *sqlx.Tx, adRequestID, sponsorID string, amount int64) (Transaction, error) {
	if err := firstErr(checkID("ad request", adRequestID), checkID("sponsor", sponsorID), checkAmount(amount)); err != nil {
		return Transaction{}, err
	}
	legs := []leg{{SponsorWallet, sponsorID, -amount}, {Escrow, adRequestID, amount}}
	k := fundKey(adRequestID)
	if t, ok, err := replayed(ctx, tx, k, legs); ok || err != nil {
		return t, err
	}
	return l.post(ctx, tx, record{key: k, kind: KindFund, adRequest: adRequestID, legs: legs})
}

// releaseLegs moves gross cents of the escrow to the influencer, less the
// commission, which goes to the platform; zero legs are left out.
func releaseLegs(adRequestID, influencerID string, gross int64, bps int) []leg {
	c := Commission(gross, bps)
	legs := []leg{{Escrow, adRequestID, -gross}}
	if gross-c > 0 {
		legs = append(legs, leg{InfluencerEarnings, influencerID, gross - c})
	}
	if c > 0 {
		legs = append(legs, leg{PlatformRevenue, "", c})
	}
	return legs
}

// Release moves the whole escrow of the request to the influencer's earnings minus
// the commission (commissionBps basis points, rounded half up to the cent) to the
// platform's revenue. invalid_transition when the escrow is empty.
func (l *Ledger) Release(ctx context.Context, tx *sqlx.Tx, adRequestID, influencerID string, commissionBps int) (Transaction, error) {
	if err := firstErr(checkID("ad request", adRequestID), checkID("influencer", influencerID), checkBps(commissionBps)); err != nil {
		return Transaction{}, err
	}
	k := releaseKey(adRequestID)
	if t, ok, err := replayed(ctx, tx, k, nil); ok || err != nil {
		return t, err
	}
	e, err := l.escrow(ctx, tx, adRequestID)
	if err != nil {
		return Transaction{}, err
	}
	return l.post(ctx, tx, record{key: k, kind: KindRelease, adRequest: adRequestID,
		legs: releaseLegs(adRequestID, influencerID, e, commissionBps)})
}

// Refund moves the whole escrow of the request back to the sponsor's wallet
// (withdrawal or cancellation before delivery). invalid_transition when empty.
func (l *Ledger) Refund(ctx context.Context, tx *sqlx.Tx, adRequestID, sponsorID string) (Transaction, error) {
	if err := firstErr(checkID("ad request", adRequestID), checkID("sponsor", sponsorID)); err != nil {
		return Transaction{}, err
	}
	k := refundKey(adRequestID)
	if t, ok, err := replayed(ctx, tx, k, nil); ok || err != nil {
		return t, err
	}
	e, err := l.escrow(ctx, tx, adRequestID)
	if err != nil {
		return Transaction{}, err
	}
	return l.post(ctx, tx, record{key: k, kind: KindRefund, adRequest: adRequestID,
		legs: []leg{{Escrow, adRequestID, -e}, {SponsorWallet, sponsorID, e}}})
}

// Split resolves a dispute: releaseCents of the escrow go to the influencer (less
// the commission on that part, as in Release), the rest back to the sponsor's
// wallet, in one transaction; note (required) is the admin's reason.
// releaseCents may be 0 (all refunded) up to the whole escrow (all released).
func (l *Ledger) Split(ctx context.Context, tx *sqlx.Tx, adRequestID, sponsorID, influencerID string,
	releaseCents int64, commissionBps int, note string) (Transaction, error) {
	if err := firstErr(checkID("ad request", adRequestID), checkID("sponsor", sponsorID),
		checkID("influencer", influencerID), checkBps(commissionBps), checkMemo(note, true)); err != nil {
		return Transaction{}, err
	}
	if releaseCents < 0 || releaseCents > MaxAmount {
		return Transaction{}, domain.Errorf(domain.CodeInvalidArgument, "released part must be between 0 and %d cents", MaxAmount)
	}
	k := splitKey(adRequestID)
	if t, ok, err := replayed(ctx, tx, k, nil); ok || err != nil {
		return t, err
	}
	e, err := l.escrow(ctx, tx, adRequestID)
	if err != nil {
		return Transaction{}, err
	}
	if releaseCents > e {
		return Transaction{}, domain.Errorf(domain.CodeInvalidArgument,
			"released part %d is more than the %d cents in escrow", releaseCents, e)
	}
	var legs []leg
	if releaseCents > 0 {
		legs = releaseLegs(adRequestID, influencerID, releaseCents, commissionBps)
		legs[0].amount = -e // the escrow empties in one posting
	} else {
		legs = []leg{{Escrow, adRequestID, -e}}
	}
	if e-releaseCents > 0 {
		legs = append(legs, leg{SponsorWallet, sponsorID, e - releaseCents})
	}
	return l.post(ctx, tx, record{key: k, kind: KindSplit, adRequest: adRequestID, memo: note, legs: legs})
}

// Payout moves amount cents of the influencer's earnings to the outside world (the
// processor pays their bank); insufficient_funds above the available earnings. key
// is the payout's idempotency key.
func (l *Ledger) Payout(ctx context.Context, tx *sqlx.Tx, influencerID string, amount int64, key string) (Transaction, error) {
	if err := firstErr(checkID("influencer", influencerID), checkAmount(amount), checkKey(key)); err != nil {
		return Transaction{}, err
	}
	legs := []leg{{InfluencerEarnings, influencerID, -amount}, {OutsideWorld, "", amount}}
	k := string(KindPayout) + ":" + key
	if t, ok, err := replayed(ctx, tx, k, legs); ok || err != nil {
		return t, err
	}
	return l.post(ctx, tx, record{key: k, kind: KindPayout, legs: legs})
}

// Reverse records a new transaction with the postings of txID negated; reason
// (required) is its memo. A transaction is reversed at most once: reversing it again
// returns the first reversal (the key is derived from txID, and the schema holds
// reverses UNIQUE). A reversal may itself be reversed, once, which re-applies the
// original. insufficient_funds when the money has moved on (a top-up already spent).
func (l *Ledger) Reverse(ctx context.Context, tx *sqlx.Tx, txID, reason string) (Transaction, error) {
	if err := firstErr(checkID("transaction", txID), checkMemo(reason, true)); err != nil {
		return Transaction{}, err
	}
	k := reverseKey(txID)
	if t, ok, err := replayed(ctx, tx, k, nil); ok || err != nil {
		return t, err
	}
	orig, ok, err := loadWhere(ctx, tx, `id = ?`, txID)
	if err != nil {
		return Transaction{}, err
	}
	if !ok {
		return Transaction{}, domain.Errorf(domain.CodeNotFound, "no ledger transaction %s", txID)
	}
	legs := make([]leg, len(orig.Postings))
	for i, p := range orig.Postings {
		legs[i] = leg{p.AccountKind, p.OwnerID, -p.Amount}
	}
	return l.post(ctx, tx, record{key: k, kind: KindReversal, adRequest: orig.AdRequestID, memo: reason,
		reverses: orig.ID, legs: legs})
}

// escrow is the request's escrow balance; invalid_transition when it is empty.
func (l *Ledger) escrow(ctx context.Context, tx *sqlx.Tx, adRequestID string) (int64, error) {
	e, err := balance(ctx, tx, AccountID(Escrow, adRequestID))
	if err != nil {
		return 0, err
	}
	if e <= 0 {
		return 0, domain.Errorf(domain.CodeInvalidTransition, "the request's escrow is empty")
	}
	return e, nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
