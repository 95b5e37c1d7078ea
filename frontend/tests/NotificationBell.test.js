import { describe, it, expect, vi, beforeEach } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'

vi.mock('../wailsjs/runtime/runtime.js', () => ({ EventsOn: vi.fn(() => () => {}) }))
vi.mock('../wailsjs/go/desktop/NotificationService.js', () => ({ List: vi.fn(), MarkRead: vi.fn(), MarkAllRead: vi.fn() }))

import * as NotificationService from '../wailsjs/go/desktop/NotificationService.js'
import NotificationBell from '../src/components/NotificationBell.vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { routes } from '../src/router.js'

let router
function mountBell() {
  router = createRouter({ history: createMemoryHistory(), routes })
  return mount(NotificationBell, { global: { plugins: [router] }, attachTo: document.body })
}

const item = (over = {}) => ({ id: 'n1', kind: 'ad_request.received', title: 'New ad request', body: 'Acme invites you',
  ref_table: 'ad_requests', ref_id: 'r1', created_at: '2026-11-21T09:00:00Z', read_at: null, ...over })

describe('NotificationBell', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    NotificationService.List.mockResolvedValue({ items: [item(), item({ id: 'n2', read_at: '2026-11-21T10:00:00Z' })], unread: 1 })
  })

  it('shows the unread count and the newest notifications', async () => {
    const w = mountBell()
    await flushPromises()
    expect(w.find('[data-test="bell-count"]').text()).toBe('1')
    await w.find('[data-test="bell"]').trigger('click')
    expect(w.find('[data-test="bell-item-n1"]').text()).toContain('New ad request')
    expect(w.find('[data-test="bell-item-n1"]').classes()).toContain('fw-semibold')
    expect(w.find('[data-test="bell-item-n2"]').classes()).not.toContain('fw-semibold')
  })

  it('marks one read on click, all read on demand, and re-reads', async () => {
    const w = mountBell()
    await flushPromises()
    await w.find('[data-test="bell"]').trigger('click')
    await w.find('[data-test="bell-item-n1"]').trigger('click')
    await flushPromises()
    expect(NotificationService.MarkRead).toHaveBeenCalledWith(['n1'])
    await w.find('[data-test="bell"]').trigger('click') // it opened the request and closed
    await w.find('[data-test="bell-item-n2"]').trigger('click') // already read: nothing to do
    await w.find('[data-test="bell"]').trigger('click')
    expect(NotificationService.MarkRead).toHaveBeenCalledTimes(1)
    await w.find('[data-test="bell-read-all"]').trigger('click')
    await flushPromises()
    expect(NotificationService.MarkAllRead).toHaveBeenCalled()
    expect(NotificationService.List.mock.calls.length).toBeGreaterThanOrEqual(3)
  })

  it('says each kind with its params, in the reader\'s words', async () => {
    const n = (id, kind, params) => item({ id, kind, params, title: '', body: '' })
    NotificationService.List.mockResolvedValue({
      items: [
        n('a', 'ad_request.received', { party: 'Acme', campaign: 'Phone launch', amount: 150000 }),
        n('b', 'ad_request.rejected', { party: 'Ivy', campaign: 'Phone launch', reason: 'Not this season' }),
        n('c', 'campaign.flagged', { campaign: 'Phone launch', reason: 'misleading claims' }),
        n('d', 'review.received', { party: 'Ivy', campaign: 'Phone launch', rating: 4 }),
        n('e', 'reminder', { waiting: 1, soon: 3 }),
        n('f', 'reminder', { waiting: 2, soon: 0 }),
        n('i', 'reminder', { waiting: 0, soon: 0, due: 1, metrics: 2 }),
        n('j', 'reminder', { drafts: 1, proofs: 3 }),
        n('k', 'deliverable.metrics_reported', { party: 'Ivy', campaign: 'Phone launch', seq: 2, platform: 'instagram', content_type: 'reel', checkpoint: '7d', views: 12000, reach: 9000 }),
        n('g', 'something.new', { x: 1 }),
        n('r', 'report', { month: 'October 2026', campaigns: 2, committed: 150000, completed: 1999 }),
        item({ id: 'h', kind: 'ad_request.received', params: null, title: 'New ad request', body: 'Old English body' }),
      ],
      unread: 9,
    })
    const w = mountBell()
    await flushPromises()
    await w.find('[data-test="bell"]').trigger('click')
    const say = (id) => [w.find(`[data-test="bell-item-${id}"] [data-test="bell-title"]`).text(), w.find(`[data-test="bell-item-${id}"] [data-test="bell-body"]`).text()]
    expect(say('a')).toEqual(['New ad request', 'Acme invites you to Phone launch for $1,500'])
    expect(say('b')).toEqual(['Ad request declined', 'Ivy declined the ad request for Phone launch.\nReason: Not this season'])
    expect(say('c')).toEqual(['Your campaign Phone launch was flagged by an admin',
      'It is hidden from search and takes no new ad requests until the flag is lifted.\nReason: misleading claims'])
    expect(say('d')).toEqual(['New review', 'Ivy rated Phone launch 4 out of 5'])
    expect(say('e')).toEqual(['Daily reminder', '1 ad request waits for your answer\n3 campaigns start or end soon'])
    expect(say('f')).toEqual(['Daily reminder', '2 ad requests wait for your answer'])
    expect(say('i')).toEqual(['Daily reminder', '1 deliverable is due soon\n2 sets of post metrics are due'])
    expect(say('j')).toEqual(['Daily reminder', '1 draft waits for your review\n3 proofs of post wait for you'])
    expect(say('k')).toEqual(['Post metrics reported', 'Ivy reported the 7d metrics of deliverable #2 for Phone launch: 12,000 views, 9,000 reached'])
    expect(say('g')[0]).toBe('Notification')
    expect(say('r')).toEqual(['Your October 2026 report is ready', '$1,500 committed, $19.99 completed. Open Reports for the HTML and PDF.'])
    expect(say('h')).toEqual(['New ad request', 'Old English body'])
    expect(w.text()).not.toMatch(/\{\w+\}|notification\./)
  })

  it('says so when there is nothing', async () => {
    NotificationService.List.mockResolvedValue({ items: null, unread: 0 })
    const w = mountBell()
    await flushPromises()
    expect(w.find('[data-test="bell-count"]').exists()).toBe(false)
    await w.find('[data-test="bell"]').trigger('click')
    expect(w.find('[data-test="bell-empty"]').exists()).toBe(true)
  })

  it('opens what a notification is about, works from the keyboard, and closes on Escape or a click elsewhere', async () => {
    NotificationService.List.mockResolvedValue({ items: [item(), item({ id: 'n3', ref_table: 'reports', ref_id: 'x', title: 'Your October report', body: 'line 1\nline 2' })], unread: 2 })
    const w = mountBell()
    await flushPromises()
    await w.find('[data-test="bell"]').trigger('click')
    const first = w.find('[data-test="bell-item-n1"]')
    expect(first.attributes('tabindex')).toBe('0')
    await first.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('ad-requests')
    expect(router.currentRoute.value.query.id).toBe('r1')
    expect(w.find('[data-test="bell-panel"]').exists()).toBe(false)

    await w.find('[data-test="bell"]').trigger('click')
    await w.find('[data-test="bell-item-n3"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('reports')

    await w.find('[data-test="bell"]').trigger('click')
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    await flushPromises()
    expect(w.find('[data-test="bell-panel"]').exists()).toBe(false)
    await w.find('[data-test="bell"]').trigger('click')
    document.body.click()
    await flushPromises()
    expect(w.find('[data-test="bell-panel"]').exists()).toBe(false)
    w.unmount()
  })
})
