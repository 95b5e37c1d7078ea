import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'

import BulkInviteDialog from '../src/components/BulkInviteDialog.vue'
import { newBatchId, unknownPlaceholders } from '../src/api/bulkInvite.js'
import { useSessionStore } from '../src/stores/session.js'
import { emit, go } from './wails.js'
const { BulkInviteService, CampaignService } = go

const ids = ['i1', 'i2', 'i3']
const campaigns = [
  { id: 'c1', name: 'Phone launch', budget: 500_000, committed: 100_000, status: 'active' },
  { id: 'c2', name: 'Winter sale', budget: 200_000, committed: 0, status: 'active' },
]
const plan = {
  batch_id: 'b', campaign_id: 'c1', campaign: 'Phone launch', would_send: 1, refused: 2, already: 0, total: 25_000, remaining: 400_000,
  rows: [
    { influencer_id: 'i1', name: 'Ana Lima', tier: 'micro', platform: 'tiktok', amount: 25_000, message: 'Hi Ana, Phone launch pays $250.00', request_id: 'r1', already_sent: false, refusal: null },
    { influencer_id: 'i2', name: 'Flo', tier: 'nano', platform: 'x', amount: 25_000, message: 'Hi Flo', request_id: 'r2', already_sent: false, refusal: { code: 'flagged', message: 'Flo is flagged' } },
    { influencer_id: 'i3', name: 'Otto', tier: 'mid', platform: 'youtube', amount: 25_000, message: 'Hi Otto', request_id: 'r3', already_sent: false,
      refusal: { code: 'budget_exceeded', message: '$250.00 is over the campaign\'s budget left ($0.00)' } },
  ],
}
const result = (sent, queued) => ({
  batch_id: 'b', campaign: 'Phone launch', sent, queued, refused: 2, unsent: 0, total: 25_000,
  rows: [
    { ...plan.rows[0], state: sent ? 'sent' : 'queued' },
    { ...plan.rows[1], state: 'refused', code: 'flagged', reason: 'Flo is flagged' },
    { ...plan.rows[2], state: 'refused', code: 'budget_exceeded', reason: 'The campaign is over budget', later: true },
  ],
})

