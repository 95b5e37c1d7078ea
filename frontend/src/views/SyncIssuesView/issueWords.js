// Sync issues in people's words: what the change was (per mutation, through i18n, with
// its campaign, party and amount), why the server refused it (per code), and where it
// lives (a route). The mutation's name is only ever a key suffix, never shown.
import { formatMoney, messageSource, t, tOr } from '../../i18n/index.js'
import { errorText } from '../../composables/errorText.js'

function has(key) {
  return t(key) !== key
}

/** The mutation name (Go's `action`, or the outbox entry's `name`). */
export function actionOf(issue) {
  return String(issue?.action || issue?.name || '')
}

/** Whether every {placeholder} of the key's text has a value in params. */
function fills(key, params) {
  const names = [...messageSource(key).matchAll(/\{(\w+)\}/g)].map((m) => m[1])
  return names.every((n) => params[n] !== undefined && params[n] !== null && params[n] !== '')
}

/** "deliverable 2 (TikTok short)": a deliverable as a step's words name it; '' without its number. */
function deliverableWords(p) {
  if (!p.seq) return ''
  const platform = p.platform ? tOr(`influencer.platforms.${p.platform}`, p.platform) : ''
  const type = p.content_type ? tOr(`deliverables.type.${p.content_type}`, p.content_type) : ''
  const what = [platform, type].filter(Boolean).join(' ')
  return what ? t('issues.deliverableWhat', { seq: p.seq, what }) : t('issues.deliverableSeq', { seq: p.seq })
}

/** Basis points as a percentage: 1250 → "12.5 %". */
function rateWords(bps) {
  return typeof bps === 'number' ? (bps / 100).toLocaleString('en-US', { maximumFractionDigits: 2 }) + ' %' : undefined
}

/**
 * "Accept the offer of $1,500 on “Phone launch” from Ivan Tech", or a plainer
 * sentence when Go could not name everything (a deleted campaign, an older desktop).
 * A variant per target (admin.flag_campaign) or state (admin.setActive_false) wins.
 */
export function whatHappened(issue) {
  const action = actionOf(issue)
  const p = issue?.params && typeof issue.params === 'object' ? issue.params : {}
  const params = {
    ...p,
    amount: typeof p.amount === 'number' ? formatMoney(p.amount) : p.amount,
    budget: typeof p.budget === 'number' ? formatMoney(p.budget) : p.budget,
    deliverable: deliverableWords(p),
    checkpoint: p.checkpoint ? tOr(`metrics.checkpoints.${p.checkpoint}`, p.checkpoint) : p.checkpoint,
    rate: rateWords(p.rate),
  }
  const variants = []
  if (p.target) variants.push(`${action}_${p.target}`)
  if (typeof p.active === 'boolean') variants.push(`${action}_${p.active}`)
  if (p.outcome) variants.push(`${action}_${p.outcome}`)
  variants.push(action)
  for (const v of variants) {
    const key = `issues.action.${v}`
    if (has(key) && fills(key, params)) return t(key, params)
  }
  for (const v of variants) {
    const key = `issues.actionShort.${v}`
    if (has(key)) return t(key)
  }
  return t('issues.actionShort.unknown')
}

/**
 * Why the server refused it, per code (a variant per role wins: a sponsor short of
 * money is told to top up, an influencer that the sponsor's wallet is short); Go's
 * words only for a code the UI does not know.
 */
export function whyRefused(issue, role) {
  const code = issue?.reason_code || issue?.code || ''
  for (const key of [role ? `issues.reason.${code}_${role}` : '', `issues.reason.${code}`]) {
    if (code && key && has(key)) return t(key)
  }
  return errorText({ code, message: issue?.message ?? '' })
}

/**
 * What to do about the refusal beyond trying again, for the user's role: a sponsor
 * refused for want of money tops up the wallet. null when there is nothing else.
 */
export function remedy(issue, role) {
  const code = issue?.reason_code || issue?.code || ''
  if (code === 'insufficient_funds' && role === 'sponsor') return { to: { name: 'wallet' }, label: t('issues.topUp') }
  return null
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
      return { name: 'deal', params: { id: ref.id } }
    case 'commission':
      return role === 'admin' ? { name: 'admin', query: { tab: 'money' } } : null
    case 'profile':
      return role === 'influencer' ? { name: 'profile' } : null
    case 'account':
      return role === 'admin' ? { name: 'admin', query: { tab: 'accounts' } } : null
    default:
      return null
  }
}
