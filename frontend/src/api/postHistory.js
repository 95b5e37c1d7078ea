// Typed wrappers over the bound desktop.PostHistoryService: the influencer's post
// history (a page, manual entry, correction, deletion, the CSV import with its
// mapping step), the audience breakdown and the media kit with its PDF
// (docs/import.md). Files travel as base64, read the way AttachmentPicker reads them.
import * as PostHistoryService from '../../wailsjs/go/desktop/PostHistoryService.js'
import { call } from './errors.js'
import { toBase64 } from './attachments.js'

/**
 * @typedef {import('../../wailsjs/go/models').queries.PostPage} PostPage
 * @typedef {import('../../wailsjs/go/models').queries.PostRow} PostRow
 * @typedef {import('../../wailsjs/go/models').postimport.Preview} Preview
 * @typedef {import('../../wailsjs/go/models').postimport.Mapping} Mapping
 * @typedef {import('../../wailsjs/go/models').postimport.Options} Options
 * @typedef {import('../../wailsjs/go/models').desktop.ImportReport} ImportReport
 * @typedef {import('../../wailsjs/go/models').desktop.AudienceImportReport} AudienceImportReport
 * @typedef {import('../../wailsjs/go/models').desktop.MediaKitView} MediaKitView
 * @typedef {import('../../wailsjs/go/models').mutate.PostFields} PostFields
 */

/** The platforms and content types a post may have (analytics.Platforms, ContentTypes). */
export const PLATFORMS = ['instagram', 'youtube', 'tiktok', 'x', 'other']
export const CONTENT_TYPES = ['photo', 'carousel', 'video', 'reel', 'short', 'story', 'live', 'text']
/** The fields a column maps to, in the template's order (postimport.Fields). */
export const FIELDS = ['platform', 'content_type', 'posted_at', 'external_id', 'followers', 'views', 'reach', 'likes', 'comments', 'shares', 'saves', 'sponsored']
/** The figures of a post, in the table's and the form's order. */
export const FIGURES = ['followers', 'views', 'reach', 'likes', 'comments', 'shares', 'saves']
/** The audience dimensions and their fixed buckets (analytics.AgeBands, Genders). */
export const DIMENSIONS = ['country', 'age', 'gender']
export const AGE_BANDS = ['13-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+']
export const GENDERS = ['female', 'male', 'other']
/** mutate.MaxMetric: a figure's bound. */
export const MAX_FIGURE = 10_000_000_000

/** docs/import.md's example of the template, offered for download. */
export const TEMPLATE_CSV = `platform,content_type,posted_at,external_id,followers,views,reach,likes,comments,shares,saves,sponsored
instagram,reel,2025-03-01T18:30:00Z,ig-3301,48200,61400,40100,3120,141,88,230,no
youtube,short,2025-03-12 09:00,yt-7Lm1,125300,1.2K,,210,12,9,,no
`
/** docs/import.md's audience example. */
export const AUDIENCE_TEMPLATE_CSV = `dimension,bucket,share
country,US,41.5%
age,18-24,31%
gender,female,61.4%
`

/** A data: URL of a CSV text, for a download link. */
export function csvHref(text) {
  return 'data:text/csv;charset=utf-8,' + encodeURIComponent(text)
}

/** The machine's IANA time zone ("Europe/Berlin"), or "UTC". */
export function localTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  } catch {
    return 'UTC'
  }
}

/**
 * A file refused whole (postimport.FileError) reaches the UI as an ApiError whose
 * message is "postimport: <reason> <param>=<value> ...": its reason and params, or
 * null for any other error.
 * @returns {{reason: string, params: Record<string, string>} | null}
 */
export function fileErrorOf(err) {
  const m = /^postimport: (\w+)((?: \w+=\S*)*)$/.exec(String(err?.message ?? '').trim())
  if (!m) return null
  const params = {}
  for (const kv of m[2].trim().split(' ').filter(Boolean)) {
    const i = kv.indexOf('=')
    params[kv.slice(0, i)] = kv.slice(i + 1)
  }
  return { reason: m[1], params }
}

/** @param {{page?: number, page_size?: number}} q @returns {Promise<PostPage>} */
export async function list(q = {}) {
  const p = await call(() => PostHistoryService.List({ page: q.page ?? 1, page_size: q.page_size ?? 25 }))
  return { ...p, items: p?.items ?? [] }
}

/**
 * Records a post typed in, or corrects one (its id). Answers the post's id.
 * @param {string} id "" for a new post @param {PostFields} post @returns {Promise<string>}
 */
export function record(id, post) {
  return call(() => PostHistoryService.Record({ id, post }))
}

/** @param {string} id @returns {Promise<void>} */
export function remove(id) {
  return call(() => PostHistoryService.Delete(id))
}

/** @param {string} name @param {Uint8Array} bytes @returns {Promise<Preview>} */
export function inspect(name, bytes) {
  return call(() => PostHistoryService.Inspect(name, toBase64(bytes)))
}

/**
 * @param {Uint8Array} bytes @param {Mapping} mapping @param {Options} options
 * @returns {Promise<ImportReport>}
 */
export async function importPosts(bytes, mapping, options) {
  const r = await call(() => PostHistoryService.Import(toBase64(bytes), mapping, options))
  return { ...r, refused: r?.refused ?? [] }
}

/** @returns {Promise<Array<{dimension: string, bucket: string, share_bps: number}>>} */
export async function audience() {
  return (await call(() => PostHistoryService.Audience())) ?? []
}

/** @param {string} dimension @param {Array<{bucket: string, share_bps: number}>} buckets */
export function setAudience(dimension, buckets) {
  return call(() => PostHistoryService.SetAudience({ dimension, buckets }))
}

/** @param {Uint8Array} bytes @returns {Promise<AudienceImportReport>} */
export async function importAudience(bytes) {
  const r = await call(() => PostHistoryService.ImportAudience(toBase64(bytes)))
  return { ...r, dimensions: r?.dimensions ?? [], refused: r?.refused ?? [] }
}

/** @returns {Promise<MediaKitView>} */
export function mediaKit() {
  return call(() => PostHistoryService.MediaKit())
}

/** @param {{show_audience?: boolean, show_history?: boolean, headline?: string}} patch */
export function updateMediaKit(patch) {
  return call(() => PostHistoryService.UpdateMediaKit(patch))
}

/** Asks where to save the media kit's PDF; a cancelled dialog answers {path: ''}. */
export function saveMediaKitPDF() {
  return call(() => PostHistoryService.SaveMediaKitPDF())
}

/** A percentage typed in ("41.5", "41,5 %") as basis points, or null. */
export function parseShare(text) {
  const s = String(text ?? '').trim().replace(/\s*%$/, '').replace(',', '.')
  if (s === '') return 0
  if (!/^\d+(\.\d+)?$/.test(s)) return null
  const n = Math.round(Number(s) * 100)
  return n > 10000 ? null : n
}

/** Basis points as a percentage text: 4150 → "41.5". */
export function shareText(bps) {
  return String(Math.round(Number(bps) || 0) / 100)
}

/** A whole figure typed in ("48,200", "48200") or null; "" is 0. */
export function parseFigure(text) {
  const s = String(text ?? '').trim().replace(/[,\s]/g, '')
  if (s === '') return 0
  if (!/^\d+$/.test(s)) return null
  const n = Number(s)
  return n > MAX_FIGURE ? null : n
}
