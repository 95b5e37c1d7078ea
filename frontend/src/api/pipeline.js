// Typed wrappers over the bound desktop.PipelineService: a campaign's pipeline, its
// creators as cards in columns by stage. Go derives every stage, the move each card
// may make (card.action: 'invite' | 'withdraw' | '') and the column sums (int64
// cents); the board only draws them (docs/desktop.md, "Campaign pipeline").
// A move is the existing action it stands for: invite opens the send form
// (api/adRequests.js send), withdraw is api/adRequests.js withdraw.
import * as PipelineService from '../../wailsjs/go/desktop/PipelineService.js'
import { call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').queries.PipelineFilter} PipelineFilter
 *   text (name, category, niche), platform ('' or a platform), tier ('' or a size tier), min_er (a fraction; 0: none)
 * @typedef {import('../../wailsjs/go/models').queries.PipelineCard} PipelineCard
 * @typedef {import('../../wailsjs/go/models').queries.PipelineColumn} PipelineColumn
 * @typedef {import('../../wailsjs/go/models').queries.PipelineBoard} PipelineBoard
 */

/** The stages, in the board's order (queries.Stages). */
export const STAGES = ['shortlisted', 'invited', 'negotiating', 'accepted', 'delivering', 'completed', 'declined']

/** @param {string} campaignId @param {Partial<PipelineFilter>} filter @returns {Promise<PipelineBoard>} */
export async function get(campaignId, filter = {}) {
  const b = await call(() => PipelineService.Get(campaignId, { text: '', platform: '', tier: '', min_er: 0, ...filter }))
  return { ...b, columns: (b?.columns ?? []).map((c) => ({ ...c, cards: c.cards ?? [] })) }
}
