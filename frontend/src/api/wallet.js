// Typed wrappers over the bound desktop.WalletService: the signed-in party's wallet
// on the server and a sponsor's card top-up. Online only, as payments are: offline
// both fail with code `unavailable`.
import * as WalletService from '../../wailsjs/go/desktop/WalletService.js'
import { call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').client.Wallet} Wallet
 * @typedef {import('../../wailsjs/go/models').client.WalletEntry} WalletEntry
 * @typedef {import('../../wailsjs/go/models').client.Charge} Charge
 * @typedef {import('../../wailsjs/go/models').desktop.TopUpInput} TopUpInput
 */

/** @returns {Promise<Wallet>} */
export async function get() {
  const w = await call(() => WalletService.Get())
  return { account: w?.account ?? '', balance: w?.balance ?? 0, entries: w?.entries ?? [] }
}

/**
 * Charges the card and tops up the wallet. The form shows every failure inline
 * (card_declined with the processor's reason, processing_error to retry with the
 * same idempotency_key), so this is a call, not an act (no toast).
 * @param {TopUpInput} input amount in cents; a fresh idempotency_key per payment attempt
 * @returns {Promise<Charge>}
 */
export function topUp(input) {
  return call(() => WalletService.TopUp(input))
}

/**
 * @typedef {import('../../wailsjs/go/models').queries.EscrowSummary} EscrowSummary
 */

/**
 * What the signed-in sponsor has in escrow on funded and disputed deals, from the
 * replica (works offline), with the largest of those deals.
 * @returns {Promise<EscrowSummary>}
 */
export async function escrow() {
  const e = await call(() => WalletService.Escrow())
  return { in_escrow: e?.in_escrow ?? 0, deals: e?.deals ?? 0, disputed: e?.disputed ?? 0, items: e?.items ?? [] }
}
