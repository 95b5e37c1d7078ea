// Living in the background (issue 15): the session Go opens by itself at start
// reaches the window whenever it ends (the --sign-in bug), the first download
// shows rows of a total and the time left, Settings' "Start at login", and the
// window brought back to an item (app:open).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import DownloadProgress from '../src/components/DownloadProgress.vue'
import BackgroundCard from '../src/views/SettingsView/BackgroundCard.vue'
import { useSessionStore } from '../src/stores/session.js'
import { useToastStore } from '../src/stores/toasts.js'
import { notificationTarget } from '../src/notificationTarget.js'
import { emit, go, listening } from './wails.js'
const { SessionService, BackgroundService } = go

const ivan = { account_id: 'a2', email: 'ivan@creator.test', name: 'Ivan', role: 'influencer', approval: '', offline: false }

async function mountApp(path = '/sign-in') {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router, pinia }
}

describe('a session Go opens at start', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    SessionService.Current.mockResolvedValue(null)
    SessionService.Starting.mockResolvedValue('')
  })
  afterEach(() => wrapper?.unmount())

  it('leaves the sign-in screen when Go finishes after the window asked', async () => {
    // The window asks while the first download still runs: nobody yet.
    SessionService.Starting.mockResolvedValue('ivan@creator.test')
    let router
    ;({ wrapper, router } = await mountApp())
    expect(router.currentRoute.value.name).toBe('sign-in')
    expect(wrapper.find('[data-test="starting"]').text()).toContain('Signing in as ivan@creator.test')
    expect(listening('session:changed')).toBe(1)

    // Go is done: it says so, and the window follows.
    SessionService.Current.mockResolvedValue(ivan)
    emit('session:changed', ivan)
    await flushPromises()
    expect(useSessionStore().user?.email).toBe('ivan@creator.test')
    expect(router.currentRoute.value.name).toBe('dashboard')
    expect(useSessionStore().starting).toBe('')
  })

  it('asks again after listening, so a session that ended in between is not lost', async () => {
    // The router's first ask answers nobody, the follow-up (after listening) ivan.
    SessionService.Current.mockResolvedValueOnce(null).mockResolvedValue(ivan)
    let router
    ;({ wrapper, router } = await mountApp())
    expect(router.currentRoute.value.name).toBe('dashboard')
  })

  it('stays on the sign-in screen when Go could not sign in', async () => {
    SessionService.Starting.mockResolvedValue('ivan@creator.test')
    let router
    ;({ wrapper, router } = await mountApp())
    SessionService.Starting.mockResolvedValue('')
    emit('session:changed', null)
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('sign-in')
    expect(wrapper.find('[data-test="starting"]').exists()).toBe(false)
  })
})

describe('app:open', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    SessionService.Current.mockResolvedValue(ivan)
    SessionService.Starting.mockResolvedValue('')
  })
  afterEach(() => wrapper?.unmount())

  it('opens the item of a clicked notification, a link’s screen, and says the app kept running', async () => {
    let router
    ;({ wrapper, router } = await mountApp('/dashboard'))
    const open = async (...items) => {
      BackgroundService.TakeOpen.mockResolvedValueOnce(items)
      emit('app:open', null)
      await flushPromises()
    }
    await open({ ref_table: 'ad_requests', ref_id: 'r1' })
    expect(router.currentRoute.value.name).toBe('ad-requests')
    expect(router.currentRoute.value.query.id).toBe('r1')
    await open({ route: '/settings' })
    expect(router.currentRoute.value.name).toBe('settings')
    await open({ notice: 'hidden' })
    const kept = useToastStore().items.find((x) => x.title === 'IESCP kept running')
    expect(kept?.stay).toBe(true) // until closed: not gone before the eye finds it
  })

  it('takes what waits at start: a window started hidden loads after the event', async () => {
    BackgroundService.TakeOpen.mockResolvedValueOnce([{ route: '/settings' }])
    let router
    ;({ wrapper, router } = await mountApp('/dashboard'))
    expect(router.currentRoute.value.name).toBe('settings')
  })

  it('maps notifications to screens', () => {
    expect(notificationTarget({ ref_table: 'campaigns', ref_id: 'c1' })).toEqual({ name: 'campaign-detail', params: { id: 'c1' } })
    expect(notificationTarget({ ref_table: 'reports' })).toEqual({ name: 'reports' })
    expect(notificationTarget({ ref_table: 'accounts', ref_id: 'x' })).toBeNull()
  })
})

