// i18n through vue-i18n (composition mode). One English table (en.js); views keep
// calling the plain functions below, which are backed by the plugin's global composer,
// so a template, a store and a test all read the same messages, plural rules and
// number and date formats. Adding a language means adding a table and its formats.
import { createI18n } from 'vue-i18n'
import en from './en.js'

export const locale = 'en-US'
export const currency = 'USD'

export const numberFormats = {
  [locale]: {
    // Whole amounts show no cents ("$1,500"); others show two ("$19.99").
    currencyWhole: { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 },
    currency: { style: 'currency', currency },
  },
}

export const datetimeFormats = {
  [locale]: {
    // A calendar date ("2026-03-04") is a day, not an instant: format it in UTC so it
    // never shifts by the local offset.
    date: { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' },
    dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  },
}

/** Builds an i18n instance over the given messages (the app's, or a test's). */
export function makeI18n(messages = { [locale]: en }, options = {}) {
  return createI18n({
    legacy: false,
    globalInjection: true,
    locale,
    fallbackLocale: locale,
    messages,
    numberFormats,
    datetimeFormats,
    // An unknown key renders as the key itself (the e2e tour looks for raw keys on
    // screen); no console noise for it, and tOr() asks te() first anyway.
    missingWarn: false,
    fallbackWarn: false,
    ...options,
  })
}

/** The app's instance: main.js installs it with app.use(i18n). */
export const i18n = makeI18n()
const g = i18n.global

/**
 * Looks up a dotted key ("signIn.title") and fills {placeholders}. A message written as
 * plural choices ("no campaigns | {n} campaign | {n} campaigns") picks its form from the
 * numeric `n` (or `count`) parameter. Unknown keys return the key.
 */
export function t(key, params) {
  return params ? g.t(key, params) : g.t(key)
}

/** Returns t(key, params) if the key names a message, otherwise fallback. */
export function tOr(key, fallback, params) {
  return g.te(key) ? t(key, params) : fallback
}

/** Formats integer cents as money: 150000 → "$1,500", 1999 → "$19.99". */
export function formatMoney(cents) {
  const n = Number(cents) || 0
  return g.n(n / 100, n % 100 === 0 ? 'currencyWhole' : 'currency')
}

/** Formats a "YYYY-MM-DD" (or RFC 3339) date as "Mar 4, 2026"; empty or invalid input gives "". */
export function formatDate(value) {
  if (!value) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value))
  if (!m) return ''
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))
  return Number.isNaN(d.getTime()) ? '' : g.d(d, 'date')
}

/** Formats an RFC 3339 timestamp in local time; empty or invalid input gives "". */
export function formatDateTime(value) {
  if (!value) return ''
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? '' : g.d(d, 'dateTime')
}

/**
 * The message text of a key as written in the table (placeholders unfilled), or ''
 * for an unknown key: for a screen that checks which {placeholders} it can fill.
 */
export function messageSource(key) {
  const v = key.split('.').reduce((node, part) => (node == null ? undefined : node[part]), en)
  return typeof v === 'string' ? v : ''
}
