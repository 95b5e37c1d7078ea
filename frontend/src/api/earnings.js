// Typed wrappers over the bound desktop.EarningsService: the signed-in influencer's
// earnings (pending, available, paid, statement), payout bank account and payouts.
// Online only, as payments are: offline every call fails with code `unavailable`.
import * as EarningsService from '../../wailsjs/go/desktop/EarningsService.js'
import { call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').desktop.Earnings} Earnings
 * @typedef {import('../../wailsjs/go/models').desktop.PayoutAccountInput} PayoutAccountInput
 * @typedef {import('../../wailsjs/go/models').desktop.AccountResult} AccountResult
 * @typedef {import('../../wailsjs/go/models').desktop.PayoutInput} PayoutInput
 * @typedef {import('../../wailsjs/go/models').client.Payout} Payout
 */

/** @returns {Promise<Earnings>} */
export async function get() {
  const e = await call(() => EarningsService.Get())
  const w = e?.wallet ?? {}
  return {
    wallet: { balance: w.balance ?? 0, pending: w.pending ?? 0, available: w.available ?? 0, paid: w.paid ?? 0, entries: w.entries ?? [] },
    account: e?.account ?? null,
    payouts: e?.payouts ?? [],
  }
}

/**
 * Checks the form in Go (backend/bank) and, when right, sets the account: the
 * answer is the account kept or, per field, what is wrong (shown inline).
 * @param {PayoutAccountInput} input
 * @returns {Promise<AccountResult>}
 */
export async function setAccount(input) {
  const r = await call(() => EarningsService.SetAccount(input))
  return { account: r?.account ?? null, fields: r?.fields ?? {} }
}

/**
 * Pays out. The form shows every failure inline (payout_failed with the
 * processor's reason, insufficient_funds, unavailable to retry with the same
 * idempotency_key), so this is a call, not an act (no toast).
 * @param {PayoutInput} input amount in cents; a fresh idempotency_key per payout attempt
 * @returns {Promise<Payout>}
 */
export function requestPayout(input) {
  return call(() => EarningsService.RequestPayout(input))
}
