// Typed wrappers over the admin's platform analytics (desktop.AdminService,
// admins only; everyone else gets an ApiError "forbidden"). Rates are fractions.
import * as AdminService from '../../wailsjs/go/desktop/AdminService.js'
import { call } from './errors.js'
import { reasonText } from '../analytics.js'

/**
 * @typedef {import('../../wailsjs/go/models').queries.PlatformAnalyticsView} PlatformAnalyticsView
 * @typedef {import('../../wailsjs/go/models').queries.RiskReviewPage} RiskReviewPage
 * @typedef {import('../../wailsjs/go/models').queries.RiskReviewRow} RiskReviewRow
 */

/** @returns {Promise<PlatformAnalyticsView>} */
export async function platformAnalytics() {
  const a = await call(() => AdminService.PlatformAnalytics())
  return {
    ...a,
    tiers: a?.tiers ?? [],
    top_influencers: a?.top_influencers ?? [],
    top_campaigns: a?.top_campaigns ?? [],
    risk: a?.risk ?? { low: 0, medium: 0, high: 0, unrated: 0 },
    totals: a?.totals ?? {},
  }
}

/** @param {{page?: number, page_size?: number}} q @returns {Promise<RiskReviewPage>} */
export async function riskReview(q = {}) {
  const p = await call(() => AdminService.RiskReview(q.page ?? 1, q.page_size ?? 25))
  return { ...p, items: (p?.items ?? []).map((r) => ({ ...r, risk_reasons: r.risk_reasons ?? [] })) }
}

/** The flag reason a review row suggests: its score and reasons in words, at most
 *  max characters (the mutators' limit). @param {RiskReviewRow} row */
export function flagReason(row, max = 500, words = (r) => reasonText(r)) {
  const why = (row.risk_reasons ?? []).map(words).filter(Boolean).join('; ')
  const s = `Authenticity risk ${row.risk_score}/100${why ? `: ${why}` : ''}`
  return [...s].length > max ? `${[...s].slice(0, max - 1).join('')}…` : s
}
