// Typed wrappers over the bound desktop.BulkInviteService: one offer to many
// creators (docs/desktop.md, "Bulk invites"). Money is integer cents. Go plans
// and validates (the placeholders, the amounts, the mutator's limits); the UI
// only hints before asking.
import * as BulkInviteService from '../../wailsjs/go/desktop/BulkInviteService.js'
import { call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').bulkinvite.Invite} Invite
 *   {batch_id, campaign_id, influencer_ids (≤ 500), amount_cents OR tier_amounts {nano..mega: cents}, requirements, deliverables, message}
 * @typedef {import('../../wailsjs/go/models').bulkinvite.Plan} Plan
 *   rows [{influencer_id, name, tier, platform, amount, message, request_id, already_sent, refusal: {code, message}|null}],
 *   would_send, refused, already, total, remaining
 * @typedef {import('../../wailsjs/go/models').desktop.BulkInviteResult} BulkInviteResult
 *   rows with state sent|queued|refused|unsent, code and reason (a refusal's), later (the server refused it after it was queued: a sync issue);
 *   sent, queued, refused, unsent, total
 */

/** The placeholders a message may use (bulkinvite.Placeholders). */
export const PLACEHOLDERS = Object.freeze(['first_name', 'name', 'campaign', 'amount', 'platform'])

/** The size tiers, smallest first (analytics.SizeTiers). */
export const TIERS = Object.freeze(['nano', 'micro', 'mid', 'macro', 'mega'])

/** The most creators one batch may name (bulkinvite.MaxCreators). */
export const MAX_CREATORS = 500

/** The {names} of a template that are not placeholders, in order of first use. @param {string} tmpl @returns {string[]} */
export function unknownPlaceholders(tmpl) {
  const out = []
  for (const m of String(tmpl ?? '').matchAll(/\{([^{}]*)\}/g)) {
    const p = `{${m[1]}}`
    if (!PLACEHOLDERS.includes(m[1]) && !out.includes(p)) out.push(p)
  }
  return out
}

/** A new batch id (a UUID v4): sending the same batch again never sends twice. */
export function newBatchId() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16)) // randomUUID needs a secure context
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

function shape(inv) {
  return {
    batch_id: inv.batch_id,
    campaign_id: inv.campaign_id,
    influencer_ids: [...(inv.influencer_ids ?? [])],
    amount_cents: inv.tier_amounts ? 0 : inv.amount_cents ?? 0,
    tier_amounts: inv.tier_amounts ?? undefined,
    requirements: inv.requirements ?? '',
    deliverables: inv.deliverables ?? [],
    message: inv.message ?? '',
  }
}

const rows = (r) => ({ ...r, rows: r?.rows ?? [] })

/** Plans without sending. @param {Invite} inv @returns {Promise<Plan>} */
export async function preview(inv) {
  return rows(await call(() => BulkInviteService.Preview(shape(inv))))
}

/** Sends each planned invitation as its own ad request. @param {Invite} inv @returns {Promise<BulkInviteResult>} */
export async function send(inv) {
  return rows(await call(() => BulkInviteService.Send(shape(inv))))
}

/** Where a sent batch stands now (sends nothing). @param {Invite} inv @returns {Promise<BulkInviteResult>} */
export async function summary(inv) {
  return rows(await call(() => BulkInviteService.Summary(shape(inv))))
}
