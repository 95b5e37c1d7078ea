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
 * Saves the document's PDF under its own name in the account's documents folder
 * (<data dir>/documents/<account id>/), as a browser keeps a download; the answer
 * says where.
 * @param {string} id
 * @returns {Promise<SavedFile>}
 */
export async function savePDF(id) {
  return (await call(() => DocumentsService.SavePDF(id, ''))) ?? { path: '', size: 0 }
}

/** Asks where, then saves the ledger statement as CSV; cancelled: no path. @returns {Promise<SavedFile>} */
export async function exportLedgerCSV() {
  return (await call(() => DocumentsService.ExportLedgerCSV())) ?? { path: '', size: 0 }
}
