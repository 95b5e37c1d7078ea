// The influencer's own screens over the bound services: find campaigns
// (desktop.SearchService) and apply (AdRequestService), a public campaign
// (CampaignService), my profile and earnings (ProfileService). Money is integer cents.
import * as AdRequestService from '../../wailsjs/go/desktop/AdRequestService.js'
import * as CampaignService from '../../wailsjs/go/desktop/CampaignService.js'
import * as ProfileService from '../../wailsjs/go/desktop/ProfileService.js'
import * as SearchService from '../../wailsjs/go/desktop/SearchService.js'
import { act, call } from './errors.js'

/**
 * @typedef {{text?: string, category?: string, min_budget?: number, max_budget?: number, from?: string, to?: string, sort?: ''|'relevance'|'budget'|'start_date'|'end_date', order?: ''|'asc'|'desc', page?: number, page_size?: number}} CampaignSearchQuery
 * @typedef {import('../../wailsjs/go/models').queries.InflCampaignHit} CampaignHit no committed/remaining: the sponsor's money is not the influencer's to see
 * @typedef {import('../../wailsjs/go/models').queries.InflCampaignPage} CampaignSearchPage
 * @typedef {import('../../wailsjs/go/models').queries.InflCampaignDetail} PublicCampaign no committed/remaining either
 * @typedef {import('../../wailsjs/go/models').queries.InflReach} Reach
 * @typedef {import('../../wailsjs/go/models').queries.InflReview} Review
 * @typedef {import('../../wailsjs/go/models').queries.InflProfile} Profile
 * @typedef {Partial<import('../../wailsjs/go/models').mutate.ProfileUpdate>} ProfilePatch the mutator's own shape: display_name, category, niche, bio, reach {instagram, youtube, tiktok, x, other}
 * @typedef {import('../../wailsjs/go/models').queries.InflEarnings} Earnings
 */

export const PLATFORMS = Object.freeze(['instagram', 'youtube', 'tiktok', 'x', 'other'])
export const MAX_REACH = 10_000_000_000
export const LIMITS = Object.freeze({ name: 120, category: 60, niche: 60, bio: 2000, requirements: 2000, message: 2000 })

/** @param {CampaignSearchQuery} query @returns {Promise<CampaignSearchPage>} */
export async function searchCampaigns(query = {}) {
  const q = { text: '', category: '', min_budget: 0, max_budget: 0, from: '', to: '', sort: '', order: '', page: 1, page_size: 20, ...query }
  const page = await call(() => SearchService.Campaigns(q))
  return { ...page, items: page?.items ?? [] }
}

/** @param {string} id @returns {Promise<PublicCampaign>} */
export function publicCampaign(id) {
  return call(() => CampaignService.Public(id))
}

/** @returns {Promise<string>} the new ad request's id */
export function apply({ campaign_id, amount, requirements = '', message = '', deliverables = [] }) {
  return act(() => AdRequestService.Apply({ id: '', offer_id: '', campaign_id, amount, requirements, message, deliverables }))
}

/** @returns {Promise<Profile>} */
export async function profile() {
  const p = await call(() => ProfileService.Mine())
  return { ...p, reach: { instagram: 0, youtube: 0, tiktok: 0, x: 0, other: 0, total: 0, ...(p?.reach ?? {}) }, reviews: p?.reviews ?? [] }
}

/** @param {ProfilePatch} patch */
export function updateProfile(patch) {
  return act(() => ProfileService.Update({ ...patch }))
}

/** @returns {Promise<Earnings>} */
export async function earnings() {
  const e = await call(() => ProfileService.Earnings())
  return { committed: 0, completed: 0, ...e, counts: e?.counts ?? {} }
}

/**
 * Parses an optional budget ("", "1,500", "$2000.50") into cents: 0 when empty,
 * null when invalid.
 * @param {string|number} text @returns {number|null}
 */
export function parseOptionalCents(text) {
  const s = String(text ?? '').replace(/[\s,$]/g, '')
  if (s === '') return 0
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null
  const [whole, frac = ''] = s.split('.')
  const cents = Number(whole) * 100 + Number((frac + '00').slice(0, 2))
  return Number.isSafeInteger(cents) && cents <= 1_000_000_000_000 ? cents : null
}

/**
 * Parses a follower count ("12,000", "" → 0) into an integer, or null when invalid.
 * @param {string|number} text @returns {number|null}
 */
export function parseReach(text) {
  const s = String(text ?? '').replace(/[\s,_]/g, '')
  if (s === '') return 0
  if (!/^\d+$/.test(s)) return null
  const n = Number(s)
  return Number.isSafeInteger(n) && n <= MAX_REACH ? n : null
}
