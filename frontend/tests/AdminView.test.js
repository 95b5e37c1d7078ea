import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

const dataChanged = (d) => emit('data:changed', d)

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { go, emit, LIMITS } from './wails.js'
import { useLimitsStore } from '../src/stores/limits.js'
const { SessionService, AdminService } = go
go.DashboardService.Influencer.mockResolvedValue({ waiting: [], waiting_count: 0, committed: 0, completed: 0, requests: {}, monthly: [], upcoming: [], rating: 0, review_count: 0, recent: [] })

const adminUser = { account_id: 'root', email: 'root@iescp.test', name: 'Root', role: 'admin', approval: '' }
const overview = {
  accounts: { admin: 1, sponsor: 2, influencer: 3 }, accounts_total: 6, active: 5, deactivated: 1, flagged_accounts: 1,
  pending_sponsors: 2, campaigns: { draft: 1, active: 4, completed: 0, cancelled: 0 }, campaigns_total: 5, flagged_campaigns: 2,
  ad_requests: { pending: 3, accepted: 1, rejected: 0, withdrawn: 0, completed: 2 }, ad_requests_total: 6,
}
const account = (over = {}) => ({
  id: 'a1', email: 'ivan@creator.test', name: 'Ivan', role: 'influencer', display_name: 'Ivan Tech', active: true, flagged: false,
  flag_reason: '', approval: '', review_reason: '', industry: '', created_at: '2026-11-01T10:00:00Z', ...over,
})
const campaign = (over = {}) => ({
  id: 'c1', name: 'Phone launch', sponsor_id: 's1', sponsor_name: 'Maya Inc', status: 'active', visibility: 'public', budget: 500000,
  committed: 125000, start_date: '2026-01-01', end_date: '2026-12-31', flagged: false, flag_reason: '', updated_at: '2026-11-01T10:00:00Z', ...over,
})

