// Typed wrappers over the bound desktop.AdminService (admins only; everyone else gets
// an ApiError with code "forbidden"). Money is integer cents.
import * as AdminService from '../../wailsjs/go/desktop/AdminService.js'
import { act, call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').queries.AdminOverview} AdminOverview
 * @typedef {import('../../wailsjs/go/models').queries.AdminAccountRow} AdminAccountRow
 * @typedef {import('../../wailsjs/go/models').queries.AdminAccountPage} AdminAccountPage
 * @typedef {import('../../wailsjs/go/models').queries.AdminCampaignRow} AdminCampaignRow
 *   the admin's one campaign list: sponsor, status, visibility, category, budget, committed, dates, flagged + flag_reason,
 *   requests (all) and open_requests (pending or accepted), updated_at, queued (a local change waits in the outbox)
 * @typedef {import('../../wailsjs/go/models').queries.AdminCampaignPage} AdminCampaignPage
 * @typedef {{text?: string, role?: string, flagged?: ''|'yes'|'no', page?: number, page_size?: number}} AccountQuery
 * @typedef {{text?: string, status?: string, flagged?: ''|'yes'|'no', sort?: ''|'updated'|'name'|'sponsor'|'status'|'budget'|'start_date'|'end_date'|'requests', desc?: boolean, page?: number, page_size?: number}} CampaignQuery
 *   sort '' is updated, newest first
 * @typedef {'account'|'campaign'} FlagTarget
 */

/** The longest reason the mutators take. */
export const MAX_REASON = 500

/** @returns {Promise<AdminOverview>} */
export async function overview() {
  const o = await call(() => AdminService.Overview())
  return { ...o, accounts: o?.accounts ?? {}, campaigns: o?.campaigns ?? {}, ad_requests: o?.ad_requests ?? {} }
}

/** @returns {Promise<AdminAccountRow[]>} */
export async function pendingSponsors() {
  return (await call(() => AdminService.PendingSponsors())) ?? []
}

/** @param {AccountQuery} q @returns {Promise<AdminAccountPage>} */
export async function accounts(q = {}) {
  const page = await call(() => AdminService.Accounts({ text: '', role: '', flagged: '', page: 1, page_size: 25, ...q }))
  return { ...page, items: page?.items ?? [] }
}

/** The admin's one campaign list (moderation: flag, unflag, open). @param {CampaignQuery} q @returns {Promise<AdminCampaignPage>} */
export async function campaigns(q = {}) {
  const page = await call(() => AdminService.Campaigns({ text: '', status: '', flagged: '', sort: '', desc: false, page: 1, page_size: 25, ...q }))
  return { ...page, items: page?.items ?? [] }
}

export function approveSponsor(id, reason = '') {
  return act(() => AdminService.ApproveSponsor(id, reason))
}

export function rejectSponsor(id, reason = '') {
  return act(() => AdminService.RejectSponsor(id, reason))
}

/** @param {FlagTarget} target @param {string} id @param {string} reason required */
export function flag(target, id, reason) {
  return act(() => AdminService.Flag(target, id, reason))
}

/** @param {FlagTarget} target @param {string} id @param {string} [reason] optional */
export function unflag(target, id, reason = '') {
  return act(() => AdminService.Unflag(target, id, reason))
}

/** @param {string} accountId @param {boolean} active */
export function setActive(accountId, active) {
  return act(() => AdminService.SetActive(accountId, active))
}

/**
 * Checks a reason as the user types: '' when fine, else an i18n key.
 * @param {string} text @param {boolean} required @returns {string}
 */
export function reasonProblem(text, required) {
  const s = String(text ?? '').trim()
  if (required && s === '') return 'admin.reasonRequired'
  if ([...s].length > MAX_REASON) return 'admin.reasonTooLong'
  return ''
}

// ---- money: the commission rate, the disputes queue, the platform's ledger ----

/** The commission rate in force, in basis points (1000 = 10 %). @returns {Promise<number>} */
export async function commission() {
  return (await call(() => AdminService.Commission())) ?? 0
}

/** Sets the rate for deals accepted from now on (0 to 5000 bps). @param {number} bps */
export function setCommission(bps) {
  return act(() => AdminService.SetCommission(bps))
}

/** Disputed deals, the oldest first. @returns {Promise<import('../../wailsjs/go/models').queries.DisputeRow[]>} */
export async function disputes() {
  return ((await call(() => AdminService.Disputes())) ?? []).map((d) => ({ ...d, disputes: d.disputes ?? [] }))
}

/**
 * Settles a disputed deal. @param {{ad_request_id: string, outcome: 'release'|'refund'|'split', release_cents: number, note: string}} r
 */
export function resolveDispute(r) {
  return act(() => AdminService.ResolveDispute(r))
}

/** The platform's money on the server (online only). */
export async function platformLedger() {
  const l = await call(() => AdminService.PlatformLedger())
  return { commission_bps: l?.commission_bps ?? 0, totals: l?.totals ?? {}, entries: l?.entries ?? [] }
}

/** The platform's commission on gross cents at bps, rounded half up to the cent, as the server's ledger computes it. */
export function commissionOf(gross, bps) {
  return Math.floor((gross * bps + 5000) / 10000)
}

/** "12.5" (percent, up to two decimals) → 1250 bps, or null. */
export function percentToBps(text) {
  const m = /^\s*(\d{1,2})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(String(text ?? ''))
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}
