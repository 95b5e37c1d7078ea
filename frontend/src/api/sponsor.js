// The sponsor's screens over the bound services: own campaigns
// (desktop.CampaignService, sending the mutators' own shapes mutate.CampaignCreate
// and mutate.CampaignUpdate), the influencer directory (SearchService) and an
// influencer's public profile (ProfileService). Money is integer cents.
import * as CampaignService from '../../wailsjs/go/desktop/CampaignService.js'
import * as ProfileService from '../../wailsjs/go/desktop/ProfileService.js'
import * as SearchService from '../../wailsjs/go/desktop/SearchService.js'
import { act, call } from './errors.js'

/**
 * @typedef {Omit<import('../../wailsjs/go/models').mutate.CampaignCreate, 'id'>} CampaignForm the mutator's own shape (the service makes the id)
 * @typedef {Partial<Omit<import('../../wailsjs/go/models').mutate.CampaignUpdate, 'id'>>} CampaignPatch the mutator's own shape: absent fields are kept
 * @typedef {import('../../wailsjs/go/models').queries.CampaignRequest} CampaignRequest
 * @typedef {import('../../wailsjs/go/models').queries.CampaignDetail} CampaignDetail with queued: a local change to it waits in the outbox
 * @typedef {Partial<import('../../wailsjs/go/models').search.InfluencerQuery>} InfluencerQuery
 * @typedef {import('../../wailsjs/go/models').search.InfluencerHit} InfluencerHit
 * @typedef {{items: InfluencerHit[], total: number, page: number, page_size: number}} InfluencerPage
 * @typedef {import('../../wailsjs/go/models').queries.InfluencerProfile} InfluencerProfile
 */

export const PLATFORMS = ['instagram', 'youtube', 'tiktok', 'x', 'other']

/** @param {string} id @returns {Promise<CampaignDetail>} */
export async function campaign(id) {
  const d = await call(() => CampaignService.Get(id))
  return { ...d, requests: d?.requests ?? [] }
}

/** @param {CampaignForm} form @returns {Promise<string>} the new campaign's id */
export function createCampaign(form) {
  return act(() =>
    CampaignService.Create({
      name: '', description: '', category: '', niche: '', start_date: '', end_date: '', budget: 0, visibility: 'private', goals: '', publish: false,
      ...form,
      id: '',
    }),
  )
}

/** Sends a mutate.CampaignUpdate: the id and the changed fields. @param {string} id @param {CampaignPatch} patch */
export function updateCampaign(id, patch) {
  return act(() => CampaignService.Update({ ...patch, id }))
}

export function publish(id) {
  return act(() => CampaignService.Publish(id))
}

/** @param {string} id @param {'public'|'private'} visibility */
export function setVisibility(id, visibility) {
  return act(() => CampaignService.SetVisibility(id, visibility))
}

export function complete(id) {
  return act(() => CampaignService.Complete(id))
}

export function remove(id) {
  return act(() => CampaignService.Delete(id))
}

/** @param {InfluencerQuery} q @returns {Promise<InfluencerPage>} */
export async function searchInfluencers(q = {}) {
  const page = await call(() =>
    SearchService.Influencers({ text: '', category: '', niche: '', platform: '', min_reach: 0, max_reach: 0, sort: '', order: '', page: 1, page_size: 20, ...q }),
  )
  return { ...page, items: page?.items ?? [] }
}

/** @param {string} id @returns {Promise<InfluencerProfile>} */
export async function influencerProfile(id) {
  const p = await call(() => ProfileService.Influencer(id))
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
