import { describe, it, expect, vi, beforeEach } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'

vi.mock('../wailsjs/runtime/runtime.js', () => ({ EventsOn: vi.fn(() => () => {}) }))
vi.mock('../wailsjs/go/desktop/NotificationService.js', () => ({ List: vi.fn(), MarkRead: vi.fn(), MarkAllRead: vi.fn() }))

import * as NotificationService from '../wailsjs/go/desktop/NotificationService.js'
import NotificationBell from '../src/components/NotificationBell.vue'

const item = (over = {}) => ({ id: 'n1', kind: 'ad_request.received', title: 'New ad request', body: 'Acme invites you',
  ref_table: 'ad_requests', ref_id: 'r1', created_at: '2026-11-21T09:00:00Z', read_at: null, ...over })

describe('NotificationBell', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    NotificationService.List.mockResolvedValue({ items: [item(), item({ id: 'n2', read_at: '2026-11-21T10:00:00Z' })], unread: 1 })
  })

  it('shows the unread count and the newest notifications', async () => {
    const w = mount(NotificationBell)
    await flushPromises()
    expect(w.find('[data-test="bell-count"]').text()).toBe('1')
    await w.find('[data-test="bell"]').trigger('click')
    expect(w.find('[data-test="bell-item-n1"]').text()).toContain('New ad request')
    expect(w.find('[data-test="bell-item-n1"]').classes()).toContain('fw-semibold')
    expect(w.find('[data-test="bell-item-n2"]').classes()).not.toContain('fw-semibold')
  })

  it('marks one read on click, all read on demand, and re-reads', async () => {
    const w = mount(NotificationBell)
    await flushPromises()
    await w.find('[data-test="bell"]').trigger('click')
    await w.find('[data-test="bell-item-n1"]').trigger('click')
    await flushPromises()
    expect(NotificationService.MarkRead).toHaveBeenCalledWith(['n1'])
    await w.find('[data-test="bell-item-n2"]').trigger('click') // already read: nothing to do
    expect(NotificationService.MarkRead).toHaveBeenCalledTimes(1)
    await w.find('[data-test="bell-read-all"]').trigger('click')
    await flushPromises()
    expect(NotificationService.MarkAllRead).toHaveBeenCalled()
    expect(NotificationService.List.mock.calls.length).toBeGreaterThanOrEqual(3)
  })

  it('says so when there is nothing', async () => {
    NotificationService.List.mockResolvedValue({ items: null, unread: 0 })
    const w = mount(NotificationBell)
    await flushPromises()
    expect(w.find('[data-test="bell-count"]').exists()).toBe(false)
    await w.find('[data-test="bell"]').trigger('click')
    expect(w.find('[data-test="bell-empty"]').exists()).toBe(true)
  })
})
