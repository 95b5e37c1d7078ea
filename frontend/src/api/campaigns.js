// Typed wrappers over the bound desktop.CampaignService.
import * as CampaignService from '../../wailsjs/go/desktop/CampaignService.js'
import { call } from './errors.js'

/**
 * @typedef {{text?: string, status?: string, visibility?: string, sort?: 'updated'|'name'|'start_date'|'end_date'|'budget', desc?: boolean, page?: number, page_size?: number}} CampaignQuery
 * @typedef {{id: string, name: string, sponsor_name: string, category: string, niche: string, start_date: string, end_date: string, budget: number, committed: number, visibility: string, status: string, flagged: boolean, open_requests: number}} CampaignRow
 * @typedef {{items: CampaignRow[], total: number, page: number, page_size: number}} CampaignPage
 */

/** @param {CampaignQuery} query @returns {Promise<CampaignPage>} */
export async function list(query) {
  const page = await call(() => CampaignService.List({ ...query }))
  return { ...page, items: page?.items ?? [] }
}
