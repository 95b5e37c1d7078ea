import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

import InfluencerAnalytics from '../src/components/InfluencerAnalytics.vue'
import InfluencerProfilePanel from '../src/components/InfluencerProfilePanel.vue'
import { localToUTC, utcToLocal } from '../src/api/analytics.js'
import { useSessionStore } from '../src/stores/session.js'
import { go } from './wails.js'
const { AnalyticsService, ProfileService } = go

// happy-dom has no canvas: a stub stands in for the chart and exposes what it was asked to draw.
const AppChart = {
  props: ['type', 'labels', 'datasets', 'colors', 'money', 'stacked', 'ariaLabel', 'height', 'legend'],
  template: `<canvas role="img" :aria-label="ariaLabel" :data-type="type" :data-labels="labels.join('|')" :data-values="JSON.stringify(datasets.map((d) => d.data))"></canvas>`,
}
const stubs = { AppChart, RouterLink: true }

const uiError = (code, message) => JSON.stringify({ code, message })
const PLATFORMS = ['instagram', 'youtube', 'tiktok', 'x', 'other']
const TYPES = ['photo', 'carousel', 'video', 'reel', 'short', 'story', 'live', 'text']

/** Ivan's own analytics as Go answers them (queries.InflAnalytics), live from his posts. */
function own(over = {}) {
  return {
    influencer_id: 'i1', name: 'Ivan', own: true, source: 'posts', windows: [30, 90, 365], window_days: 90, growth_days: 90, posts: 4,
    followers: 6100, er_followers: 0.0677, er_views: 0.0412, avg_views: 4000, avg_likes: 110.5, avg_comments: 16.75, follower_growth: 0.0517, posts_per_week: 0.311,
    has_stats: true, size_tier: 'nano', perf_tier: 'B', risk_score: 35,
    risk_reasons: [{ code: 'low_engagement_vs_peers', points: 20, params: { er: 0.01, peer_median: 0.04 } }],
    predicted_er: 0.061, predicted_views: 3500, on_time_rate: 0.75, model_version: 3, computed_at: '2026-11-15T09:00:00Z',
    history_hidden: false, bucket: 'week',
    trend: [
      { start: '2026-11-02T00:00:00Z', posts: 0, er: 0, followers: 800 },
      { start: '2026-11-09T00:00:00Z', posts: 3, er: 0.0803, followers: 6100 },
    ],
    by_content_type: [{ key: 'photo', posts: 1, er_followers: 0.0909, er_views: 0, avg_views: 0 }, { key: 'reel', posts: 2, er_followers: 0.04, er_views: 0.012, avg_views: 3000 }],
    by_platform: [{ key: 'instagram', posts: 3, er_followers: 0.0569, er_views: 0.012, avg_views: 2000 }, { key: 'tiktok', posts: 1, er_followers: 0.1, er_views: 0.05, avg_views: 10000 }],
    best_day: null, best_hour: { value: 18, posts: 3, er: 0.0569 },
    audience_hidden: false, audience: [{ dimension: 'country', bucket: 'DE', share_bps: 6000 }, { dimension: 'gender', bucket: 'female', share_bps: 7000 }],
    media_kit: { influencer_id: 'i1', show_audience: false, show_history: true, headline: '' }, deals: null,
    platforms: PLATFORMS, content_types: TYPES, ...over,
  }
}

/** The same influencer as a sponsor sees him: the server's stats, history and audience hidden. */
function others(over = {}) {
  return own({
    own: false, source: 'stats', windows: [90], growth_days: 30, history_hidden: true, trend: [], by_content_type: [], by_platform: [],
    audience_hidden: true, audience: [], best_day: { value: 4, posts: 0, er: 0 }, best_hour: { value: 18, posts: 0, er: 0 },
    risk_score: 65, risk_reasons: [{ code: 'follower_jump', points: 30, params: { platform: 'instagram', from: 1000, to: 2000, date: '2026-11-05' } },
      { code: 'low_engagement_vs_peers', points: 35, params: { er: 0.005, peer_median: 0.04 } }],
    deals: { deals: 1, spend_cents: 300000, deliverables: 2, reported: 1, views: 10000, reach: 5000, engagements: 500, clicks: 0, er_views: 0.05,
      cpm_cents: 30000, cpe_cents: 600, cpc_cents: null, cost_per_deliverable_cents: 150000 },
    ...over,
  })
}

function pinia(role = 'influencer') {
  const p = createPinia()
  setActivePinia(p)
  useSessionStore().user = { account_id: role === 'influencer' ? 'i1' : 's1', role, name: 'X' }
  return p
}

