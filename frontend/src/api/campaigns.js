// Typed wrappers over the bound desktop.CampaignService.
import * as CampaignService from '../../wailsjs/go/desktop/CampaignService.js'
import { call } from './errors.js'

/**
 * @typedef {{text?: string, status?: string, visibility?: string, sort?: 'updated'|'name'|'start_date'|'end_date'|'budget', desc?: boolean, page?: number, page_size?: number}} CampaignQuery
 * @typedef {import('../../wailsjs/go/models').queries.CampaignRow} CampaignRow with queued: a local change to it waits in the outbox
 * @typedef {import('../../wailsjs/go/models').queries.CampaignPage} CampaignPage
 */

/** @param {CampaignQuery} query @returns {Promise<CampaignPage>} */
export async function list(query) {
  const page = await call(() => CampaignService.List({ ...query }))
  return { ...page, items: page?.items ?? [] }
}
