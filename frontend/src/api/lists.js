// The organisation's shortlists and saved searches over ListsService: named lists
// of creators with the team's notes (the mutators' own shapes, mutate.Shortlist*),
// and saved creator searches with how many creators are new since this desktop
// last opened each (docs/desktop.md, "Lists").
import * as ListsService from '../../wailsjs/go/desktop/ListsService.js'
import { act, call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').queries.Shortlist} Shortlist
 * @typedef {import('../../wailsjs/go/models').queries.ShortlistEntry} ShortlistEntry
 * @typedef {{org_id: string, can_edit: boolean, items: Shortlist[]}} ShortlistsPage
 * @typedef {Shortlist & {org_id: string, can_edit: boolean, items: ShortlistEntry[]}} ShortlistDetail
 * @typedef {{id: string, name: string, query: Record<string, any>, updated_at: string, opened: boolean, new: number}} SavedSearch
 */

/** Names and notes: the mutators' limits (mutate.MaxListName, MaxListNote, MaxListBatch). */
export const MAX_NAME = 80
export const MAX_NOTE = 1000
export const MAX_BATCH = 200

/** @param {string} [influencerId] ticks the lists that creator is on @returns {Promise<ShortlistsPage>} */
export async function lists(influencerId = '') {
  const p = await call(() => ListsService.Lists(influencerId))
  return { org_id: p?.org_id ?? '', can_edit: !!p?.can_edit, items: p?.items ?? [] }
}

/** @param {string} id @returns {Promise<ShortlistDetail>} */
export async function list(id) {
  const d = await call(() => ListsService.List(id))
  return { ...d, items: d?.items ?? [] }
}

/** @param {string} name @param {string} [campaignId] @returns {Promise<string>} the new list's id */
export function create(name, campaignId = '') {
  return act(() => ListsService.Create({ id: '', name, campaign_id: campaignId }))
}

export function rename(id, name) {
  return act(() => ListsService.Rename({ id, name }))
}

export function remove(id) {
  return act(() => ListsService.Delete({ id }))
}

/** Adds creators (adding one twice is one entry). @param {string} shortlistId @param {string[]} influencerIds @param {string} [note] */
export function add(shortlistId, influencerIds, note) {
  const args = { shortlist_id: shortlistId, influencer_ids: [...influencerIds] }
  if (note !== undefined) args.note = note
  return act(() => ListsService.Add(args))
}

/** @param {string} entryId @param {string} note */
export function note(entryId, note) {
  return act(() => ListsService.Note({ id: entryId, note }))
}

/** @param {string[]} entryIds */
export function removeEntries(entryIds) {
  return act(() => ListsService.Remove({ ids: [...entryIds] }))
}

/** @returns {Promise<{org_id: string, can_edit: boolean, items: SavedSearch[]}>} */
export async function savedSearches() {
  const p = await call(() => ListsService.SavedSearches())
  return { org_id: p?.org_id ?? '', can_edit: !!p?.can_edit, items: p?.items ?? [] }
}

/** Saves a search (id '' makes a new one); it returns the id. @param {{id?: string, name: string, query: Record<string, any>}} s */
export function saveSearch({ id = '', name, query }) {
  return act(() => ListsService.SaveSearch({ id, name, query }))
}

export function deleteSearch(id) {
  return act(() => ListsService.DeleteSearch({ id }))
}

/** Opens a saved search: its query, and its new matches count from now. @returns {Promise<SavedSearch>} */
export function openSearch(id) {
  return call(() => ListsService.OpenSearch(id))
}

// The search screen's filters (InfluencerSearchView's form) and a saved query
// (mutate.SavedQuery: the wire names, zero values left out), both ways.

/** @param {Record<string, any>} q a saved query @returns {Record<string, string>} the search form's fields */
export function formOf(q = {}) {
  const pctOf = (v) => (v ? String(Math.round(v * 10000) / 100) : '')
  return {
    text: q.text ?? '', category: q.category ?? '', niche: q.niche ?? '', platform: q.platform ?? '',
    min: q.min_reach ? String(q.min_reach) : '', max: q.max_reach ? String(q.max_reach) : '', sort: q.sort ?? '',
    minEr: pctOf(q.min_er), maxEr: pctOf(q.max_er), sizeTier: q.size_tier ?? '', perfTier: q.perf_tier ?? '',
    risk: q.hide_high_risk ? 'hide_high' : q.risk_level ?? '',
  }
}

/**
 * @param {Record<string, any>} wire the search's request (SearchService.Influencers' argument)
 * @returns {Record<string, any>} the saved query: the filter keys mutate.SavedQuery knows, zero values left out
 */
export function queryOf(wire) {
  const keys = ['text', 'category', 'niche', 'platform', 'min_reach', 'max_reach', 'min_er', 'max_er', 'size_tier', 'perf_tier', 'risk_level', 'hide_high_risk', 'sort', 'order']
  const out = {}
  for (const k of keys) {
    const v = typeof wire[k] === 'string' ? wire[k].trim() : wire[k]
    if (v !== undefined && v !== null && v !== '' && v !== 0 && v !== false) out[k] = v
  }
  return out
}
