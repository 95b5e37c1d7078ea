// Accepting money offers Undo while the change waits to be sent: the toast says
// what it commits, Undo takes the change back through SyncService.Undo, and once
// Go says the change was sent (asked on every sync:status) Undo gives way to a note.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

import * as adRequests from '../src/api/adRequests.js'
import ToastHost from '../src/components/ToastHost.vue'
import { TIMEOUT_MS } from '../src/stores/toasts.js'
import { emit, go } from './wails.js'
const { AdRequestService, SyncService } = go

const goError = (code, message) => JSON.stringify({ code, message })

describe('undo toast after accepting', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    vi.useFakeTimers()
    setActivePinia(createPinia())
    wrapper = mount(ToastHost, { attachTo: document.body })
    AdRequestService.Accept.mockResolvedValue({ mutation_id: 7, change_id: 'c-7' })
  })
  afterEach(() => {
    wrapper.unmount()
    vi.useRealTimers()
  })

  const undoButton = () => wrapper.find('[data-test="toast-undo"]')

  it('says what the sponsor commits and takes the change back on Undo', async () => {
    const queued = await adRequests.accept('r1', 'o2', { amount: 45_000, payer: 'me' })
    expect(queued).toEqual({ mutation_id: 7, change_id: 'c-7' })
    await flushPromises()
    expect(wrapper.text()).toContain('Accepted: $450 funded from your wallet when it syncs')
    expect(wrapper.text()).toContain('You can undo it until it is sent.')
    // It stays while the change waits: no timeout takes it away.
    vi.advanceTimersByTime(TIMEOUT_MS.error * 10)
    await flushPromises()
    expect(undoButton().exists()).toBe(true)
    await undoButton().trigger('click')
    await flushPromises()
    expect(SyncService.Undo).toHaveBeenCalledWith('c-7')
    expect(undoButton().exists()).toBe(false)
    expect(wrapper.text()).toContain('Undone: nothing was sent')
    expect(wrapper.text()).not.toContain('Accepted:')
  })

  it('tells the influencer the sponsor’s wallet funds it', async () => {
    await adRequests.accept('r1', 'o2', { amount: 120_050, payer: 'sponsor' })
    await flushPromises()
    expect(wrapper.text()).toContain('Accepted: $1,200.50 funded from the sponsor’s wallet when it syncs')
  })

  it('loses Undo once Go says the change was sent, says so, and goes', async () => {
    SyncService.CanUndo.mockResolvedValue(true)
    await adRequests.accept('r1', 'o2', { amount: 45_000, payer: 'me' })
    emit('sync:status', { state: 'offline', pending: 1 })
    await flushPromises()
    expect(SyncService.CanUndo).toHaveBeenCalledWith('c-7')
    expect(undoButton().exists()).toBe(true)
    SyncService.CanUndo.mockResolvedValue(false)
    emit('sync:status', { state: 'online', pending: 0 })
    await flushPromises()
    expect(undoButton().exists()).toBe(false)
    expect(wrapper.find('[data-test="toast-undo-sent"]').text()).toBe('Sent: it can no longer be undone')
    vi.advanceTimersByTime(TIMEOUT_MS.info + 1)
    await flushPromises()
    expect(wrapper.findAll('.toast').length).toBe(0)
  })

  it('does not judge mid-round, and gives Undo back when an offline round unflags the change', async () => {
    await adRequests.accept('r1', 'o2', { amount: 45_000, payer: 'me' })
    SyncService.CanUndo.mockResolvedValue(false) // flagged: the push is under way
    emit('sync:status', { state: 'syncing', pending: 1 })
    await flushPromises()
    expect(SyncService.CanUndo).not.toHaveBeenCalled()
    expect(undoButton().exists()).toBe(true)
    // A status read before the round said so, while the batch was flagged.
    emit('sync:status', { state: 'online', pending: 1 })
    await flushPromises()
    expect(undoButton().exists()).toBe(false)
    // The round ends offline: nothing left, the flag is taken back.
    SyncService.CanUndo.mockResolvedValue(true)
    emit('sync:status', { state: 'offline', pending: 1 })
    await flushPromises()
    expect(undoButton().exists()).toBe(true)
    vi.advanceTimersByTime(TIMEOUT_MS.error * 10)
    await flushPromises()
    expect(undoButton().exists()).toBe(true)
  })

  it('an Undo that lost the race to the push shows the note, not an error', async () => {
    SyncService.Undo.mockRejectedValueOnce(goError('invalid_transition', 'already sent: the server has or may have this change'))
    await adRequests.accept('r1', 'o2', { amount: 45_000, payer: 'me' })
    await flushPromises()
    await undoButton().trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="toast-undo-sent"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="toast-error"]').exists()).toBe(false)
  })

  it('a failed accept queues nothing to undo', async () => {
    AdRequestService.Accept.mockRejectedValueOnce(goError('stale_offer', 'newer offer'))
    await expect(adRequests.accept('r1', 'o1', { amount: 1, payer: 'me' })).rejects.toMatchObject({ code: 'stale_offer' })
    await flushPromises()
    expect(undoButton().exists()).toBe(false)
  })
})
