// Typed wrappers over the bound desktop.MetricsService: a posted deliverable's
// metrics at 24 hours, 7 days and 30 days, and the influencer's report (or
// correction) of one checkpoint. The form shows refusals inline, so reporting is
// a call, not an act (no toast).
import * as MetricsService from '../../wailsjs/go/desktop/MetricsService.js'
import { call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').queries.DeliverableMetrics} DeliverableMetrics
 *   can_report: the viewer is its influencer and it takes metrics now; max_figure: each figure's bound
 * @typedef {import('../../wailsjs/go/models').queries.CheckpointMetrics} CheckpointMetrics
 *   state: not_yet | due | reported; due_at: when the checkpoint comes (null until posted); metrics: the figures or null
 * @typedef {import('../../wailsjs/go/models').mutate.DeliverableReportMetrics} ReportMetrics
 */

/** @param {string} deliverableId @returns {Promise<DeliverableMetrics>} */
export async function get(deliverableId) {
  const m = await call(() => MetricsService.Get(deliverableId))
  return { ...m, checkpoints: m?.checkpoints ?? [] }
}

/** @param {ReportMetrics} args @returns {Promise<void>} */
export function report(args) {
  return call(() => MetricsService.Report(args))
}
