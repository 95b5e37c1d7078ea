import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { go } from './wails.js'
const { SessionService, CampaignService } = go

const sponsor = { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved' }
const campaign = (over = {}) => ({
  id: 'c1', sponsor_id: 's1', name: 'Summer Glow', description: '', category: '', niche: '', start_date: '2026-06-01',
  end_date: '2026-08-31', budget: 500000, committed: 0, remaining: 500000, visibility: 'private', goals: '', status: 'active',
  flagged: false, flag_reason: '', landing_url: 'https://brand.test/summer', updated_at: '2026-11-15T12:00:00Z', approval: 'approved',
  requests: [],
  ...over,
})

async function mountAt(path) {
  SessionService.Current.mockResolvedValue(sponsor)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('the campaign form: landing page', () => {
  let w
  beforeEach(() => {
    vi.clearAllMocks()
    CampaignService.Get.mockResolvedValue(campaign())
  })
  afterEach(() => w?.unmount())

  it('is optional, must be an http(s) address, and is sent with a new campaign', async () => {
    w = await mountAt('/campaigns/new')
    await w.find('[data-test="name"]').setValue('Launch')
    await w.find('[data-test="start"]').setValue('2026-05-10')
    await w.find('[data-test="end"]').setValue('2026-06-01')
    await w.find('[data-test="budget"]').setValue('100')
    const url = w.find('[data-test="landing-url"]')
    expect(w.text()).toContain('Landing page')
    for (const bad of ['brand.test/launch', 'ftp://brand.test/', 'javascript:alert(1)']) {
      await url.setValue(bad)
      expect(url.classes()).toContain('is-invalid')
      expect(w.find('[data-test="landing-url-error"]').text()).toContain('http://')
    }
    await url.setValue('')
    expect(url.classes()).not.toContain('is-invalid')
    await url.setValue('  https://brand.test/launch?ref=iescp ')
    expect(url.classes()).not.toContain('is-invalid')
    CampaignService.Create.mockResolvedValue('c9')
    await w.find('[data-test="campaign-form"]').trigger('submit')
    await flushPromises()
    expect(CampaignService.Create).toHaveBeenCalledWith(expect.objectContaining({ landing_url: 'https://brand.test/launch?ref=iescp' }))
  })

  it('on edit, shows the stored address and sends it only when changed (empty removes it)', async () => {
    w = await mountAt('/campaigns/c1/edit')
    const url = w.find('[data-test="landing-url"]')
    expect(url.element.value).toBe('https://brand.test/summer')
    await w.find('[data-test="goals"]').setValue('More views')
    CampaignService.Update.mockResolvedValue()
    await w.find('[data-test="campaign-form"]').trigger('submit')
    await flushPromises()
    expect(CampaignService.Update).toHaveBeenLastCalledWith({ goals: 'More views', id: 'c1' })
    w.unmount()
    w = await mountAt('/campaigns/c1/edit')
    await w.find('[data-test="landing-url"]').setValue('')
    await w.find('[data-test="campaign-form"]').trigger('submit')
    await flushPromises()
    expect(CampaignService.Update).toHaveBeenLastCalledWith({ landing_url: '', id: 'c1' })
  })
})
