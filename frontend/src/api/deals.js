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

/** @param {string} id @returns {Promise<Deal>} */
export async function get(id) {
  const d = await call(() => DealService.Get(id))
  return {
    ...d,
    thread: d?.thread ?? [],
    actions: d?.actions ?? {},
    deliverables: (d?.deliverables ?? []).map((x) => ({ ...x, draft_links: x.draft_links ?? [], actions: x.actions ?? {} })),
    timeline: d?.timeline ?? [],
    escrow: d?.escrow ?? { state: '', cents: 0, commission_bps: 0 },
    refused: d?.refused ?? null,
  }
}

/** The deliverables waiting for the user's step, by due date. @returns {Promise<TodoItem[]>} */
export async function todo() {
  return (await call(() => DealService.Todo())) ?? []
}

export function submitDraft(id, text, links = []) {
  return act(() => DealService.SubmitDraft({ deliverable_id: id, draft_text: text, draft_links: links }))
}

export function requestChanges(id, comment) {
  return act(() => DealService.RequestChanges({ deliverable_id: id, comment }))
}

export function approveDraft(id) {
  return act(() => DealService.ApproveDraft({ deliverable_id: id }))
}

/** @param {string} id @param {string} url @param {string} postedAt an RFC 3339 instant */
export function submitProof(id, url, postedAt) {
  return act(() => DealService.SubmitProof({ deliverable_id: id, proof_url: url, posted_at: postedAt }))
}

export function acceptProof(id) {
  return act(() => DealService.AcceptProof({ deliverable_id: id }))
}

export function dispute(id, reason) {
  return act(() => DealService.Dispute({ deliverable_id: id, reason }))
}
