// Issue 12, items 2, 5 and 7 (campaign side): the campaign form's target audience,
// the campaign analytics page and the recommendations with one-click Invite.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { go } from './wails.js'
import { sortLines, toCSV } from '../src/views/CampaignAnalyticsView/table.js'
import { countryOptions, targetFields } from '../src/views/CampaignFormView/targets.js'
import { rationaleText } from '../src/views/RecommendationsView/reasons.js'
const { SessionService, CampaignService, CampaignAnalyticsService, AdRequestService } = go

const sponsor = { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved' }
const line = (over) => ({
  influencer_id: 'i1', influencer_name: 'Ivan', deals: 1, spend_cents: 300000, deliverables: 2, views: 4000, reach: 3000, engagements: 300, clicks: 120,
  cpm_cents: 75000, cpe_cents: 1000, cpc_cents: 2500, cost_per_deliverable_cents: 150000, er_views: 0.075, er_reach: 0.1, measured_deliverables: 1, ...over,
})
const stats = (over = {}) => ({
  campaign_id: 'c1', name: 'Phone launch', status: 'active', budget_cents: 500000, committed_cents: 399999, budget_used_bps: 8000,
  target_countries: ['US', 'DE'], target_ages: ['18-24'], target_platforms: ['instagram'],
  totals: line({ influencer_id: '', influencer_name: '', deals: 2, spend_cents: 399999, views: 6000, engagements: 400, cpm_cents: 66667, cpc_cents: 3333 }),
  influencers: [line(), line({ influencer_id: 'i2', influencer_name: 'Zoe', spend_cents: 99999, views: 2000, engagements: 100, clicks: 0, cpm_cents: 50000, cpc_cents: null })],
  trend: [{ week: '2026-11-02', views: 1000, engagements: 60, clicks: 0 }, { week: '2026-11-09', views: 5000, engagements: 340, clicks: 120 }],
  has_metrics: true,
  ...over,
})
const campaign = { id: 'c1', sponsor_id: 's1', name: 'Phone launch', description: '', category: 'tech', niche: 'phones', start_date: '2026-01-01',
  end_date: '2026-12-31', budget: 500000, committed: 0, remaining: 500000, visibility: 'private', goals: 'Two reels', status: 'active',
  flagged: false, flag_reason: '', updated_at: '', approval: 'approved', landing_url: '', requests: [] }

// happy-dom has no canvas: a stub stands in for the chart and shows what it was asked to draw.
const AppChart = {
  props: ['type', 'labels', 'datasets', 'colors', 'money', 'stacked', 'ariaLabel', 'height'],
  template: `<canvas role="img" :aria-label="ariaLabel" :data-type="type" :data-labels="labels.join('|')" :data-values="JSON.stringify(datasets.map((d) => d.data))"></canvas>`,
}

async function mountAt(path) {
  SessionService.Current.mockResolvedValue(sponsor)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router], stubs: { AppChart } }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

let wrapper
beforeEach(() => {
  vi.clearAllMocks()
  CampaignService.Get.mockResolvedValue(campaign)
  CampaignAnalyticsService.Get.mockResolvedValue(stats())
})
afterEach(() => wrapper?.unmount())

