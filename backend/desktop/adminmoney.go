package desktop

import (
	"iescp/backend/mutate"
	"iescp/backend/queries"
	"iescp/sync/client"
)

// The admin's money console: the commission rate (read from the replica, set by a
// mutation that works offline), the disputes queue (the replica's disputed deals)
// and the platform's ledger (online, from the server).

// Commission is the platform's commission rate in force, in basis points.
func (a *AdminService) Commission() (int, error) {
	ctx, sess, err := a.s.begin()
	if err != nil {
		return 0, toUI(err)
	}
	bps, err := queries.CommissionBps(ctx, sess.db.R)
	return bps, toUI(err)
}

// SetCommission sets the rate for deals accepted from now on.
func (a *AdminService) SetCommission(bps int) error {
	return a.s.act(&mutate.PlatformSetCommission{CommissionBps: bps})
}

// Disputes is the queue of disputed deals, the oldest first.
func (a *AdminService) Disputes() ([]queries.DisputeRow, error) {
	ctx, sess, err := a.s.begin()
	if err != nil {
		return nil, toUI(err)
	}
	rows, err := queries.Disputes(ctx, sess.db.R, viewer(sess))
	return rows, toUI(err)
}

// ResolveDispute settles a disputed deal by release, refund or split, with a note.
func (a *AdminService) ResolveDispute(r mutate.DisputeResolve) error {
	return a.s.act(&r)
}

// PlatformLedger is the platform's money on the server: the totals of each kind
// of account and the platform's statement. Online only.
func (a *AdminService) PlatformLedger() (client.AdminLedger, error) {
	ctx, sess, err := a.s.begin()
	if err != nil {
		return client.AdminLedger{}, toUI(err)
	}
	if sess.engine == nil {
		return client.AdminLedger{}, toUI(errPaymentsOffline)
	}
	l, err := sess.engine.AdminLedger(ctx)
	if err != nil {
		return client.AdminLedger{}, toUI(walletError(err))
	}
	if l.Entries == nil {
		l.Entries = []client.WalletEntry{}
	}
	return l, nil
}
