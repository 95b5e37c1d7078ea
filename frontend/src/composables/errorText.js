// How a view words an ApiError: the UI's own text for a known code always comes first;
// Go's English is shown only when the code is unknown to the UI, or as the detail of a
// generic failure (internal, invalid_argument: where it is the only clue, e.g. "disk full").
import { t } from '../i18n/index.js'

// Codes whose UI text is only a category: Go's words say which field or what broke.
const GENERIC = new Set(['internal', 'unknown', 'unavailable', 'invalid_argument'])

function lookup(key) {
  const s = t(key)
  return s && s !== key ? s : ''
}

function known(code, scope = '') {
  if (typeof code !== 'string' || code === '') return ''
  return (scope && lookup(`${scope}.${code}`)) || lookup(`errors.${code}`)
}

/**
 * The sentence to show for err. A scope ("signIn.errors") words a code for one screen
 * first (on the sign-in card, unauthenticated means a wrong password).
 * @param {{code?: string, message?: string}|null} err @param {string} [scope]
 */
export function errorText(err, scope = '') {
  if (!err) return ''
  return known(err.code, scope) || err.message || t('errors.unknown')
}

/** Go's own words, when they add something to errorText (generic codes only). */
export function errorDetail(err) {
  if (!err || !err.message) return ''
  if (!known(err.code)) return '' // errorText already is the message
  return GENERIC.has(err.code) ? err.message : ''
}