describe('campaign analytics page', () => {
  it('shows the KPIs, n/a for an undefined cost, and the charts as text', async () => {
    ;({ wrapper } = await mountAt('/campaigns/c1/analytics'))
    expect(CampaignAnalyticsService.Get).toHaveBeenCalledWith('c1')
    expect(wrapper.find('[data-test="ca-kpi-spend"]').text()).toBe('$3,999.99')
    expect(wrapper.find('[data-test="ca-kpi-budgetUsed"]').text()).toBe('80.0%')
    expect(wrapper.find('[data-test="ca-kpi-cpm"]').text()).toBe('$666.67')
    const rows = wrapper.findAll('[data-test="ca-row"]')
    expect(rows.map((r) => r.find('td').text())).toEqual(['Ivan', 'Zoe'])
    expect(rows[1].find('[data-test="ca-cpc"]').text()).toBe('n/a')
    expect(wrapper.find('[data-test="ca-trend-text"]').text()).toContain('Week of 2026-11-09: 5,000 views, 340 engagements, 120 clicks')
    expect(wrapper.find('[data-test="ca-spend-text"]').text()).toContain('Zoe: $999.99 for 2,000 views')
    expect(wrapper.find('[data-test="ca-empty"]').exists()).toBe(false)
    const trend = wrapper.find('[data-test="ca-trend"] canvas')
    expect(trend.attributes('data-labels')).toBe('2026-11-02|2026-11-09')
    expect(JSON.parse(trend.attributes('data-values'))).toEqual([[1000, 5000], [60, 340], [0, 120]])
    expect(JSON.parse(wrapper.find('[data-test="ca-spend"] canvas').attributes('data-values'))).toEqual([[300000, 99999]])
  })

  it('sorts the table by a column, both ways', async () => {
    ;({ wrapper } = await mountAt('/campaigns/c1/analytics'))
    await wrapper.find('[data-test="ca-sort-spend_cents"]').trigger('click')
    expect(wrapper.findAll('[data-test="ca-row"]').map((r) => r.find('td').text())).toEqual(['Ivan', 'Zoe'])
    await wrapper.find('[data-test="ca-sort-spend_cents"]').trigger('click')
    expect(wrapper.findAll('[data-test="ca-row"]').map((r) => r.find('td').text())).toEqual(['Zoe', 'Ivan'])
    expect(wrapper.find('th[aria-sort="ascending"]').exists()).toBe(true)
  })

  it('says so when nothing is measured yet', async () => {
    CampaignAnalyticsService.Get.mockResolvedValue(stats({ influencers: [], trend: [], has_metrics: false, totals: line({ cpm_cents: null }) }))
    ;({ wrapper } = await mountAt('/campaigns/c1/analytics'))
    expect(wrapper.find('[data-test="ca-empty"]').text()).toContain('No posted deliverables yet')
    expect(wrapper.find('[data-test="ca-trend"]').exists()).toBe(false)
  })

  it('sorts n/a last either way and exports CSV with n/a', () => {
    const ls = [line({ influencer_name: 'A', cpc_cents: null }), line({ influencer_name: 'B', cpc_cents: 10 }), line({ influencer_name: 'C', cpc_cents: 20 })]
    expect(sortLines(ls, 'cpc_cents', false).map((l) => l.influencer_name)).toEqual(['B', 'C', 'A'])
    expect(sortLines(ls, 'cpc_cents', true).map((l) => l.influencer_name)).toEqual(['C', 'B', 'A'])
    const csv = toCSV([line({ influencer_name: 'Ann, "Jr"', cpc_cents: null })], null, ['Influencer', 'Deals', 'Spend', 'D', 'V', 'E', 'C', 'CPM', 'CPE', 'CPC', 'PD'])
    expect(csv.split('\n')[1]).toBe('"Ann, ""Jr""",1,3000.00,2,4000,300,120,750.00,10.00,n/a,1500.00')
  })

  it('is linked from the campaign page, with the targets shown', async () => {
    ;({ wrapper } = await mountAt('/campaigns/c1'))
    expect(wrapper.find('[data-test="open-analytics"]').attributes('href')).toContain('/campaigns/c1/analytics')
    expect(wrapper.find('[data-test="open-recommendations"]').attributes('href')).toContain('/campaigns/c1/recommendations')
    expect(wrapper.find('[data-test="detail-target-countries"]').text()).toBe('United States, Germany')
    expect(wrapper.find('[data-test="detail-target-platforms"]').text()).toBe('Instagram')
  })
})

