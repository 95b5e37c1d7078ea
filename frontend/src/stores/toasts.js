// Toasts: short messages in the corner. Errors carry the typed code's title
// ("You are not allowed to do that") and the server's or Go's message. Each goes
// away by itself (errors stay longer) or with its close button (one pushed with
// stay: only so, for what the user must not miss); the same message twice in a
// row is shown once, and at most MAX are on screen.
//
// An undoable toast (undoable()) offers Undo for a queued change (accepting
// money) while it waits to be sent: it stays until the change is sent (then says
// so and goes), undone, or closed. recheck() asks Go which are still undoable;
// ToastHost calls it on every sync:status.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { t, tOr } from '../i18n/index.js'
import { toApiError } from '../api/errors.js'
import * as syncApi from '../api/sync.js'

export const MAX = 4
export const TIMEOUT_MS = { info: 4000, success: 4000, error: 8000 }

export const useToastStore = defineStore('toasts', () => {
  const items = ref([]) // {id, kind, title, message, code, undo?: {changeId, state: 'ready'|'busy'|'sent'}}
  let next = 1
  const timers = new Map()

  function dismiss(id) {
    clearTimeout(timers.get(id))
    timers.delete(id)
    items.value = items.value.filter((x) => x.id !== id)
  }

  function arm(id, kind) {
    clearTimeout(timers.get(id))
    timers.set(id, setTimeout(() => dismiss(id), TIMEOUT_MS[kind] ?? TIMEOUT_MS.info))
  }

  function patch(id, change) {
    items.value = items.value.map((x) => (x.id === id ? { ...x, ...change } : x))
  }

  function push({ kind = 'info', title = '', message = '', code = '', stay = false }) {
    const last = items.value[items.value.length - 1]
    if (last && last.kind === kind && last.title === title && last.message === message) {
      // The same again: keep it up longer instead of stacking a copy.
      if (!last.stay) arm(last.id, kind)
      return last.id
    }
    const id = next++
    items.value = [...items.value, { id, kind, title, message, code, stay }]
    while (items.value.length > MAX) dismiss(items.value[0].id)
    if (!stay) arm(id, kind)
    return id
  }

  /** Shows any failure as an error toast with its typed title and message. */
  function error(reason) {
    const err = toApiError(reason)
    const title = tOr(`errors.${err.code}`, t('errors.unknown'))
    return push({ kind: 'error', title, message: err.message && err.message !== title ? err.message : '', code: err.code })
  }

  /**
   * A toast with Undo for the queued change changeId, up until it is sent.
   * @param {{title: string, message?: string, changeId: string}} t
   */
  function undoable({ title, message = '', changeId }) {
    const id = next++
    items.value = [...items.value, { id, kind: 'success', title, message, code: '', undo: { changeId, state: 'ready' } }]
    while (items.value.length > MAX) dismiss(items.value[0].id)
    return id
  }

  /** The change went (or may have gone) to the server: no more Undo; the toast says so and goes. */
  function sent(id) {
    const x = items.value.find((y) => y.id === id)
    if (!x?.undo) return
    patch(id, { undo: { ...x.undo, state: 'sent' } })
    arm(id, 'info')
  }

  /**
   * Asks Go whether each undoable toast's change still waits: those sent lose
   * Undo (and go after a while). Not while a round is under way (status.state
   * syncing): push flags a batch before sending and unflags it if it never
   * connected (offline), so only the status after the round is the answer. A
   * toast marked sent that Go calls undoable again (a flag read mid-round) gets
   * Undo back.
   * @param {{state?: string}} [status] the sync:status that prompted it
   */
  async function recheck(status) {
    if (status?.state === 'syncing') return
    for (const x of items.value.filter((y) => y.undo && y.undo.state !== 'busy')) {
      let ok
      try {
        ok = await syncApi.canUndo(x.undo.changeId)
      } catch {
        continue // unknown (signed out?): leave it; Undo itself is checked in Go
      }
      const now = items.value.find((y) => y.id === x.id)
      if (!now?.undo || now.undo.state === 'busy') continue
      if (!ok && now.undo.state === 'ready') sent(x.id)
      if (ok && now.undo.state === 'sent') {
        clearTimeout(timers.get(x.id))
        timers.delete(x.id)
        patch(x.id, { undo: { ...now.undo, state: 'ready' } })
      }
    }
  }

  /** Takes the toast's change back; refused (already sent), the toast says so. */
  async function undo(id) {
    const x = items.value.find((y) => y.id === id)
    if (x?.undo?.state !== 'ready') return
    patch(id, { undo: { ...x.undo, state: 'busy' } })
    try {
      await syncApi.undo(x.undo.changeId)
      dismiss(id)
      push({ kind: 'info', title: t('toasts.undone') })
    } catch (reason) {
      if (toApiError(reason).code === 'invalid_transition') {
        sent(id)
      } else {
        patch(id, { undo: { ...x.undo, state: 'ready' } })
        error(reason)
      }
    }
  }

  function clear() {
    for (const id of timers.keys()) clearTimeout(timers.get(id))
    timers.clear()
    items.value = []
  }

  return { items, push, error, dismiss, clear, undoable, recheck, undo }
})
