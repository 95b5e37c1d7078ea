import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

import TrackingLinkCard from '../src/components/TrackingLinkCard.vue'
import { useSessionStore } from '../src/stores/session.js'
import { emit, go } from './wails.js'
const { TrackingService } = go

const link = {
  ad_request_id: 'r1', code: 'g47d043h', promo_code: 'PHONELAUNCH-CK3Y', hashtag: '#phonelaunch_g47d',
  target_url: 'https://brand.test/phone?utm_campaign=phone-launch&utm_content=g47d043h&utm_medium=influencer&utm_source=iescp',
  clicks: 1, updated_at: '2026-11-30T10:00:00Z', short_url: 'http://127.0.0.1:8787/r/g47d043h',
}
const uiError = (code, message) => JSON.stringify({ code, message })

async function mountCard(id = 'r1') {
  setActivePinia(createPinia())
  useSessionStore().user = { account_id: 'a1', email: 'ivan@creator.test', name: 'Ivan', role: 'influencer', approval: '' }
  const w = mount(TrackingLinkCard, { props: { adRequestId: id }, attachTo: document.body })
  await flushPromises()
  return w
}

describe('TrackingLinkCard', () => {
  let w
  const writeText = vi.fn()
  beforeEach(() => {
    TrackingService.Link.mockReset()
    TrackingService.Link.mockResolvedValue({ ...link })
    writeText.mockReset()
    writeText.mockResolvedValue(undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
  })
  afterEach(() => w?.unmount())

  it('shows the short link, promo code, hashtag and clicks of the request', async () => {
    w = await mountCard('r1')
    expect(TrackingService.Link).toHaveBeenCalledWith('r1')
    expect(w.find('[data-test="tracking-short"]').text()).toBe('http://127.0.0.1:8787/r/g47d043h')
    expect(w.find('[data-test="tracking-promo"]').text()).toBe('PHONELAUNCH-CK3Y')
    expect(w.find('[data-test="tracking-hashtag"]').text()).toBe('#phonelaunch_g47d')
    expect(w.find('[data-test="tracking-clicks"]').text()).toBe('1 click')
    expect(w.find('[data-test="tracking-target"]').text()).toContain('utm_source=iescp')
    expect(w.find('[data-test="tracking-no-target"]').exists()).toBe(false)
    expect(w.text()).not.toMatch(/tracking\./) // no raw i18n keys
  })

  it('copies each value and says so', async () => {
    w = await mountCard()
    for (const [key, value] of [['short', link.short_url], ['promo', link.promo_code], ['hashtag', link.hashtag]]) {
      await w.find(`[data-test="tracking-copy-${key}"]`).trigger('click')
      await flushPromises()
      expect(writeText).toHaveBeenLastCalledWith(value)
      expect(w.find(`[data-test="tracking-copy-${key}"]`).text()).toBe('Copied')
    }
    expect(w.find('[data-test="tracking-copy-short"]').text()).toBe('Copy')
    writeText.mockRejectedValueOnce(new Error('denied'))
    await w.find('[data-test="tracking-copy-promo"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-test="tracking-copy-failed"]').text()).toContain('Could not copy')
  })

  it('re-reads on data:changed, so a synced click count shows up', async () => {
    w = await mountCard()
    TrackingService.Link.mockResolvedValue({ ...link, clicks: 0 })
    emit('data:changed', { account_id: 'a1', source: 'sync' })
    await flushPromises()
    expect(w.find('[data-test="tracking-clicks"]').text()).toBe('no clicks yet')
    TrackingService.Link.mockResolvedValue({ ...link, clicks: 12 })
    emit('data:changed', { account_id: 'a1', source: 'sync' })
    await flushPromises()
    expect(w.find('[data-test="tracking-clicks"]').text()).toBe('12 clicks')
  })

  it('says when the campaign has no landing page yet', async () => {
    TrackingService.Link.mockResolvedValue({ ...link, target_url: '' })
    w = await mountCard()
    expect(w.find('[data-test="tracking-no-target"]').exists()).toBe(true)
    expect(w.find('[data-test="tracking-target"]').exists()).toBe(false)
  })

  it('renders nothing while the request has no link, and an error with retry when the read fails', async () => {
    TrackingService.Link.mockResolvedValue(null)
    w = await mountCard()
    expect(w.find('[data-test="tracking-card"]').exists()).toBe(false)
    expect(w.text()).toBe('')
    w.unmount()
    TrackingService.Link.mockRejectedValue(uiError('not_found', 'no such ad request'))
    w = await mountCard()
    expect(w.find('[data-test="tracking-error"]').text()).toContain('Could not load the tracking link')
    TrackingService.Link.mockResolvedValue({ ...link })
    await w.find('[data-test="tracking-error"] button').trigger('click')
    await flushPromises()
    expect(w.find('[data-test="tracking-card"]').exists()).toBe(true)
  })
})
