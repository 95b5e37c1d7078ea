import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { go } from './wails.js'
const { SessionService, SettingsService, JobService, NotificationService } = go

const user = { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved' }
const ALL = ['in_app', 'native', 'webhook', 'email']

// What Go's SettingsService.NotificationPrefs answers (jobs.PrefsView): a synced
// event defaults to the bell only, a job's to every channel; flip lists the
// "kind/channel" cells the account changed; ready the channels set up.
function prefs({ flip = [], ready = { in_app: true, native: true, webhook: false, email: true } } = {}) {
  const ev = (kind, job = false) => {
    const defaults = Object.fromEntries(ALL.map((ch) => [ch, job || ch === 'in_app']))
    const on = Object.fromEntries(ALL.map((ch) => [ch, flip.includes(`${kind}/${ch}`) ? !defaults[ch] : defaults[ch]]))
    return { kind, on, defaults }
  }
  return {
    channels: ALL.map((name) => ({ name, ready: ready[name] })),
    groups: [
      { id: 'requests', events: [ev('ad_request.received'), ev('ad_request.application'), ev('ad_request.counter')] },
      { id: 'messages', events: [ev('ad_request.message')] },
      { id: 'reminders', events: [ev('reminder', true), ev('report', true)] },
    ],
  }
}

let wrapper
afterEach(() => wrapper?.unmount())

async function mountSettings(view = prefs(), path = '/settings') {
  SessionService.Current.mockResolvedValue(user)
  SettingsService.NotificationPrefs.mockResolvedValue(view)
  JobService.Jobs.mockResolvedValue([])
  JobService.Delivery.mockResolvedValue({ native_available: true, webhook_set: false, smtp_password_set: false,
    email: { enabled: true, host: 'smtp.brand.test', port: 587, security: 'starttls', username: '', from: 'a@brand.test', to: 'b@brand.test' } })
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { router, card: () => wrapper.find('[data-test="notif-prefs-card"]') }
}

const cell = (group, ch) => wrapper.find(`[data-test="notif-prefs-cell-${group}-${ch}"]`)
const eventBox = (kind, ch) => wrapper.find(`[data-test="notif-prefs-event-${kind}-${ch}"]`)

describe('the Notifications card in Settings', () => {
  it('shows groups × channels as labelled checkboxes, with the defaults', async () => {
    const { card } = await mountSettings()
    expect(card().exists()).toBe(true)
    const headers = card().findAll('thead th').map((th) => th.text())
    expect(headers[1]).toContain('Bell')
    expect(headers[4]).toContain('Email')
    // Every checkbox has a label naming the event and the channel.
    const boxes = card().findAll('input[type="checkbox"]')
    expect(boxes.length).toBeGreaterThan(0)
    for (const b of boxes) {
      const label = card().find(`label[for="${b.attributes('id')}"]`)
      expect(label.exists()).toBe(true)
      expect(label.text()).toMatch(/ in (Bell|Desktop|Chat|Email)$/)
    }
    expect(card().find('label[for="np-requests-in_app"]').text()).toBe('New requests and offers in Bell')
    // Requests reach the bell only by default; reminders every channel.
    expect(cell('requests', 'in_app').element.checked).toBe(true)
    expect(cell('requests', 'email').element.checked).toBe(false)
    expect(cell('requests', 'native').element.checked).toBe(false)
    expect(cell('reminders', 'native').element.checked).toBe(true)
  })

  it('disables a channel that is not set up and links to its settings', async () => {
    await mountSettings()
    expect(cell('reminders', 'webhook').attributes('disabled')).toBeDefined()
    expect(cell('reminders', 'email').attributes('disabled')).toBeUndefined()
    expect(wrapper.find('[data-test="notif-prefs-unready-webhook"]').text()).toBe('Not set up')
    expect(wrapper.find('[data-test="notif-prefs-setup-email"]').exists()).toBe(false)
    await wrapper.find('[data-test="notif-prefs-setup-webhook"]').trigger('click')
    await flushPromises()
    expect(document.activeElement?.id).toBe('webhook') // the delivery card's webhook field
  })

  it('expands a group to its events and turns one off on one channel', async () => {
    await mountSettings()
    const toggle = wrapper.find('[data-test="notif-prefs-toggle-reminders"]')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    expect(wrapper.find('[data-test="notif-prefs-event-reminder"]').isVisible()).toBe(false)
    await toggle.trigger('click')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    expect(toggle.attributes('aria-controls')).toBe('np-row-reminder np-row-report')
    expect(wrapper.find('[data-test="notif-prefs-event-reminder"]').isVisible()).toBe(true)
    expect(wrapper.find('#np-row-reminder th').text()).toBe('The daily reminder')

    SettingsService.SetNotificationPrefs.mockResolvedValueOnce(prefs({ flip: ['reminder/email'] }))
    await eventBox('reminder', 'email').setValue(false)
    await flushPromises()
    expect(SettingsService.SetNotificationPrefs).toHaveBeenLastCalledWith([{ event: 'reminder', channel: 'email', on: false }])
    expect(eventBox('reminder', 'email').element.checked).toBe(false)
    // The group is now mixed: neither all on nor all off.
    expect(cell('reminders', 'email').element.indeterminate).toBe(true)
    expect(cell('reminders', 'email').attributes('aria-checked')).toBe('mixed')
    expect(wrapper.find('[data-test="notif-prefs-status"]').text()).toBe('The daily reminder: off in Email')
  })

  it('turns a whole group on or off with its checkbox', async () => {
    await mountSettings()
    SettingsService.SetNotificationPrefs.mockResolvedValueOnce(prefs({ flip: ['ad_request.received/in_app', 'ad_request.application/in_app', 'ad_request.counter/in_app'] }))
    await cell('requests', 'in_app').setValue(false)
    await flushPromises()
    expect(SettingsService.SetNotificationPrefs).toHaveBeenLastCalledWith([
      { event: 'ad_request.received', channel: 'in_app', on: false },
      { event: 'ad_request.application', channel: 'in_app', on: false },
      { event: 'ad_request.counter', channel: 'in_app', on: false },
    ])
    expect(cell('requests', 'in_app').element.checked).toBe(false)
  })

  it('turns a deal event on for the desktop', async () => {
    await mountSettings()
    await wrapper.find('[data-test="notif-prefs-toggle-requests"]').trigger('click')
    SettingsService.SetNotificationPrefs.mockResolvedValueOnce(prefs({ flip: ['ad_request.received/native'] }))
    await eventBox('ad_request.received', 'native').setValue(true)
    await flushPromises()
    expect(SettingsService.SetNotificationPrefs).toHaveBeenLastCalledWith([{ event: 'ad_request.received', channel: 'native', on: true }])
    expect(eventBox('ad_request.received', 'native').element.checked).toBe(true)
    expect(cell('requests', 'native').element.indeterminate).toBe(true)
  })

  it('turns every event of a mixed group on', async () => {
    await mountSettings(prefs({ flip: ['report/native'] }))
    expect(cell('reminders', 'native').element.indeterminate).toBe(true)
    SettingsService.SetNotificationPrefs.mockResolvedValueOnce(prefs())
    await cell('reminders', 'native').setValue(true)
    await flushPromises()
    expect(SettingsService.SetNotificationPrefs).toHaveBeenLastCalledWith([
      { event: 'reminder', channel: 'native', on: true },
      { event: 'report', channel: 'native', on: true },
    ])
    expect(cell('reminders', 'native').element.checked).toBe(true)
    expect(cell('reminders', 'native').element.indeterminate).toBe(false)
  })

  it('puts a refused change back and says why', async () => {
    await mountSettings()
    SettingsService.SetNotificationPrefs.mockRejectedValueOnce(JSON.stringify({ code: 'invalid_argument', message: 'unknown event "x"' }))
    await cell('messages', 'in_app').setValue(false)
    await flushPromises()
    expect(cell('messages', 'in_app').element.checked).toBe(true)
    expect(wrapper.find('[data-test="toast-error"]').text()).toContain('unknown event')
  })

  it('resets to the defaults', async () => {
    await mountSettings(prefs({ flip: ['ad_request.message/in_app', 'report/email'] }))
    expect(cell('messages', 'in_app').element.checked).toBe(false)
    SettingsService.ResetNotificationPrefs.mockResolvedValueOnce(prefs())
    await wrapper.find('[data-test="notif-prefs-reset"]').trigger('click')
    await flushPromises()
    expect(SettingsService.ResetNotificationPrefs).toHaveBeenCalledTimes(1)
    expect(cell('messages', 'in_app').element.checked).toBe(true)
    expect(cell('reminders', 'email').element.indeterminate).toBe(false)
  })

  it('re-reads which channels are set up when the delivery settings are saved', async () => {
    await mountSettings()
    expect(cell('reminders', 'webhook').attributes('disabled')).toBeDefined()
    SettingsService.NotificationPrefs.mockResolvedValue(prefs({ ready: { in_app: true, native: true, webhook: true, email: true } }))
    JobService.SetDelivery.mockResolvedValueOnce({ native_available: true, webhook_set: true, smtp_password_set: false,
      email: { enabled: true, host: 'smtp.brand.test', port: 587, security: 'starttls', username: '', from: 'a@brand.test', to: 'b@brand.test' } })
    await wrapper.find('#webhook').setValue('https://chat.example/hook')
    await wrapper.find('[data-test="delivery-card"] form').trigger('submit')
    await flushPromises()
    expect(cell('reminders', 'webhook').attributes('disabled')).toBeUndefined()
  })

  it('is reached from the bell', async () => {
    NotificationService.List.mockResolvedValue({ items: [], unread: 0 })
    const { router } = await mountSettings(prefs(), '/')
    await wrapper.find('[data-test="bell"]').trigger('click')
    await wrapper.find('[data-test="bell-prefs"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('settings')
    expect(router.currentRoute.value.hash).toBe('#notif-prefs')
    expect(wrapper.find('[data-test="notif-prefs-card"]').exists()).toBe(true)
  })
})
