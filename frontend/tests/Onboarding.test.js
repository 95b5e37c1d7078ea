// The first hour: the onboarding checklist on the dashboard (from the replica's
// derivation, a button per step, what to do while waiting for approval, hidden when
// done or dismissed), the sponsor's company form, and the tour (once per account,
// Esc or Skip, re-opened from the checklist or the palette).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { checklistDismissed, setChecklistDismissed, setTourSeen, tourSeen } from '../src/firsthour.js'
import { go } from './wails.js'

const { SessionService, OnboardingService, DashboardService, ProfileService } = go
const users = {
  sponsor: { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'pending' },
  influencer: { account_id: 'i1', email: 'ivan@creator.test', name: 'Ivan', role: 'influencer', approval: '' },
  admin: { account_id: 'root', email: 'root@iescp.test', name: 'Root', role: 'admin', approval: '' },
}
const step = (key, over = {}) => ({ key, done: false, waiting: false, blocked: false, count: 0, ...over })
const sponsorList = (over = {}) => ({
  role: 'sponsor', approval: 'pending', done: 1, complete: false,
  steps: [step('sponsor_profile', { done: true }), step('sponsor_approval', { waiting: true }), step('sponsor_campaign'),
    step('sponsor_shortlist'), step('sponsor_invite', { blocked: true })],
  ...over,
})
const influencerList = () => ({
  role: 'influencer', done: 2, complete: false,
  steps: [step('influencer_profile', { done: true }), step('influencer_media_kit', { done: true }), step('influencer_posts'), step('influencer_campaigns')],
})
const emptyDash = {
  Sponsor: { active_campaigns: 0, campaigns: {}, budget: 0, committed: 0, completed_paid: 0, requests: {}, waiting: 0, active: [], monthly: [], recent: [] },
  Influencer: { waiting: [], waiting_count: 0, committed: 0, completed: 0, requests: {}, monthly: [], upcoming: [], rating: 0, review_count: 0, recent: [] },
  Admin: { accounts: {}, accounts_total: 0, active: 0, deactivated: 0, flagged_accounts: 0, pending_sponsors: 0, campaigns: {}, campaigns_total: 0,
    flagged_campaigns: 0, ad_requests: {}, ad_requests_total: 0, activity: [] },
}

let wrapper
async function mountAs(user, { tour = false, path = '/dashboard' } = {}) {
  SessionService.Current.mockResolvedValue(user)
  setTourSeen(user.account_id, !tour)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  wrapper = mount(App, { global: { plugins: [pinia, router], stubs: { AppChart: true } }, attachTo: document.body })
  await flushPromises()
  return router
}
const $ = (test) => document.querySelector(`[data-test="${test}"]`)
const key = (init, target = document.activeElement ?? document.body) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }))

