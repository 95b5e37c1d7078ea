// Typed wrappers over the bound desktop.SyncService.
import * as SyncService from '../../wailsjs/go/desktop/SyncService.js'
import { act, call } from './errors.js'

/**
 * @typedef {'online'|'offline'|'syncing'|'signed_out'} SyncState
 * @typedef {{state: SyncState, pending: number, rejected: number, last_synced: string|null, last_error: string}} SyncStatus
 * @typedef {'ad_request'|'campaign'|'profile'|'account'} RefKind
 * @typedef {{kind: RefKind, id: string}} IssueRef what to open
 * @typedef {import('../../wailsjs/go/models').queries.IssueParams} IssueParams
 *   campaign, party (names), amount and budget (cents), rating, target, active, count
 * @typedef {Omit<import('../../wailsjs/go/models').queries.SyncIssue, 'args'|'created_at'|'ref'|'params'> & {
 *   args: any, created_at: string, params: IssueParams, ref: IssueRef|null}} SyncIssue
 *   action: the mutation's name, for the i18n key (syncIssue.action.<action>);
 *   reason_code: the domain code, for the i18n key (errors.<reason_code>);
 *   name, code, message, args: the raw change, kept for tests and tools
 */

export const SIGNED_OUT = Object.freeze({ state: 'signed_out', pending: 0, rejected: 0, last_synced: null, last_error: '' })

/** Fills in what Go may leave out, so components never see undefined. @returns {SyncStatus} */
export function normalizeStatus(s) {
  if (!s || typeof s !== 'object') return { ...SIGNED_OUT }
  return {
    state: ['online', 'offline', 'syncing', 'signed_out'].includes(s.state) ? s.state : 'offline',
    pending: Number(s.pending) || 0,
    rejected: Number(s.rejected) || 0,
    last_synced: s.last_synced || null,
    last_error: s.last_error || '',
  }
}

/** @returns {SyncIssue} */
export function normalizeIssue(i) {
  const ref = i?.ref && typeof i.ref === 'object' && i.ref.kind && i.ref.id ? { kind: i.ref.kind, id: i.ref.id } : null
  return {
    ...i,
    action: i?.action || i?.name || '',
    reason_code: i?.reason_code || i?.code || 'internal',
    params: i?.params && typeof i.params === 'object' ? i.params : {},
    ref,
  }
}

/** @returns {Promise<SyncStatus>} */
export async function status() {
  return normalizeStatus(await call(() => SyncService.Status()))
}

/** The changes the server rejected, oldest first, in words (see SyncIssue). @returns {Promise<SyncIssue[]>} */
export async function issues() {
  return ((await call(() => SyncService.Issues())) ?? []).map(normalizeIssue)
}

/** Drops a rejected change. @param {number} id */
export function discard(id) {
  return act(() => SyncService.Discard(id))
}

/**
 * Queues a rejected change again with the same arguments (after fixing its cause
 * elsewhere, e.g. raising the budget). @param {number} id @returns {Promise<number>} the new change's id
 */
export function retry(id) {
  return act(() => SyncService.Retry(id))
}

/**
 * Replaces a rejected change with edited arguments (an object or JSON text).
 * For tests and tools: the UI offers retry() and opening the item instead.
 * @returns {Promise<number>} the new change's id
 */
export function resubmit(id, args) {
  const json = typeof args === 'string' ? args : JSON.stringify(args)
  return act(() => SyncService.Resubmit(id, json))
}

/** Pushes and pulls now. @returns {Promise<SyncStatus>} */
export async function syncNow() {
  return normalizeStatus(await call(() => SyncService.SyncNow()))
}

/**
 * A queued change the user may take back while it waits to be sent (accepting
 * money): what the undoable action answered, with what to tell the user.
 * @typedef {{change_id: string, action: string, amount?: number, payer?: 'me'|'sponsor'|''}} Undoable
 *   action: the verb (accept, ...), for the i18n key toasts.queued.<action>
 */

const undoableListeners = new Set()

/**
 * Listens to undoable changes as actions queue them (ToastHost offers Undo);
 * returns the function that stops listening. @param {(u: Undoable) => void} fn
 */
export function onUndoable(fn) {
  undoableListeners.add(fn)
  return () => undoableListeners.delete(fn)
}

/** Tells the listeners that an action queued an undoable change. @param {Undoable} u */
export function announceUndoable(u) {
  if (!u?.change_id) return
  for (const fn of undoableListeners) {
    try {
      fn(u)
    } catch {
      // a listener's failure must not fail the action
    }
  }
}

/**
 * Takes back a queued change that has not been sent. Refused with
 * invalid_transition once it has been (or may have been) sent. @param {string} changeId
 */
export function undo(changeId) {
  return call(() => SyncService.Undo(changeId))
}

/** Whether undo(changeId) would succeed now. @param {string} changeId @returns {Promise<boolean>} */
export async function canUndo(changeId) {
  return (await call(() => SyncService.CanUndo(changeId))) === true
}
