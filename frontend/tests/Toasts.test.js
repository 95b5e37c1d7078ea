import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import * as adRequests from '../src/api/adRequests.js'
import ToastHost from '../src/components/ToastHost.vue'
import { MAX, TIMEOUT_MS, useToastStore } from '../src/stores/toasts.js'
import { t } from '../src/i18n/index.js'
import { go } from './wails.js'
const { AdRequestService } = go

const goError = (code, message) => JSON.stringify({ code, message })

describe('error toasts', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    vi.useFakeTimers()
    setActivePinia(createPinia())
    wrapper = mount(ToastHost, { attachTo: document.body })
  })
  afterEach(() => {
    wrapper.unmount()
    vi.useRealTimers()
  })

  it('shows a failed action with its typed title and message, assertively', async () => {
    AdRequestService.Accept.mockRejectedValueOnce(goError('stale_offer', 'the influencer countered at $1,500'))
    await expect(adRequests.accept('r1', 'o1')).rejects.toMatchObject({ code: 'stale_offer' })
    await flushPromises()
    const toast = wrapper.find('[data-test="toast-error"]')
    expect(toast.attributes('role')).toBe('alert')
    expect(toast.attributes('data-code')).toBe('stale_offer')
    expect(toast.text()).toContain('The other side has made a newer offer')
    expect(toast.text()).toContain('the influencer countered at $1,500')
  })

  it('does not toast a failed read: its screen shows the error', async () => {
    AdRequestService.List.mockRejectedValueOnce(goError('internal', 'disk I/O error'))
    await expect(adRequests.list({})).rejects.toMatchObject({ code: 'internal' })
    await flushPromises()
    expect(wrapper.findAll('.toast').length).toBe(0)
  })

  it('stays until closed when pushed with stay, repeated or not', async () => {
    const toasts = useToastStore()
    const id = toasts.push({ kind: 'info', title: 'Kept', stay: true })
    toasts.push({ kind: 'info', title: 'Kept', stay: true })
    vi.advanceTimersByTime(10 * TIMEOUT_MS.error)
    await flushPromises()
    expect(wrapper.findAll('.toast').map((x) => x.text())).toEqual([expect.stringContaining('Kept')])
    toasts.dismiss(id)
    await flushPromises()
    expect(wrapper.findAll('.toast').length).toBe(0)
  })

  it('goes away by itself or when closed; repeats collapse; at most MAX show', async () => {
    const toasts = useToastStore()
    toasts.error(new Error(goError('forbidden', 'only an admin can do that')))
    toasts.error(new Error(goError('forbidden', 'only an admin can do that')))
    await flushPromises()
    expect(wrapper.findAll('.toast').length).toBe(1)
    expect(wrapper.text()).toContain('You are not allowed to do that')
    vi.advanceTimersByTime(TIMEOUT_MS.error + 1)
    await flushPromises()
    expect(wrapper.findAll('.toast').length).toBe(0)

    for (let i = 0; i < MAX + 2; i++) toasts.push({ kind: 'info', title: `n${i}` })
    await flushPromises()
    const titles = wrapper.findAll('.toast').map((x) => x.text())
    expect(titles.length).toBe(MAX)
    expect(titles[0]).toContain('n2')
    await wrapper.find('.toast .btn-close').trigger('click')
    expect(wrapper.findAll('.toast').length).toBe(MAX - 1)
    expect(wrapper.find('.toast').attributes('role')).toBe('status')
  })

  it('turns an unknown code or a plain JS error into a readable toast', async () => {
    const toasts = useToastStore()
    toasts.error('boom: nil pointer')
    toasts.error(goError('teapot', 'short and stout'))
    await flushPromises()
    const texts = wrapper.findAll('.toast').map((x) => x.text())
    expect(texts[0]).toContain('Something went wrong')
    expect(texts[0]).toContain('boom: nil pointer')
    expect(texts[1]).toContain('Something went wrong')
    expect(texts[1]).toContain('short and stout')
  })

  it('has a title for every error code the Go side defines', () => {
    const src = readFileSync(resolve(__dirname, '../../backend/domain/errors.go'), 'utf8')
    const codes = [...src.matchAll(/Code\w+\s+Code = "(\w+)"/g)].map((m) => m[1])
    expect(codes.length).toBeGreaterThan(10)
    for (const code of codes) expect(t(`errors.${code}`), code).not.toBe(`errors.${code}`)
  })
})
