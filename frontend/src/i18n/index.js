// A deliberately tiny i18n: one English table, t(key, params), and the locale-aware
// formatters every view uses. Adding a language means adding a table.
import en from './en.js'

export const locale = 'en-US'
export const currency = 'USD'

const table = en

/**
 * Looks up a dotted key ("signIn.title") and fills {placeholders}. Unknown keys return the key.
 * Plurals as vue-i18n writes them ("no offers | one offer | {n} offers") take a count:
 * t(key, n) or t(key, {name}, n); {n} and {count} are the count.
 */
export function t(key, params, count) {
  let value = key.split('.').reduce((node, part) => (node == null ? undefined : node[part]), table)
  if (typeof value !== 'string') return key
  if (typeof params === 'number') {
    count = params
    params = {}
  }
  if (typeof count === 'number') {
    const forms = value.split(/\s*\|\s*/)
    const n = Math.abs(count)
    value = forms.length >= 3 ? forms[Math.min(n, 2)] : forms.length === 2 ? forms[n === 1 ? 0 : 1] : forms[0]
    params = { n: count, count, ...params }
  }
  if (!params) return value
  return value.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m))
}

/** Returns t(key) if the key exists, otherwise fallback. */
export function tOr(key, fallback) {
  const s = t(key)
  return s === key ? fallback : s
}

const moneyWhole = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 })
const moneyCents = new Intl.NumberFormat(locale, { style: 'currency', currency })

/** Formats integer cents as money: 150000 → "$1,500", 1999 → "$19.99". */
export function formatMoney(cents) {
  const n = Number(cents) || 0
  return (n % 100 === 0 ? moneyWhole : moneyCents).format(n / 100)
}

const dateFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })
const dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })

/** Formats a "YYYY-MM-DD" (or RFC 3339) date as "Mar 4, 2026"; empty or invalid input gives "". */
export function formatDate(value) {
  if (!value) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value))
  if (!m) return ''
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))
  return Number.isNaN(d.getTime()) ? '' : dateFmt.format(d)
}

/** Formats an RFC 3339 timestamp in local time; empty or invalid input gives "". */
export function formatDateTime(value) {
  if (!value) return ''
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? '' : dateTimeFmt.format(d)
}
