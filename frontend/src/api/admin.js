// Typed wrappers over the bound desktop.AdminService (admins only; everyone else gets
// an ApiError with code "forbidden"). Money is integer cents.
import * as AdminService from '../../wailsjs/go/desktop/AdminService.js'
import { act, call } from './errors.js'

/**
 * @typedef {{accounts: Record<string, number>, accounts_total: number, active: number, deactivated: number, flagged_accounts: number, pending_sponsors: number, campaigns: Record<string, number>, campaigns_total: number, flagged_campaigns: number, ad_requests: Record<string, number>, ad_requests_total: number}} AdminOverview
 * @typedef {{id: string, email: string, name: string, role: string, display_name: string, active: boolean, flagged: boolean, flag_reason: string, approval: string, review_reason: string, industry: string, created_at: string}} AdminAccountRow
 * @typedef {{id: string, name: string, sponsor_id: string, sponsor_name: string, status: string, visibility: string, budget: number, committed: number, start_date: string, end_date: string, flagged: boolean, flag_reason: string, updated_at: string}} AdminCampaignRow
 * @typedef {{text?: string, role?: string, flagged?: ''|'yes'|'no', page?: number, page_size?: number}} AccountQuery
 * @typedef {{text?: string, status?: string, flagged?: ''|'yes'|'no', page?: number, page_size?: number}} CampaignQuery
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

/** @param {AccountQuery} q @returns {Promise<{items: AdminAccountRow[], total: number, page: number, page_size: number}>} */
export async function accounts(q = {}) {
  const page = await call(() => AdminService.Accounts({ text: '', role: '', flagged: '', page: 1, page_size: 25, ...q }))
  return { ...page, items: page?.items ?? [] }
}

/** @param {CampaignQuery} q @returns {Promise<{items: AdminCampaignRow[], total: number, page: number, page_size: number}>} */
export async function campaigns(q = {}) {
  const page = await call(() => AdminService.Campaigns({ text: '', status: '', flagged: '', page: 1, page_size: 25, ...q }))
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

/** @param {FlagTarget} target @param {string} id */
export function unflag(target, id) {
  return act(() => AdminService.Unflag(target, id))
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
