// The command palette: Ctrl+K (⌘K) from anywhere, the ARIA combobox pattern, what
// the replica finds by name, the role's actions, arrows, Enter and Esc.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { setTourSeen } from '../src/firsthour.js'
import { go } from './wails.js'

const { SessionService, OnboardingService, SyncService } = go
const users = {
  sponsor: { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved' },
  influencer: { account_id: 'i1', email: 'ivan@creator.test', name: 'Ivan', role: 'influencer', approval: '' },
}
const HITS = [
  { kind: 'campaign', id: 'c1', title: 'Phone launch', detail: 'Maya Inc', status: 'active' },
  { kind: 'request', id: 'r1', title: 'Phone launch', detail: 'Ivan', status: 'pending' },
  { kind: 'creator', id: 'i9', title: 'Phoebe', detail: 'Tech · Phones', status: '' },
]

let wrapper
async function mountAs(user, path = '/settings') {
  SessionService.Current.mockResolvedValue(user)
  setTourSeen(user.account_id, true) // the tour has its own tests (Onboarding.test.js)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return router
}
const key = (init, target = document.activeElement ?? document.body) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }))
const palette = () => document.querySelector('[data-test="palette"]')
const input = () => document.querySelector('[data-test="palette-input"]')
const options = () => [...document.querySelectorAll('[role="option"]')]
async function type(text) {
  const el = input()
  el.value = text
  el.dispatchEvent(new Event('input'))
  await flushPromises()
  vi.advanceTimersByTime(200)
  await flushPromises()
}

describe('CommandPalette', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    OnboardingService.Palette.mockResolvedValue({ items: HITS })
  })
  afterEach(() => {
    wrapper?.unmount()
    vi.useRealTimers()
  })

  it('opens with Ctrl+K or ⌘K from anywhere, even a field, as an ARIA combobox; Esc closes and gives focus back', async () => {
    await mountAs(users.sponsor)
    const field = document.createElement('input')
    document.body.appendChild(field)
    field.focus()
    key({ key: 'k', ctrlKey: true }, field)
    await flushPromises()
    expect(palette()).not.toBeNull()
    expect(palette().getAttribute('role')).toBe('dialog')
    expect(document.activeElement).toBe(input())
    expect(input().getAttribute('role')).toBe('combobox')
    expect(input().getAttribute('aria-controls')).toBe('palette-listbox')
    expect(document.getElementById('palette-listbox').getAttribute('role')).toBe('listbox')
    // The sidebar's help did not open: the palette took the key.
    expect(document.querySelector('[data-test="shortcuts-help"]')).toBeNull()

    key({ key: 'Escape' }, input())
    await flushPromises()
    expect(palette()).toBeNull()
    expect(document.activeElement).toBe(field)

    key({ key: 'K', metaKey: true }, field)
    await flushPromises()
    expect(palette()).not.toBeNull()
    field.remove()
  })

  it('finds campaigns, requests and creators by name, then the actions; arrows move the active option', async () => {
    const router = await mountAs(users.sponsor)
    key({ key: 'k', ctrlKey: true })
    await flushPromises()
    await type('phone')
    expect(OnboardingService.Palette).toHaveBeenLastCalledWith('phone')
    const kinds = options().map((o) => o.dataset.kind)
    expect(kinds.slice(0, 3)).toEqual(['campaign', 'request', 'creator'])
    expect(options()[0].getAttribute('aria-selected')).toBe('true')
    expect(input().getAttribute('aria-activedescendant')).toBe(options()[0].id)

    key({ key: 'ArrowDown' }, input())
    await flushPromises()
    expect(input().getAttribute('aria-activedescendant')).toBe(options()[1].id)
    expect(options()[1].getAttribute('aria-selected')).toBe('true')
    key({ key: 'ArrowUp' }, input())
    key({ key: 'ArrowUp' }, input()) // stays on the first
    await flushPromises()
    expect(input().getAttribute('aria-activedescendant')).toBe(options()[0].id)

    key({ key: 'Enter' }, input())
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('campaign-detail')
    expect(router.currentRoute.value.params.id).toBe('c1')
    expect(palette()).toBeNull()

    key({ key: 'k', ctrlKey: true })
    await flushPromises()
    await type('phone')
    key({ key: 'ArrowDown' }, input())
    key({ key: 'Enter' }, input())
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('deal')
    expect(router.currentRoute.value.params.id).toBe('r1')
  })

  it('opens a creator\'s profile inside the palette; Esc goes back to the list', async () => {
    await mountAs(users.sponsor)
    key({ key: 'k', ctrlKey: true })
    await flushPromises()
    await type('phoebe')
    options()[2].click()
    await flushPromises()
    expect(document.querySelector('[data-test="palette-profile"]')).not.toBeNull()
    expect(go.ProfileService.Influencer).toHaveBeenCalledWith('i9')
    key({ key: 'Escape' })
    await flushPromises()
    expect(document.querySelector('[data-test="palette-profile"]')).toBeNull()
    expect(document.activeElement).toBe(input())
  })

  it('offers the role\'s actions, filtered by what is typed', async () => {
    const router = await mountAs(users.influencer)
    key({ key: 'k', ctrlKey: true })
    await flushPromises()
    const titles = () => options().filter((o) => o.dataset.kind === 'action').map((o) => o.textContent.replace('Action', '').trim())
    expect(titles()).toContain('Go to Find campaigns')
    expect(titles()).not.toContain('New campaign')
    expect(titles()).not.toContain('Go to Wallet')
    expect(OnboardingService.Palette).not.toHaveBeenCalled() // no text, no search

    OnboardingService.Palette.mockResolvedValue({ items: [] })
    await type('sync')
    expect(titles()).toEqual(['Go to Sync issues', 'Sync now'])
    expect(document.querySelector('[data-test="palette-status"]').textContent).toContain('Nothing named “sync”')
    key({ key: 'ArrowDown' }, input())
    key({ key: 'Enter' }, input())
    await flushPromises()
    expect(SyncService.SyncNow).toHaveBeenCalled()
    expect(palette()).toBeNull()

    key({ key: 'k', ctrlKey: true })
    await flushPromises()
    await type('earn')
    key({ key: 'Enter' }, input())
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('earnings')
  })

  it('a sponsor has New campaign; an influencer\'s campaign hit opens Find campaigns on it', async () => {
    const router = await mountAs(users.influencer)
    OnboardingService.Palette.mockResolvedValue({ items: [HITS[0]] })
    key({ key: 'k', ctrlKey: true })
    await flushPromises()
    await type('phone')
    key({ key: 'Enter' }, input())
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('campaign-search')
    expect(router.currentRoute.value.query.id).toBe('c1')
    wrapper.unmount()

    await mountAs(users.sponsor)
    key({ key: 'k', ctrlKey: true })
    await flushPromises()
    await type('new camp')
    expect(options().map((o) => o.dataset.test)).toContain('palette-option-action-new-campaign')
  })
})
