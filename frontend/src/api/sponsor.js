// Typed wrappers over the bound desktop.SponsorService. Money is integer cents.
import * as SponsorService from '../../wailsjs/go/desktop/SponsorService.js'
import { act, call } from './errors.js'

/**
 * @typedef {{name: string, description?: string, category?: string, niche?: string, start_date: string, end_date: string, budget: number, visibility?: 'public'|'private', goals?: string, publish?: boolean}} CampaignForm
 * @typedef {{name?: string, description?: string, category?: string, niche?: string, start_date?: string, end_date?: string, budget?: number, goals?: string}} CampaignPatch
 * @typedef {{id: string, influencer_id: string, influencer_name: string, amount: number, status: string, initiated_by: string, updated_at: string}} CampaignRequest
 * @typedef {{id: string, sponsor_id: string, name: string, description: string, category: string, niche: string, start_date: string, end_date: string, budget: number, committed: number, remaining: number, visibility: string, goals: string, status: string, flagged: boolean, flag_reason: string, updated_at: string, approval: string, requests: CampaignRequest[]}} CampaignDetail
 * @typedef {{text?: string, category?: string, niche?: string, platform?: string, min_reach?: number, max_reach?: number, sort?: string, order?: string, page?: number, page_size?: number}} InfluencerQuery
 * @typedef {{account_id: string, name: string, display_name: string, category: string, niche: string, bio: string, reach_instagram: number, reach_youtube: number, reach_tiktok: number, reach_x: number, reach_other: number, reach_total: number, rating: number, review_count: number}} InfluencerHit
 * @typedef {{items: InfluencerHit[], total: number, page: number, page_size: number}} InfluencerPage
 * @typedef {InfluencerHit & {platforms: {platform: string, reach: number}[], reviews: {id: string, rating: number, body: string, author_name: string, created_at: string}[]}} InfluencerProfile
 */

export const PLATFORMS = ['instagram', 'youtube', 'tiktok', 'x', 'other']

/** @param {string} id @returns {Promise<CampaignDetail>} */
export async function campaign(id) {
  const d = await call(() => SponsorService.Campaign(id))
  return { ...d, requests: d?.requests ?? [] }
}

/** @param {CampaignForm} form @returns {Promise<string>} the new campaign's id */
export function createCampaign(form) {
  return act(() =>
    SponsorService.CreateCampaign({
      name: '', description: '', category: '', niche: '', start_date: '', end_date: '', budget: 0, visibility: 'private', goals: '', publish: false,
      ...form,
    }),
  )
}

/** @param {string} id @param {CampaignPatch} patch */
export function updateCampaign(id, patch) {
  return act(() => SponsorService.UpdateCampaign(id, { ...patch }))
}

export function publish(id) {
  return act(() => SponsorService.Publish(id))
}

/** @param {string} id @param {'public'|'private'} visibility */
export function setVisibility(id, visibility) {
  return act(() => SponsorService.SetVisibility(id, visibility))
}

export function complete(id) {
  return act(() => SponsorService.Complete(id))
}

export function remove(id) {
  return act(() => SponsorService.Delete(id))
}

/** @param {InfluencerQuery} q @returns {Promise<InfluencerPage>} */
export async function searchInfluencers(q = {}) {
  const page = await call(() =>
    SponsorService.SearchInfluencers({ text: '', category: '', niche: '', platform: '', min_reach: 0, max_reach: 0, sort: '', order: '', page: 1, page_size: 20, ...q }),
  )
  return { ...page, items: page?.items ?? [] }
}

/** @param {string} id @returns {Promise<InfluencerProfile>} */
export async function influencerProfile(id) {
  const p = await call(() => SponsorService.InfluencerProfile(id))
  return { ...p, platforms: p?.platforms ?? [], reviews: p?.reviews ?? [] }
}

/** Parses a budget typed by the user into cents; 0 is allowed. null when invalid. */
export function parseBudget(text) {
  const s = String(text ?? '').replace(/[\s,$]/g, '')
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null
  const [whole, frac = ''] = s.split('.')
  const cents = Number(whole) * 100 + Number((frac + '00').slice(0, 2))
  if (!Number.isSafeInteger(cents) || cents > 1_000_000_000_000) return null
  return cents
}

/** Formats cents as a plain number for an input ("1250.5" → "1250.50"). */
export function centsToInput(cents) {
  const n = Number(cents) || 0
  return n % 100 === 0 ? String(n / 100) : (n / 100).toFixed(2)
}

/** Formats a reach count compactly: 12500 → "12.5K". */
export function formatReach(n) {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(Number(n) || 0)
}
