// Deliverables in the forms and on the deal page: a blank term, the checks a term
// gets as the user types (against the bounds Go serves: limits store's
// max_quantity, text_len, min/max_date_year, and the platforms and content types),
// and each step's badge. The mutators check again and have the last word.
import { t } from './i18n/index.js'

/** A deliverable's states, in order. */
export const DELIVERABLE_STATES = Object.freeze(['todo', 'draft_submitted', 'changes_requested', 'approved_for_posting', 'posted', 'accepted', 'disputed'])

/** Badge classes per state (Bootstrap's contextual fills, text contrast AA). */
export const DELIVERABLE_BADGE = Object.freeze({
  todo: 'text-bg-light border',
  draft_submitted: 'text-bg-warning',
  changes_requested: 'text-bg-warning',
  approved_for_posting: 'text-bg-info',
  posted: 'text-bg-primary',
  accepted: 'text-bg-success',
  disputed: 'text-bg-danger',
})

/** The choices Go serves (SettingsService.Limits: platforms, content_types); [] until loaded. */
export function choices(limits) {
  const l = limits?.limits ?? {}
  return { platforms: l.platforms ?? [], contentTypes: l.content_types ?? [] }
}

/** A new row for the editor. */
export function blankTerm(limits) {
  const c = choices(limits)
  return { platform: c.platforms[0] ?? '', content_type: c.contentTypes[0] ?? '', quantity: 1, due_date: '', brief: '' }
}

/** What is wrong with one term, field by field ('' when fine). */
export function termProblems(term, limits) {
  const c = choices(limits)
  const maxQ = limits.of('max_quantity')
  const q = Number(term.quantity)
  const y = Number(String(term.due_date ?? '').slice(0, 4))
  const minY = limits.of('min_date_year')
  const maxY = limits.of('max_date_year')
  return {
    platform: c.platforms.length && !c.platforms.includes(term.platform) ? t('deliverables.pickPlatform') : '',
    content_type: c.contentTypes.length && !c.contentTypes.includes(term.content_type) ? t('deliverables.pickType') : '',
    quantity: !Number.isInteger(q) || q < 1 || (maxQ !== null && q > maxQ) ? t('deliverables.quantityInvalid', { n: maxQ ?? 100 }) : '',
    due_date: !/^\d{4}-\d{2}-\d{2}$/.test(term.due_date ?? '') || (minY !== null && y < minY) || (maxY !== null && y > maxY)
      ? t('deliverables.dueRequired') : '',
    brief: limits.tooLong(term.brief, 'text_len') ? t('adRequests.tooLong', { n: limits.of('text_len') }) : '',
  }
}

/** True when every term is fine and there are not too many. */
export function termsValid(terms, limits) {
  const max = limits.of('max_deliverables')
  if (max !== null && terms.length > max) return false
  return terms.every((x) => Object.values(termProblems(x, limits)).every((p) => !p))
}

/** Terms as the mutator takes them (quantity a number, text trimmed). */
export function cleanTerms(terms) {
  return terms.map((x) => ({ platform: x.platform, content_type: x.content_type, quantity: Number(x.quantity), due_date: x.due_date, brief: String(x.brief ?? '').trim() }))
}

/** "2 × Instagram reel" */
export function termLabel(x) {
  return t('deliverables.label', { n: x.quantity, platform: t(`influencer.platforms.${x.platform}`), type: t(`deliverables.type.${x.content_type}`) })
}
