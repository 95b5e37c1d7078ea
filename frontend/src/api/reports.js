// Typed wrappers over the bound desktop.ReportService: a sponsor's monthly
// reports, and CSV exports (sponsors and admins) that run in the background.
import * as ReportService from '../../wailsjs/go/desktop/ReportService.js'
import { act, call } from './errors.js'
import { TOPICS } from './events.js'

/**
 * @typedef {import('../../wailsjs/go/models').desktop.ReportFile} ReportFile
 * @typedef {import('../../wailsjs/go/models').desktop.ExportStarted} ExportStarted
 * @typedef {{id: string, kind: string, done: number, total: number}} ExportProgress
 * @typedef {{id: string, kind: string, path: string, rows: number, code?: string, error?: string}} ExportDone
 */

export const EXPORT_TOPICS = Object.freeze({ progress: TOPICS.exportProgress, done: TOPICS.exportDone })

/** @returns {Promise<ReportFile[]>} */
export async function list() {
  return (await call(() => ReportService.Reports())) ?? []
}

/** @param {string} month YYYY-MM @param {boolean} email @returns {Promise<ReportFile>} */
export function generate(month, email = false) {
  return act(() => ReportService.Generate(month, !!email))
}

/** @returns {Promise<string>} the report's HTML */
export function html(path) {
  return call(() => ReportService.HTML(path))
}

export function open(path) {
  return act(() => ReportService.Open(path))
}

/** @returns {Promise<string[]>} the export kinds this account may run */
export async function exportKinds() {
  return (await call(() => ReportService.ExportKinds())) ?? []
}

/** Asks where to save (native dialog), then exports in the background. @returns {Promise<ExportStarted|null>} null when cancelled */
export async function exportCSV(kind) {
  const s = await act(() => ReportService.Export(kind))
  return s && s.id ? s : null
}

export function cancelExport(id) {
  return act(() => ReportService.CancelExport(id))
}
