// Typed wrappers over the bound desktop.InfluencerService (the influencer's own
// screens: find campaigns and apply, my profile, my earnings). Money is integer cents.
import * as InfluencerService from '../../wailsjs/go/desktop/InfluencerService.js'
import { act, call } from './errors.js'

/**
 * @typedef {{text?: string, category?: string, min_budget?: number, max_budget?: number, from?: string, to?: string, sort?: ''|'relevance'|'budget'|'start_date'|'end_date', order?: ''|'asc'|'desc', page?: number, page_size?: number}} CampaignSearchQuery
 * @typedef {{id: string, sponsor_id: string, company_name: string, name: string, description: string, category: string, niche: string, goals: string, start_date: string, end_date: string, budget: number, committed: number, remaining: number, applied: boolean}} CampaignHit
 * @typedef {{items: CampaignHit[], total: number, page: number, page_size: number}} CampaignSearchPage
 * @typedef {CampaignHit & {status: string, industry: string, open_request_id: string, open_status: string}} PublicCampaign
 * @typedef {{instagram: number, youtube: number, tiktok: number, x: number, other: number, total?: number}} Reach
 * @typedef {{id: string, rating: number, body: string, author_name: string, campaign_name: string, created_at: string}} Review
 * @typedef {{account_id: string, name: string, display_name: string, category: string, niche: string, bio: string, reach: Reach, flagged: boolean, reviews: Review[], rating: number}} Profile
 * @typedef {{display_name?: string, category?: string, niche?: string, bio?: string, reach?: Partial<Reach>}} ProfilePatch
 * @typedef {{committed: number, completed: number, counts: Record<string, number>}} Earnings
 */

export const PLATFORMS = Object.freeze(['instagram', 'youtube', 'tiktok', 'x', 'other'])
export const MAX_REACH = 10_000_000_000
export const LIMITS = Object.freeze({ name: 120, category: 60, niche: 60, bio: 2000, requirements: 2000, message: 2000 })

/** @param {CampaignSearchQuery} query @returns {Promise<CampaignSearchPage>} */
export async function searchCampaigns(query = {}) {
  const q = { text: '', category: '', min_budget: 0, max_budget: 0, from: '', to: '', sort: '', order: '', page: 1, page_size: 20, ...query }
  const page = await call(() => InfluencerService.SearchCampaigns(q))
  return { ...page, items: page?.items ?? [] }
}

/** @param {string} id @returns {Promise<PublicCampaign>} */
export function publicCampaign(id) {
  return call(() => InfluencerService.PublicCampaign(id))
}

/** @returns {Promise<string>} the new ad request's id */
export function apply({ campaign_id, amount, requirements = '', message = '' }) {
  return act(() => InfluencerService.Apply(campaign_id, amount, requirements, message))
}

/** @returns {Promise<Profile>} */
export async function profile() {
  const p = await call(() => InfluencerService.Profile())
  return { ...p, reach: { instagram: 0, youtube: 0, tiktok: 0, x: 0, other: 0, total: 0, ...(p?.reach ?? {}) }, reviews: p?.reviews ?? [] }
}

/** @param {ProfilePatch} patch */
export function updateProfile(patch) {
  return act(() => InfluencerService.UpdateProfile(patch))
}

/** @returns {Promise<Earnings>} */
export async function earnings() {
  const e = await call(() => InfluencerService.Earnings())
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
