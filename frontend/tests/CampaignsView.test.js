import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { go } from './wails.js'
const { SessionService, CampaignService } = go

const row = (over = {}) => ({
  id: 'c1',
  name: 'Summer Glow',
  sponsor_name: 'Acme Cosmetics',
  category: 'Beauty',
  niche: 'Skincare',
  start_date: '2026-06-01',
  end_date: '2026-08-31',
  budget: 500000,
  committed: 125000,
  visibility: 'public',
  status: 'active',
  flagged: false,
  open_requests: 3,
  ...over,
})

async function mountApp(user) {
  SessionService.Current.mockResolvedValue(user)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push('/campaigns')
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

const influencer = { account_id: 'i1', email: 'ivan@creator.test', name: 'Ivan', role: 'influencer', approval: '' }
const pendingSponsor = { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'pending' }

describe('CampaignsView', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    vi.useRealTimers()
    CampaignService.List.mockResolvedValue({ items: [row(), row({ id: 'c2', name: 'Winter', status: 'draft', visibility: 'private', open_requests: 0 })], total: 2, page: 1, page_size: 25 })
  })
  afterEach(() => wrapper?.unmount())

  it('lists campaigns with money, badges and the signed-in user', async () => {
    // What an influencer's replica holds: committed masked to 0, and a private
    // campaign's budget too.
    CampaignService.List.mockResolvedValue({
      items: [row({ committed: 0 }), row({ id: 'c2', name: 'Winter', visibility: 'private', budget: 0, committed: 0, open_requests: 1 })],
      total: 2, page: 1, page_size: 25,
    })
    ;({ wrapper } = await mountApp(influencer))
    const rows = wrapper.findAll('[data-test="campaign-row"]')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('Summer Glow')
    expect(rows[0].text()).toContain('Acme Cosmetics')
    // A public campaign's budget alone: not "$0 of $5,000", which would be false.
    expect(rows[0].find('[data-test="budget-only"]').text()).toBe('$5,000')
    expect(rows[0].text()).not.toContain('of $5,000')
    expect(rows[0].find('.progress-bar').exists()).toBe(false)
    expect(rows[0].text()).toContain('Active')
    expect(rows[0].text()).toContain('Public')
    expect(rows[1].text()).toContain('Private')
    // A private campaign's money is hidden: a dash, not $0.
    expect(rows[1].find('[data-test="budget-only"]').text()).toBe('—')
    expect(rows[1].text()).not.toContain('$0')
    expect(wrapper.find('[data-test="user-name"]').text()).toBe('Ivan')
    expect(wrapper.text()).toContain('Influencer')
    expect(wrapper.find('[data-test="approval-banner"]').exists()).toBe(false)
    expect(CampaignService.List).toHaveBeenCalledWith(expect.objectContaining({ sort: 'updated', desc: true, page: 1, page_size: 25 }))
  })

  it('shows a sponsor its own campaigns\' money committed against the budget', async () => {
    ;({ wrapper } = await mountApp(pendingSponsor))
    const rows = wrapper.findAll('[data-test="campaign-row"]')
    expect(rows[0].find('[data-test="budget-committed"]').text()).toBe('$1,250 of $5,000')
    expect(rows[0].find('.progress-bar').attributes('style')).toContain('width: 25%')
    expect(rows[0].find('[data-test="budget-only"]').exists()).toBe(false)
  })

  it('warns a sponsor awaiting approval', async () => {
    ;({ wrapper } = await mountApp(pendingSponsor))
    const banner = wrapper.find('[data-test="approval-banner"]')
    expect(banner.exists()).toBe(true)
    expect(banner.text()).toContain('draft campaigns')
    expect(banner.text()).toContain('admin approves')
  })

  it('sorts by a column and flips direction on a second click', async () => {
    ;({ wrapper } = await mountApp(influencer))
    await wrapper.find('[data-test="sort-name"]').trigger('click')
    await flushPromises()
    expect(CampaignService.List).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'name', desc: false, page: 1 }))
    await wrapper.find('[data-test="sort-name"]').trigger('click')
    await flushPromises()
    expect(CampaignService.List).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'name', desc: true }))
  })

  it('debounces the search box', async () => {
    ;({ wrapper } = await mountApp(influencer))
    vi.useFakeTimers()
    const calls = CampaignService.List.mock.calls.length
    const input = wrapper.find('[data-test="search"]')
    await input.setValue('su')
    await input.setValue('sum')
    await input.setValue('summer')
    expect(CampaignService.List.mock.calls.length).toBe(calls)
    vi.advanceTimersByTime(350)
    vi.useRealTimers()
    await flushPromises()
    expect(CampaignService.List.mock.calls.length).toBe(calls + 1)
    expect(CampaignService.List).toHaveBeenLastCalledWith(expect.objectContaining({ text: 'summer', page: 1 }))
  })

  it('shows an empty state that offers to clear filters', async () => {
    CampaignService.List.mockResolvedValue({ items: [], total: 0, page: 1, page_size: 25 })
    ;({ wrapper } = await mountApp(influencer))
    expect(wrapper.find('[data-test="empty"]').text()).toContain('No campaigns yet')
    await wrapper.find('[data-test="status-filter"]').setValue('completed')
    await flushPromises()
    expect(CampaignService.List).toHaveBeenLastCalledWith(expect.objectContaining({ status: 'completed' }))
    expect(wrapper.find('[data-test="empty"]').text()).toContain('No campaigns match')
  })

  it('pages', async () => {
    CampaignService.List.mockResolvedValue({ items: [row()], total: 60, page: 1, page_size: 25 })
    ;({ wrapper } = await mountApp(influencer))
    expect(wrapper.find('[data-test="pager-summary"]').text()).toBe('Showing 1–25 of 60')
    const next = wrapper.find('button[aria-label="Next"]')
    await next.trigger('click')
    await flushPromises()
    expect(CampaignService.List).toHaveBeenLastCalledWith(expect.objectContaining({ page: 2 }))
  })

  it('shows a load error with retry, and sends a lost session to sign-in', async () => {
    CampaignService.List.mockRejectedValueOnce('{"code":"internal","message":"disk full"}')
    let router
    ;({ wrapper, router } = await mountApp(influencer))
    expect(wrapper.find('[data-test="load-error"]').text()).toContain('disk full')

    CampaignService.List.mockRejectedValueOnce('{"code":"unauthenticated","message":"sign in first"}')
    await wrapper.find('[data-test="load-error"] button').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('sign-in')
  })

  it('signs out', async () => {
    SessionService.SignOut.mockResolvedValue(null)
    SessionService.KnownAccounts.mockResolvedValue([])
    let router
    ;({ wrapper, router } = await mountApp(influencer))
    await wrapper.find('[data-test="sign-out"]').trigger('click')
    await flushPromises()
    expect(SessionService.SignOut).toHaveBeenCalled()
    expect(router.currentRoute.value.name).toBe('sign-in')
  })
})
