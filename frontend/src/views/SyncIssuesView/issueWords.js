// Sync issues in people's words: what the change was (per mutation, through i18n, with
// its campaign, party and amount), why the server refused it (per code), and where it
// lives (a route). The mutation's name is only ever a key suffix, never shown.
import { formatMoney, t } from '../../i18n/index.js'
import { errorText } from '../../composables/errorText.js'

function has(key) {
  return t(key) !== key
}

/** The mutation name (Go's `action`, or the outbox entry's `name`). */
export function actionOf(issue) {
  return String(issue?.action || issue?.name || '')
}

/** "Accept the offer of $1,500 on “Phone launch” from Ivan Tech" or a plainer fallback. */
export function whatHappened(issue) {
  const action = actionOf(issue)
  const p = issue?.params && typeof issue.params === 'object' ? issue.params : null
  const params = p ? { ...p, amount: typeof p.amount === 'number' ? formatMoney(p.amount) : p.amount } : null
  const full = `issues.action.${action}`
  if (params?.campaign && has(full)) return t(full, params)
  const short = `issues.actionShort.${action}`
  if (has(short)) return t(short)
  return t('issues.actionShort.unknown')
}

/** Why the server refused it, per code; Go's words only for a code the UI does not know. */
export function whyRefused(issue) {
  const code = issue?.reason_code || issue?.code || ''
  const key = `issues.reason.${code}`
  if (code && has(key)) return t(key)
  return errorText({ code, message: issue?.message ?? '' })
}

/**
 * Where to open what the change was about, for the user's role; null when there is
 * nowhere to go.
 */
export function openRoute(issue, role) {
  const ref = issue?.ref
  if (!ref || typeof ref !== 'object' || !ref.id) return null
  switch (ref.kind) {
    case 'campaign':
      return role === 'influencer' ? { name: 'campaign-search', query: { id: ref.id } } : { name: 'campaign-detail', params: { id: ref.id } }
    case 'adRequest':
    case 'ad_request':
      return { name: 'ad-requests', query: { id: ref.id } }
    case 'profile':
      return role === 'influencer' ? { name: 'profile' } : null
    case 'account':
      return role === 'admin' ? { name: 'admin', query: { tab: 'accounts' } } : null
    default:
      return null
  }
}
