// Typed wrappers over the bound desktop.DashboardService: one overview per role,
// read from the local replica. Money is integer cents; months are "YYYY-MM".
import * as DashboardService from '../../wailsjs/go/desktop/DashboardService.js'
import { call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').queries.MonthAmounts} MonthAmounts
 * @typedef {import('../../wailsjs/go/models').queries.MonthCounts} MonthCounts
 * @typedef {import('../../wailsjs/go/models').queries.DashCampaign} DashCampaign
 * @typedef {import('../../wailsjs/go/models').queries.Activity} Activity kind: offer, counter, accepted, rejected, withdrawn or completed
 * @typedef {import('../../wailsjs/go/models').queries.SponsorDashboard} SponsorDashboard
 * @typedef {import('../../wailsjs/go/models').queries.InfluencerDashboard} InfluencerDashboard
 * @typedef {import('../../wailsjs/go/models').queries.AdminDashboard} AdminDashboard
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
