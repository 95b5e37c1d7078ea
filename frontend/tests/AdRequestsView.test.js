import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

const dataChanged = (d) => emit('data:changed', d)

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { parseCents } from '../src/api/adRequests.js'
import { go, emit } from './wails.js'
const { SessionService, AdRequestService } = go

const row = (over = {}) => ({
  id: 'r1', campaign_id: 'c1', campaign_name: 'Summer Glow', sponsor_name: 'Acme', influencer_id: 'i1', influencer_name: 'Ivan',
  counterparty_name: 'Acme', amount: 125000, requirements: 'Two reels', status: 'pending', initiated_by: 'sponsor',
  last_author: 'sponsor', latest_offer_id: 'o1', turn: 'you', offers: 1, updated_at: '2026-11-15T12:00:00Z', ...over,
})
const detail = (over = {}) => ({
  ...row(), close_reason: '', campaign_status: 'active', campaign_budget: 500000, campaign_committed: 0,
  thread: [{ id: 'o1', seq: 1, author_role: 'sponsor', author_name: 'Acme', amount: 125000, requirements: 'Two reels', message: 'Hi', created_at: '2026-11-15T12:00:00Z', mine: false }],
  actions: { counter: true, accept: true, reject: true, withdraw: true }, ...over,
})
const influencer = { account_id: 'i1', email: 'ivan@creator.test', name: 'Ivan', role: 'influencer', approval: '' }

async function mountApp() {
  SessionService.Current.mockResolvedValue(influencer)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push('/ad-requests')
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('AdRequestsView', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    AdRequestService.List.mockResolvedValue({ items: [row(), row({ id: 'r2', turn: 'them', status: 'pending', counterparty_name: 'Bolt' })], total: 2, waiting: 1, page: 1, page_size: 100 })
    AdRequestService.Get.mockResolvedValue(detail())
  })
  afterEach(() => wrapper?.unmount())

  it('lists requests, highlights the ones waiting for the user, formats money', async () => {
    wrapper = await mountApp()
    expect(wrapper.find('[data-test="nav-ad-requests"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="waiting-count"]').text()).toContain('1 waiting for you')
    const first = wrapper.find('[data-test="ar-row-r1"]')
    expect(first.classes()).toContain('ar-waiting')
    expect(first.text()).toContain('$1,250')
    expect(wrapper.find('[data-test="ar-row-r2"]').classes()).not.toContain('ar-waiting')
    expect(wrapper.find('[data-test="new-request"]').exists()).toBe(false) // influencers do not send
  })

  it('counter-offers with validation as you type, and re-queries on data:changed', async () => {
    wrapper = await mountApp()
    await wrapper.find('[data-test="ar-row-r1"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="thread"]').text()).toContain('Offered $1,250')
    await wrapper.find('[data-test="counter"]').trigger('click')
    const amount = wrapper.find('[data-test="counter-amount"]')
    await amount.setValue('12,5x')
    expect(amount.classes()).toContain('is-invalid')
    expect(wrapper.find('[data-test="counter-submit"]').attributes('disabled')).toBeDefined()
    await amount.setValue('1,500.50')
    expect(amount.classes()).not.toContain('is-invalid')
    await wrapper.find('[data-test="counter-message"]').setValue('More please')
    AdRequestService.Counter.mockResolvedValue('o2')
    await wrapper.find('[data-test="counter-form"]').trigger('submit')
    await flushPromises()
    expect(AdRequestService.Counter).toHaveBeenCalledWith('r1', 'o1', 150050, 'Two reels', 'More please')

    const calls = AdRequestService.List.mock.calls.length
    dataChanged({ account_id: 'i1', source: 'sync' })
    await flushPromises()
    expect(AdRequestService.List.mock.calls.length).toBeGreaterThan(calls)
  })

  it('shows a refused action as a typed error', async () => {
    wrapper = await mountApp()
    await wrapper.find('[data-test="ar-row-r1"]').trigger('click')
    await flushPromises()
    AdRequestService.Accept.mockRejectedValue(JSON.stringify({ code: 'budget_exceeded', message: 'over budget' }))
    await wrapper.find('[data-test="accept"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="action-error"]').text()).toContain('over budget')
  })

  it('reviews completed work: a rating is required, then the review is sent', async () => {
    AdRequestService.Get.mockResolvedValue(detail({ status: 'completed', turn: '',
      actions: { counter: false, accept: false, reject: false, withdraw: false, complete: false, review: true } }))
    AdRequestService.Review.mockResolvedValue('rev1')
    wrapper = await mountApp()
    await wrapper.find('[data-test="ar-row-r1"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="complete"]').exists()).toBe(false)
    await wrapper.find('[data-test="review"]').trigger('click')
    expect(wrapper.find('[data-test="review-submit"]').attributes('disabled')).toBeDefined()
    await wrapper.find('[data-test="rating-4"]').setValue(true)
    await wrapper.find('[data-test="review-body"]').setValue('Clear brief')
    expect(wrapper.find('[data-test="review-submit"]').attributes('disabled')).toBeUndefined()
    await wrapper.find('[data-test="review-form"]').trigger('submit')
    await flushPromises()
    expect(AdRequestService.Review).toHaveBeenCalledWith('r1', 4, 'Clear brief')
  })

  it('offers Mark complete on accepted work when allowed', async () => {
    AdRequestService.Get.mockResolvedValue(detail({ status: 'accepted', turn: '',
      actions: { counter: false, accept: false, reject: false, withdraw: true, complete: true, review: false } }))
    AdRequestService.Complete.mockResolvedValue(null)
    wrapper = await mountApp()
    await wrapper.find('[data-test="ar-row-r1"]').trigger('click')
    await flushPromises()
    await wrapper.find('[data-test="complete"]').trigger('click')
    await flushPromises()
    expect(AdRequestService.Complete).toHaveBeenCalledWith('r1')
  })
})

describe('parseCents', () => {
  it('parses money into cents', () => {
    expect(parseCents('1,250.5')).toBe(125050)
    expect(parseCents('$300')).toBe(30000)
    expect(parseCents('0')).toBe(null)
    expect(parseCents('1.234')).toBe(null)
    expect(parseCents('abc')).toBe(null)
  })
})
