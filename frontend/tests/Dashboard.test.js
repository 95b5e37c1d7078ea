import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

const dataChanged = (d) => emit('data:changed', d)

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { go, emit } from './wails.js'
const { SessionService, DashboardService } = go

const months = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']
const users = {
  sponsor: { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved' },
  influencer: { account_id: 'i1', email: 'ivan@creator.test', name: 'Ivan', role: 'influencer', approval: '' },
  admin: { account_id: 'root', email: 'root@iescp.test', name: 'Root', role: 'admin', approval: '' },
}
const sponsorData = (over = {}) => ({
  active_campaigns: 2, campaigns: { draft: 1, active: 2, completed: 3, cancelled: 0 }, budget: 590_000, committed: 190_000, completed_paid: 150_000,
  requests: { pending: 1, accepted: 1, completed: 1, rejected: 0, withdrawn: 0 }, waiting: 1,
  active: [
    { id: 'c1', name: 'Phone launch', status: 'active', budget: 500_000, committed: 150_000, start_date: '2026-01-01', end_date: '2026-12-31' },
    { id: 'c2', name: 'Winter drop', status: 'active', budget: 90_000, committed: 40_000, start_date: '2026-11-26', end_date: '2027-01-31' },
  ],
  monthly: months.map((month, i) => ({ month, committed: i === 5 ? 190_000 : 0, completed: i === 5 ? 150_000 : 0 })),
  recent: [
    { at: '2026-11-21T10:00:00Z', kind: 'completed', actor_role: 'sponsor', ad_request_id: 'r1', campaign_name: 'Phone launch', counterparty: 'Ivan Tech', amount: 150_000 },
    { at: '2026-11-20T10:00:00Z', kind: 'counter', actor_role: 'influencer', ad_request_id: 'r1', campaign_name: 'Phone launch', counterparty: 'Ivan Tech', amount: 150_000 },
  ],
  ...over,
})
const influencerData = (over = {}) => ({
  waiting: [{ id: 'r9', campaign_name: 'Trail shoes', sponsor_name: 'Maya Inc', amount: 120_000, updated_at: '2026-11-20T10:00:00Z', turn: 'you' }],
  waiting_count: 1, committed: 40_000, completed: 150_000, requests: { pending: 1, accepted: 1, completed: 1, rejected: 0, withdrawn: 0 },
  monthly: months.map((month, i) => ({ month, committed: i === 5 ? 40_000 : 0, completed: i === 4 ? 150_000 : 0 })),
  upcoming: [{ id: 'c2', name: 'Winter drop', status: 'active', budget: 90_000, committed: 40_000, start_date: '2099-11-26', end_date: '2099-12-31' }],
  rating: 4.5, review_count: 2, recent: [], ...over,
})
const adminData = () => ({
  accounts: { admin: 1, sponsor: 2, influencer: 3 }, accounts_total: 6, active: 5, deactivated: 1, flagged_accounts: 1,
  pending_sponsors: 2, campaigns: { draft: 1, active: 4, completed: 0, cancelled: 0 }, campaigns_total: 5, flagged_campaigns: 2,
  ad_requests: { pending: 3, accepted: 1, rejected: 0, withdrawn: 0, completed: 2 }, ad_requests_total: 6,
  activity: ['2025-12', ...months, '2026-12'].slice(0, 12).map((month) => ({ month, accounts: 1, campaigns: 2, ad_requests: 3 })),
})

// happy-dom has no canvas: a stub stands in for the chart and exposes what it was
// asked to draw. The real charts render in the end-to-end run and the window test.
const AppChart = {
  props: ['type', 'labels', 'datasets', 'colors', 'money', 'stacked', 'ariaLabel', 'height'],
  template: `<canvas role="img" :aria-label="ariaLabel" :data-type="type" :data-labels="labels.join('|')" :data-values="JSON.stringify(datasets.map((d) => d.data))"></canvas>`,
}

async function mountAt(path, user) {
  SessionService.Current.mockResolvedValue(user)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router], stubs: { AppChart } }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

const value = (w, test) => w.find(`[data-test="${test}-value"]`).text()

