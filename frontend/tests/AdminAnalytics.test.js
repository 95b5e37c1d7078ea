import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { go, LIMITS } from './wails.js'
import { useLimitsStore } from '../src/stores/limits.js'
import { flagReason } from '../src/api/adminAnalytics.js'
const { SessionService, AdminService, ProfileService } = go

const adminUser = { account_id: 'root', email: 'root@iescp.test', name: 'Root', role: 'admin', approval: '' }
const analytics = {
  tiers: [
    { tier: 'nano', influencers: 10, rated: 5, share_rated: 0.5, median_er: 0.061, posts_90d: 80 },
    { tier: 'micro', influencers: 4, rated: 4, share_rated: 1, median_er: 0.032, posts_90d: 50 },
    { tier: 'mid', influencers: 0, rated: 0, share_rated: 0, median_er: 0, posts_90d: 0 },
    { tier: 'macro', influencers: 0, rated: 0, share_rated: 0, median_er: 0, posts_90d: 0 },
    { tier: 'mega', influencers: 0, rated: 0, share_rated: 0, median_er: 0, posts_90d: 0 },
    { tier: '', influencers: 2, rated: 0, share_rated: 0, median_er: 0, posts_90d: 0 },
  ],
  risk: { low: 6, medium: 1, high: 2, unrated: 7 },
  top_influencers: [{ influencer_id: 'i1', name: 'Ana', size_tier: 'micro', followers: 20000, er_followers: 0.071, posts_90d: 14, risk_score: 10 }],
  top_campaigns: [{ campaign_id: 'c1', name: 'Phone launch', company: 'Maya Inc', deliverables: 3, views: 12000, engagements: 1530 }],
  totals: { influencers: 16, rated: 9, posts_90d: 130, campaigns: 5, deals: 3, deliverables: 3, views: 12000, engagements: 1530 },
}
const row = (over = {}) => ({
  influencer_id: 'i9', name: 'Ben', email: 'ben@x.test', size_tier: 'micro', followers: 20000, er_followers: 0.09, risk_score: 75,
  risk_reasons: [{ code: 'follower_jump', points: 40, params: { platform: 'instagram', from: 1000, to: 5000, date: '2026-11-05' } }],
  flagged: false, flag_reason: '', active: true, computed_at: '2026-11-15T09:00:00Z', ...over,
})

async function mountApp(path) {
  SessionService.Current.mockResolvedValue(adminUser)
  const pinia = createPinia()
  setActivePinia(pinia)
  useLimitsStore().set(LIMITS)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router], stubs: { AppChart: { props: ['ariaLabel', 'labels', 'datasets'], template: '<canvas :aria-label="ariaLabel" :data-labels="labels.join(\'|\')" :data-values="datasets[0].data.join(\'|\')"></canvas>' } } }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('the admin analytics tab', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    AdminService.Overview.mockResolvedValue({ accounts: {}, campaigns: {}, ad_requests: {} })
    AdminService.PlatformAnalytics.mockResolvedValue(analytics)
    AdminService.RiskReview.mockResolvedValue({ items: [row(), row({ influencer_id: 'i8', name: 'Cy', flagged: true, flag_reason: 'Bought followers', risk_score: 65 })], total: 2, page: 1, page_size: 25 })
    AdminService.Flag.mockResolvedValue(undefined)
    ProfileService.Influencer.mockResolvedValue({ account_id: 'i9', name: 'Ben', display_name: 'Ben', platforms: [], reviews: [] })
  })
  afterEach(() => wrapper?.unmount())

  it('shows the totals, tiers, risk and tops, each chart with its figures as text', async () => {
    wrapper = await mountApp('/admin?tab=analytics')
    expect(wrapper.find('[data-test="admin-tab-analytics"]').classes()).toContain('active')
    expect(wrapper.find('[data-test="aa-total-influencers"]').text()).toBe('16')
    expect(wrapper.find('[data-test="aa-total-engagements"]').text()).toBe('1,530')
    const nano = wrapper.find('[data-test="aa-tier-nano"]').text()
    expect(nano).toContain('Nano')
    expect(nano).toContain('50%')
    expect(nano).toContain('6.1%')
    expect(wrapper.find('[data-test="aa-tier-none"]').text()).toContain('No reach')
    expect(wrapper.find('[data-test="aa-tier-mid"]').text()).toContain('—') // no median without rated influencers
    expect(wrapper.find('[data-test="aa-risk-high"]').text()).toBe('High risk: 2')
    expect(wrapper.find('[data-test="aa-risk-unrated"]').text()).toBe('Unrated: 7')
    const charts = wrapper.findAll('canvas')
    expect(charts.length).toBe(3)
    expect(charts.every((c) => c.attributes('aria-label'))).toBe(true)
    expect(charts[1].attributes('data-values')).toBe('6|1|2|7')
    expect(wrapper.find('[data-test="aa-top-influencer"]').text()).toContain('7.1%')
    expect(wrapper.find('[data-test="aa-top-campaign"]').text()).toContain('Phone launch')
    expect(wrapper.find('[data-test="admin-model-slot"]').exists()).toBe(true)
  })

  it('lists the risky influencers with their reasons in words, flags with a suggested reason, and opens a profile', async () => {
    wrapper = await mountApp('/admin?tab=analytics')
    const rows = wrapper.findAll('[data-test="aa-review-row"]')
    expect(rows).toHaveLength(2)
    expect(rows[0].find('[data-test="aa-review-reasons"]').text()).not.toContain('follower_jump') // words, not codes
    expect(rows[0].find('[data-test="aa-review-reasons"]').text().length).toBeGreaterThan(10)
    expect(rows[1].find('[data-test="aa-review-flagged"]').exists()).toBe(true)
    expect(rows[1].find('[data-test="aa-flag-i8"]').exists()).toBe(false)

    await wrapper.find('[data-test="aa-flag-i9"]').trigger('click')
    const reason = wrapper.find('[data-test="admin-reason"]')
    expect(reason.element.value).toBe(flagReason(row()))
    expect(reason.element.value).toContain('75/100')
    await wrapper.find('[data-test="admin-action"]').trigger('submit')
    await flushPromises()
    expect(AdminService.Flag).toHaveBeenCalledWith('account', 'i9', flagReason(row()))
    expect(wrapper.find('[data-test="admin-action"]').exists()).toBe(false)
    expect(AdminService.RiskReview.mock.calls.length).toBeGreaterThan(1) // re-read

    await wrapper.find('[data-test="aa-review-open-i9"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="profile-panel"]').exists()).toBe(true)
  })

  it('the suggested reason stays within the limit', () => {
    const long = row({ risk_reasons: Array.from({ length: 50 }, () => ({ code: 'follower_jump', params: {} })) })
    expect([...flagReason(long, 100)].length).toBe(100)
  })
})