describe('DownloadProgress', () => {
  it('shows rows of the total and the time left over a bar that fills', () => {
    const w = mount(DownloadProgress, { props: { progress: { rows: 12_340, total: 100_000, fraction: 0.1234, secondsLeft: 8 } } })
    expect(w.find('[data-test="download-text"]').text()).toBe('12,340 of 100,000 rows · about 8 s left')
    const bar = w.find('[data-test="download-bar"]')
    expect(bar.attributes('aria-valuenow')).toBe('12')
    expect(bar.find('.progress-bar').attributes('style')).toContain('width: 12%')
    expect(bar.find('.progress-bar-animated').exists()).toBe(false)
  })

  it('says minutes, nothing before a rate, saving at the end, and a count without a total', () => {
    const text = (progress) => mount(DownloadProgress, { props: { progress } }).find('[data-test="download-text"]').text()
    expect(text({ rows: 500, total: 100_000, fraction: 0.005, secondsLeft: 130 })).toBe('500 of 100,000 rows · about 3 min left')
    expect(text({ rows: 500, total: 100_000, fraction: 0.005, secondsLeft: null })).toBe('500 of 100,000 rows')
    expect(text({ rows: 100_000, total: 100_000, fraction: 1, secondsLeft: 0 })).toBe('All 100,000 rows received · saving…')
    const endless = mount(DownloadProgress, { props: { progress: { rows: 4_000, total: 0, fraction: null, secondsLeft: null } } })
    expect(endless.text()).toContain('Downloading your data… 4,000 rows')
    expect(endless.find('.progress-bar-animated').exists()).toBe(true)
  })
})

describe('BackgroundCard', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    setActivePinia(createPinia())
    BackgroundService.Settings.mockResolvedValue({ start_at_login: false, autostart_path: '/home/u/.config/autostart/iescp.desktop',
      available: true, hide_on_close: true, started_hidden: false })
  })

  it('writes the autostart entry when switched on', async () => {
    BackgroundService.SetStartAtLogin.mockResolvedValue({ start_at_login: true, autostart_path: '/home/u/.config/autostart/iescp.desktop',
      available: true, hide_on_close: true })
    const w = mount(BackgroundCard)
    await flushPromises()
    expect(w.find('[data-test="close-behaviour"]').text()).toContain('hides it')
    const sw = w.find('[data-test="start-at-login"]')
    expect(sw.element.checked).toBe(false)
    sw.element.checked = true
    await sw.trigger('change')
    await flushPromises()
    expect(BackgroundService.SetStartAtLogin).toHaveBeenCalledWith(true)
    expect(w.find('[data-test="autostart-path"]').text()).toContain('/home/u/.config/autostart/iescp.desktop')
  })

  it('puts the switch back when the change is refused', async () => {
    BackgroundService.SetStartAtLogin.mockRejectedValue(new Error(JSON.stringify({ code: 'unavailable', message: 'no autostart folder' })))
    const w = mount(BackgroundCard)
    await flushPromises()
    const sw = w.find('[data-test="start-at-login"]')
    sw.element.checked = true
    await sw.trigger('change')
    await flushPromises()
    expect(sw.element.checked).toBe(false)
  })

  it('says when this computer cannot start apps at login', async () => {
    BackgroundService.Settings.mockResolvedValue({ start_at_login: false, autostart_path: '', available: false, hide_on_close: false })
    const w = mount(BackgroundCard)
    await flushPromises()
    expect(w.find('[data-test="start-at-login"]').exists()).toBe(false)
    expect(w.find('[data-test="autostart-unavailable"]').exists()).toBe(true)
    expect(w.find('[data-test="close-behaviour"]').text()).toContain('quits')
  })
})
