import { locale } from '../../i18n/index.js'

// Chart colours for series that are not statuses (Bootstrap 5's palette).
export const COLORS = Object.freeze({
  blue: '#0d6efd',
  green: '#198754',
  teal: '#20c997',
  yellow: '#ffc107',
  orange: '#fd7e14',
  red: '#dc3545',
  gray: '#adb5bd',
  indigo: '#6610f2',
  cyan: '#0dcaf0',
})

// Status colours come from the one palette the badges use (src/status.js).
export { STATUS_COLORS } from '../../status.js'

/** Short month label for "YYYY-MM": "Nov 2026" → "Nov". The year shows on January. */
export function monthLabel(ym) {
  const m = /^(\d{4})-(\d{2})$/.exec(ym ?? '')
  if (!m) return ym ?? ''
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, 1))
  const month = d.toLocaleString(locale, { month: 'short', timeZone: 'UTC' })
  return +m[2] === 1 ? `${month} ${m[1]}` : month
}
