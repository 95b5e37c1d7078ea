// One status palette for the whole app: badges, list text and charts all take their
// colours from here (and style.css's --iescp-status-* properties, which a test keeps
// equal to this map). Green means in play, blue done, red refused, greys not started,
// withdrawn or stopped, amber waiting, orange flagged by a moderator.
//
// Each status has:
//   color: the fill (badge background, chart bar or slice);
//   on:    the text colour on that fill (WCAG AA, 4.5:1 or more);
//   text:  the status colour as text on the app's light backgrounds (4.5:1 or more).

export const AD_REQUEST_STATUSES = Object.freeze(['pending', 'accepted', 'rejected', 'withdrawn', 'completed'])
export const CAMPAIGN_STATUSES = Object.freeze(['draft', 'active', 'completed', 'cancelled', 'flagged'])

export const STATUS_PALETTE = Object.freeze({
  // ad requests
  pending: Object.freeze({ color: '#ffc107', on: '#212529', text: '#8a5a00', icon: 'bi-hourglass-split' }),
  accepted: Object.freeze({ color: '#146c43', on: '#ffffff', text: '#146c43', icon: 'bi-check-circle' }),
  rejected: Object.freeze({ color: '#b02a37', on: '#ffffff', text: '#b02a37', icon: 'bi-x-circle' }),
  withdrawn: Object.freeze({ color: '#6c757d', on: '#ffffff', text: '#5c636a', icon: 'bi-arrow-counterclockwise' }),
  // both
  completed: Object.freeze({ color: '#0a58ca', on: '#ffffff', text: '#0a58ca', icon: 'bi-check2-all' }),
  // campaigns
  draft: Object.freeze({ color: '#dee2e6', on: '#343a40', text: '#495057', icon: 'bi-pencil' }),
  active: Object.freeze({ color: '#0f766e', on: '#ffffff', text: '#0f766e', icon: 'bi-play-circle' }),
  cancelled: Object.freeze({ color: '#343a40', on: '#ffffff', text: '#343a40', icon: 'bi-slash-circle' }),
  flagged: Object.freeze({ color: '#c2410c', on: '#ffffff', text: '#c2410c', icon: 'bi-flag-fill' }),
})

/** For a status the palette does not know: a plain light badge. */
export const UNKNOWN_STATUS = Object.freeze({ color: '#e9ecef', on: '#212529', text: '#212529', icon: '' })

/**
 * The status as text on the dark theme's backgrounds (style.css's
 * [data-bs-theme="dark"] block declares the same): the light `text` colours are
 * too dark there. Fills and their `on` colours are the same in both themes.
 */
export const DARK_TEXT = Object.freeze({
  pending: '#ffda6a',
  accepted: '#75b798',
  rejected: '#ea868f',
  withdrawn: '#adb5bd',
  completed: '#6ea8fe',
  draft: '#ced4da',
  active: '#5eead4',
  cancelled: '#dee2e6',
  flagged: '#fdba74',
  unknown: '#f8f9fa',
})

/** status → fill colour, for charts: `STATUS_COLORS.accepted`. */
export const STATUS_COLORS = Object.freeze(Object.fromEntries(Object.entries(STATUS_PALETTE).map(([k, v]) => [k, v.color])))

/** The palette entry of a status (UNKNOWN_STATUS when there is none). */
export function statusLook(status) {
  return STATUS_PALETTE[status] ?? UNKNOWN_STATUS
}

/** The fill colour of a status; the chart colours of a list of statuses: statusColors(AD_REQUEST_STATUSES). */
export function statusColor(status) {
  return statusLook(status).color
}
export function statusColors(statuses) {
  return statuses.map(statusColor)
}

/**
 * The CSS class that sets a status's colours (style.css): put it next to `status-badge`
 * for a filled badge or `status-text` for coloured words: `class="status-text status-pending"`.
 */
export function statusClass(status) {
  return STATUS_PALETTE[status] ? `status-${status}` : 'status-unknown'
}

/** WCAG 2 relative luminance of a "#rrggbb" colour. */
export function luminance(hex) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`)
  const [r, g, b] = m.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21). */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}