async function mountView(props, role) {
  const w = mount(InfluencerAnalytics, { props, global: { plugins: [pinia(role)], stubs }, attachTo: document.body })
  await flushPromises()
  return w
}

// The screen shows local time and Go takes UTC: run in a zone where they differ
// (New York: Saturday 20:00 local is Sunday in UTC), restored afterwards.
let savedTZ
beforeAll(() => {
  savedTZ = process.env.TZ
  process.env.TZ = 'America/New_York'
})
afterAll(() => {
  if (savedTZ === undefined) delete process.env.TZ
  else process.env.TZ = savedTZ
})

// The local hour of a UTC hour on a given date, by the offset (independent of the code under test).
const localHourOf = (utcHour, date) => (((utcHour - date.getTimezoneOffset() / 60) % 24) + 24) % 24

describe('InfluencerAnalytics', () => {
  let w
  beforeEach(() => {
    vi.clearAllMocks()
    AnalyticsService.Influencer.mockReset()
    AnalyticsService.Predict.mockReset()
  })
  afterEach(() => w?.unmount())

  it('shows the influencer their own KPIs, badges, charts with text tables, audience, and switches the window', async () => {
    AnalyticsService.Influencer.mockResolvedValue(own())
    w = await mountView({ influencerId: 'i1', own: true }, 'influencer')
    expect(AnalyticsService.Influencer).toHaveBeenCalledWith('i1', 90)
    const kpi = (id) => w.find(`[data-test="kpi-${id}"] [data-test="kpi-value"]`).text()
    expect(kpi('er-followers')).toBe('6.77%')
    expect(kpi('er-views')).toBe('4.12%')
    expect(kpi('avg-views')).toBe('4,000')
    expect(kpi('avg-likes')).toBe('111')
    expect(kpi('growth')).toBe('+5.2%')
    expect(kpi('posts-week')).toBe('0.3')
    expect(w.find('[data-test="kpi-growth"]').text()).toContain('90 days')
    expect(w.find('[data-tier="nano"]').text()).toContain('B')
    expect(w.find('[data-risk="medium"]').exists()).toBe(true)
    // Medium risk: the reasons in words.
    expect(w.find('[data-test="analytics-risk-reasons"]').text()).toContain('Engagement 1.0% against a median of 4.0%')
    // Charts: each with its hidden table of figures.
    for (const c of ['chart-er', 'chart-followers', 'chart-by-type', 'chart-by-platform']) expect(w.find(`[data-test="${c}"]`).exists()).toBe(true)
    const rows = w.findAll('[data-test="chart-er-table"] tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[1].text()).toContain('Nov 9')
    expect(rows[1].text()).toContain('8.03%')
    expect(w.find('[data-test="chart-followers-summary"]').text()).toBe('Followers went from 800 to 6,100.')
    expect(w.find('[data-test="chart-by-type-table"]').text()).toContain('Reel')
    const er = w.find('[data-test="chart-er"] canvas')
    expect(er.attributes('data-type')).toBe('line')
    expect(er.attributes('data-labels')).toBe('Nov 2|Nov 9')
    // a week without posts is a gap (null), never an engagement of 0
    expect(er.attributes('data-values')).toBe('[[null,8.03]]')
    expect(w.find('[data-test="chart-by-platform"] canvas').attributes('data-labels')).toBe('Instagram|TikTok')
    // Best hour: UTC 18 in local time.
    const now = new Date()
    const h = localHourOf(18, now)
    expect(w.find('[data-test="best-hour"]').text()).toBe(`${String(h).padStart(2, '0')}:00–${String((h + 1) % 24).padStart(2, '0')}:00`)
    expect(w.find('[data-test="best-day"]').exists()).toBe(false)
    // His own audience, whatever the media kit says.
    expect(w.find('[data-test="audience-country"]').text()).toContain('Germany')
    expect(w.find('[data-test="audience-country"]').text()).toContain('60.0%')
    expect(w.find('[data-test="audience-gender"]').text()).toContain('Female')
    expect(w.find('[data-test="analytics-deals"]').exists()).toBe(false)

    AnalyticsService.Influencer.mockResolvedValue(own({ window_days: 30, growth_days: 30, posts: 0, trend: [], by_content_type: [], by_platform: [] }))
    await w.find('[data-test="analytics-window-30"]').trigger('click')
    await flushPromises()
    expect(AnalyticsService.Influencer).toHaveBeenLastCalledWith('i1', 30)
    expect(w.find('[data-test="analytics-window-empty"]').text()).toContain('No posts in the last 30 days')
    expect(w.find('[data-test="chart-er-empty"]').text()).toBe('No posts in this period.')
  })

  it('asks the influencer without posts to import their history', async () => {
    AnalyticsService.Influencer.mockResolvedValue(own({ posts: 0, followers: 0, has_stats: false, risk_score: null, risk_reasons: [], size_tier: '', perf_tier: '', trend: [], by_content_type: [], by_platform: [], audience: [], best_hour: null }))
    w = await mountView({ influencerId: 'i1', own: true }, 'influencer')
    expect(w.find('[data-test="analytics-empty"]').text()).toContain('Import your post history')
    expect(w.find('[data-test="analytics-kpis"]').exists()).toBe(false)
    await w.find('[data-test="analytics-import"]').trigger('click')
    expect(w.emitted('import')).toHaveLength(1)
    expect(w.find('[data-test="audience-empty"]').text()).toContain('Audience tab')
  })

  it('shows a sponsor the stats, says what the creator hides, the high risk in words and their own deal results', async () => {
    AnalyticsService.Influencer.mockResolvedValue(others())
    w = await mountView({ influencerId: 'i1' }, 'sponsor')
    expect(w.find('[data-test="analytics-window"]').exists()).toBe(false)
    expect(w.find('[data-test="analytics-window-fixed"]').text()).toContain('Last 90 days')
    expect(w.find('[data-test="kpi-growth"]').text()).toContain('30 days')
    expect(w.find('[data-test="analytics-history-hidden"]').text()).toBe('The engagement history is hidden by the creator.')
    expect(w.find('[data-test="chart-er"]').exists()).toBe(false)
    expect(w.find('[data-test="audience-hidden"]').text()).toBe('The audience breakdown is hidden by the creator.')
    const risk = w.find('[data-test="analytics-risk-reasons"]')
    expect(risk.classes()).toContain('alert-danger')
    expect(risk.text()).toContain('Followers on instagram jumped from 1,000 to 2,000 around 2026-11-05')
    expect(w.find('[data-test="deals-spend"]').text()).toBe('$3,000')
    expect(w.find('[data-test="deals-cpm"]').text()).toBe('$300')
    expect(w.find('[data-test="deals-cpc"]').text()).toBe('—')
    expect(w.find('[data-test="best-day"]').exists()).toBe(true)
  })

  it('lists the risk reasons only for a medium or high risk', async () => {
    AnalyticsService.Influencer.mockResolvedValue(others({ risk_score: 20, risk_reasons: [{ code: 'like_comment_ratio', points: 20, params: { ratio: 90, peer_p10: 5, peer_p90: 40 } }] }))
    w = await mountView({ influencerId: 'i1' }, 'sponsor')
    expect(w.find('[data-risk="low"]').exists()).toBe(true)
    expect(w.find('[data-test="analytics-risk-reasons"]').exists()).toBe(false)
  })

  it('says why it could not load, with a retry', async () => {
    AnalyticsService.Influencer.mockRejectedValue(uiError('not_found', 'no such influencer'))
    w = await mountView({ influencerId: 'i9' }, 'sponsor')
    expect(w.find('[data-test="analytics-error"]').exists()).toBe(true)
    expect(w.find('[data-test="analytics-kpis"]').exists()).toBe(false)
  })

  it('says when a creator has no stats yet', async () => {
    AnalyticsService.Influencer.mockResolvedValue(others({ has_stats: false, risk_score: null, risk_reasons: [], deals: null }))
    w = await mountView({ influencerId: 'i1' }, 'admin')
    expect(w.find('[data-test="analytics-empty"]').text()).toContain('after the server’s next analytics run')
  })

  it('predicts when to post: local day and hour sent in UTC, the result with its reasons in words', async () => {
    AnalyticsService.Influencer.mockResolvedValue(own())
    AnalyticsService.Predict.mockResolvedValue({ er: 0.0456, views: 5321.4, followers: 5000, model_version: 3,
      reasons: [{ code: 'content_type', value: 'short', effect_pp: 0.8 }, { code: 'hour', value: '18-20', effect_pp: -0.3 }] })
    w = await mountView({ influencerId: 'i1', own: true }, 'influencer')
    const p = w.find('[data-test="predictor"]')
    // Preselected: the main platform (most posts) and the best hour in local time.
    expect(p.find('[data-test="predict-platform"]').element.value).toBe('instagram')
    expect(Number(p.find('[data-test="predict-hour"]').element.value)).toBe(localHourOf(18, new Date()))
    await p.find('[data-test="predict-platform"]').setValue('tiktok')
    await p.find('[data-test="predict-type"]').setValue('short')
    await p.find('[data-test="predict-day"]').setValue('6')
    await p.find('[data-test="predict-hour"]').setValue('20')
    await p.find('[data-test="predict-sponsored"]').setValue(true)
    await p.find('form').trigger('submit')
    await flushPromises()
    const utc = localToUTC(6, 20)
    expect(utc.weekday).toBe(0) // Saturday 20:00 in New York is Sunday 00:00 or 01:00 UTC
    expect(AnalyticsService.Predict).toHaveBeenCalledWith({ influencer_id: 'i1', platform: 'tiktok', content_type: 'short', weekday: utc.weekday, hour: utc.hour, sponsored: true })
    expect(p.find('[data-test="predict-er"]').text()).toBe('4.6%')
    expect(p.find('[data-test="predict-views"]').text()).toBe('5,321')
    const reasons = p.findAll('[data-test="predict-reasons"] li').map((li) => li.text())
    expect(reasons).toEqual(['As a short: +0.8 pp', 'Posted at 18-20 h: −0.3 pp'])

    AnalyticsService.Predict.mockResolvedValue({ er: 0, views: 0, followers: 0, model_version: 3, reasons: [] })
    await p.find('form').trigger('submit')
    await flushPromises()
    expect(p.find('[data-test="predict-not-on-platform"]').text()).toContain('no followers on TikTok')

    AnalyticsService.Predict.mockRejectedValue(uiError('not_found', 'no prediction model yet: it arrives with the next sync'))
    await p.find('form').trigger('submit')
    await flushPromises()
    expect(p.find('[data-test="predict-no-model"]').exists()).toBe(true)
    expect(p.find('[data-test="predict-result"]').exists()).toBe(false)
  })

  it('converts between local and UTC weekday and hour', () => {
    const from = new Date(2026, 5, 10, 9, 0, 0) // a Wednesday in June, local (EDT, UTC−4)
    const utc = localToUTC(5, 23, from) // Friday 23:00 local
    expect(utc).toEqual({ weekday: 6, hour: 3 })
    const back = utcToLocal(utc.weekday, utc.hour, from)
    expect(back).toEqual({ weekday: 5, hour: 23 })
    expect(utcToLocal(null, null, from)).toEqual({ weekday: null, hour: null })
  })
})

describe('InfluencerProfilePanel analytics', () => {
  let w
  afterEach(() => w?.unmount())

  it('shows the tier and risk badges at the top and the analytics in a tab', async () => {
    vi.clearAllMocks()
    ProfileService.Influencer.mockResolvedValue({ account_id: 'i1', name: 'Ivan', display_name: 'Ivan', category: 'Tech', niche: 'Phones', bio: '',
      reach_total: 6100, platforms: [{ platform: 'instagram', reach: 1100 }], reviews: [], review_count: 0, rating: 0 })
    AnalyticsService.Influencer.mockResolvedValue(others())
    w = mount(InfluencerProfilePanel, { props: { influencerId: 'i1' }, global: { plugins: [pinia('sponsor')], stubs }, attachTo: document.body })
    await flushPromises()
    const badges = w.find('[data-test="profile-badges"]')
    expect(badges.find('[data-tier="nano"]').exists()).toBe(true)
    expect(badges.find('[data-risk="high"]').exists()).toBe(true)
    expect(w.find('[data-test="platforms"]').exists()).toBe(true)
    expect(w.find('[data-test="influencer-analytics"]').exists()).toBe(false)
    await w.find('[data-test="profile-tab-analytics"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-test="influencer-analytics"]').exists()).toBe(true)
    expect(w.find('[data-test="platforms"]').exists()).toBe(false)
    expect(w.find('[data-test="deals-count"]').text()).toBe('1')
  })

  it('shows no badges while the server has no stats row', async () => {
    vi.clearAllMocks()
    ProfileService.Influencer.mockResolvedValue({ account_id: 'i1', name: 'Ivan', display_name: 'Ivan', category: '', niche: '', bio: '',
      reach_total: 0, platforms: [], reviews: [], review_count: 0, rating: 0 })
    AnalyticsService.Influencer.mockRejectedValue(uiError('not_found', 'no such influencer'))
    w = mount(InfluencerProfilePanel, { props: { influencerId: 'i1' }, global: { plugins: [pinia('sponsor')], stubs }, attachTo: document.body })
    await flushPromises()
    expect(w.find('[data-test="profile-name"]').text()).toBe('Ivan')
    expect(w.find('[data-test="profile-badges"]').exists()).toBe(false)
  })
})
