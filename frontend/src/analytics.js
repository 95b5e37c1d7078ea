// Formatting and words for issue 12's analytics, shared by every screen that shows
// them (search, profiles, campaign analytics, recommendations, admin). The figures
// are computed in Go (backend/analytics, docs/analytics.md); this file only says
// them: a rate as a percentage, a tier as its name, a risk as its level and
// reasons, a prediction's reasons in words.
import { t, tOr } from './i18n/index.js'

/** An engagement rate (a fraction, 0.034) as "3.4%"; '—' when there is none. */
export function pct(rate, digits = 1) {
  if (rate == null || !Number.isFinite(rate)) return '—'
  return `${(rate * 100).toFixed(digits)}%`
}

/** A count with thousands separators, or '—'. */
export function count(n) {
  if (n == null || !Number.isFinite(n)) return '—'
  return Math.round(n).toLocaleString('en-US')
}

/** Risk levels by score (backend/analytics: HighRisk 60, MediumRisk 30). */
export const HIGH_RISK = 60
export const MEDIUM_RISK = 30

/** The level of a fake-follower risk score: high, medium, low, or unrated (null). */
export function riskLevel(score, reasons = []) {
  if (score == null) return 'unrated'
  if ((reasons ?? []).some((r) => r.code === 'insufficient_data')) return 'unrated'
  if (score >= HIGH_RISK) return 'high'
  if (score >= MEDIUM_RISK) return 'medium'
  return 'low'
}

/** Parses the JSON a stats column holds ('' or invalid: the fallback). */
export function parseJSON(text, fallback = null) {
  if (!text) return fallback
  try {
    return JSON.parse(text)
  } catch {
    return fallback
  }
}

function fmtParam(key, value) {
  if (typeof value !== 'number') return value
  if (/^(er|peer_median|effect)$/.test(key)) return pct(value)
  if (/ratio|per_follower|p10|p90/.test(key)) return value.toFixed(2)
  return count(value)
}

/** One reason (a risk reason or a prediction's) in words: {code, params}. */
export function reasonText(reason, prefix = 'analytics.reason') {
  const params = {}
  for (const [k, v] of Object.entries(reason?.params ?? reason?.Params ?? {})) params[k] = fmtParam(k, v)
  const code = reason?.code ?? reason?.Code ?? ''
  return tOr(`${prefix}.${code}`, code, params)
}

/** The name of a size tier (nano, micro, mid, macro, mega) or '—'. */
export function tierName(tier) {
  return tier ? tOr(`analytics.tier.${tier}`, tier) : '—'
}

/** The words of a risk level. */
export function riskWords(level) {
  return t(`analytics.risk.${level}`)
}

/** A prediction's reason (backend/predict.Reason {code, value, effect_pp}) in words:
 *  "As a reel: +0.8 pp". */
export function predictionReasonText(reason) {
  const e = Number(reason?.effect_pp ?? 0)
  const effect = `${e >= 0 ? '+' : '−'}${Math.abs(e).toFixed(1)} pp`
  return tOr(`analytics.predict.${reason?.code}`, reason?.code ?? '', { value: reason?.value ?? '', effect })
}
