// The sidebar: the nav of each role with its counts, the active item, collapsing
// (remembered), the drawer of a narrow window, the keyboard shortcuts and sign-out.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h } from 'vue'

const handlers = {}
vi.mock('../wailsjs/runtime/runtime.js', () => ({
  EventsOn: vi.fn((topic, cb) => {
    ;(handlers[topic] ??= []).push(cb)
    return () => (handlers[topic] = handlers[topic].filter((f) => f !== cb))
  }),
}))
vi.mock('../wailsjs/go/desktop/SessionService.js', () => ({ SignIn: vi.fn(), SignOut: vi.fn(() => Promise.resolve()), Current: vi.fn(), KnownAccounts: vi.fn() }))
vi.mock('../wailsjs/go/desktop/SyncService.js', () => ({ Status: vi.fn(() => Promise.resolve({ state: 'online', pending: 0 })), Issues: vi.fn(() => Promise.resolve([])), SyncNow: vi.fn() }))
vi.mock('../wailsjs/go/desktop/AdRequestService.js', () => ({ List: vi.fn() }))
vi.mock('../wailsjs/go/desktop/NotificationService.js', () => ({ List: vi.fn(() => Promise.resolve({ items: [], unread: 0 })), MarkRead: vi.fn(), MarkAllRead: vi.fn() }))
vi.mock('../wailsjs/go/desktop/CampaignService.js', () => ({ List: vi.fn() }))

import * as AdRequestService from '../wailsjs/go/desktop/AdRequestService.js'
import * as SessionService from '../wailsjs/go/desktop/SessionService.js'
import AppSidebar from '../src/components/AppSidebar.vue'
import { useSessionStore } from '../src/stores/session.js'
import { useSyncStore } from '../src/stores/sync.js'

const USERS = {
  sponsor: { account_id: 's1', email: 'sponsor@iescp.demo', name: 'Northwind', role: 'sponsor', approval: 'approved' },
  influencer: { account_id: 'i1', email: 'maya@iescp.demo', name: 'Maya Cooks', role: 'influencer', approval: '' },
  admin: { account_id: 'a1', email: 'admin@iescp.demo', name: 'Root', role: 'admin', approval: '' },
}

// Each screen is a stub; the search screens and the campaigns list have a search box.
const screen = (name, search = false) =>
  defineComponent({ name, render: () => h('div', [h('h1', name), search ? h('input', { type: 'search', 'data-test': `${name}-search` }) : null]) })
const ROUTES = [
  ['/dashboard', 'dashboard'],
  ['/campaigns', 'campaigns', true],
  ['/campaigns/:id', 'campaign-detail'],
  ['/ad-requests', 'ad-requests'],
  ['/ad-requests/:id', 'deal'],
  ['/todo', 'todo'],
  ['/find-influencers', 'influencer-search', true],
  ['/find-campaigns', 'campaign-search', true],
  ['/profile', 'profile'],
  ['/admin', 'admin', true],
  ['/wallet', 'wallet'],
  ['/team', 'team'],
  ['/lists', 'lists'],
  ['/earnings', 'earnings'],
  ['/reports', 'reports'],
  ['/sync-issues', 'sync-issues'],
  ['/settings', 'settings'],
  ['/sign-in', 'sign-in'],
].map(([path, name, search]) => ({ path, name, component: screen(name, search) }))

const Shell = defineComponent({
  components: { AppSidebar },
  template: '<div><AppSidebar /><main><RouterView /></main></div>',
})

let wrapper
let router
async function mountAs(role, path = '/dashboard', { waiting = 0, rejected = 0 } = {}) {
  setActivePinia(createPinia())
  useSessionStore().user = USERS[role]
  if (rejected) useSyncStore().status = { ...useSyncStore().status, rejected }
  AdRequestService.List.mockResolvedValue({ items: [], total: 0, waiting, page: 1, page_size: 1 })
  router = createRouter({ history: createMemoryHistory(), routes: ROUTES })
  router.push(path)
  await router.isReady()
  wrapper = mount(Shell, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}
const navTests = () => wrapper.findAll('nav[aria-label="Main"] a').map((a) => a.attributes('data-test'))
const key = (init, target = window) => target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }))

