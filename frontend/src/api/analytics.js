// Typed wrappers over the bound desktop.AnalyticsService: an influencer's analytics
// (live from one's own posts, the server's aggregates for anyone else) and the
// "When to post" prediction, both read from the replica (offline too).
import * as AnalyticsService from '../../wailsjs/go/desktop/AnalyticsService.js'
import { call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').queries.InflAnalytics} InflAnalytics
 *   source: "posts" (live, own) | "stats"; windows: the windows this view can show (days);
 *   best_day/best_hour: UTC (0 = Sunday; 0–23), null when unknown; risk_score: null without stats;
 *   history_hidden / audience_hidden: the media kit hides them from others; deals: a sponsor's own deals, else null
 * @typedef {import('../../wailsjs/go/models').queries.PredictionView} PredictionView
 *   er: a fraction; views; reasons [{code, value, effect_pp}]; followers: the reach assumed (0: not on that platform)
 */

/** The windows of the live view, in days. */
export const WINDOWS = [30, 90, 365]

/** @param {string} influencerId @param {number} windowDays @returns {Promise<InflAnalytics>} */
export async function influencer(influencerId, windowDays) {
  const a = await call(() => AnalyticsService.Influencer(influencerId, windowDays))
  return {
    ...a,
    windows: a?.windows ?? [],
    risk_reasons: a?.risk_reasons ?? [],
    trend: a?.trend ?? [],
    by_content_type: a?.by_content_type ?? [],
    by_platform: a?.by_platform ?? [],
    audience: a?.audience ?? [],
    platforms: a?.platforms ?? [],
    content_types: a?.content_types ?? [],
  }
}

/**
 * A post at a LOCAL weekday and hour, as the UTC weekday and hour the model takes:
 * the next such local time from `from` (daylight saving applies as it will then).
 * @param {number} weekday 0 = Sunday @param {number} hour 0–23 @param {Date} [from]
 * @returns {{weekday: number, hour: number}}
 */
export function localToUTC(weekday, hour, from = new Date()) {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate(), hour, 0, 0, 0)
  d.setDate(d.getDate() + ((weekday - d.getDay() + 7) % 7))
  return { weekday: d.getUTCDay(), hour: d.getUTCHours() }
}

/**
 * A UTC weekday and hour (the Go side's best day and hour) in local time, for the
 * coming week: {weekday, hour} local. Either may be null.
 * @param {number|null} weekday @param {number|null} hour @param {Date} [from]
 */
export function utcToLocal(weekday, hour, from = new Date()) {
  const base = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), hour ?? 12, 0, 0, 0))
  if (weekday != null) base.setUTCDate(base.getUTCDate() + ((weekday - base.getUTCDay() + 7) % 7))
  return { weekday: weekday == null ? null : base.getDay(), hour: hour == null ? null : base.getHours() }
}

/**
 * @param {{influencer_id: string, platform: string, content_type: string, weekday: number, hour: number, sponsored: boolean}} q
 *   weekday and hour in UTC (localToUTC)
 * @returns {Promise<PredictionView>}
 */
export async function predict(q) {
  const p = await call(() => AnalyticsService.Predict(q))
  return { ...p, reasons: p?.reasons ?? [] }
}