describe('Dashboards', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
  })
  afterEach(() => wrapper?.unmount())

  it('lands on the dashboard, which is the first nav item', async () => {
    DashboardService.Sponsor.mockResolvedValue(sponsorData())
    let router
    ;({ wrapper, router } = await mountAt('/', users.sponsor))
    expect(router.currentRoute.value.name).toBe('dashboard')
    expect(wrapper.find('[data-test="nav-dashboard"]').classes()).toContain('active')
  })

  it('shows the sponsor their campaigns, budget, requests, months and activity', async () => {
    DashboardService.Sponsor.mockResolvedValue(sponsorData())
    ;({ wrapper } = await mountAt('/dashboard', users.sponsor))
    const d = wrapper.find('[data-test="sponsor-dashboard"]')
    expect(d.exists()).toBe(true)
    expect(value(d, 'stat-active')).toBe('2')
    expect(value(d, 'stat-committed')).toBe('$1,900')
    expect(d.find('[data-test="stat-committed"]').text()).toContain('of $5,900 (32%)')
    expect(value(d, 'stat-waiting')).toBe('1')
    expect(d.find('[data-test="stat-waiting"]').classes()).toContain('border-warning')
    expect(value(d, 'stat-paid')).toBe('$1,500')
    expect(d.find('[data-test="stat-active"]').text()).toContain('Drafts 1 · Completed 3')
    expect(d.find('[data-test="request-counts"]').text()).toContain('Accepted 1')
    // Three charts: budget by campaign, requests by status, money by month.
    expect(d.findAll('canvas[role="img"]').map((c) => c.attributes('aria-label'))).toEqual([
      'Budget by active campaign', 'Ad requests by status', 'Accepted and completed, by month',
    ])
    const [budget, statuses, monthly] = d.findAll('canvas')
    expect(budget.attributes('data-labels')).toBe('Phone launch|Winter drop')
    expect(JSON.parse(budget.attributes('data-values'))).toEqual([[150_000, 40_000], [350_000, 50_000]])
    expect(statuses.attributes('data-labels')).toBe('Pending|Accepted|Completed|Rejected|Withdrawn')
    expect(JSON.parse(statuses.attributes('data-values'))).toEqual([[1, 1, 1, 0, 0]])
    expect(monthly.attributes('data-labels')).toBe('Jun|Jul|Aug|Sep|Oct|Nov')
    expect(JSON.parse(monthly.attributes('data-values'))[1][5]).toBe(150_000)
    const activity = d.find('[data-test="activity"]').text()
    expect(activity).toContain('Completed · Phone launch · Ivan Tech')
    expect(activity).toContain('Counter-offer')
  })

  it('gives a new sponsor empty states that say what to do', async () => {
    DashboardService.Sponsor.mockResolvedValue(sponsorData({
      active_campaigns: 0, active: [], budget: 0, committed: 0, completed_paid: 0, waiting: 0, recent: [],
      requests: { pending: 0, accepted: 0, completed: 0, rejected: 0, withdrawn: 0 }, monthly: months.map((month) => ({ month, committed: 0, completed: 0 })),
    }))
    ;({ wrapper } = await mountAt('/dashboard', users.sponsor))
    expect(wrapper.find('[data-test="no-active"]').text()).toContain('No active campaigns yet.')
    expect(wrapper.find('[data-test="activity-empty"]').exists()).toBe(true)
    expect(wrapper.findAll('canvas').length).toBe(0)
    expect(wrapper.text()).toContain('No ad requests yet')
  })

  it('shows the influencer what waits for them, earnings and what starts soon', async () => {
    DashboardService.Influencer.mockResolvedValue(influencerData())
    let router
    ;({ wrapper, router } = await mountAt('/dashboard', users.influencer))
    const d = wrapper.find('[data-test="influencer-dashboard"]')
    expect(value(d, 'stat-waiting')).toBe('1')
    expect(value(d, 'stat-committed')).toBe('$400')
    expect(value(d, 'stat-completed')).toBe('$1,500')
    expect(value(d, 'stat-rating')).toBe('4.5')
    expect(d.find('[data-test="upcoming"]').text()).toContain('Winter drop')
    expect(d.find('[data-test="upcoming"]').text()).toContain('starts Nov 26, 2099')
    const row = d.find('[data-test="waiting-list"] a')
    expect(row.text()).toContain('Trail shoes')
    expect(row.text()).toContain('$1,200')
    await row.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('ad-requests')
    expect(router.currentRoute.value.query.id).toBe('r9')
  })

  it('re-reads on data:changed, and shows a failed load with a retry', async () => {
    DashboardService.Influencer.mockResolvedValueOnce(influencerData())
    ;({ wrapper } = await mountAt('/dashboard', users.influencer))
    DashboardService.Influencer.mockResolvedValueOnce(influencerData({ waiting: [], waiting_count: 0 }))
    dataChanged({ account_id: 'i1', source: 'pull' })
    await flushPromises()
    expect(value(wrapper, 'stat-waiting')).toBe('0')
    expect(wrapper.find('[data-test="waiting-empty"]').exists()).toBe(true)

    DashboardService.Influencer.mockRejectedValueOnce(JSON.stringify({ code: 'internal', message: 'disk I/O error' }))
    dataChanged({ account_id: 'i1', source: 'pull' })
    await flushPromises()
    expect(wrapper.find('[data-test="dashboard-error"]').text()).toContain('disk I/O error')
    DashboardService.Influencer.mockResolvedValueOnce(influencerData())
    await wrapper.find('[data-test="dashboard-error"] button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="dashboard-error"]').exists()).toBe(false)
    expect(value(wrapper, 'stat-waiting')).toBe('1')
  })

  it('shows the admin counts, activity over time and breakdowns; cards open the lists', async () => {
    DashboardService.Admin.mockResolvedValue(adminData())
    let router
    ;({ wrapper, router } = await mountAt('/dashboard', users.admin))
    const d = wrapper.find('[data-test="admin-dashboard"]')
    expect(value(d, 'stat-accounts')).toBe('6')
    expect(value(d, 'stat-pending')).toBe('2')
    expect(value(d, 'stat-flagged')).toBe('3')
    expect(value(d, 'stat-campaigns')).toBe('5')
    const charts = d.findAll('canvas[role="img"]')
    expect(charts.length).toBe(4)
    // Issue 10: counts per month are small whole numbers: bars, not a smoothed area.
    expect(charts[0].attributes('data-type')).toBe('bar')
    expect(charts[0].attributes('data-labels').split('|')[1]).toBe('Jun')
    expect(JSON.parse(charts[1].attributes('data-values'))).toEqual([[1, 2, 3]])
    await d.find('[data-test="stat-pending"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/admin?tab=sponsors')
  })

  it('sends a signed-out user to sign in', async () => {
    let router
    ;({ wrapper, router } = await mountAt('/dashboard', null))
    expect(router.currentRoute.value.name).toBe('sign-in')
    expect(DashboardService.Sponsor).not.toHaveBeenCalled()
  })
})
