import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

const dataChanged = (d) => emit('data:changed', d)

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { parseBudget } from '../src/api/sponsor.js'
import { go, emit } from './wails.js'
const { SessionService, CampaignService, ProfileService, SearchService } = go

const sponsor = (approval = 'approved') => ({ account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval })
const campaign = (over = {}) => ({
  id: 'c1', sponsor_id: 's1', name: 'Summer Glow', description: 'Sun', category: 'Beauty', niche: 'Skin', start_date: '2026-06-01',
  end_date: '2026-08-31', budget: 500000, committed: 200000, remaining: 300000, visibility: 'private', goals: 'Views', status: 'active',
  flagged: false, flag_reason: '', updated_at: '2026-11-15T12:00:00Z', approval: 'approved',
  requests: [{ id: 'r1', influencer_id: 'i1', influencer_name: 'Ivan', amount: 200000, status: 'accepted', initiated_by: 'sponsor', updated_at: '' }],
  ...over,
})

async function mountAt(path, user = sponsor()) {
  SessionService.Current.mockResolvedValue(user)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('campaign form', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    CampaignService.Get.mockResolvedValue(campaign())
  })
  afterEach(() => wrapper?.unmount())

  it('validates as you type and creates a draft in cents', async () => {
    let router
    ;({ wrapper, router } = await mountAt('/campaigns/new'))
    const name = wrapper.find('[data-test="name"]')
    await name.setValue('')
    expect(name.classes()).toContain('is-invalid')
    await name.setValue('Launch')
    expect(name.classes()).not.toContain('is-invalid')
    await wrapper.find('[data-test="start"]').setValue('2026-05-10')
    await wrapper.find('[data-test="end"]').setValue('2026-05-01')
    expect(wrapper.find('[data-test="end"]').classes()).toContain('is-invalid')
    expect(wrapper.find('[data-test="end-error"]').text()).toContain('before the start')
    await wrapper.find('[data-test="end"]').setValue('2026-06-01')
    expect(wrapper.find('[data-test="end"]').classes()).not.toContain('is-invalid')
    await wrapper.find('[data-test="budget"]').setValue('12x')
    expect(wrapper.find('[data-test="budget"]').classes()).toContain('is-invalid')
    await wrapper.find('[data-test="budget"]').setValue('1,250.50')
    await wrapper.find('[data-test="category"]').setValue(' Tech ')
    CampaignService.Create.mockResolvedValue('c9')
    CampaignService.Get.mockResolvedValue(campaign({ id: 'c9', status: 'draft', requests: [] }))
    await wrapper.find('[data-test="campaign-form"]').trigger('submit')
    await flushPromises()
    expect(CampaignService.Create).toHaveBeenCalledWith(expect.objectContaining({
      name: 'Launch', category: 'Tech', start_date: '2026-05-10', end_date: '2026-06-01', budget: 125050, visibility: 'private', publish: false,
    }))
    expect(router.currentRoute.value.fullPath).toBe('/campaigns/c9')
  })

  it('tells a pending sponsor why Publish is disabled', async () => {
    ;({ wrapper } = await mountAt('/campaigns/new', sponsor('pending')))
    expect(wrapper.find('[data-test="publish"]').attributes('disabled')).toBeDefined()
    expect(wrapper.find('[data-test="publish-why"]').text()).toContain('approval')
  })

  it('on edit, refuses a budget below committed and sends only the changed fields', async () => {
    ;({ wrapper } = await mountAt('/campaigns/c1/edit'))
    expect(wrapper.find('[data-test="name"]').element.value).toBe('Summer Glow')
    expect(wrapper.find('[data-test="budget"]').element.value).toBe('5000')
    await wrapper.find('[data-test="budget"]').setValue('1000')
    expect(wrapper.find('[data-test="budget-error"]').text()).toContain('$2,000')
    await wrapper.find('[data-test="budget"]').setValue('6000')
    CampaignService.Update.mockResolvedValue()
    await wrapper.find('[data-test="campaign-form"]').trigger('submit')
    await flushPromises()
    expect(CampaignService.Update).toHaveBeenCalledWith({ budget: 600000, id: 'c1' })
  })

  it('shows the server refusal as it comes', async () => {
    ;({ wrapper } = await mountAt('/campaigns/new'))
    await wrapper.find('[data-test="name"]').setValue('Launch')
    await wrapper.find('[data-test="start"]').setValue('2026-05-10')
    await wrapper.find('[data-test="end"]').setValue('2026-06-01')
    await wrapper.find('[data-test="budget"]').setValue('100')
    CampaignService.Create.mockRejectedValue(JSON.stringify({ code: 'sponsor_not_approved', message: 'not approved yet' }))
    await wrapper.find('[data-test="publish"]').trigger('click')
    await flushPromises()
    expect(CampaignService.Create).toHaveBeenCalledWith(expect.objectContaining({ publish: true }))
    // Issue 10: the UI's words for a known code, not Go's English.
    expect(wrapper.find('[data-test="save-error"]').text()).toContain('Your sponsor account is awaiting approval')
  })
})

