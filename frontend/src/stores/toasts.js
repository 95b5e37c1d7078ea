// Toasts: short messages in the corner. Errors carry the typed code's title
// ("You are not allowed to do that") and the server's or Go's message. Each goes
// away by itself (errors stay longer) or with its close button; the same message
// twice in a row is shown once, and at most MAX are on screen.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { t, tOr } from '../i18n/index.js'
import { toApiError } from '../api/errors.js'

export const MAX = 4
export const TIMEOUT_MS = { info: 4000, success: 4000, error: 8000 }

export const useToastStore = defineStore('toasts', () => {
  const items = ref([]) // {id, kind, title, message, code}
  let next = 1
  const timers = new Map()

  function dismiss(id) {
    clearTimeout(timers.get(id))
    timers.delete(id)
    items.value = items.value.filter((x) => x.id !== id)
  }

  function push({ kind = 'info', title = '', message = '', code = '' }) {
    const last = items.value[items.value.length - 1]
    if (last && last.kind === kind && last.title === title && last.message === message) {
      // The same again: keep it up longer instead of stacking a copy.
      clearTimeout(timers.get(last.id))
      timers.set(last.id, setTimeout(() => dismiss(last.id), TIMEOUT_MS[kind] ?? TIMEOUT_MS.info))
      return last.id
    }
    const id = next++
    items.value = [...items.value, { id, kind, title, message, code }]
    while (items.value.length > MAX) dismiss(items.value[0].id)
    timers.set(id, setTimeout(() => dismiss(id), TIMEOUT_MS[kind] ?? TIMEOUT_MS.info))
    return id
  }

  /** Shows any failure as an error toast with its typed title and message. */
  function error(reason) {
    const err = toApiError(reason)
    const title = tOr(`errors.${err.code}`, t('errors.unknown'))
    return push({ kind: 'error', title, message: err.message && err.message !== title ? err.message : '', code: err.code })
  }

  function clear() {
    for (const id of timers.keys()) clearTimeout(timers.get(id))
    timers.clear()
    items.value = []
  }

  return { items, push, error, dismiss, clear }
})