let media
function fakeWidth(narrow) {
  media = { matches: narrow, listeners: [], addEventListener: (_e, f) => media.listeners.push(f), removeEventListener: () => {} }
  window.matchMedia = vi.fn(() => media)
}

beforeEach(() => {
  vi.clearAllMocks()
  localStorage.clear()
  fakeWidth(false)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

describe('AppSidebar nav', () => {
  const cases = {
    sponsor: ['nav-dashboard', 'nav-campaigns', 'nav-ad-requests', 'nav-influencer-search', 'nav-lists', 'nav-wallet', 'nav-team', 'nav-reports', 'nav-sync-issues', 'nav-settings'],
    influencer: ['nav-dashboard', 'nav-campaigns', 'nav-ad-requests', 'nav-todo', 'nav-campaign-search', 'nav-profile', 'nav-earnings', 'nav-sync-issues', 'nav-settings'],
    admin: ['nav-dashboard', 'nav-campaigns', 'nav-admin', 'nav-reports', 'nav-sync-issues', 'nav-settings'],
  }
  for (const [role, want] of Object.entries(cases)) {
    it(`shows the ${role}'s items, labelled`, async () => {
      await mountAs(role)
      expect(navTests()).toEqual(want)
      expect(wrapper.find('[data-test="nav-campaigns"]').text()).toBe('Campaigns')
      expect(wrapper.find('[data-test="user-name"]').text()).toBe(USERS[role].name)
      expect(wrapper.find('[data-test="account"]').text()).toContain(USERS[role].email)
    })
  }

  it('counts the requests waiting for you and the sync issues, in words for screen readers', async () => {
    await mountAs('sponsor', '/dashboard', { waiting: 3, rejected: 1 })
    expect(AdRequestService.List).toHaveBeenCalled()
    const ar = wrapper.find('[data-test="nav-ad-requests-count"]')
    expect(ar.find('[aria-hidden="true"]').text()).toBe('3')
    expect(ar.find('.visually-hidden').text()).toBe('3 waiting for you')
    expect(wrapper.find('[data-test="nav-sync-issues-count"] .visually-hidden').text()).toBe('1 sync issue')
    // A change elsewhere re-reads the count.
    AdRequestService.List.mockResolvedValue({ items: [], total: 0, waiting: 0, page: 1, page_size: 1 })
    handlers['data:changed'].forEach((f) => f({}))
    await flushPromises()
    expect(wrapper.find('[data-test="nav-ad-requests-count"]').exists()).toBe(false)
  })

  it('asks admins for no request count', async () => {
    await mountAs('admin')
    expect(AdRequestService.List).not.toHaveBeenCalled()
  })

  it('marks the active item with aria-current, a campaign page under Campaigns', async () => {
    await mountAs('sponsor', '/settings')
    const current = () => wrapper.findAll('[aria-current="page"]').map((a) => a.attributes('data-test'))
    expect(current()).toEqual(['nav-settings'])
    await router.push('/campaigns/c1')
    await flushPromises()
    expect(current()).toEqual(['nav-campaigns'])
  })
})

describe('AppSidebar collapsing', () => {
  it('collapses to icons on demand, keeps the names for screen readers, and remembers', async () => {
    await mountAs('sponsor')
    const aside = () => wrapper.find('[data-test="sidebar"]')
    expect(aside().classes()).not.toContain('collapsed')
    const toggle = wrapper.find('[data-test="sidebar-toggle"]')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    await toggle.trigger('click')
    expect(aside().classes()).toContain('collapsed')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    expect(localStorage.getItem('iescp.sidebar.collapsed')).toBe('1')
    // Icons only: a tooltip and the words stay.
    const item = wrapper.find('[data-test="nav-reports"]')
    expect(item.attributes('title')).toBe('Reports')
    expect(item.find('.sb-label').text()).toBe('Reports')
    expect(wrapper.find('[data-test="sign-out"]').attributes('aria-label')).toBe('Sign out')

    wrapper.unmount()
    await mountAs('sponsor')
    expect(aside().classes()).toContain('collapsed')
  })

  it('starts as icons on a narrow window and opens as a drawer that closes on navigation', async () => {
    fakeWidth(true)
    await mountAs('influencer')
    const aside = () => wrapper.find('[data-test="sidebar"]')
    expect(aside().classes()).toContain('collapsed')
    await wrapper.find('[data-test="sidebar-toggle"]').trigger('click')
    expect(aside().classes()).toEqual(expect.arrayContaining(['overlay']))
    expect(aside().classes()).not.toContain('collapsed')
    expect(wrapper.find('[data-test="sidebar-backdrop"]').exists()).toBe(true)
    // The drawer is not the wide-window preference.
    expect(localStorage.getItem('iescp.sidebar.collapsed')).toBeNull()
    await wrapper.find('[data-test="nav-profile"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('profile')
    expect(aside().classes()).toContain('collapsed')
    expect(wrapper.find('[data-test="sidebar-backdrop"]').exists()).toBe(false)
  })
})

describe('AppSidebar keyboard', () => {
  it('Ctrl+K focuses the search of the screen, even from a field', async () => {
    await mountAs('sponsor', '/campaigns')
    const search = document.querySelector('[data-test="campaigns-search"]')
    key({ key: 'k', ctrlKey: true })
    expect(document.activeElement).toBe(search)
    search.blur()
    const other = document.createElement('input')
    document.body.appendChild(other)
    other.focus()
    key({ key: 'k', ctrlKey: true }, other)
    expect(document.activeElement).toBe(search)
  })

  it('/ outside a field goes to the role\'s search screen and focuses it; inside a field it is a character', async () => {
    const where = { sponsor: ['influencer-search', 'influencer-search-search'], influencer: ['campaign-search', 'campaign-search-search'], admin: ['admin', 'admin-search'] }
    for (const [role, [route, field]] of Object.entries(where)) {
      await mountAs(role, '/settings')
      const typing = document.createElement('input')
      document.body.appendChild(typing)
      typing.focus()
      expect(key({ key: '/' }, typing)).toBe(true) // not prevented
      expect(router.currentRoute.value.name).toBe('settings')
      typing.blur()
      expect(key({ key: '/' })).toBe(false) // handled
      await vi.waitFor(() => expect(document.activeElement?.getAttribute('data-test')).toBe(field))
      expect(router.currentRoute.value.name).toBe(route)
      if (role === 'admin') expect(router.currentRoute.value.query.tab).toBe('accounts')
      wrapper.unmount()
      wrapper = null
      document.body.innerHTML = ''
    }
  })

  it('? shows the shortcuts; Escape closes them and gives focus back', async () => {
    await mountAs('influencer')
    expect(wrapper.find('[data-test="shortcuts-help"]').exists()).toBe(false)
    key({ key: '?' })
    await flushPromises()
    const help = wrapper.find('[data-test="shortcuts-help"]')
    expect(help.text()).toContain('Ctrl')
    expect(help.text()).toContain('Search this screen')
    key({ key: 'Escape' })
    await flushPromises()
    expect(wrapper.find('[data-test="shortcuts-help"]').exists()).toBe(false)
    expect(document.activeElement?.getAttribute('data-test')).toBe('shortcuts-button')
  })

  it('puts every nav item in the tab order with no tabindex tricks', async () => {
    await mountAs('admin')
    for (const a of wrapper.findAll('nav[aria-label="Main"] a')) {
      expect(a.attributes('href')).toMatch(/^\//)
      expect(a.attributes('tabindex')).toBeUndefined()
    }
  })
})

describe('AppSidebar account', () => {
  it('signs out and goes to sign-in', async () => {
    await mountAs('sponsor')
    await wrapper.find('[data-test="sign-out"]').trigger('click')
    await flushPromises()
    expect(SessionService.SignOut).toHaveBeenCalled()
    expect(router.currentRoute.value.name).toBe('sign-in')
  })
})