describe('campaign detail', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    CampaignService.Get.mockResolvedValue(campaign())
  })
  afterEach(() => wrapper?.unmount())

  it('shows budget, status, requests linking to the ad requests page, and re-reads on data:changed', async () => {
    ;({ wrapper } = await mountAt('/campaigns/c1'))
    expect(wrapper.find('[data-test="title"]').text()).toContain('Summer Glow')
    expect(wrapper.text()).toContain('$2,000')
    expect(wrapper.find('[data-test="remaining"]').text()).toContain('$3,000')
    await wrapper.find('[data-test="view-table"]').trigger('click') // the board is the default view (issue 13)
    const link = wrapper.find('[data-test="request-row"] a')
    expect(link.text()).toBe('Ivan')
    expect(link.attributes('href')).toContain('/ad-requests?id=r1')
    const n = CampaignService.Get.mock.calls.length
    dataChanged({ account_id: 's1', source: 'sync' })
    await flushPromises()
    expect(CampaignService.Get.mock.calls.length).toBeGreaterThan(n)
  })

  it('tells the sponsor of a flagged campaign why, what it stops and what to do, and offers no Edit or Complete', async () => {
    CampaignService.Get.mockResolvedValue(campaign({ flagged: true, flag_reason: 'Misleading claims' }))
    ;({ wrapper } = await mountAt('/campaigns/c1'))
    const banner = wrapper.find('[data-test="flagged-banner"]')
    expect(banner.text()).toContain('An administrator flagged this campaign')
    expect(banner.find('[data-test="flagged-reason"]').text()).toBe('Reason: Misleading claims')
    expect(banner.find('[data-test="flagged-stops"]').text()).toContain('hidden from search')
    expect(banner.find('[data-test="flagged-stops"]').text()).toContain('no new ad requests')
    expect(banner.find('[data-test="flagged-next"]').text()).toContain('contact an administrator')
    expect(wrapper.find('[data-test="edit"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="complete"]').exists()).toBe(false)

    CampaignService.Get.mockResolvedValue(campaign())
    dataChanged({ account_id: 's1', source: 'sync' }) // unflagged elsewhere
    await flushPromises()
    expect(wrapper.find('[data-test="flagged-banner"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="edit"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="complete"]').exists()).toBe(true)
  })

  it('toggles visibility, completes and cancels with confirmation', async () => {
    ;({ wrapper } = await mountAt('/campaigns/c1'))
    await wrapper.find('[data-test="toggle-visibility"]').trigger('click')
    await flushPromises()
    expect(CampaignService.SetVisibility).toHaveBeenCalledWith('c1', 'public')

    await wrapper.find('[data-test="complete"]').trigger('click')
    expect(CampaignService.Complete).not.toHaveBeenCalled()
    await wrapper.find('[data-test="confirm-yes"]').trigger('click')
    await flushPromises()
    expect(CampaignService.Complete).toHaveBeenCalledWith('c1')

    await wrapper.find('[data-test="delete"]').trigger('click')
    expect(wrapper.find('[data-test="confirm"]').text()).toContain('Cancel this campaign')
    CampaignService.Delete.mockRejectedValue(JSON.stringify({ code: 'invalid_transition', message: 'already completed' }))
    await wrapper.find('[data-test="confirm-yes"]').trigger('click')
    await flushPromises()
    // Issue 10: the UI's words for a known code, not Go's English.
    expect(wrapper.find('[data-test="action-error"]').text()).toContain('That is no longer possible')
  })

  it('deletes a draft without requests and goes back to the list', async () => {
    CampaignService.Get.mockResolvedValue(campaign({ status: 'draft', requests: [], committed: 0, remaining: 500000 }))
    CampaignService.List.mockResolvedValue({ items: [], total: 0, page: 1, page_size: 25 })
    CampaignService.Delete.mockResolvedValue()
    let router
    ;({ wrapper, router } = await mountAt('/campaigns/c1'))
    expect(wrapper.find('[data-test="publish"]').attributes('disabled')).toBeUndefined()
    await wrapper.find('[data-test="delete"]').trigger('click')
    await wrapper.find('[data-test="confirm-yes"]').trigger('click')
    await flushPromises()
    expect(CampaignService.Delete).toHaveBeenCalledWith('c1')
    expect(router.currentRoute.value.name).toBe('campaigns')
  })

  it('a pending sponsor cannot publish a draft', async () => {
    CampaignService.Get.mockResolvedValue(campaign({ status: 'draft', approval: 'pending', requests: [] }))
    ;({ wrapper } = await mountAt('/campaigns/c1', sponsor('pending')))
    expect(wrapper.find('[data-test="publish"]').attributes('disabled')).toBeDefined()
    expect(wrapper.find('[data-test="approval-note"]').exists()).toBe(true)
  })
})

