// Typed wrappers over the bound desktop.DocumentsService: the signed-in party's
// receipts, invoices and payout statements (every document for an admin), saved
// as PDF, and the ledger statement as CSV. Online only, like the wallet: offline
// each fails with code `unavailable`.
import * as DocumentsService from '../../wailsjs/go/desktop/DocumentsService.js'
import { call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').ledger.Document} Document
 * @typedef {import('../../wailsjs/go/models').desktop.SavedFile} SavedFile
 */

/** The documents, newest first. @returns {Promise<Document[]>} */
export async function list() {
  return (await call(() => DocumentsService.List())) ?? []
}

/**
 * Asks where to save the document (the native dialog, defaultName suggested) and
 * saves its PDF there. A cancelled dialog resolves to a SavedFile with no path.
 * @param {string} id @param {string} defaultName
 * @returns {Promise<SavedFile>}
 */
export async function savePDF(id, defaultName) {
  return (await call(() => DocumentsService.SavePDFAs(id, defaultName))) ?? { path: '', size: 0 }
}

/** Asks where, then saves the ledger statement as CSV; cancelled: no path. @returns {Promise<SavedFile>} */
export async function exportLedgerCSV() {
  return (await call(() => DocumentsService.ExportLedgerCSV())) ?? { path: '', size: 0 }
}

/** The file name a document is offered under: "iescp-invoice-inv-000003.pdf". @param {Document} d */
export function fileName(d) {
  return `iescp-${d.kind.replaceAll('_', '-')}-${d.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.pdf`
}
