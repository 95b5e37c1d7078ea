// Typed wrappers over the bound desktop.AdRequestService. Money is integer cents.
import * as AdRequestService from '../../wailsjs/go/desktop/AdRequestService.js'
import { act, call } from './errors.js'

/**
 * @typedef {{status?: string, campaign_id?: string, page?: number, page_size?: number}} AdRequestFilter
 * @typedef {{id: string, campaign_id: string, campaign_name: string, sponsor_name: string, influencer_id: string, influencer_name: string, counterparty_name: string, amount: number, requirements: string, status: string, initiated_by: string, last_author: string, latest_offer_id: string, turn: ''|'you'|'them', offers: number, updated_at: string}} AdRequestRow
 * @typedef {{items: AdRequestRow[], total: number, waiting: number, page: number, page_size: number}} AdRequestPage
 * @typedef {{id: string, seq: number, author_role: string, author_name: string, amount: number, requirements: string, message: string, created_at: string, mine: boolean}} Offer
 * @typedef {AdRequestRow & {close_reason: string, campaign_status: string, campaign_budget: number, campaign_committed: number, thread: Offer[], actions: {counter: boolean, accept: boolean, reject: boolean, withdraw: boolean, complete: boolean, review: boolean}}} AdRequestDetail
 */

/** @param {AdRequestFilter} filter @returns {Promise<AdRequestPage>} */
export async function list(filter = {}) {
  const page = await call(() => AdRequestService.List({ status: '', campaign_id: '', page: 1, page_size: 50, ...filter }))
  return { ...page, items: page?.items ?? [] }
}

/** @param {string} id @returns {Promise<AdRequestDetail>} */
export async function get(id) {
  const d = await call(() => AdRequestService.Get(id))
  return { ...d, thread: d?.thread ?? [] }
}

/** @param {string} text */
export async function searchInfluencers(text) {
  return (await call(() => AdRequestService.InfluencerSearch(text))) ?? []
}

/** @returns {Promise<string>} the new request's id */
export function send({ campaign_id, influencer_id, amount, requirements, message = '' }) {
  return act(() => AdRequestService.Send(campaign_id, influencer_id, amount, requirements, message))
}

/** @returns {Promise<string>} the new offer's id */
export function counter(id, inReplyTo, { amount, requirements = '', message = '' }) {
  return act(() => AdRequestService.Counter(id, inReplyTo, amount, requirements, message))
}

export function accept(id, offerId) {
  return act(() => AdRequestService.Accept(id, offerId))
}

export function reject(id, reason = '') {
  return act(() => AdRequestService.Reject(id, reason))
}

export function withdraw(id, reason = '') {
  return act(() => AdRequestService.Withdraw(id, reason))
}

/** Marks accepted work delivered (the sponsor). */
export function complete(id) {
  return act(() => AdRequestService.Complete(id))
}

/** Rates the other side of completed work, 1 to 5. @returns {Promise<string>} the review's id */
export function review(id, rating, body = '') {
  return act(() => AdRequestService.Review(id, rating, body))
}

/**
 * Parses what the user typed as money ("1,250.50", "$300") into integer cents.
 * Returns null when it is not a positive amount with at most two decimals.
 * @param {string|number} text @returns {number|null}
 */
export function parseCents(text) {
  const s = String(text ?? '').replace(/[\s,$]/g, '')
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null
  const [whole, frac = ''] = s.split('.')
  const cents = Number(whole) * 100 + Number((frac + '00').slice(0, 2))
  if (!Number.isSafeInteger(cents) || cents <= 0 || cents > 1_000_000_000_000) return null
  return cents
}
