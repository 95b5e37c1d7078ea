import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

const dataChanged = (d) => emit('data:changed', d)

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { parseCents } from '../src/api/adRequests.js'
import { go, emit, LIMITS } from './wails.js'
import { useLimitsStore } from '../src/stores/limits.js'
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

async function mountApp(limits = null) {
  SessionService.Current.mockResolvedValue(influencer)
  const pinia = createPinia()
  setActivePinia(pinia)
  if (limits) useLimitsStore().set(limits)
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
    // Issue 10: the first request waiting for the user opens by itself (so it is the
    // active row rather than a highlighted one), and says it waits.
    expect(first.classes()).toContain('active')
    expect(first.text()).toContain('Waiting for you')
    expect(first.text()).toContain('$1,250')
    expect(wrapper.find('[data-test="ad-request-detail"]').exists()).toBe(true)
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
    expect(AdRequestService.Counter).toHaveBeenCalledWith({ ad_request_id: 'r1', offer_id: '', in_reply_to: 'o1', amount: 150050, requirements: 'Two reels', message: 'More please', deliverables: [] })

    const calls = AdRequestService.List.mock.calls.length
    dataChanged({ account_id: 'i1', source: 'sync' })
    await flushPromises()
    expect(AdRequestService.List.mock.calls.length).toBeGreaterThan(calls)
  })

  it('checks a counter-offer against the limits Go serves (amount, text length)', async () => {
    wrapper = await mountApp({ ...LIMITS, max_amount: 100000, text_len: 5 })
    await wrapper.find('[data-test="counter"]').trigger('click')
    const amount = wrapper.find('[data-test="counter-amount"]')
    await amount.setValue('1,000')
    expect(amount.classes()).not.toContain('is-invalid')
    await amount.setValue('1,000.01')
    expect(amount.classes()).toContain('is-invalid')
    await amount.setValue('900')
    await wrapper.find('[data-test="counter-requirements"]').setValue('Six ch')
    expect(wrapper.find('[data-test="counter-form"]').text()).toContain('At most 5 characters')
    expect(wrapper.find('[data-test="counter-submit"]').attributes('disabled')).toBeDefined()
  })

  it('shows a refused action as a typed error', async () => {
    wrapper = await mountApp()
    await wrapper.find('[data-test="ar-row-r1"]').trigger('click')
    await flushPromises()
    AdRequestService.Accept.mockRejectedValue(JSON.stringify({ code: 'budget_exceeded', message: 'over budget' }))
    await wrapper.find('[data-test="accept"]').trigger('click')
    // Accepting asks once, saying what it commits.
    expect(AdRequestService.Accept).not.toHaveBeenCalled()
    expect(wrapper.find('[data-test="accept-confirm"]').text()).toContain('escrow')
    await wrapper.find('[data-test="accept-confirm-button"]').trigger('click')
    await flushPromises()
    // Issue 10: the UI's words for a known code, never Go's English.
    expect(wrapper.find('[data-test="action-error"]').text()).toContain('Not enough budget left')
    expect(wrapper.find('[data-test="action-error"]').text()).not.toContain('over budget')
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
    expect(AdRequestService.Review).toHaveBeenCalledWith({ id: '', ad_request_id: 'r1', rating: 4, body: 'Clear brief' })
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
    expect(AdRequestService.Complete).toHaveBeenCalledWith({ ad_request_id: 'r1' })
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

describe('the ad-request inbox (issue 10)', () => {
  let wrapper
  const rows = [
    row({ id: 'a', campaign_id: 'c1', campaign_name: 'Summer Glow', counterparty_name: 'Acme', amount: 50000, turn: 'them', updated_at: '2026-11-10T10:00:00Z' }),
    row({ id: 'b', campaign_id: 'c2', campaign_name: 'Autumn Boots', counterparty_name: 'Bolt', amount: 900000, turn: 'you', updated_at: '2026-11-12T10:00:00Z' }),
    row({ id: 'c', campaign_id: 'c1', campaign_name: 'Summer Glow', counterparty_name: 'Cora', amount: 200000, turn: 'you', updated_at: '2026-11-14T10:00:00Z', requirements: 'A podcast mention' }),
    row({ id: 'd', campaign_id: 'c3', campaign_name: 'Winter Drop', counterparty_name: 'Dan', amount: 10000, turn: '', status: 'completed', updated_at: '2026-11-16T10:00:00Z' }),
  ]
  const order = (w) => w.findAll('[data-test^="ar-row-"]').filter((x) => /ar-row-[a-z0-9]+$/.test(x.attributes('data-test'))).map((x) => x.attributes('data-test').slice(7))
  beforeEach(() => {
    vi.clearAllMocks()
    AdRequestService.List.mockResolvedValue({ items: rows, total: 4, waiting: 2, page: 1, page_size: 100 })
    AdRequestService.Get.mockImplementation((id) => Promise.resolve(detail({ ...rows.find((r) => r.id === id) })))
  })
  afterEach(() => wrapper?.unmount())

  it('leads each row with its campaign, then the other side and amount, with a status badge', async () => {
    wrapper = await mountApp()
    const r = wrapper.find('[data-test="ar-row-a"]')
    expect(r.find('[data-test="ar-campaign"]').text()).toBe('Summer Glow')
    expect(r.text()).toMatch(/Summer Glow.*Pending.*Acme.*\$500/s)
    expect(wrapper.find('[data-test="ar-row-d"]').text()).toContain('Completed')
  })

  it('opens the first request waiting for the user (in the shown order), not an empty pane', async () => {
    wrapper = await mountApp()
    expect(order(wrapper)).toEqual(['d', 'c', 'b', 'a']) // latest first
    expect(AdRequestService.Get).toHaveBeenCalledWith('c')
    expect(wrapper.find('[data-test="ar-row-c"]').classes()).toContain('active')
    expect(wrapper.find('[data-test="ar-row-b"]').classes()).toContain('ar-waiting') // waiting, not open
    expect(wrapper.find('[data-test="ar-pick"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="ad-request-detail"]').text()).toContain('Cora')
  })

  it('searches, sorts by amount or campaign, and groups by campaign', async () => {
    wrapper = await mountApp()
    await wrapper.find('[data-test="ar-search"]').setValue('podcast')
    expect(order(wrapper)).toEqual(['c'])
    await wrapper.find('[data-test="ar-search"]').setValue('summer')
    expect(order(wrapper)).toEqual(['c', 'a'])
    await wrapper.find('[data-test="ar-search"]').setValue('nothing like it')
    expect(wrapper.find('[data-test="ar-empty"]').text()).toContain('No ad request matches')
    await wrapper.find('[data-test="ar-search"]').setValue('')

    await wrapper.find('[data-test="ar-sort"]').setValue('amount')
    expect(order(wrapper)).toEqual(['b', 'c', 'a', 'd'])
    await wrapper.find('[data-test="ar-sort"]').setValue('campaign')
    expect(order(wrapper)).toEqual(['b', 'c', 'a', 'd']) // Autumn Boots, Summer Glow (newest first), Winter Drop

    await wrapper.find('[data-test="ar-sort"]').setValue('latest')
    await wrapper.find('[data-test="ar-group"]').setValue(true)
    const groups = wrapper.findAll('[data-test="ar-group-name"]').map((g) => g.text())
    expect(groups).toEqual(['Winter Drop · 1 request', 'Summer Glow · 2 requests', 'Autumn Boots · 1 request'])
    expect(wrapper.find('[data-test="ar-group-c1"]').findAll('button').map((b) => b.attributes('data-test'))).toEqual(['ar-row-c', 'ar-row-a'])
  })

  it('marks a queued change as provisional on the row and in the thread', async () => {
    const queued = { ...rows[2], queued: true, last_author: 'influencer' }
    AdRequestService.List.mockResolvedValue({ items: [queued], total: 1, waiting: 0, page: 1, page_size: 100 })
    AdRequestService.Get.mockResolvedValue(detail({ ...queued, thread: [
      { id: 'o1', seq: 1, author_role: 'sponsor', author_name: 'Cora', amount: 200000, requirements: '', message: '', created_at: '2026-11-14T10:00:00Z', mine: false },
      { id: 'o2', seq: 2, author_role: 'influencer', author_name: 'Ivan', amount: 250000, requirements: '', message: '', created_at: '2026-11-14T11:00:00Z', mine: true },
    ] }))
    wrapper = await mountApp()
    expect(wrapper.find('[data-test="ar-row-c"] [data-test="ar-queued"]').text()).toBe('Waiting to send')
    expect(wrapper.find('[data-test="detail-queued"]').text()).toBe('Waiting to send')
    const offers = wrapper.findAll('[data-test="offer"]')
    expect(offers[0].find('[data-test="offer-provisional"]').exists()).toBe(false)
    expect(offers[1].find('[data-test="offer-provisional"]').text()).toContain('Waiting to send')
    expect(offers[1].classes()).toContain('ar-provisional')
  })

  it('says in the thread, in words, when the server refused a change', async () => {
    const refused = { ...rows[2], refused: { action: 'adRequest.counter', code: 'budget_exceeded', message: 'campaign c1: 0 left' } }
    AdRequestService.List.mockResolvedValue({ items: [refused], total: 1, waiting: 1, page: 1, page_size: 100 })
    AdRequestService.Get.mockResolvedValue(detail(refused))
    wrapper = await mountApp()
    expect(wrapper.find('[data-test="ar-row-c"] [data-test="ar-refused"]').exists()).toBe(true)
    const note = wrapper.find('[data-test="thread-refused"]')
    expect(note.text()).toContain('The server did not accept your counter-offer: the campaign’s budget is used up')
    expect(note.find('[data-test="refused-issues"]').attributes('href')).toContain('/sync-issues')
    expect(note.text()).not.toContain('0 left')

    AdRequestService.Get.mockResolvedValue(detail({ ...refused, refused: { action: 'adRequest.accept', code: 'something_new', message: 'Go says no' } }))
    dataChanged({ account_id: 'i1', source: 'sync' })
    await flushPromises()
    expect(wrapper.find('[data-test="thread-refused"]').text()).toContain('The server did not accept your acceptance: Go says no')
  })

  it('opens the first waiting request Go names when none is on this page, and marks a flagged campaign', async () => {
    AdRequestService.List.mockResolvedValue({ items: [{ ...rows[0], campaign_flagged: true, campaign_flag_reason: 'Misleading' }], total: 120, waiting: 1, first_waiting: 'far', page: 1, page_size: 100 })
    AdRequestService.Get.mockResolvedValue(detail({ id: 'far' }))
    wrapper = await mountApp()
    expect(AdRequestService.Get).toHaveBeenCalledWith('far')
    const flag = wrapper.find('[data-test="ar-row-a"] [data-test="ar-campaign-flagged"]')
    expect(flag.text()).toBe('Campaign flagged')
    expect(flag.attributes('title')).toBe('Misleading')
  })

  it('hides the provisional marks when Go does not send them', async () => {
    wrapper = await mountApp()
    expect(wrapper.find('[data-test="ar-queued"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="thread-refused"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="detail-queued"]').exists()).toBe(false)
  })
})

describe('inbox helpers', () => {
  it('picks the first waiting request, else the first one', async () => {
    const { firstToOpen } = await import('../src/views/AdRequestsView/inbox.js')
    expect(firstToOpen([{ id: 'x', turn: 'them' }, { id: 'y', turn: 'you' }])).toBe('y')
    expect(firstToOpen([{ id: 'x', turn: 'them' }])).toBe('x')
    expect(firstToOpen([])).toBe('')
  })
})
