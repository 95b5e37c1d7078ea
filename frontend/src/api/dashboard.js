// Typed wrappers over the bound desktop.DashboardService: one overview per role,
// read from the local replica. Money is integer cents; months are "YYYY-MM".
import * as DashboardService from '../../wailsjs/go/desktop/DashboardService.js'
import { call } from './errors.js'

/**
 * @typedef {{month: string, committed: number, completed: number}} MonthAmounts
 * @typedef {{month: string, accounts: number, campaigns: number, ad_requests: number}} MonthCounts
 * @typedef {{id: string, name: string, status: string, budget: number, committed: number, start_date: string, end_date: string}} DashCampaign
 * @typedef {{at: string, kind: 'offer'|'counter'|'accepted'|'rejected'|'withdrawn'|'completed', actor_role: string, ad_request_id: string, campaign_name: string, counterparty: string, amount: number}} Activity
 * @typedef {{active_campaigns: number, campaigns: Record<string, number>, budget: number, committed: number, completed_paid: number, requests: Record<string, number>, waiting: number, active: DashCampaign[], monthly: MonthAmounts[], recent: Activity[]}} SponsorDashboard
 * @typedef {{waiting: object[], waiting_count: number, committed: number, completed: number, requests: Record<string, number>, monthly: MonthAmounts[], upcoming: DashCampaign[], rating: number, review_count: number, recent: Activity[]}} InfluencerDashboard
 * @typedef {import('./admin.js').AdminOverview & {activity: MonthCounts[]}} AdminDashboard
 */

const list = (v) => (Array.isArray(v) ? v : [])

/** @returns {Promise<SponsorDashboard>} */
export async function sponsor() {
  const d = await call(() => DashboardService.Sponsor())
  return { ...d, active: list(d?.active), monthly: list(d?.monthly), recent: list(d?.recent), requests: d?.requests ?? {}, campaigns: d?.campaigns ?? {} }
}

/** @returns {Promise<InfluencerDashboard>} */
export async function influencer() {
  const d = await call(() => DashboardService.Influencer())
  return { ...d, waiting: list(d?.waiting), monthly: list(d?.monthly), upcoming: list(d?.upcoming), recent: list(d?.recent), requests: d?.requests ?? {} }
}

/** @returns {Promise<AdminDashboard>} */
export async function admin() {
  const d = await call(() => DashboardService.Admin())
  return { ...d, activity: list(d?.activity), accounts: d?.accounts ?? {}, campaigns: d?.campaigns ?? {}, ad_requests: d?.ad_requests ?? {} }
}
