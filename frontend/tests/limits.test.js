// The limits come from Go once (settings.limits(), mutate.Limits) into one store, and
// the forms check against them instead of numbers typed in Vue.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

// settings.limits() is the API's (the "core" part adds the binding); stand it in here.
const limitsCall = vi.hoisted(() => ({ fn: null }))
vi.mock('../src/api/settings.js', async (importOriginal) => ({ ...(await importOriginal()), limits: (...a) => limitsCall.fn(...a) }))

import { go, LIMITS } from './wails.js'
import { useLimitsStore } from '../src/stores/limits.js'
import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'

const { SessionService, CampaignService } = go
const sponsor = { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved' }

describe('limits store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('loads the limits once, shares a call in flight, and never throws', async () => {
    limitsCall.fn = vi.fn(async () => ({ input: { ...LIMITS, name_len: 7 }, default_page_size: 25, max_page_size: 100, search_max_page_size: 50 }))
    const s = useLimitsStore()
    expect(s.of('name_len')).toBe(null) // unknown until loaded: not checked
    expect(s.tooLong('x'.repeat(999), 'name_len')).toBe(false)
    await Promise.all([s.ensure(), s.ensure()])
    await s.ensure()
    expect(limitsCall.fn).toHaveBeenCalledTimes(1)
    expect(s.of('name_len')).toBe(7)
    expect(s.tooLong('1234567', 'name_len')).toBe(false)
    expect(s.tooLong('12345678', 'name_len')).toBe(true)
    expect(s.tooLong('éééééééé', 'name_len')).toBe(true) // characters, not bytes
    expect(s.tooMuch(LIMITS.max_amount + 1)).toBe(true)
    expect(s.tooMuch(LIMITS.max_amount)).toBe(false)
    expect(s.of('max_page_size')).toBe(100) // page sizes sit beside the input limits

    setActivePinia(createPinia())
    limitsCall.fn = vi.fn(async () => {
      throw new Error('no binding')
    })
    const t = useLimitsStore()
    await expect(t.ensure()).resolves.toBe(null)
    expect(t.of('name_len')).toBe(null)
  })
})

describe('forms use the served limits', () => {
  let wrapper
  afterEach(() => wrapper?.unmount())

  it('checks a campaign name against name_len from Go, not a number typed in Vue', async () => {
    limitsCall.fn = vi.fn(async () => ({ ...LIMITS, name_len: 10, short_len: 4 }))
    SessionService.Current.mockResolvedValue(sponsor)
    const pinia = createPinia()
    setActivePinia(pinia)
    const router = makeRouter(createMemoryHistory())
    router.push('/campaigns/new')
    await router.isReady()
    wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
    await flushPromises()
    const name = wrapper.find('[data-test="name"]')
    expect(name.attributes('maxlength')).toBe('10')
    await name.setValue('Eleven char')
    expect(name.classes()).toContain('is-invalid')
    expect(wrapper.text()).toContain('At most 10 characters')
    await name.setValue('Ten chars!')
    expect(name.classes()).not.toContain('is-invalid')
    await wrapper.find('[data-test="category"]').setValue('Beauty')
    expect(wrapper.find('[data-test="category"]').classes()).toContain('is-invalid')
    expect(CampaignService.Create).not.toHaveBeenCalled()
  })
})
