// Typed wrappers over the bound desktop.NotificationService: the top bar's bell.
import * as NotificationService from '../../wailsjs/go/desktop/NotificationService.js'
import { act, call } from './errors.js'

/**
 * @typedef {{id: string, kind: string, title: string, body: string, ref_table: string, ref_id: string, created_at: string, read_at: string|null}} NotificationItem
 * @returns {Promise<{items: NotificationItem[], unread: number}>}
 */
export async function list(limit = 20) {
  const l = await call(() => NotificationService.List(limit))
  return { items: l?.items ?? [], unread: l?.unread ?? 0 }
}

/** @param {string[]} ids */
export function markRead(ids) {
  return act(() => NotificationService.MarkRead(ids))
}

export function markAllRead() {
  return act(() => NotificationService.MarkAllRead())
}