describe('Onboarding checklist', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    localStorage.clear()
    for (const role of ['Sponsor', 'Influencer', 'Admin']) DashboardService[role].mockResolvedValue(emptyDash[role])
  })
  afterEach(() => wrapper?.unmount())

  it('shows the sponsor\'s steps as the replica derives them, the next one highlighted, and what to do while waiting', async () => {
    OnboardingService.Checklist.mockResolvedValue(sponsorList())
    const router = await mountAs(users.sponsor)
    const box = $('onboarding-checklist')
    expect(box).not.toBeNull()
    expect($('onboarding-progress').textContent).toContain('1 of 5 done')
    const steps = [...box.querySelectorAll('li')]
    expect(steps.map((s) => s.dataset.test)).toEqual([
      'onboarding-step-sponsor_profile', 'onboarding-step-sponsor_approval', 'onboarding-step-sponsor_campaign',
      'onboarding-step-sponsor_shortlist', 'onboarding-step-sponsor_invite'])
    expect(steps.map((s) => s.dataset.done)).toEqual(['true', 'false', 'false', 'false', 'false'])
    // Waiting for approval: what can be done meanwhile, with buttons.
    expect($('onboarding-meanwhile').textContent).toContain('build a campaign as a draft')
    expect($('onboarding-meanwhile-draft').getAttribute('href')).toBe('/campaigns/new')
    // The next step one can take is "Create a campaign"; invite waits for the approval.
    expect(steps[2].classList.contains('is-next')).toBe(true)
    expect($('onboarding-go-sponsor_invite')).toBeNull()
    expect($('onboarding-go-sponsor_profile')).toBeNull() // done
    $('onboarding-go-sponsor_campaign').click()
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('campaign-new')
  })

  it('is re-read when the replica changes, and disappears once complete', async () => {
    OnboardingService.Checklist.mockResolvedValue(sponsorList())
    await mountAs(users.sponsor)
    expect($('onboarding-checklist')).not.toBeNull()
    OnboardingService.Checklist.mockResolvedValue(sponsorList({ done: 5, complete: true, steps: sponsorList().steps.map((s) => ({ ...s, done: true, waiting: false, blocked: false })) }))
    const { emit } = await import('./wails.js')
    emit('data:changed', { account_id: 's1', source: 'sync' })
    await flushPromises()
    expect($('onboarding-checklist')).toBeNull()
  })

  it('stays hidden once dismissed, per account', async () => {
    OnboardingService.Checklist.mockResolvedValue(sponsorList())
    await mountAs(users.sponsor)
    $('onboarding-dismiss').click()
    await flushPromises()
    expect($('onboarding-checklist')).toBeNull()
    expect(checklistDismissed('s1')).toBe(true)
    expect(checklistDismissed('i1')).toBe(false)
    wrapper.unmount()
    await mountAs(users.sponsor)
    expect($('onboarding-checklist')).toBeNull()
    setChecklistDismissed('s1', false)
  })

  it('gives the influencer theirs, each step a button to its screen', async () => {
    OnboardingService.Checklist.mockResolvedValue(influencerList())
    await mountAs(users.influencer)
    expect($('onboarding-progress').textContent).toContain('2 of 4 done')
    expect($('onboarding-go-influencer_posts').getAttribute('href')).toBe('/profile?tab=posts')
    expect($('onboarding-go-influencer_campaigns').getAttribute('href')).toBe('/find-campaigns')
    expect($('onboarding-go-influencer_profile')).toBeNull() // done
    expect($('onboarding-step-influencer_posts').classList.contains('is-next')).toBe(true)
  })

  it('folds the steps done away past half-way, so the dashboard stays in view', async () => {
    const steps = sponsorList().steps.map((x) => ({ ...x, done: x.key !== 'sponsor_shortlist', waiting: false, blocked: false }))
    OnboardingService.Checklist.mockResolvedValue(sponsorList({ done: 4, approval: 'approved', steps }))
    await mountAs({ ...users.sponsor, approval: 'approved' })
    expect(document.querySelectorAll('[data-test^="onboarding-step-"]').length).toBe(1)
    expect($('onboarding-step-sponsor_shortlist')).not.toBeNull()
    $('onboarding-toggle').click()
    await flushPromises()
    expect(document.querySelectorAll('[data-test^="onboarding-step-"]').length).toBe(5)
  })

  it('an admin has no checklist', async () => {
    await mountAs(users.admin)
    expect(OnboardingService.Checklist).not.toHaveBeenCalled()
    expect($('onboarding-checklist')).toBeNull()
  })

  it('saves the sponsor\'s company profile in place (profile.update), then re-reads', async () => {
    OnboardingService.Checklist.mockResolvedValue(sponsorList({ done: 0, steps: [step('sponsor_profile'), ...sponsorList().steps.slice(1)] }))
    ProfileService.Update.mockResolvedValue(undefined)
    await mountAs(users.sponsor)
    $('onboarding-go-sponsor_profile').click()
    await flushPromises()
    const save = $('onboarding-company-save')
    expect(save.disabled).toBe(true)
    const set = (test, v) => {
      const el = $(test)
      el.value = v
      el.dispatchEvent(new Event('input'))
    }
    set('onboarding-company-name', '  Maya Inc ')
    set('onboarding-company-industry', 'Retail')
    await flushPromises()
    expect(save.disabled).toBe(false)
    const reads = OnboardingService.Checklist.mock.calls.length
    $('onboarding-company-form').dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(ProfileService.Update).toHaveBeenCalledWith({ company_name: 'Maya Inc', industry: 'Retail' })
    expect(OnboardingService.Checklist.mock.calls.length).toBeGreaterThan(reads)
    expect($('onboarding-company-form')).toBeNull()
  })

  it('shows the company form\'s refusal', async () => {
    OnboardingService.Checklist.mockResolvedValue(sponsorList({ done: 0, steps: [step('sponsor_profile'), ...sponsorList().steps.slice(1)] }))
    ProfileService.Update.mockRejectedValue(JSON.stringify({ code: 'invalid_argument', message: 'industry is too long' }))
    await mountAs(users.sponsor)
    $('onboarding-go-sponsor_profile').click()
    await flushPromises()
    for (const [t, v] of [['onboarding-company-name', 'X'], ['onboarding-company-industry', 'Y']]) {
      $(t).value = v
      $(t).dispatchEvent(new Event('input'))
    }
    $('onboarding-company-form').dispatchEvent(new Event('submit'))
    await flushPromises()
    expect($('onboarding-company-error')).not.toBeNull()
    expect($('onboarding-company-form')).not.toBeNull()
  })
})

