import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

const dataChanged = (d) => emit('data:changed', d)

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { formatReach } from '../src/api/sponsor.js'
import { go, emit } from './wails.js'
const { SessionService, CampaignService, AdRequestService, SearchService, ProfileService } = go

const hit = (over = {}) => ({
  account_id: 'i1', name: 'Ivan', display_name: 'Ivan Creates', category: 'Tech', niche: 'Phones', bio: 'Reviews phones',
  reach_instagram: 12000, reach_youtube: 50000, reach_tiktok: 0, reach_x: 0, reach_other: 0, reach_total: 62000, rating: 4.5, review_count: 2, ...over,
})
const profile = () => ({
  ...hit(),
  platforms: [{ platform: 'instagram', reach: 12000 }, { platform: 'youtube', reach: 50000 }, { platform: 'tiktok', reach: 0 }, { platform: 'x', reach: 0 }, { platform: 'other', reach: 0 }],
  reviews: [{ id: 'v1', rating: 5, body: 'Great work', author_name: 'Acme', created_at: '2026-10-01T00:00:00Z' }],
})

async function mountAt(path, approval = 'approved') {
  SessionService.Current.mockResolvedValue({ account_id: 's1', email: 'm@b.test', name: 'Maya', role: 'sponsor', approval })
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('influencer search', () => {
  let wrapper
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    vi.clearAllMocks()
    SearchService.Influencers.mockResolvedValue({ items: [hit(), hit({ account_id: 'i2', display_name: 'Bea', review_count: 0, rating: 0 })], total: 45, page: 1, page_size: 20 })
    ProfileService.Influencer.mockResolvedValue(profile())
  })
  afterEach(() => {
    wrapper?.unmount()
    vi.useRealTimers()
  })

  it('lists results in a table, filters, toggles cards, pages, and re-queries on data:changed', async () => {
    wrapper = await mountAt('/find-influencers')
    expect(wrapper.find('[data-test="nav-influencer-search"]').exists()).toBe(true)
    expect(wrapper.findAll('[data-test="result-row"]')).toHaveLength(2)
    expect(wrapper.find('[data-test="results-table"]').text()).toContain('62K')

    await wrapper.find('[data-test="text"]').setValue('phones')
    await wrapper.find('[data-test="platform"]').setValue('youtube')
    await wrapper.find('[data-test="min-reach"]').setValue('1000')
    await wrapper.find('[data-test="max-reach"]').setValue('100000')
    vi.advanceTimersByTime(300)
    await flushPromises()
    expect(SearchService.Influencers).toHaveBeenLastCalledWith(expect.objectContaining({
      text: 'phones', platform: 'youtube', min_reach: 1000, max_reach: 100000, page: 1, page_size: 20,
    }))
    expect(wrapper.find('[data-test="results-table"]').text()).toContain('50K') // the platform's reach

    await wrapper.find('[data-test="max-reach"]').setValue('10')
    expect(wrapper.find('[data-test="range-error"]').exists()).toBe(true)
    await wrapper.find('[data-test="max-reach"]').setValue('')

    await wrapper.find('[data-test="view-cards"]').trigger('click')
    expect(wrapper.findAll('[data-test="result-card"]')).toHaveLength(2)

    const next = wrapper.findAll('.page-link').find((b) => b.text() === '2')
    await next.trigger('click')
    await flushPromises()
    expect(SearchService.Influencers).toHaveBeenLastCalledWith(expect.objectContaining({ page: 2 }))

    const n = SearchService.Influencers.mock.calls.length
    dataChanged({ account_id: 's1', source: 'sync' })
    await flushPromises()
    expect(SearchService.Influencers.mock.calls.length).toBeGreaterThan(n)
  })

  it('opens a profile with reach and reviews, and sends an ad request', async () => {
    CampaignService.List.mockResolvedValue({ items: [{ id: 'c1', name: 'Phone launch', budget: 500000, committed: 0 }], total: 1, page: 1, page_size: 200 })
    AdRequestService.Send.mockResolvedValue('r7')
    wrapper = await mountAt('/find-influencers')
    await wrapper.find('[data-test="result-row"]').trigger('click')
    await flushPromises()
    const panel = wrapper.find('[data-test="profile-panel"]')
    expect(panel.find('[data-test="profile-name"]').text()).toBe('Ivan Creates')
    expect(panel.find('[data-test="platforms"]').text()).toContain('YouTube')
    expect(panel.find('[data-test="platforms"]').text()).not.toContain('TikTok')
    expect(panel.find('[data-test="reviews"]').text()).toContain('Great work')

    await panel.find('[data-test="open-send"]').trigger('click')
    await flushPromises()
    expect(CampaignService.List).toHaveBeenCalledWith(expect.objectContaining({ status: 'active' }))
    await wrapper.find('[data-test="send-amount"]').setValue('1,500')
    await wrapper.find('[data-test="send-requirements"]').setValue('Two reels')
    await wrapper.find('[data-test="send-form"]').trigger('submit')
    await flushPromises()
    expect(AdRequestService.Send).toHaveBeenCalledWith({ id: '', offer_id: '', campaign_id: 'c1', influencer_id: 'i1', amount: 150000, requirements: 'Two reels', message: '', deliverables: [] })
    expect(wrapper.find('[data-test="sent"] a').attributes('href')).toContain('/ad-requests?id=r7')
  })

  it('a pending sponsor sees profiles but cannot send', async () => {
    wrapper = await mountAt('/find-influencers', 'pending')
    await wrapper.find('[data-test="result-row"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="profile-name"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="open-send"]').exists()).toBe(false)
  })
})

describe('formatReach', () => {
  it('is compact', () => {
    expect(formatReach(12500)).toBe('12.5K')
    expect(formatReach(0)).toBe('0')
  })
})
