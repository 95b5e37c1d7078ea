// Typed wrappers over the bound desktop.CampaignAnalyticsService: a campaign's
// analytics (spend, results and costs per influencer, weekly trend, budget used)
// and its ranked influencer recommendations. Both for the campaign's sponsor and
// admins; others get not_found. Figures are computed in Go (docs/analytics.md).
import * as CampaignAnalyticsService from '../../wailsjs/go/desktop/CampaignAnalyticsService.js'
import { call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').queries.CampaignStats} CampaignStats
 * @typedef {import('../../wailsjs/go/models').queries.RecommendationPage} RecommendationPage
 */

/** @param {string} campaignId @returns {Promise<CampaignStats>} */
export async function get(campaignId) {
  const a = await call(() => CampaignAnalyticsService.Get(campaignId))
  return { ...a, influencers: a?.influencers ?? [], trend: a?.trend ?? [], target_countries: a?.target_countries ?? [],
    target_ages: a?.target_ages ?? [], target_platforms: a?.target_platforms ?? [] }
}

/** @param {string} campaignId @param {number} page 1-based @returns {Promise<RecommendationPage>} */
export async function recommendations(campaignId, page = 1) {
  const p = await call(() => CampaignAnalyticsService.Recommendations(campaignId, page))
  return { ...p, items: (p?.items ?? []).map((r) => ({ ...r, reasons: r.reasons ?? [] })) }
}
