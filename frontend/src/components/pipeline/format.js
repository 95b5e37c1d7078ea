// The board's formatters: the i18n module's own formats (locale, numberFormats,
// datetimeFormats), with their Intl objects made once rather than once per call, and
// static labels looked up once, so a board of 500 cards stays cheap to draw.
import { datetimeFormats, locale, numberFormats, t } from '../../i18n/index.js'

const moneyWhole = new Intl.NumberFormat(locale, numberFormats[locale].currencyWhole)
const moneyCents = new Intl.NumberFormat(locale, numberFormats[locale].currency)
const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 })
const dateTime = new Intl.DateTimeFormat(locale, datetimeFormats[locale].dateTime)

/** Integer cents as money, as formatMoney says it ("$1,500", "$19.99"). */
export function money(cents) {
  const n = Number(cents) || 0
  return (n % 100 === 0 ? moneyWhole : moneyCents).format(n / 100)
}

/** A reach as "20K", "1.2M". */
export function reach(n) {
  return compact.format(Number(n) || 0)
}

/** An RFC 3339 time as formatDateTime says it; '' for none. */
export function when(value) {
  if (!value) return ''
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? '' : dateTime.format(d)
}

const labels = new Map()
/** t(key) for a message without parameters, looked up once. */
export function label(key) {
  if (!labels.has(key)) labels.set(key, t(key))
  return labels.get(key)
}
