import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { go } from './wails.js'
const { SessionService, SearchService, ProfileService } = go

const base = {
  name: '', category: 'Food', niche: 'Vegan', bio: '', reach_instagram: 0, reach_youtube: 0, reach_tiktok: 0, reach_x: 0,
  reach_other: 0, reach_total: 60000, rating: 0, review_count: 0,
}
const rated = {
  ...base, account_id: 'i1', display_name: 'Zoe Kitchen', rated: true, er_followers: 0.0512, er_views: 0.1, size_tier: 'mid', perf_tier: 'A',
  risk_score: 72, risk_reasons: [{ code: 'follower_jump', points: 40, params: { jump: 3.5 } }], predicted_er: 0.047, predicted_views: 9000, segment: 3,
}
const unrated = { ...base, account_id: 'i2', display_name: 'Bea New', rated: false, er_followers: 0, size_tier: '', perf_tier: '', risk_score: 0, risk_reasons: [], predicted_er: 0 }

async function mountAt(path) {
  SessionService.Current.mockResolvedValue({ account_id: 's1', email: 'm@b.test', name: 'Maya', role: 'sponsor', approval: 'approved' })
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('influencer search with analytics', () => {
  let wrapper
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    vi.clearAllMocks()
    SearchService.Influencers.mockResolvedValue({ items: [rated, unrated], total: 2, page: 1, page_size: 20 })
    ProfileService.Influencer.mockResolvedValue({ ...rated, platforms: [], reviews: [] })
  })
  afterEach(() => {
    wrapper?.unmount()
    vi.useRealTimers()
  })

  it('shows ER, tier, risk and predicted ER; unrated rows say so', async () => {
    wrapper = await mountAt('/find-influencers')
    const [r, u] = wrapper.findAll('[data-test="result-row"]')
    expect(r.find('[data-test="result-er"]').text()).toBe('5.1%')
    expect(r.find('[data-test="result-tier"] [data-tier="mid"]').attributes('data-perf')).toBe('A')
    const risk = r.find('[data-test="result-risk"] [data-risk]')
    expect(risk.attributes('data-risk')).toBe('high')
    expect(risk.attributes('title')).toContain('72')
    expect(r.find('[data-test="result-predicted"]').text()).toBe('4.7%')
    expect(r.find('[data-test="more-like"]').exists()).toBe(true)
    expect(u.find('[data-test="result-er"]').text()).toBe('—')
    expect(u.find('[data-test="result-risk"] [data-risk]').attributes('data-risk')).toBe('unrated')
    expect(u.find('[data-test="more-like"]').exists()).toBe(false)
  })

  it('sends the analytics filters and sorts, and refuses a bad ER range', async () => {
    wrapper = await mountAt('/find-influencers')
    await wrapper.find('[data-test="min-er"]').setValue('2.5')
    await wrapper.find('[data-test="max-er"]').setValue('10')
    await wrapper.find('[data-test="size-tier"]').setValue('micro')
    await wrapper.find('[data-test="perf-tier"]').setValue('A')
    await wrapper.find('[data-test="risk"]').setValue('hide_high')
    await wrapper.find('[data-test="sort"]').setValue('er')
    vi.advanceTimersByTime(300)
    await flushPromises()
    expect(SearchService.Influencers).toHaveBeenLastCalledWith(expect.objectContaining({
      min_er: 0.025, max_er: 0.1, size_tier: 'micro', perf_tier: 'A', hide_high_risk: true, risk_level: '', sort: 'er', like: '',
    }))
    await wrapper.find('[data-test="risk"]').setValue('medium')
    await wrapper.find('[data-test="sort"]').setValue('predicted')
    vi.advanceTimersByTime(300)
    await flushPromises()
    expect(SearchService.Influencers).toHaveBeenLastCalledWith(expect.objectContaining({ hide_high_risk: false, risk_level: 'medium', sort: 'predicted' }))

    const n = SearchService.Influencers.mock.calls.length
    await wrapper.find('[data-test="max-er"]').setValue('1')
    vi.advanceTimersByTime(300)
    await flushPromises()
    expect(wrapper.find('[data-test="er-error"]').exists()).toBe(true)
    expect(SearchService.Influencers.mock.calls.length).toBe(n) // not sent
    await wrapper.find('[data-test="max-er"]').setValue('abc')
    expect(wrapper.find('[data-test="er-error"]').exists()).toBe(true)
  })

  it('"More like this" asks for the influencer\'s segment, and goes back', async () => {
    wrapper = await mountAt('/find-influencers')
    await wrapper.find('[data-test="sort"]').setValue('er')
    vi.advanceTimersByTime(300)
    await flushPromises()
    await wrapper.find('[data-test="more-like"]').trigger('click')
    await flushPromises()
    expect(SearchService.Influencers).toHaveBeenLastCalledWith(expect.objectContaining({ like: 'i1', sort: '', page: 1 }))
    expect(wrapper.find('[data-test="like-banner"]').text()).toContain('Zoe Kitchen')
    expect(wrapper.find('[data-test="profile-panel"]').exists()).toBe(false) // the row's click did not open it
    await wrapper.find('[data-test="like-clear"]').trigger('click')
    await flushPromises()
    expect(SearchService.Influencers).toHaveBeenLastCalledWith(expect.objectContaining({ like: '', sort: 'er' }))
    expect(wrapper.find('[data-test="like-banner"]').exists()).toBe(false)

    await wrapper.find('[data-test="view-cards"]').trigger('click')
    await wrapper.find('[data-test="card-more-like"]').trigger('click')
    await flushPromises()
    expect(SearchService.Influencers).toHaveBeenLastCalledWith(expect.objectContaining({ like: 'i1' }))
  })
})
