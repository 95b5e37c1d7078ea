// Typed wrappers over the bound desktop.DealService: a request seen as a deal
// (thread with changes, escrow, deliverables with the viewer's actions, one
// timeline), the to-do across deals, and each deliverable step. The steps send the
// mutators' own argument shapes (mutate.DeliverableSubmitDraft, ...).
import * as DealService from '../../wailsjs/go/desktop/DealService.js'
import { act, call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').queries.Deal} Deal
 * @typedef {import('../../wailsjs/go/models').queries.DealDeliverable} DealDeliverable
 * @typedef {import('../../wailsjs/go/models').queries.DealEvent} DealEvent
 * @typedef {import('../../wailsjs/go/models').queries.TodoItem} TodoItem
 * @typedef {import('../../wailsjs/go/models').domain.DeliverableTerm} DeliverableTerm
 */

/** A deal never funded. */
const NO_ESCROW = Object.freeze({ state: '', cents: 0, commission_bps: 0, released_cents: 0, resolution_note: '', commission_cents: 0,
  influencer_cents: 0, refunded_cents: 0 })

/** @param {string} id @returns {Promise<Deal>} */
export async function get(id) {
  const d = await call(() => DealService.Get(id))
  return {
    ...d,
    thread: d?.thread ?? [],
    actions: d?.actions ?? {},
    deliverables: (d?.deliverables ?? []).map((x) => ({
      ...x, draft_links: x.draft_links ?? [], draft_attachments: x.draft_attachments ?? [], proof_screenshot: x.proof_screenshot ?? null,
      actions: x.actions ?? {},
    })),
    timeline: d?.timeline ?? [],
    escrow: { ...NO_ESCROW, ...d?.escrow },
    refused: d?.refused ?? null,
  }
}

/** The deliverables waiting for the user's step, by due date. @returns {Promise<TodoItem[]>} */
export async function todo() {
  return (await call(() => DealService.Todo())) ?? []
}

/**
 * @typedef {import('../../wailsjs/go/models').blobs.Ref} Ref
 * @param {string} id @param {string} text @param {string[]} links
 * @param {Ref[]} attachments kept by AttachmentService first (AttachmentPicker)
 */
export function submitDraft(id, text, links = [], attachments = []) {
  return act(() => DealService.SubmitDraft({ deliverable_id: id, draft_text: text, draft_links: links, attachments }))
}

export function requestChanges(id, comment) {
  return act(() => DealService.RequestChanges({ deliverable_id: id, comment }))
}

export function approveDraft(id) {
  return act(() => DealService.ApproveDraft({ deliverable_id: id }))
}

/**
 * @param {string} id @param {string} url @param {string} postedAt an RFC 3339 instant
 * @param {Ref} screenshot the post's screenshot (required: an image kept by AttachmentService)
 */
export function submitProof(id, url, postedAt, screenshot) {
  return act(() => DealService.SubmitProof({ deliverable_id: id, proof_url: url, posted_at: postedAt, screenshot }))
}

export function acceptProof(id) {
  return act(() => DealService.AcceptProof({ deliverable_id: id }))
}

export function dispute(id, reason) {
  return act(() => DealService.Dispute({ deliverable_id: id, reason }))
}
