// Typed wrapper over DealService.Message: a message from one party of an ad request
// to the other, with attachments (references the AttachmentPicker made), without an
// offer. The composer shows refusals inline, so sending is a call, not an act (no
// toast). The deal's messages themselves come with the deal (deals.get: messages).
import * as DealService from '../../wailsjs/go/desktop/DealService.js'
import { call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').queries.DealMessage} DealMessage
 *   mine: the viewer wrote it; queued: it waits in this desktop's outbox
 * @typedef {import('../../wailsjs/go/models').blobs.Ref} Ref
 */

/**
 * Sends a message (the id is made in Go); resolves to the new message's id.
 * @param {string} adRequestId @param {string} body @param {Ref[]} [attachments] @returns {Promise<string>}
 */
export function send(adRequestId, body, attachments = []) {
  return call(() => DealService.Message({ id: '', ad_request_id: adRequestId, body, attachments }))
}