describe('recommendations', () => {
  const rec = (over) => ({
    influencer_id: 'i7', name: 'Ana', category: 'tech', niche: 'phones', size_tier: 'micro', perf_tier: 'A', risk_score: 70, risk_reasons: '[]',
    predicted_er: 0.05, reach: 20000, price_cents: 30000, suggested_cents: 30000, score: 74, parts: {},
    reasons: [{ code: 'audience_country', params: { share: 0.5 } }, { code: 'price_fits', params: { price_cents: 30000, left_cents: 500000 } }, { code: 'risk_high', params: { score: 70 } }],
    ...over,
  })
  beforeEach(() => {
    CampaignAnalyticsService.Recommendations.mockResolvedValue({ campaign_id: 'c1', campaign_name: 'Phone launch', requirements: 'Two reels about the phone',
      budget_left_cents: 500000, items: [rec()], total: 1, page: 1, page_size: 20 })
    CampaignService.List.mockResolvedValue({ items: [{ ...campaign }], total: 1, page: 1, page_size: 200 })
    AdRequestService.List.mockResolvedValue({ items: [], total: 0 })
  })

  it('lists the ranked influencers with badges, price and the reasons in words', async () => {
    ;({ wrapper } = await mountAt('/campaigns/c1/recommendations'))
    expect(CampaignAnalyticsService.Recommendations).toHaveBeenCalledWith('c1', 1)
    const item = wrapper.find('[data-test="rec-item"]')
    expect(item.find('[data-test="rec-name"]').text()).toBe('Ana')
    expect(item.find('[data-risk="high"]').exists()).toBe(true)
    expect(item.find('[data-tier="micro"]').exists()).toBe(true)
    expect(item.find('[data-test="rec-price"]').text()).toBe('$300')
    expect(item.find('[data-test="rec-er"]').text()).toBe('5.0%')
    expect(item.find('[data-test="rec-reasons"]').text()).toContain('50% of the audience in the target countries')
    expect(item.find('[data-test="rec-reasons"]').text()).toContain('Estimated price $300 fits the $5,000 left')
  })

  it('Invite opens the ad request form pre-filled; the user confirms', async () => {
    let router
    ;({ wrapper, router } = await mountAt('/campaigns/c1/recommendations'))
    await wrapper.find('[data-test="rec-invite"]').trigger('click')
    await flushPromises()
    const form = wrapper.find('[data-test="rec-invite-form"]')
    expect(form.find('[data-test="influencer-search"]').element.value).toBe('Ana')
    expect(form.find('[data-test="amount"]').element.value).toBe('300.00')
    expect(form.find('[data-test="requirements"]').element.value).toBe('Two reels about the phone')
    expect(form.find('[data-test="campaign-select"]').element.value).toBe('c1')
    expect(AdRequestService.Send).not.toHaveBeenCalled()
    AdRequestService.Send.mockResolvedValue('r9')
    await form.find('[data-test="send-form"]').trigger('submit')
    await flushPromises()
    expect(AdRequestService.Send).toHaveBeenCalledWith(expect.objectContaining({ campaign_id: 'c1', influencer_id: 'i7', amount: 30000, requirements: 'Two reels about the phone' }))
    expect(router.currentRoute.value.fullPath).toBe('/ad-requests?id=r9')
  })

  it('says each rationale code in words', () => {
    expect(rationaleText({ code: 'rating', params: { rating: 4.5, reviews: 2 } })).toBe('Rated 4.5/5 by sponsors (2 reviews)')
    expect(rationaleText({ code: 'rating', params: { rating: 5, reviews: 1 } })).toBe('Rated 5/5 by sponsors (1 review)')
    expect(rationaleText({ code: 'on_time', params: { rate: 0.9 } })).toBe('Delivered on time 90% of the time')
    expect(rationaleText({ code: 'nope', params: {} })).toBe('nope')
  })
})

describe('campaign targets', () => {
  it('lists countries by name (no non-countries) and joins the fields for Go', () => {
    const opts = countryOptions()
    expect(opts.find((o) => o.code === 'US')?.name).toBe('United States')
    expect(opts.some((o) => o.code === 'EU' || o.code === 'UN')).toBe(false)
    expect(opts.length).toBeGreaterThan(200)
    expect(targetFields({ countries: ['US', 'DE'], ages: ['18-24'], platforms: [] })).toEqual({ target_countries: 'US,DE', target_ages: '18-24', target_platforms: '' })
  })

  it('sends the targets with a new campaign', async () => {
    ;({ wrapper } = await mountAt('/campaigns/new'))
    await wrapper.find('[data-test="name"]').setValue('Launch')
    await wrapper.find('[data-test="start"]').setValue('2026-05-10')
    await wrapper.find('[data-test="end"]').setValue('2026-06-01')
    await wrapper.find('[data-test="budget"]').setValue('100')
    const sel = wrapper.find('[data-test="target-countries"]')
    for (const o of sel.element.options) o.selected = o.value === 'DE' || o.value === 'FR'
    await sel.trigger('change')
    await wrapper.find('[data-test="target-age-25-34"]').setValue(true)
    await wrapper.find('[data-test="target-platform-tiktok"]').setValue(true)
    CampaignService.Create.mockResolvedValue('c9')
    await wrapper.find('[data-test="campaign-form"]').trigger('submit')
    await flushPromises()
    expect(CampaignService.Create).toHaveBeenCalledWith(expect.objectContaining({ target_countries: 'FR,DE', target_ages: '25-34', target_platforms: 'tiktok' }))
  })

  it('on edit, loads the targets and sends only a changed one', async () => {
    ;({ wrapper } = await mountAt('/campaigns/c1/edit'))
    expect(wrapper.find('[data-test="target-age-18-24"]').element.checked).toBe(true)
    await wrapper.find('[data-test="target-platform-youtube"]').setValue(true)
    await wrapper.find('[data-test="campaign-form"]').trigger('submit')
    await flushPromises()
    expect(CampaignService.Update).toHaveBeenCalledWith({ id: 'c1', target_platforms: 'instagram,youtube' })
  })
})
