import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

import { events, session, settings, sync } from '../src/api/index.js'
import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import SyncBadge from '../src/components/SyncBadge.vue'
import SyncIssuesView from '../src/views/SyncIssuesView/SyncIssuesView.vue'
import RegisterView from '../src/views/RegisterView/RegisterView.vue'
import SignInView from '../src/views/SignInView/SignInView.vue'
import SettingsView from '../src/views/SettingsView/SettingsView.vue'
import { useSyncStore } from '../src/stores/sync.js'
import { go, emit } from './wails.js'
const { SessionService, CampaignService, SettingsService, SyncService } = go

const sponsor = { account_id: 'a1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved', offline: false }
const online = { state: 'online', pending: 0, rejected: 0, last_synced: '2026-11-21T09:00:00Z', last_error: '' }
const issue = {
  id: 7,
  name: 'campaign.update',
  args: { id: 'c1', name: 'Renamed' },
  created_at: '2026-11-21T08:00:00Z',
  code: 'not_found',
  message: 'campaign c1 does not exist',
}

async function mountAt(component, path) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(component, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

beforeEach(() => {
  vi.clearAllMocks()
  SessionService.Current.mockResolvedValue(null)
  SessionService.KnownAccounts.mockResolvedValue([])
  SettingsService.Server.mockResolvedValue({ server_url: 'http://127.0.0.1:8787', overridden: false, default_url: 'http://127.0.0.1:8787' })
  SyncService.Status.mockResolvedValue(online)
  SyncService.Issues.mockResolvedValue([])
  CampaignService.List.mockResolvedValue({ items: [], total: 0, page: 1, page_size: 25 })
})

describe('api wrappers', () => {
  it('register sends only the role’s profile fields, budget in minor units', async () => {
    SessionService.Register.mockResolvedValue({ role: 'sponsor', pending_approval: true })
    await session.register({ role: 'sponsor', email: ' m@b.test ', password: 'pw', name: ' Maya ', profile: { company_name: 'Co', budget: 1234.4, niche: 'x' } })
    expect(SessionService.Register).toHaveBeenCalledWith('sponsor', 'm@b.test', 'pw', 'Maya', { company_name: 'Co', industry: '', budget: 1234 })
    await session.register({ role: 'influencer', email: 'i@c.test', password: 'pw', name: 'Ivan', profile: { niche: 'Phones', company_name: 'no' } })
    expect(SessionService.Register).toHaveBeenLastCalledWith('influencer', 'i@c.test', 'pw', 'Ivan', { display_name: '', category: '', niche: 'Phones', bio: '' })
  })

  it('register turns a Go error into an ApiError', async () => {
    SessionService.Register.mockRejectedValue('{"code":"unavailable","message":"cannot reach the IESCP server"}')
    await expect(session.register({ role: 'influencer', email: 'a@b.c', password: 'x', name: 'n' })).rejects.toMatchObject({ code: 'unavailable' })
  })

  it('settings read and set the server address', async () => {
    SettingsService.SetServer.mockResolvedValue({ server_url: 'https://sync.example.com', overridden: false })
    expect((await settings.server()).server_url).toBe('http://127.0.0.1:8787')
    await settings.setServer('  https://sync.example.com/ ')
    expect(SettingsService.SetServer).toHaveBeenCalledWith('https://sync.example.com/')
  })

  it('sync status is normalised; issues default to []; resubmit sends JSON text', async () => {
    SyncService.Status.mockResolvedValue({ state: 'weird' })
    expect(await sync.status()).toEqual({ state: 'offline', pending: 0, rejected: 0, last_synced: null, last_error: '' })
    SyncService.Issues.mockResolvedValue(null)
    expect(await sync.issues()).toEqual([])
    await sync.resubmit(7, { id: 'c1' })
    expect(SyncService.Resubmit).toHaveBeenCalledWith(7, '{"id":"c1"}')
    SyncService.Discard.mockRejectedValue('{"code":"not_found","message":"no rejected change 7"}')
    await expect(sync.discard(7)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('events.on subscribes and unsubscribes', () => {
    const seen = []
    const off = events.on('data:changed', (d) => seen.push(d))
    emit('data:changed', { source: 'sync' })
    off()
    emit('data:changed', { source: 'sync' })
    expect(seen).toEqual([{ source: 'sync' }])
  })
})

describe('SyncBadge', () => {
  it('follows sync:status events: state, pending count, issues link', async () => {
    const { wrapper } = await mountAt(SyncBadge, '/sign-in')
    const store = useSyncStore()
    await store.start()
    await flushPromises()
    expect(wrapper.find('[data-test="sync-state"]').text()).toBe('Online')
    expect(wrapper.find('[data-test="sync-last"]').text()).toContain('Synced')

    emit('sync:status', { state: 'offline', pending: 3, rejected: 1, last_synced: null, last_error: 'server unreachable' })
    await flushPromises()
    expect(wrapper.find('[data-test="sync-state"]').text()).toBe('Offline')
    expect(wrapper.find('[data-test="sync-pending"]').text()).toBe('3 to upload')
    expect(wrapper.find('[data-test="sync-issues-link"]').text()).toContain('1 sync issue')
    expect(wrapper.find('[data-test="sync-badge"]').attributes('title')).toContain('server unreachable')

    SyncService.SyncNow.mockResolvedValue({ ...online, state: 'syncing' })
    await wrapper.find('[data-test="sync-state"]').trigger('click')
    await flushPromises()
    expect(SyncService.SyncNow).toHaveBeenCalled()
    expect(wrapper.find('[data-test="sync-state"]').text()).toBe('Syncing')
    wrapper.unmount()
  })
})

describe('SyncIssuesView', () => {
  beforeEach(() => {
    SessionService.Current.mockResolvedValue(sponsor)
    SyncService.Issues.mockResolvedValue([issue])
  })

  // Issue 10: no mutation names, codes or raw JSON: what happened, why, and actions.
  const worded = {
    ...issue, id: 9, name: 'adRequest.accept', action: 'adRequest.accept', code: 'budget_exceeded', reason_code: 'budget_exceeded',
    message: 'campaign c1: budget 500000, committed 500000', args: { id: 'r1', offer_id: 'o2' },
    params: { campaign: 'Phone launch', party: 'Ivan Tech', amount: 150000 }, ref: { kind: 'adRequest', id: 'r1' },
  }

  it('says what happened to which campaign, party and amount, and why, without developer words', async () => {
    const future = { ...issue, id: 11, name: 'deliverable.submit', action: 'deliverable.submit', code: 'some_new_code', message: 'the server says no' }
    SyncService.Issues.mockResolvedValue([worded, issue, future])
    const { wrapper } = await mountAt(SyncIssuesView, '/sync-issues')
    const rows = wrapper.findAll('[data-test="issue"]')
    expect(rows).toHaveLength(3)
    // A mutation the UI has no words for yet is still not shown by name; an unknown code keeps Go's words.
    expect(rows[2].find('[data-test="issue-what"]').text()).toBe('A change you made')
    expect(rows[2].find('[data-test="issue-message"]').text()).toBe('The server did not accept it: the server says no.')
    expect(rows[2].text()).not.toContain('deliverable.submit')
    expect(rows[0].find('[data-test="issue-what"]').text()).toBe('Accept the offer of $1,500 on “Phone launch” from Ivan Tech')
    expect(rows[0].find('[data-test="issue-message"]').text()).toBe('The server did not accept it: the campaign’s budget is used up.')
    // Before Go sends params, the mutation still reads as words.
    expect(rows[1].find('[data-test="issue-what"]').text()).toBe('Edit a campaign')
    expect(rows[1].find('[data-test="issue-message"]').text()).toContain('it no longer exists')
    for (const r of rows) {
      expect(r.text()).not.toMatch(/adRequest\.accept|campaign\.update|deliverable\.submit|budget_exceeded|not_found|some_new_code|committed 500000|does not exist/)
      expect(r.find('textarea').exists()).toBe(false)
      expect(r.find('[data-test="issue-edit"]').exists()).toBe(false)
    }
    expect(rows[0].find('[data-test="issue-open"]').attributes('href')).toBe('/ad-requests/r1')
    expect(rows[1].find('[data-test="issue-open"]').exists()).toBe(false) // no ref: nowhere to open
    wrapper.unmount()

    // As Go's queries describe them: kinds in snake case, an amount Go could not find
    // (the plainer sentence, never a raw {amount}), variants per target and state.
    const as = (over) => ({ ...issue, id: Math.random(), args: {}, reason_code: 'forbidden', ...over })
    SyncService.Issues.mockResolvedValue([
      as({ name: 'adRequest.counter', action: 'adRequest.counter', params: { campaign: 'Phone launch', party: 'Ivan Tech' }, ref: { kind: 'ad_request', id: 'r2' } }),
      as({ name: 'admin.flag', action: 'admin.flag', params: { target: 'account', party: 'Omar' }, ref: { kind: 'account', id: 'a9' } }),
      as({ name: 'admin.setActive', action: 'admin.setActive', params: { party: 'Omar', active: false } }),
      as({ name: 'campaign.update', action: 'campaign.update', params: { campaign: 'Winter drop', budget: 90000 }, ref: { kind: 'campaign', id: 'c9' } }),
    ])
    const again = await mountAt(SyncIssuesView, '/sync-issues')
    const what = again.wrapper.findAll('[data-test="issue-what"]').map((w) => w.text())
    expect(what).toEqual(['Send a counter-offer', 'Flag the account of Omar', 'Deactivate the account of Omar', 'Edit the campaign “Winter drop”'])
    const opens = again.wrapper.findAll('[data-test="issue"]').map((r) => r.find('[data-test="issue-open"]'))
    expect(opens[0].attributes('href')).toBe('/ad-requests/r2')
    expect(opens[1].exists()).toBe(false) // an account opens only for an admin
    expect(opens[3].attributes('href')).toContain('/campaigns/c9')
    again.wrapper.unmount()
  })

  it('tells a refused deal step which deliverable of which campaign, opening the deal', async () => {
    const as = (over) => ({ ...issue, id: Math.random(), args: {}, reason_code: 'invalid_transition', ...over })
    const dl = { campaign: 'Phone launch', party: 'Ivan Tech', seq: 2, platform: 'tiktok', content_type: 'short' }
    const ar = { kind: 'ad_request', id: 'r5' }
    SyncService.Issues.mockResolvedValue([
      as({ name: 'deliverable.approveDraft', action: 'deliverable.approveDraft', params: dl, ref: ar }),
      as({ name: 'deliverable.acceptProof', action: 'deliverable.acceptProof', params: dl, ref: ar }),
      as({ name: 'deliverable.dispute', action: 'deliverable.dispute', params: dl, ref: ar }),
      as({ name: 'deliverable.reportMetrics', action: 'deliverable.reportMetrics', params: { ...dl, checkpoint: '7d' }, ref: ar }),
      as({ name: 'deliverable.submitProof', action: 'deliverable.submitProof', params: {} }), // not on this desktop
    ])
    const { wrapper } = await mountAt(SyncIssuesView, '/sync-issues')
    const rows = wrapper.findAll('[data-test="issue"]')
    expect(rows.map((r) => r.find('[data-test="issue-what"]').text())).toEqual([
      'Approve the draft of deliverable 2 (TikTok short) on “Phone launch” by Ivan Tech',
      'Accept the proof of post of deliverable 2 (TikTok short) on “Phone launch” by Ivan Tech',
      'Dispute deliverable 2 (TikTok short) on “Phone launch” with Ivan Tech',
      'Report the metrics 7 days after the post of deliverable 2 (TikTok short) on “Phone launch”',
      'Submit a proof of post',
    ])
    for (const r of rows.slice(0, 4)) expect(r.find('[data-test="issue-open"]').attributes('href')).toBe('/ad-requests/r5')
    expect(rows[4].find('[data-test="issue-open"]').exists()).toBe(false)
    for (const r of rows) expect(r.find('[data-test="issue-remedy"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('tells a sponsor short of money to top up, with the way to the wallet; an influencer that the sponsor is short', async () => {
    const short = { ...issue, id: 21, name: 'adRequest.accept', action: 'adRequest.accept', code: 'insufficient_funds', reason_code: 'insufficient_funds',
      message: 'wallet 100 < 500', args: {}, params: { campaign: 'Phone launch', party: 'Ivan Tech', amount: 50000 }, ref: { kind: 'ad_request', id: 'r1' } }
    SyncService.Issues.mockResolvedValue([short])
    const { wrapper } = await mountAt(SyncIssuesView, '/sync-issues')
    expect(wrapper.find('[data-test="issue-message"]').text()).toBe('The server did not accept it: your wallet did not hold enough to put the fee into escrow: top up the wallet, then try again.')
    const topUp = wrapper.find('[data-test="issue-remedy"]')
    expect(topUp.text()).toBe('Top up the wallet')
    expect(topUp.attributes('href')).toBe('/wallet')
    expect(wrapper.text()).not.toContain('wallet 100')
    wrapper.unmount()

    SessionService.Current.mockResolvedValue({ ...sponsor, account_id: 'i1', role: 'influencer' })
    const infl = await mountAt(SyncIssuesView, '/sync-issues')
    expect(infl.wrapper.find('[data-test="issue-message"]').text()).toContain('the sponsor’s wallet did not hold enough')
    expect(infl.wrapper.find('[data-test="issue-remedy"]').exists()).toBe(false)
    infl.wrapper.unmount()
  })

  it('tells an admin\'s refused resolution and commission rate, opening the deal and the Money tab', async () => {
    SessionService.Current.mockResolvedValue({ ...sponsor, account_id: 'root', role: 'admin' })
    const as = (over) => ({ ...issue, id: Math.random(), args: {}, reason_code: 'invalid_transition', ...over })
    SyncService.Issues.mockResolvedValue([
      as({ name: 'dispute.resolve', action: 'dispute.resolve', params: { campaign: 'Phone launch', party: 'Ivan Tech', outcome: 'split', amount: 40000 }, ref: { kind: 'ad_request', id: 'r7' } }),
      as({ name: 'dispute.resolve', action: 'dispute.resolve', params: { campaign: 'Phone launch', party: 'Ivan Tech', outcome: 'refund' }, ref: { kind: 'ad_request', id: 'r7' } }),
      as({ name: 'platform.setCommission', action: 'platform.setCommission', reason_code: 'forbidden', params: { rate: 1250 }, ref: { kind: 'commission', id: 'platform' } }),
    ])
    const { wrapper } = await mountAt(SyncIssuesView, '/sync-issues')
    const rows = wrapper.findAll('[data-test="issue"]')
    expect(rows.map((r) => r.find('[data-test="issue-what"]').text())).toEqual([
      'Settle the dispute on “Phone launch” with Ivan Tech: release $400 to them, refund the rest',
      'Settle the dispute on “Phone launch” with Ivan Tech: refund the escrow to the sponsor',
      'Set the platform’s commission to 12.5 %',
    ])
    expect(rows[0].find('[data-test="issue-open"]').attributes('href')).toBe('/ad-requests/r7')
    expect(rows[2].find('[data-test="issue-open"]').attributes('href')).toBe('/admin?tab=money')
    wrapper.unmount()
  })

  it('dismisses one', async () => {
    SyncService.Discard.mockResolvedValue(undefined)
    const { wrapper } = await mountAt(SyncIssuesView, '/sync-issues')
    const rows = wrapper.findAll('[data-test="issue"]')
    expect(rows).toHaveLength(1)
    await rows[0].find('[data-test="issue-discard"]').trigger('click')
    await flushPromises()
    expect(SyncService.Discard).toHaveBeenCalledWith(7)
    expect(wrapper.find('[data-test="issues-empty"]').exists()).toBe(true)
    wrapper.unmount()
  })

  it('tries again: the same change is sent once more, and leaves the list', async () => {
    SyncService.Issues.mockResolvedValue([worded])
    SyncService.Resubmit.mockResolvedValue(10)
    SyncService.Retry.mockResolvedValue(10)
    const { wrapper } = await mountAt(SyncIssuesView, '/sync-issues')
    SyncService.Issues.mockResolvedValue([])
    await wrapper.find('[data-test="issue-retry"]').trigger('click')
    await flushPromises()
    // Through sync.retry(id) once the API has it, else the same arguments resubmitted.
    const sent = SyncService.Retry.mock.calls.length ? SyncService.Retry.mock.calls[0] : SyncService.Resubmit.mock.calls[0]
    expect(sent[0]).toBe(9)
    if (!SyncService.Retry.mock.calls.length) expect(JSON.parse(sent[1])).toEqual(worded.args)
    expect(wrapper.findAll('[data-test="issue"]')).toHaveLength(0)

    SyncService.Issues.mockResolvedValue([worded])
    SyncService.Resubmit.mockRejectedValue(JSON.stringify({ code: 'budget_exceeded', message: 'still over' }))
    SyncService.Retry.mockRejectedValue(JSON.stringify({ code: 'budget_exceeded', message: 'still over' }))
    await wrapper.unmount()
    const again = await mountAt(SyncIssuesView, '/sync-issues')
    await again.wrapper.find('[data-test="issue-retry"]').trigger('click')
    await flushPromises()
    expect(again.wrapper.find('[data-test="issue-failure"]').text()).toBe('Not enough budget left')
    again.wrapper.unmount()
  })
})

describe('RegisterView', () => {
  it('validates, then tells a sponsor the account awaits approval', async () => {
    SessionService.Register.mockResolvedValue({ account_id: 's1', email: 'new@brand.test', name: 'New', role: 'sponsor', approval: 'pending', pending_approval: true })
    const { wrapper, router } = await mountAt(RegisterView, '/register')
    await wrapper.find('[data-test="role-sponsor"]').setValue(true)
    expect(wrapper.find('[data-test="reg-company"]').attributes('required')).toBeDefined()
    expect(wrapper.find('#reg-password').attributes('minlength')).toBe('8')

    await wrapper.find('[data-test="register-form"]').trigger('submit')
    expect(SessionService.Register).not.toHaveBeenCalled()
    expect(wrapper.findAll('.is-invalid').length).toBeGreaterThan(0)

    await wrapper.find('#reg-name').setValue('New')
    await wrapper.find('#reg-email').setValue('new@brand.test')
    await wrapper.find('#reg-password').setValue('long enough')
    await wrapper.find('#reg-confirm').setValue('long enough')
    await wrapper.find('[data-test="reg-company"]').setValue('Brand Co')
    await wrapper.find('#reg-budget').setValue('2500')
    await wrapper.find('[data-test="register-form"]').trigger('submit')
    await flushPromises()
    expect(SessionService.Register).toHaveBeenCalledWith('sponsor', 'new@brand.test', 'long enough', 'New', { company_name: 'Brand Co', industry: '', budget: 250000 })
    expect(wrapper.find('[data-test="register-pending"]').text()).toContain('awaiting approval')

    await wrapper.find('[data-test="register-sign-in"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('sign-in')
    expect(router.currentRoute.value.query.email).toBe('new@brand.test')
    wrapper.unmount()
  })

  it('shows the server’s error', async () => {
    SessionService.Register.mockRejectedValue('{"code":"invalid_argument","message":"email already registered"}')
    const { wrapper } = await mountAt(RegisterView, '/register')
    await wrapper.find('#reg-name').setValue('Ivan')
    await wrapper.find('#reg-email').setValue('ivan@creator.test')
    await wrapper.find('#reg-password').setValue('long enough')
    await wrapper.find('#reg-confirm').setValue('long enough')
    await wrapper.find('[data-test="register-form"]').trigger('submit')
    await flushPromises()
    expect(SessionService.Register.mock.calls[0][0]).toBe('influencer')
    expect(wrapper.find('[data-test="register-error"]').text()).toContain('email already registered')
    wrapper.unmount()
  })
})

describe('SignInView server address and download progress', () => {
  it('shows, validates and saves the server address', async () => {
    SettingsService.SetServer.mockResolvedValue({ server_url: 'https://sync.example.com', overridden: false })
    const { wrapper } = await mountAt(SignInView, '/sign-in')
    expect(wrapper.find('[data-test="server-url"]').text()).toBe('http://127.0.0.1:8787')
    await wrapper.find('[data-test="server-edit"]').trigger('click')
    await wrapper.find('#server-url').setValue('ftp://nope')
    await wrapper.find('[data-test="server-form"]').trigger('submit')
    expect(SettingsService.SetServer).not.toHaveBeenCalled()
    expect(wrapper.find('[data-test="server-error"]').text()).toContain('http://127.0.0.1:8787')

    await wrapper.find('#server-url').setValue('https://sync.example.com')
    await wrapper.find('[data-test="server-form"]').trigger('submit')
    await flushPromises()
    expect(SettingsService.SetServer).toHaveBeenCalledWith('https://sync.example.com')
    expect(wrapper.find('[data-test="server-url"]').text()).toBe('https://sync.example.com')
    wrapper.unmount()
  })

  it('keeps the server address in the Settings panel; the sign-in card links to it and no longer says --server', async () => {
    SettingsService.Server.mockResolvedValue({ server_url: 'http://10.0.0.5:8787', overridden: true, default_url: 'http://127.0.0.1:8787' })
    const { wrapper } = await mountAt(SignInView, '/sign-in')
    expect(wrapper.find('[data-test="server"]').text()).not.toContain('--server')
    expect(wrapper.find('[data-test="server-edit"]').text()).toBe('Server settings')
    await wrapper.find('[data-test="server-edit"]').trigger('click')
    await flushPromises()
    const panel = wrapper.find('[data-test="server-panel"]')
    expect(panel.find('#server-url').element.value).toBe('http://10.0.0.5:8787')
    expect(panel.find('[data-test="server-overridden"]').text()).not.toContain('--server')
    await panel.find('[data-test="server-default"]').trigger('click')
    expect(panel.find('#server-url').element.value).toBe('http://127.0.0.1:8787')
    wrapper.unmount()

    SessionService.Current.mockResolvedValue(sponsor)
    const settings = await mountAt(SettingsView, '/settings')
    const card = settings.wrapper.find('[data-test="server-panel"]')
    expect(card.text()).toContain('Sync server')
    expect(card.find('[data-test="server-url"]').text()).toBe('http://10.0.0.5:8787')
    SettingsService.SetServer.mockResolvedValue({ server_url: 'https://sync.example.com', overridden: false })
    await card.find('[data-test="server-edit"]').trigger('click')
    await card.find('#server-url').setValue('https://sync.example.com')
    await card.find('[data-test="server-form"]').trigger('submit')
    await flushPromises()
    expect(SettingsService.SetServer).toHaveBeenCalledWith('https://sync.example.com')
    expect(card.find('[data-test="server-url"]').text()).toBe('https://sync.example.com')
    settings.wrapper.unmount()
  })

  it('shows the first download’s progress while signing in', async () => {
    let finish
    SessionService.SignIn.mockReturnValue(new Promise((resolve) => (finish = resolve)))
    const { wrapper } = await mountAt(SignInView, '/sign-in?email=maya@brand.test')
    expect(wrapper.find('#email').element.value).toBe('maya@brand.test')
    await wrapper.find('#password').setValue('secret')
    await wrapper.find('[data-test="sign-in-form"]').trigger('submit')
    emit('sync:progress', { rows: 5000, initial: true })
    await flushPromises()
    expect(wrapper.find('[data-test="download-progress"]').text()).toMatch(/Downloading your data… 5,000 rows/)
    finish(sponsor)
    await flushPromises()
    wrapper.unmount()
  })
})

describe('App', () => {
  it('re-queries the campaign list and the session on data:changed', async () => {
    SessionService.Current.mockResolvedValue(sponsor)
    const { wrapper } = await mountAt(App, '/campaigns')
    await flushPromises()
    const lists = CampaignService.List.mock.calls.length
    const currents = SessionService.Current.mock.calls.length
    expect(lists).toBeGreaterThan(0)
    emit('data:changed', { account_id: 'a1', source: 'sync' })
    await flushPromises()
    expect(CampaignService.List.mock.calls.length).toBe(lists + 1)
    expect(SessionService.Current.mock.calls.length).toBe(currents + 1)
    wrapper.unmount()
  })
})
