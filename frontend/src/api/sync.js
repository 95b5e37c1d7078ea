// Typed wrappers over the bound desktop.SyncService.
import * as SyncService from '../../wailsjs/go/desktop/SyncService.js'
import { act, call } from './errors.js'

/**
 * @typedef {'online'|'offline'|'syncing'|'signed_out'} SyncState
 * @typedef {{state: SyncState, pending: number, rejected: number, last_synced: string|null, last_error: string}} SyncStatus
 * @typedef {{id: number, name: string, args: any, created_at: string, code: string, message: string}} SyncIssue
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

/** @returns {Promise<SyncStatus>} */
export async function status() {
  return normalizeStatus(await call(() => SyncService.Status()))
}

/** The changes the server rejected, oldest first. @returns {Promise<SyncIssue[]>} */
export async function issues() {
  return (await call(() => SyncService.Issues())) ?? []
}

/** Drops a rejected change. */
export function discard(id) {
  return act(() => SyncService.Discard(id))
}

/** Replaces a rejected change with edited arguments (an object or JSON text). @returns {Promise<number>} the new change's id */
export function resubmit(id, args) {
  const json = typeof args === 'string' ? args : JSON.stringify(args)
  return act(() => SyncService.Resubmit(id, json))
}

/** Pushes and pulls now. @returns {Promise<SyncStatus>} */
export async function syncNow() {
  return normalizeStatus(await call(() => SyncService.SyncNow()))
}