describe('campaign list for sponsors', () => {
  let wrapper
  afterEach(() => wrapper?.unmount())
  it('has a New campaign button and rows that open the detail page', async () => {
    vi.clearAllMocks()
    CampaignService.List.mockResolvedValue({
      items: [{ id: 'c1', name: 'Summer Glow', sponsor_name: 'Maya', category: '', niche: '', start_date: '2026-06-01', end_date: '2026-08-31', budget: 100, committed: 0, visibility: 'private', status: 'draft', flagged: false, open_requests: 0 }],
      total: 1, page: 1, page_size: 25,
    })
    CampaignService.Get.mockResolvedValue(campaign())
    let router
    ;({ wrapper, router } = await mountAt('/campaigns'))
    expect(wrapper.find('[data-test="new-campaign"]').exists()).toBe(true)
    await wrapper.find('[data-test="campaign-row"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/campaigns/c1')
  })

  it('tells the sponsor in the list when a campaign is flagged, with its reason on the row', async () => {
    vi.clearAllMocks()
    const row = { id: 'c1', name: 'Summer Glow', sponsor_name: 'Maya', category: '', niche: '', start_date: '2026-06-01', end_date: '2026-08-31', budget: 100, committed: 0, visibility: 'public', status: 'active', open_requests: 0 }
    CampaignService.List.mockResolvedValue({ items: [{ ...row, flagged: true, flag_reason: 'Misleading claims' }, { ...row, id: 'c2', flagged: false }], total: 2, page: 1, page_size: 25 })
    ;({ wrapper } = await mountAt('/campaigns'))
    expect(wrapper.find('[data-test="flagged-some"]').text()).toContain('An administrator flagged one of your campaigns')
    expect(wrapper.find('[data-test="row-flagged"]').text()).toBe('Flagged: Misleading claims')
    expect(wrapper.findAll('[data-test="row-flagged"]')).toHaveLength(1)
    expect(wrapper.find('[data-test="row-queued"]').exists()).toBe(false)
  })

  it('marks a campaign with a change still waiting to send, in the list and on its page', async () => {
    vi.clearAllMocks()
    const row = { id: 'c1', name: 'Summer Glow', sponsor_name: 'Maya', category: '', niche: '', start_date: '2026-06-01', end_date: '2026-08-31', budget: 100, committed: 0, visibility: 'public', status: 'active', open_requests: 0, flagged: false }
    CampaignService.List.mockResolvedValue({ items: [{ ...row, queued: true }, { ...row, id: 'c2' }], total: 2, page: 1, page_size: 25 })
    CampaignService.Get.mockResolvedValue(campaign({ queued: true }))
    let router
    ;({ wrapper, router } = await mountAt('/campaigns'))
    expect(wrapper.findAll('[data-test="row-queued"]').map((x) => x.text())).toEqual(['Waiting to send'])
    await router.push('/campaigns/c1')
    await flushPromises()
    expect(wrapper.find('[data-test="queued"]').text()).toBe('Waiting to send')
  })
})

describe('parseBudget', () => {
  it('parses budgets into cents, 0 allowed', () => {
    expect(parseBudget('0')).toBe(0)
    expect(parseBudget('1,250.5')).toBe(125050)
    expect(parseBudget('-1')).toBe(null)
    expect(parseBudget('1.234')).toBe(null)
  })
})

describe('campaign detail, pending sponsor', () => {
  let wrapper
  afterEach(() => wrapper?.unmount())
  it('cannot make an active campaign public', async () => {
    vi.clearAllMocks()
    CampaignService.Get.mockResolvedValue(campaign({ approval: 'pending' }))
    ;({ wrapper } = await mountAt('/campaigns/c1', sponsor('pending')))
    expect(wrapper.find('[data-test="toggle-visibility"]').attributes('disabled')).toBeDefined()
  })
})
