// Typed wrappers over the bound desktop.NotificationService: the sidebar's bell.
import * as NotificationService from '../../wailsjs/go/desktop/NotificationService.js'
import { act, call } from './errors.js'

/**
 * A notification is a kind and its params (strings and integers: party and
 * campaign names, reason, amount in cents, rating; a reminder's waiting and soon
 * counts; a report's month and money); title and body only on rows made before
 * params. The bell renders kind + params through notification.<kind>.
 * @typedef {import('../../wailsjs/go/models').queries.NotificationItem} NotificationItem
 * @typedef {import('../../wailsjs/go/models').queries.NotificationList} NotificationList
 * @returns {Promise<NotificationList>}
 */
export async function list(limit = 20) {
  const l = await call(() => NotificationService.List(limit))
  const items = (l?.items ?? []).map((n) => ({ ...n, params: n.params ?? {} }))
  return { items, unread: l?.unread ?? 0 }
}

/** @param {string[]} ids */
export function markRead(ids) {
  return act(() => NotificationService.MarkRead(ids))
}

export function markAllRead() {
  return act(() => NotificationService.MarkAllRead())
}
