// The limits the mutators enforce (amount bounds, text lengths, dates, rating), served
// by Go (settings.limits(), mutate.Limits) and loaded once. Forms check against these
// as the user types instead of re-typing numbers; a limit not (yet) known is not
// checked here (the mutator still refuses, and the UI words its code).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as settingsApi from '../api/settings.js'

/**
 * @typedef {{max_amount: number, max_reach: number, name_len: number, short_len: number, long_len: number,
 *   text_len: number, reason_len: number, min_date_year: number, max_date_year: number, min_rating: number, max_rating: number}} Limits
 */

/**
 * Go serves {input: mutate.Limits, default_page_size, max_page_size, search_max_page_size};
 * the store keeps one flat map (input limits and page sizes side by side).
 */
function flatten(v) {
  if (!v || typeof v !== 'object') return null
  if (v.input && typeof v.input === 'object') {
    const { input, ...pages } = v
    return { ...input, ...pages }
  }
  return v
}

export const useLimitsStore = defineStore('limits', () => {
  /** @type {import('vue').Ref<Partial<Limits>|null>} */
  const limits = ref(null)
  let pending = null

  /** Loads the limits once (later calls share the first); never throws. */
  function ensure() {
    if (limits.value) return Promise.resolve(limits.value)
    if (pending) return pending
    const fetch = settingsApi['limits']
    if (typeof fetch !== 'function') return Promise.resolve(null)
    pending = Promise.resolve()
      .then(() => fetch())
      .then((v) => {
        const flat = flatten(v)
        if (flat) limits.value = flat
        return limits.value
      })
      .catch(() => null)
      .finally(() => {
        pending = null
      })
    return pending
  }

  /** Sets the limits (what ensure() would load). */
  function set(v) {
    limits.value = flatten(v)
  }

  /** A limit by its mutate.Limits name, or null when unknown. @param {keyof Limits} name */
  function of(name) {
    const v = limits.value?.[name]
    return typeof v === 'number' && v > 0 ? v : null
  }

  /** True when text is longer than the named length limit (characters, not bytes). */
  function tooLong(text, name) {
    const max = of(name)
    return max !== null && [...String(text ?? '')].length > max
  }

  /** True when cents are above the largest amount. */
  function tooMuch(cents, name = 'max_amount') {
    const max = of(name)
    return max !== null && Number(cents) > max
  }

  return { limits, ensure, set, of, tooLong, tooMuch }
})