async function mountApp(path, user = adminUser) {
  SessionService.Current.mockResolvedValue(user)
  const pinia = createPinia()
  setActivePinia(pinia)
  useLimitsStore().set(LIMITS) // what SettingsService.Limits serves (loaded once by the store)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('AdminView', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    AdminService.Overview.mockResolvedValue(overview)
    AdminService.PendingSponsors.mockResolvedValue([account({ id: 's1', name: 'Maya', role: 'sponsor', display_name: 'Maya Inc', approval: 'pending', industry: 'Phones' })])
    AdminService.Accounts.mockResolvedValue({ items: [account(), account({ id: 'a2', name: 'Omar', flagged: true, flag_reason: 'Spam', active: false })], total: 2, page: 1, page_size: 25 })
    AdminService.Campaigns.mockResolvedValue({ items: [campaign()], total: 1, page: 1, page_size: 25 })
  })
  afterEach(() => wrapper?.unmount())

  it('shows the admin nav and the overview cards for admins only', async () => {
    ;({ wrapper } = await mountApp('/admin'))
    expect(wrapper.find('[data-test="nav-admin"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="card-accounts"]').text()).toContain('6')
    expect(wrapper.find('[data-test="card-accounts"]').text()).toContain('5 active · 1 deactivated')
    expect(wrapper.find('[data-test="card-pending-count"]').text()).toBe('2')
    expect(wrapper.find('[data-test="card-flagged"]').text()).toContain('1 account · 2 campaigns')
    expect(wrapper.find('[data-test="card-ad-requests"]').text()).toContain('6')

    const calls = AdminService.Overview.mock.calls.length
    dataChanged({ account_id: 'root', source: 'sync' })
    await flushPromises()
    expect(AdminService.Overview.mock.calls.length).toBeGreaterThan(calls)
  })

  it('keeps sponsors and influencers out', async () => {
    const { wrapper: w, router } = await mountApp('/admin', { account_id: 'i1', email: 'i@x.test', name: 'I', role: 'influencer', approval: '' })
    wrapper = w
    expect(router.currentRoute.value.name).toBe('dashboard')
    expect(wrapper.find('[data-test="nav-admin"]').exists()).toBe(false)
    expect(AdminService.Overview).not.toHaveBeenCalled()
  })

  it('shows a load error with retry, and the empty state', async () => {
    AdminService.Overview.mockRejectedValueOnce(JSON.stringify({ code: 'internal', message: 'disk on fire' }))
    ;({ wrapper } = await mountApp('/admin'))
    expect(wrapper.find('[data-test="admin-overview-error"]').text()).toContain('disk on fire')
    await wrapper.find('[data-test="admin-overview-error"] button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="admin-overview-error"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="card-accounts"]').exists()).toBe(true)

    AdminService.PendingSponsors.mockResolvedValue([])
    await wrapper.find('[data-test="admin-tab-sponsors"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="admin-sponsors-empty"]').exists()).toBe(true)
  })

  it('approves and rejects pending sponsors with an optional reason', async () => {
    ;({ wrapper } = await mountApp('/admin?tab=sponsors'))
    expect(wrapper.find('[data-test="sponsor-s1"]').text()).toContain('Maya Inc')
    await wrapper.find('[data-test="approve-s1"]').trigger('click')
    expect(wrapper.find('[data-test="admin-action-title"]').text()).toContain('Approve Maya Inc')
    await wrapper.find('[data-test="admin-action"]').trigger('submit')
    await flushPromises()
    expect(AdminService.ApproveSponsor).toHaveBeenCalledWith('s1', '')
    expect(wrapper.find('[data-test="admin-action"]').exists()).toBe(false)

    AdminService.RejectSponsor.mockRejectedValue(JSON.stringify({ code: 'invalid_transition', message: 'already approved' }))
    await wrapper.find('[data-test="reject-s1"]').trigger('click')
    await wrapper.find('[data-test="admin-reason"]').setValue('  Unknown company ')
    await wrapper.find('[data-test="admin-action"]').trigger('submit')
    await flushPromises()
    expect(AdminService.RejectSponsor).toHaveBeenCalledWith('s1', 'Unknown company')
    // Issue 10: the UI's words for a known code, not Go's English.
    expect(wrapper.find('[data-test="admin-action-error"]').text()).toContain('That is no longer possible')
    expect(wrapper.find('[data-test="admin-action-error"]').text()).not.toContain('already approved')
  })

  it('filters accounts, flags with a required reason checked as you type, deactivates after confirming', async () => {
    ;({ wrapper } = await mountApp('/admin?tab=accounts'))
    expect(wrapper.find('[data-test="account-a1"]').text()).toContain('Ivan (Ivan Tech)')
    expect(wrapper.find('[data-test="account-a2"] [data-test="badge-flagged"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="account-a2"] [data-test="badge-deactivated"]').exists()).toBe(true)

    await wrapper.find('[data-test="accounts-role"]').setValue('sponsor')
    await flushPromises()
    expect(AdminService.Accounts).toHaveBeenLastCalledWith(expect.objectContaining({ role: 'sponsor', page: 1 }))
    await wrapper.find('[data-test="accounts-flagged"]').setValue('yes')
    await flushPromises()
    expect(AdminService.Accounts).toHaveBeenLastCalledWith(expect.objectContaining({ role: 'sponsor', flagged: 'yes' }))

    vi.useFakeTimers()
    await wrapper.find('[data-test="accounts-search"]').setValue('iva')
    vi.advanceTimersByTime(300)
    vi.useRealTimers()
    await flushPromises()
    expect(AdminService.Accounts).toHaveBeenLastCalledWith(expect.objectContaining({ text: 'iva' }))

    await wrapper.find('[data-test="flag-a1"]').trigger('click')
    const reason = wrapper.find('[data-test="admin-reason"]')
    const confirm = () => wrapper.find('[data-test="admin-action-confirm"]')
    expect(confirm().attributes('disabled')).toBeDefined()
    await reason.setValue('x')
    await reason.setValue('')
    expect(reason.classes()).toContain('is-invalid')
    expect(wrapper.find('[data-test="admin-reason-error"]').text()).toBe('Enter a reason.')
    await reason.setValue('x'.repeat(501))
    expect(wrapper.find('[data-test="admin-reason-error"]').text()).toContain('At most 500')
    await reason.setValue('Fake followers')
    expect(reason.classes()).not.toContain('is-invalid')
    expect(confirm().attributes('disabled')).toBeUndefined()
    await wrapper.find('[data-test="admin-action"]').trigger('submit')
    await flushPromises()
    expect(AdminService.Flag).toHaveBeenCalledWith('account', 'a1', 'Fake followers')

    await wrapper.find('[data-test="unflag-a2"]').trigger('click')
    expect(wrapper.find('[data-test="admin-action"]').text()).toContain('Flagged for: Spam')
    await wrapper.find('[data-test="admin-action-confirm"]').trigger('click')
    await flushPromises()
    expect(AdminService.Unflag).toHaveBeenCalledWith('account', 'a2', '')

    await wrapper.find('[data-test="deactivate-a1"]').trigger('click')
    expect(wrapper.find('[data-test="admin-action-title"]').text()).toContain('Deactivate Ivan')
    await wrapper.find('[data-test="admin-action-cancel"]').trigger('click')
    expect(AdminService.SetActive).not.toHaveBeenCalled()
    await wrapper.find('[data-test="deactivate-a1"]').trigger('click')
    await wrapper.find('[data-test="admin-action-confirm"]').trigger('click')
    await flushPromises()
    expect(AdminService.SetActive).toHaveBeenCalledWith('a1', false)
    await wrapper.find('[data-test="reactivate-a2"]').trigger('click')
    await wrapper.find('[data-test="admin-action-confirm"]').trigger('click')
    await flushPromises()
    expect(AdminService.SetActive).toHaveBeenCalledWith('a2', true)
  })

  it('does not offer to flag admins or deactivate yourself', async () => {
    AdminService.Accounts.mockResolvedValue({ items: [account({ id: 'root', name: 'Root', role: 'admin', display_name: '' })], total: 1, page: 1, page_size: 25 })
    ;({ wrapper } = await mountApp('/admin?tab=accounts'))
    expect(wrapper.find('[data-test="flag-root"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="deactivate-root"]').exists()).toBe(false)
  })

  it('lists campaigns with sponsor names, filters and flags them, and re-queries on data:changed', async () => {
    ;({ wrapper } = await mountApp('/admin?tab=campaigns'))
    const row = wrapper.find('[data-test="campaign-c1"]')
    expect(row.text()).toContain('Phone launch')
    expect(row.text()).toContain('Maya Inc')
    expect(row.text()).toContain('$1,250 of $5,000') // the shared BudgetBar (issue 10: no "$0 / $0")
    expect(row.find('[data-test="open-c1"]').attributes('href')).toContain('/campaigns/c1')
    await wrapper.find('[data-test="campaigns-status"]').setValue('active')
    await flushPromises()
    expect(AdminService.Campaigns).toHaveBeenLastCalledWith(expect.objectContaining({ status: 'active' }))

    await wrapper.find('[data-test="flag-c1"]').trigger('click')
    await wrapper.find('[data-test="admin-reason"]').setValue('Misleading claims')
    await wrapper.find('[data-test="admin-action"]').trigger('submit')
    await flushPromises()
    expect(AdminService.Flag).toHaveBeenCalledWith('campaign', 'c1', 'Misleading claims')

    AdminService.Campaigns.mockResolvedValue({ items: [], total: 0, page: 1, page_size: 25 })
    dataChanged({ account_id: 'root', source: 'local' })
    await flushPromises()
    expect(wrapper.find('[data-test="admin-campaigns-empty"]').exists()).toBe(true)
  })

  it('shows admins the same moderation table on the Campaigns page, sortable', async () => {
    AdminService.Campaigns.mockResolvedValue({ items: [campaign(), campaign({ id: 'c2', name: 'Autumn', budget: 900000, flagged: true, flag_reason: 'Spam' })], total: 2, page: 1, page_size: 25 })
    ;({ wrapper } = await mountApp('/campaigns'))
    expect(wrapper.find('[data-test="admin-campaigns"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="campaign-row"]').exists()).toBe(false) // not the other table
    const names = () => wrapper.findAll('[data-test^="campaign-c"]').map((r) => r.attributes('data-test'))
    expect(names()).toEqual(['campaign-c1', 'campaign-c2'])
    await wrapper.find('[data-test="sort-name"]').trigger('click')
    expect(names()).toEqual(['campaign-c2', 'campaign-c1'])
    await wrapper.find('[data-test="sort-name"]').trigger('click')
    expect(names()).toEqual(['campaign-c1', 'campaign-c2'])
    expect(wrapper.find('[data-test="unflag-c2"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="flag-c1"]').exists()).toBe(true)
  })
})
