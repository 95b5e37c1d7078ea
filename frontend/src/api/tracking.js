// Typed wrapper over the bound desktop.TrackingService: an accepted ad request's
// tracking link (short link on the configured server, promo code, hashtag, the
// clicks the server counted as of the last sync). Read only: accepting a request
// makes the link.
import * as TrackingService from '../../wailsjs/go/desktop/TrackingService.js'
import { call } from './errors.js'

/** @typedef {import('../../wailsjs/go/models').queries.TrackingLink} TrackingLink */

/**
 * The request's tracking link, or null while it has none (not accepted yet).
 * @param {string} adRequestId
 * @returns {Promise<TrackingLink|null>}
 */
export async function link(adRequestId) {
  return (await call(() => TrackingService.Link(adRequestId))) ?? null
}