describe('AppTour', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    localStorage.clear()
    for (const role of ['Sponsor', 'Influencer', 'Admin']) DashboardService[role].mockResolvedValue(emptyDash[role])
    OnboardingService.Checklist.mockResolvedValue(sponsorList())
  })
  afterEach(() => wrapper?.unmount())

  it('opens once per account after sign-in, with focus on its card; Next, Back, then Esc ends it for good', async () => {
    await mountAs(users.sponsor, { tour: true })
    expect($('tour')).not.toBeNull()
    expect($('tour-step-sidebar')).not.toBeNull()
    expect(document.activeElement).toBe($('tour-step-sidebar'))
    expect($('tour-count').textContent).toBe('Step 1 of 5')
    $('tour-next').click()
    await flushPromises()
    expect($('tour-step-search')).not.toBeNull()
    $('tour-back').click()
    await flushPromises()
    expect($('tour-step-sidebar')).not.toBeNull()
    key({ key: 'Escape' })
    await flushPromises()
    expect($('tour')).toBeNull()
    expect(tourSeen('s1')).toBe(true)
    wrapper.unmount()
    await mountAs(users.sponsor, { tour: true }) // mountAs(tour) clears the flag: set it again
    expect($('tour')).not.toBeNull()
  })

  it('does not open again once seen; Skip ends it; the checklist and the palette re-open it', async () => {
    await mountAs(users.sponsor)
    expect($('tour')).toBeNull()
    $('onboarding-tour').click()
    await flushPromises()
    expect($('tour-step-sidebar')).not.toBeNull()
    $('tour-skip').click()
    await flushPromises()
    expect($('tour')).toBeNull()

    key({ key: 'k', ctrlKey: true })
    await flushPromises()
    const opt = $('palette-option-action-tour')
    expect(opt).not.toBeNull()
    opt.click()
    await flushPromises()
    expect($('palette')).toBeNull()
    expect($('tour-step-sidebar')).not.toBeNull()
    for (let i = 0; i < 4; i++) {
      $('tour-next').click()
      await flushPromises()
    }
    expect($('tour-step-bell')).not.toBeNull()
    $('tour-done').click()
    await flushPromises()
    expect($('tour')).toBeNull()
  })
})

describe('Empty states', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    localStorage.clear()
    for (const role of ['Sponsor', 'Influencer', 'Admin']) DashboardService[role].mockResolvedValue(emptyDash[role])
    OnboardingService.Checklist.mockResolvedValue(sponsorList())
    go.AdRequestService.List.mockResolvedValue({ items: [], total: 0, page: 1, page_size: 25, waiting: 0 })
  })
  afterEach(() => wrapper?.unmount())

  it('say what to do next with a button, for each role', async () => {
    await mountAs(users.sponsor, { path: '/campaigns' })
    expect($('campaigns-empty-action').getAttribute('href')).toBe('/campaigns/new')
    wrapper.unmount()
    await mountAs(users.sponsor, { path: '/ad-requests' })
    expect($('ar-empty-state').textContent).toContain('Find a creator and send your first offer')
    expect($('ar-empty-action').getAttribute('href')).toBe('/find-influencers')
    wrapper.unmount()
    await mountAs(users.influencer, { path: '/ad-requests' })
    expect($('ar-empty-action').getAttribute('href')).toBe('/find-campaigns')
    wrapper.unmount()
    await mountAs(users.sponsor, { path: '/dashboard' })
    expect($('activity-empty').getAttribute('role')).toBe('status')
    expect($('activity-empty-action').getAttribute('href')).toBe('/find-influencers')
    wrapper.unmount()
    await mountAs(users.sponsor, { path: '/sync-issues' })
    expect($('issues-empty-action').getAttribute('href')).toBe('/dashboard')
  })
})
