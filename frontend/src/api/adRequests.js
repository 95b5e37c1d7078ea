// Typed wrappers over the bound desktop.AdRequestService (and the send form's
// influencer picker, desktop.SearchService). Money is integer cents. The actions
// send the mutators' own argument shapes (mutate.AdRequestSend, ...); the Go
// service makes the new ids.
import * as AdRequestService from '../../wailsjs/go/desktop/AdRequestService.js'
import * as SearchService from '../../wailsjs/go/desktop/SearchService.js'
import { act, call } from './errors.js'
import { announceUndoable } from './sync.js'

/**
 * @typedef {import('../../wailsjs/go/models').queries.AdRequestFilter} AdRequestFilterFull
 * @typedef {Partial<AdRequestFilterFull> & {sort?: ''|'updated'|'amount'|'campaign'}} AdRequestFilter
 *   status: '', a status or 'waiting'; text: campaign or party name; sort: '' (waiting first, then latest), updated, amount or campaign (to group by campaign)
 * @typedef {import('../../wailsjs/go/models').queries.Refusal} Refusal {action, code, message}: the last change to the request the server refused
 * @typedef {import('../../wailsjs/go/models').queries.AdRequestRow} AdRequestRow
 *   with campaign_status, campaign_flagged, campaign_flag_reason, queued (a local change waits in the outbox) and refused (Refusal or null)
 * @typedef {import('../../wailsjs/go/models').queries.AdRequestPage} AdRequestPage
 *   first_waiting: the id of the first request waiting for the user in the list's order, '' when none
 * @typedef {import('../../wailsjs/go/models').queries.Offer} Offer
 * @typedef {import('../../wailsjs/go/models').queries.AdRequestDetail} AdRequestDetail
 * @typedef {import('../../wailsjs/go/models').search.InfluencerHit} InfluencerHit
 */

/** @param {AdRequestFilter} filter @returns {Promise<AdRequestPage>} */
export async function list(filter = {}) {
  const page = await call(() =>
    AdRequestService.List({ status: '', campaign_id: '', text: '', sort: '', desc: false, page: 1, page_size: 50, ...filter }),
  )
  return { ...page, items: page?.items ?? [], first_waiting: page?.first_waiting ?? '' }
}

/** @param {string} id @returns {Promise<AdRequestDetail>} */
export async function get(id) {
  const d = await call(() => AdRequestService.Get(id))
  return { ...d, thread: d?.thread ?? [], refused: d?.refused ?? null }
}

/** The send form's influencer picker (at most 10). @param {string} text @returns {Promise<InfluencerHit[]>} */
export async function searchInfluencers(text) {
  const page = await call(() =>
    SearchService.Influencers({ text: text ?? '', category: '', niche: '', platform: '', min_reach: 0, max_reach: 0, sort: '', order: '', page: 1, page_size: 10 }),
  )
  return page?.items ?? []
}

/** @returns {Promise<string>} the new request's id */
export function send({ campaign_id, influencer_id, amount, requirements, message = '', deliverables = [] }) {
  return act(() => AdRequestService.Send({ id: '', offer_id: '', campaign_id, influencer_id, amount, requirements, message, deliverables }))
}

/** @returns {Promise<string>} the new offer's id */
export function counter(id, inReplyTo, { amount, requirements = '', message = '', deliverables = [] }) {
  return act(() => AdRequestService.Counter({ ad_request_id: id, offer_id: '', in_reply_to: inReplyTo, amount, requirements, message, deliverables }))
}

/**
 * Accepts the latest offer. Accepting commits money, so the queued change is
 * announced as undoable (api/sync.js onUndoable: a toast with Undo while it waits
 * to be sent); amount and payer ('me' for the sponsor, 'sponsor' for the
 * influencer) say what it commits.
 * @returns {Promise<{mutation_id: number, change_id: string}>} the queued change
 */
export async function accept(id, offerId, { amount = 0, payer = '' } = {}) {
  const queued = await act(() => AdRequestService.Accept({ ad_request_id: id, offer_id: offerId }))
  announceUndoable({ change_id: queued?.change_id ?? '', action: 'accept', amount, payer })
  return queued
}

export function reject(id, reason = '') {
  return act(() => AdRequestService.Reject({ ad_request_id: id, reason }))
}

export function withdraw(id, reason = '') {
  return act(() => AdRequestService.Withdraw({ ad_request_id: id, reason }))
}

/** Marks accepted work delivered (the sponsor). */
export function complete(id) {
  return act(() => AdRequestService.Complete({ ad_request_id: id }))
}

/** Rates the other side of completed work, 1 to 5. @returns {Promise<string>} the review's id */
export function review(id, rating, body = '') {
  return act(() => AdRequestService.Review({ id: '', ad_request_id: id, rating, body }))
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
