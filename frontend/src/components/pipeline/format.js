// The board's formatters: the i18n module's own formats (locale, numberFormats)
// with their Intl objects made once and their results remembered
// (amounts and days repeat across cards), and static labels looked up once, so a
// board of 500 cards stays cheap to draw (docs/benchmarks.md, "Campaign pipeline").
import { locale, numberFormats, t } from '../../i18n/index.js'

const moneyWhole = new Intl.NumberFormat(locale, numberFormats[locale].currencyWhole)
const moneyCents = new Intl.NumberFormat(locale, numberFormats[locale].currency)
const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 })
const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })

function memo(fn, max = 2000) {
  const seen = new Map()
  return (v) => {
    let out = seen.get(v)
    if (out === undefined) {
      if (seen.size >= max) seen.clear()
      out = fn(v)
      seen.set(v, out)
    }
    return out
  }
}

/** Integer cents as money, as formatMoney says it ("$1,500", "$19.99"). */
export const money = memo((cents) => {
  const n = Number(cents) || 0
  return (n % 100 === 0 ? moneyWhole : moneyCents).format(n / 100)
})

/** A reach as "20K", "1.2M". */
export const reach = memo((n) => compact.format(Number(n) || 0))

const dayOf = memo((ymd) => day.format(new Date(`${ymd}T12:00:00`)))
/** An RFC 3339 time as its local day ("Nov 15, 2026"); '' for none. */
export function when(value) {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return ''
  return dayOf(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`)
}

const labels = new Map()
/** t(key) for a message without parameters, looked up once. */
export function label(key) {
  if (!labels.has(key)) labels.set(key, t(key))
  return labels.get(key)
}
