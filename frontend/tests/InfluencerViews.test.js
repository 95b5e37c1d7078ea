import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

const dataChanged = (d) => emit('data:changed', d)

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { parseOptionalCents, parseReach } from '../src/api/influencer.js'
import { go, emit } from './wails.js'
const { SessionService, SearchService, CampaignService, AdRequestService, ProfileService } = go

const influencer = { account_id: 'i1', email: 'ivan@creator.test', name: 'Ivan', role: 'influencer', approval: '' }
const sponsor = { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved' }

const hit = (over = {}) => ({
  id: 'c1', sponsor_id: 's1', company_name: 'Acme', name: 'Trail shoes', description: 'Run the hills', category: 'Sports', niche: 'Trail',
  goals: '', start_date: '2026-03-01', end_date: '2026-06-30', budget: 800000, committed: 0, remaining: 800000, applied: false, ...over,
})
const detail = (over = {}) => ({ ...hit(), status: 'active', industry: 'Shoes', open_request_id: '', open_status: '', ...over })
const profile = (over = {}) => ({
  account_id: 'i1', name: 'Ivan', display_name: 'Ivan', category: 'Sports', niche: 'Trail', bio: 'I run.', flagged: false,
  reach: { instagram: 12000, youtube: 3000, tiktok: 0, x: 0, other: 0, total: 15000 },
  reviews: [{ id: 'v1', rating: 4, body: 'Great video', author_name: 'Acme', campaign_name: 'Trail shoes', created_at: '2026-11-01T10:00:00Z' }],
  rating: 4, ...over,
})
const wait = (ms) => new Promise((r) => setTimeout(r, ms))

async function mountApp(path, user = influencer) {
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

describe('Find campaigns', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    SearchService.Campaigns.mockResolvedValue({ items: [hit(), hit({ id: 'c2', name: 'Snack box', applied: true })], total: 2, page: 1, page_size: 10 })
    CampaignService.Public.mockResolvedValue(detail())
  })
  afterEach(() => wrapper?.unmount())

  it('shows influencer-only nav entries and lists public campaigns', async () => {
    ;({ wrapper } = await mountApp('/find-campaigns'))
    expect(wrapper.find('[data-test="nav-campaign-search"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="nav-profile"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="cs-total"]').text()).toContain('2 found')
    expect(wrapper.find('[data-test="cs-row-c1"]').text()).toContain('$8,000')
    expect(wrapper.find('[data-test="cs-row-c2"] [data-test="cs-applied"]').exists()).toBe(true)
    expect(SearchService.Campaigns).toHaveBeenCalledWith(expect.objectContaining({ page: 1, page_size: 10, text: '', min_budget: 0 }))
  })

  it('opens the campaign a link names (?id=), e.g. a sync issue’s Open it', async () => {
    ;({ wrapper } = await mountApp('/find-campaigns?id=c1'))
    expect(CampaignService.Public).toHaveBeenCalledWith('c1')
  })

  it('sends the filters in cents and validates them as you type', async () => {
    ;({ wrapper } = await mountApp('/find-campaigns'))
    await wrapper.find('[data-test="cs-text"]').setValue('hills')
    await wrapper.find('[data-test="cs-category"]').setValue('Sports')
    await wrapper.find('[data-test="cs-min"]').setValue('1,000')
    await wrapper.find('[data-test="cs-max"]').setValue('9000.50')
    await wrapper.find('[data-test="cs-from"]').setValue('2026-01-01')
    await wrapper.find('[data-test="cs-to"]').setValue('2026-12-31')
    await wait(300)
    await flushPromises()
    expect(SearchService.Campaigns).toHaveBeenLastCalledWith(expect.objectContaining({
      text: 'hills', category: 'Sports', min_budget: 100000, max_budget: 900050, from: '2026-01-01', to: '2026-12-31', page: 1,
    }))
    const calls = SearchService.Campaigns.mock.calls.length
    await wrapper.find('[data-test="cs-min"]').setValue('10,000')
    expect(wrapper.find('[data-test="cs-max"]').classes()).toContain('is-invalid')
    await wrapper.find('[data-test="cs-to"]').setValue('2025-01-01')
    expect(wrapper.find('[data-test="cs-to"]').classes()).toContain('is-invalid')
    await wait(300)
    await flushPromises()
    expect(SearchService.Campaigns.mock.calls.length).toBe(calls) // invalid filters do not search
  })

  it('shows details and applies with validation as you type', async () => {
    ;({ wrapper } = await mountApp('/find-campaigns'))
    await wrapper.find('[data-test="cs-row-c1"]').trigger('click')
    await flushPromises()
    expect(CampaignService.Public).toHaveBeenCalledWith('c1')
    expect(wrapper.find('[data-test="cs-detail-sponsor"]').text()).toContain('Acme')
    expect(wrapper.find('[data-test="cs-detail-budget"]').text()).toBe('$8,000')
    // What is committed of the budget is the sponsor's: nothing "left" is shown.
    expect(wrapper.find('[data-test="cs-detail"]').text()).not.toMatch(/left|available/i)
    expect(wrapper.find('[data-test="cs-row-c1"]').text()).not.toMatch(/left/i)
    const submit = wrapper.find('[data-test="apply-submit"]')
    expect(submit.attributes('disabled')).toBeDefined()
    const amount = wrapper.find('[data-test="apply-amount"]')
    await amount.setValue('0')
    expect(amount.classes()).toContain('is-invalid')
    expect(submit.attributes('disabled')).toBeDefined()
    await amount.setValue('1,200')
    expect(amount.classes()).not.toContain('is-invalid')
    expect(submit.attributes('disabled')).toBeUndefined()
    await wrapper.find('[data-test="apply-requirements"]').setValue(' One video ')
    await wrapper.find('[data-test="apply-message"]').setValue('Love these')
    AdRequestService.Apply.mockResolvedValue('r1')
    CampaignService.Public.mockResolvedValue(detail({ applied: true, open_request_id: 'r1', open_status: 'pending' }))
    await wrapper.find('[data-test="apply-form"]').trigger('submit')
    await flushPromises()
    expect(AdRequestService.Apply).toHaveBeenCalledWith({ id: '', offer_id: '', campaign_id: 'c1', amount: 120000, requirements: 'One video', message: 'Love these', deliverables: [] })
    expect(wrapper.find('[data-test="cs-already-applied"]').text()).toContain('pending')
    expect(wrapper.find('[data-test="apply-form"] fieldset').attributes('disabled')).toBeDefined()
  })

  it('disables Apply with a note when I already applied, and re-queries on data:changed', async () => {
    CampaignService.Public.mockResolvedValue(detail({ id: 'c2', applied: true, open_request_id: 'r9', open_status: 'accepted' }))
    ;({ wrapper } = await mountApp('/find-campaigns'))
    await wrapper.find('[data-test="cs-row-c2"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="cs-already-applied"]').text()).toContain('already have an open request')
    expect(wrapper.find('[data-test="apply-form"] fieldset').attributes('disabled')).toBeDefined()
    const searches = SearchService.Campaigns.mock.calls.length
    const details = CampaignService.Public.mock.calls.length
    dataChanged({ account_id: 'i1', source: 'sync' })
    await flushPromises()
    expect(SearchService.Campaigns.mock.calls.length).toBeGreaterThan(searches)
    expect(CampaignService.Public.mock.calls.length).toBeGreaterThan(details)
  })

  it('shows a refused application as a typed error', async () => {
    ;({ wrapper } = await mountApp('/find-campaigns'))
    await wrapper.find('[data-test="cs-row-c1"]').trigger('click')
    await flushPromises()
    await wrapper.find('[data-test="apply-amount"]').setValue('50')
    AdRequestService.Apply.mockRejectedValue(JSON.stringify({ code: 'invalid_transition', message: 'the campaign has ended' }))
    await wrapper.find('[data-test="apply-form"]').trigger('submit')
    await flushPromises()
    // Issue 10: the UI's words for a known code, not Go's English.
    expect(wrapper.find('[data-test="apply-error"]').text()).toContain('That is no longer possible')
    expect(wrapper.find('[data-test="apply-error"]').text()).not.toContain('the campaign has ended')
  })

  it('is not offered to sponsors', async () => {
    ;({ wrapper } = await mountApp('/campaigns', sponsor))
    expect(wrapper.find('[data-test="nav-campaign-search"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="nav-profile"]').exists()).toBe(false)
  })
})