async function mountDialog(props = {}) {
  setActivePinia(createPinia())
  useSessionStore().user = { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved' }
  const router = createRouter({ history: createMemoryHistory(), routes: [
    { path: '/', component: { template: '<div />' } },
    { path: '/sync-issues', name: 'sync-issues', component: { template: '<div />' } },
  ] })
  const w = mount(BulkInviteDialog, { props: { influencerIds: ids, ...props }, global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return w
}

async function fillOffer(w, { amount = '250' } = {}) {
  await w.find('[data-test="bulk-amount"]').setValue(amount)
  await w.find('[data-test="bulk-requirements"]').setValue('One reel')
}

describe('BulkInviteDialog', () => {
  let w
  beforeEach(() => {
    for (const m of ['Preview', 'Send', 'Summary']) BulkInviteService[m].mockReset()
    CampaignService.List.mockReset()
    CampaignService.List.mockResolvedValue({ items: campaigns, total: 2, page: 1, page_size: 200 })
    BulkInviteService.Preview.mockResolvedValue(structuredClone(plan))
    BulkInviteService.Send.mockResolvedValue(result(0, 1))
    BulkInviteService.Summary.mockResolvedValue(result(1, 0))
  })
  afterEach(() => w?.unmount())

  it('picks among the active campaigns, previews with refusals marked, sends and summarises', async () => {
    w = await mountDialog()
    expect(CampaignService.List).toHaveBeenCalledWith(expect.objectContaining({ status: 'active' }))
    expect(w.findAll('[data-test="bulk-campaign"] option').map((o) => o.text())).toEqual(
      ['Pick one of your active campaigns', 'Phone launch — $4,000 left', 'Winter sale — $2,000 left'])
    expect(w.find('[data-test="bulk-invite-dialog"]').attributes('aria-modal')).toBe('true')

    // Nothing is asked of Go until the offer is whole.
    await w.find('[data-test="bulk-to-preview"]').trigger('submit')
    await w.find('[data-test="bulk-offer"]').trigger('submit')
    expect(BulkInviteService.Preview).not.toHaveBeenCalled()
    expect(w.find('[data-test="bulk-campaign"]').classes()).toContain('is-invalid')

    await w.find('[data-test="bulk-campaign"]').setValue('c1')
    await fillOffer(w)
    await w.find('[data-test="bulk-offer"]').trigger('submit')
    await flushPromises()
    const inv = BulkInviteService.Preview.mock.calls[0][0]
    expect(inv).toMatchObject({ campaign_id: 'c1', influencer_ids: ids, amount_cents: 25_000, requirements: 'One reel', deliverables: [] })
    expect(inv.tier_amounts).toBeUndefined()
    expect(inv.message).toContain('{first_name}')
    expect(inv.batch_id).toMatch(/^[0-9a-f-]{36}$/)

    const rows = w.findAll('[data-test="bulk-preview-row"]')
    expect(rows.map((r) => r.attributes('data-state'))).toEqual(['send', 'refused', 'refused'])
    expect(rows[0].text()).toContain('Hi Ana, Phone launch pays $250.00')
    expect(rows[1].text()).toContain('Flagged')
    expect(rows[1].text()).toContain('Flo is flagged')
    expect(rows[2].text()).toContain('Over the campaign’s budget left')
    expect(w.find('[data-test="bulk-preview-counts"]').text()).toContain('1 will be sent ($250), 2 refused now')
    expect(w.find('[data-test="bulk-send"]').text()).toBe('Send 1 invitation')

    await w.find('[data-test="bulk-send"]').trigger('click')
    await flushPromises()
    // The same batch (same id) as previewed: a retry never sends twice.
    expect(BulkInviteService.Send.mock.calls[0][0]).toEqual(inv)
    expect(w.emitted('sent')).toHaveLength(1)
    expect(w.find('[data-test="bulk-sent"]').text()).toBe('0')
    expect(w.find('[data-test="bulk-queued"]').text()).toBe('1')
    expect(w.find('[data-test="bulk-refused"]').text()).toBe('2')
    const refusedRows = w.findAll('[data-test="bulk-refused-row"]')
    expect(refusedRows).toHaveLength(2)
    expect(refusedRows[0].text()).toContain('Flo is flagged')
    expect(refusedRows[0].text()).not.toContain('by the server')
    expect(refusedRows[1].text()).toContain('The campaign is over budget')
    expect(refusedRows[1].text()).toContain('by the server')
    expect(w.find('[data-test="bulk-queued-note"]').text()).toContain('can still refuse')
    expect(w.find('[data-test="bulk-sync-issues"]').attributes('href')).toBe('/sync-issues')

    // The engine pushes: the summary re-reads and the queued one is sent.
    emit('data:changed', { account_id: 's1', source: 'sync' })
    await flushPromises()
    expect(BulkInviteService.Summary.mock.calls[0][0]).toEqual(inv)
    expect(w.find('[data-test="bulk-sent"]').text()).toBe('1')
    expect(w.find('[data-test="bulk-queued"]').text()).toBe('0')
    // Nothing is queued any more, but one was refused by the server: the note
    // and its link to Sync issues stay.
    expect(w.find('[data-test="bulk-queued-note"]').exists()).toBe(true)
    expect(w.find('[data-test="bulk-unsent"]').exists()).toBe(false)
    const settled = result(1, 0)
    settled.rows[2].later = false
    settled.unsent = 1
    BulkInviteService.Summary.mockResolvedValue(settled)
    emit('data:changed', { account_id: 's1', source: 'sync' })
    await flushPromises()
    expect(w.find('[data-test="bulk-queued-note"]').exists()).toBe(false)
    expect(w.find('[data-test="bulk-unsent"]').text()).toContain('1 not sent')
    expect(w.text()).not.toMatch(/bulkInvite\./)
  })

  it('sends amounts per size tier, only the tiers filled', async () => {
    w = await mountDialog({ campaignId: 'c2' })
    expect(w.find('[data-test="bulk-campaign"]').exists()).toBe(false)
    expect(CampaignService.List).not.toHaveBeenCalled()
    await w.find('[data-test="bulk-mode-tier"]').setValue(true)
    await w.find('[data-test="bulk-tier-nano"]').setValue('100')
    await w.find('[data-test="bulk-tier-mid"]').setValue('1,250.50')
    await w.find('[data-test="bulk-requirements"]').setValue('One reel')
    await w.find('[data-test="bulk-offer"]').trigger('submit')
    await flushPromises()
    const inv = BulkInviteService.Preview.mock.calls[0][0]
    expect(inv.campaign_id).toBe('c2')
    expect(inv.tier_amounts).toEqual({ nano: 10_000, mid: 125_050 })
    expect(inv.amount_cents).toBe(0)
  })

  it('inserts placeholders from the chips and refuses unknown ones before asking Go', async () => {
    w = await mountDialog({ campaignId: 'c1' })
    const msg = w.find('[data-test="bulk-message"]')
    await msg.setValue('Hello ')
    msg.element.setSelectionRange(6, 6)
    await w.find('[data-test="bulk-chip-first_name"]').trigger('click')
    expect(msg.element.value).toBe('Hello {first_name}')
    await msg.setValue('Hi {firstname} on {platform} {budget}')
    expect(w.find('[data-test="bulk-message-error"]').text()).toBe('Unknown placeholder: {firstname}, {budget}. Use the chips above.')
    await fillOffer(w)
    await w.find('[data-test="bulk-offer"]').trigger('submit')
    await flushPromises()
    expect(BulkInviteService.Preview).not.toHaveBeenCalled()
  })

  it('shows Go\'s refusal of the whole offer and stays on the offer', async () => {
    BulkInviteService.Preview.mockRejectedValue(JSON.stringify({ code: 'not_found', message: 'campaign c1 not found' }))
    w = await mountDialog({ campaignId: 'c1' })
    await fillOffer(w)
    await w.find('[data-test="bulk-offer"]').trigger('submit')
    await flushPromises()
    expect(w.find('[data-test="bulk-error"]').exists()).toBe(true)
    expect(w.find('[data-test="bulk-offer"]').exists()).toBe(true)
  })

  it('closes on Escape', async () => {
    w = await mountDialog({ campaignId: 'c1' })
    await w.find('[data-test="bulk-invite-dialog"]').trigger('keydown', { key: 'Escape' })
    expect(w.emitted('close')).toHaveLength(1)
  })

  it('makes canonical batch ids, with or without crypto.randomUUID', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    expect(newBatchId()).toMatch(uuid)
    const saved = crypto.randomUUID
    try {
      Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true })
      const a = newBatchId()
      expect(a).toMatch(uuid)
      expect(newBatchId()).not.toBe(a)
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: saved, configurable: true })
    }
  })

  it('names unknown placeholders once each, in order', () => {
    expect(unknownPlaceholders('{a} {name} {b} {a} {}')).toEqual(['{a}', '{b}', '{}'])
    expect(unknownPlaceholders('Hi {first_name}, {campaign} {amount} {platform} {name}')).toEqual([])
  })
})
