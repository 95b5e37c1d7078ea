// Typed wrappers over the admin's analytics model calls of desktop.AdminService:
// the replica's engagement model (works offline) and "Retrain now" (online only,
// through the sync engine; errors: busy while a refresh runs, unavailable offline,
// not_found for anyone but an admin).
import * as AdminService from '../../wailsjs/go/desktop/AdminService.js'
import { call } from './errors.js'

/**
 * @typedef {{mae: number, r2: number}} HeldOutMetric  MAE in the target's unit (ER as a fraction, views as views)
 * @typedef {{rows: number, model: HeldOutMetric, tier_median: HeldOutMetric, own_mean: HeldOutMetric}} HeldOut
 * @typedef {{present: boolean, model_version: number, trained_at: string|null, rows: number, er: HeldOut, views: HeldOut}} ModelInfo
 * @typedef {{model_version: number, trained_at: string|null, rows: number, er: HeldOut, views: HeldOut,
 *   model_error?: string, influencers: number, stats_changed: number, seconds: number}} AnalyticsRefresh
 */

const EMPTY = { rows: 0, model: { mae: 0, r2: 0 }, tier_median: { mae: 0, r2: 0 }, own_mean: { mae: 0, r2: 0 } }

/** The replica's engagement model; present is false until one has synced. @returns {Promise<ModelInfo>} */
export async function model() {
  const m = await call(() => AdminService.AnalyticsModel())
  return { present: false, model_version: 0, trained_at: null, rows: 0, ...m, er: m?.er ?? EMPTY, views: m?.views ?? EMPTY }
}

/** Recomputes the analytics and retrains the model on the server now. @returns {Promise<AnalyticsRefresh>} */
export async function refresh() {
  return await call(() => AdminService.RefreshAnalytics())
}