describe('My profile', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    ProfileService.Mine.mockResolvedValue(profile())
    ProfileService.Earnings.mockResolvedValue({ committed: 120000, completed: 45050, counts: { pending: 2, accepted: 1, completed: 1, rejected: 0, withdrawn: 0 } })
    ProfileService.Update.mockResolvedValue(undefined)
  })
  afterEach(() => wrapper?.unmount())

  it('shows the profile, a live preview, reviews and earnings', async () => {
    ;({ wrapper } = await mountApp('/profile'))
    expect(wrapper.find('[data-test="pf-name"]').element.value).toBe('Ivan')
    expect(wrapper.find('[data-test="pv-reach"]').text()).toContain('15,000 followers')
    expect(wrapper.find('[data-test="review-v1"]').text()).toContain('Great video')
    expect(wrapper.find('[data-test="earn-committed"]').text()).toBe('$1,200')
    expect(wrapper.find('[data-test="earn-completed"]').text()).toBe('$450.50')
    expect(wrapper.find('[data-test="earn-pending"]').text()).toContain('2 pending')
    expect(wrapper.find('[data-test="pf-save"]').attributes('disabled')).toBeDefined() // nothing changed

    await wrapper.find('[data-test="pf-name"]').setValue('Ivan Runs')
    await wrapper.find('[data-test="pf-reach-tiktok"]').setValue('5,000')
    expect(wrapper.find('[data-test="pv-name"]').text()).toBe('Ivan Runs')
    expect(wrapper.find('[data-test="pv-reach"]').text()).toContain('20,000 followers')
  })

  it('validates as you type and saves only the changed fields', async () => {
    ;({ wrapper } = await mountApp('/profile'))
    const name = wrapper.find('[data-test="pf-name"]')
    await name.setValue('   ')
    expect(name.classes()).toContain('is-invalid')
    expect(wrapper.find('[data-test="pf-save"]').attributes('disabled')).toBeDefined()
    await name.setValue('Ivan Runs')
    const x = wrapper.find('[data-test="pf-reach-x"]')
    await x.setValue('12k')
    expect(x.classes()).toContain('is-invalid')
    expect(wrapper.find('[data-test="pf-save"]').attributes('disabled')).toBeDefined()
    await x.setValue('700')
    await wrapper.find('[data-test="pf-bio"]').setValue('I run hills.')
    expect(wrapper.find('[data-test="pv-bio"]').text()).toBe('I run hills.')
    ProfileService.Mine.mockResolvedValue(profile({ display_name: 'Ivan Runs', bio: 'I run hills.', reach: { instagram: 12000, youtube: 3000, tiktok: 0, x: 700, other: 0, total: 15700 } }))
    await wrapper.find('[data-test="pf-form"]').trigger('submit')
    await flushPromises()
    expect(ProfileService.Update).toHaveBeenCalledWith({ display_name: 'Ivan Runs', bio: 'I run hills.', reach: { x: 700 } })
    expect(wrapper.find('[data-test="pf-saved"]').exists()).toBe(true)
  })

  it('re-queries on data:changed without losing unsaved edits', async () => {
    ;({ wrapper } = await mountApp('/profile'))
    await wrapper.find('[data-test="pf-niche"]').setValue('Ultra')
    ProfileService.Earnings.mockResolvedValue({ committed: 0, completed: 165050, counts: { completed: 2 } })
    const calls = ProfileService.Mine.mock.calls.length
    dataChanged({ account_id: 'i1', source: 'sync' })
    await flushPromises()
    expect(ProfileService.Mine.mock.calls.length).toBeGreaterThan(calls)
    expect(wrapper.find('[data-test="earn-completed"]').text()).toBe('$1,650.50')
    expect(wrapper.find('[data-test="pf-niche"]').element.value).toBe('Ultra')
  })

  it('shows a refused save as a typed error', async () => {
    ;({ wrapper } = await mountApp('/profile'))
    await wrapper.find('[data-test="pf-category"]').setValue('Food')
    ProfileService.Update.mockRejectedValue(JSON.stringify({ code: 'flagged', message: 'your account is flagged' }))
    await wrapper.find('[data-test="pf-form"]').trigger('submit')
    await flushPromises()
    // Issue 10: the UI's words for a known code, not Go's English.
    expect(wrapper.find('[data-test="pf-save-error"]').text()).toContain('Flagged by an administrator')
  })
})

describe('influencer parsers', () => {
  it('parses optional budgets and reach', () => {
    expect(parseOptionalCents('')).toBe(0)
    expect(parseOptionalCents('$1,500.5')).toBe(150050)
    expect(parseOptionalCents('abc')).toBe(null)
    expect(parseReach('')).toBe(0)
    expect(parseReach('12,000')).toBe(12000)
    expect(parseReach('1.5')).toBe(null)
    expect(parseReach('10000000001')).toBe(null)
  })
})
