import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'

import { go } from './wails.js'
import AdminModelCard from '../src/views/AdminView/AdminModelCard.vue'
const { AdminService } = go

const comparison = (model, tier, own) => ({ rows: 1000, model, tier_median: tier, own_mean: own })
const modelInfo = {
  present: true, model_version: 3, trained_at: '2026-11-30T00:00:00Z', rows: 40000,
  er: comparison({ mae: 0.0257, r2: 0.554 }, { mae: 0.0418, r2: 0.003 }, { mae: 0.0361, r2: 0.275 }),
  views: comparison({ mae: 2694, r2: 0.758 }, { mae: 4883, r2: 0.437 }, { mae: 4195, r2: 0.648 }),
}

function deferred() {
  let resolve, reject
  const promise = new Promise((res, rej) => { resolve = res; reject = rej })
  return { promise, resolve, reject }
}

describe('the admin model card', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    AdminService.AnalyticsModel.mockResolvedValue(modelInfo)
  })

  it('shows the version, when trained, the rows and the held-out table', async () => {
    const w = mount(AdminModelCard)
    await flushPromises()
    expect(w.find('[data-test="admin-model-version"]').text()).toBe('3')
    expect(w.find('[data-test="admin-model-trained-at"]').text()).not.toBe('')
    expect(w.find('[data-test="admin-model-rows"]').text()).toBe('40,000')
    const row = (k) => w.find(`[data-test="admin-model-row-${k}"]`)
    expect(row('er-model').find('[data-test="mae"]').text()).toBe('2.57 pp')
    expect(row('er-model').find('[data-test="r2"]').text()).toBe('0.554')
    expect(row('er-tier_median').find('[data-test="mae"]').text()).toBe('4.18 pp')
    expect(row('er-own_mean').find('[data-test="r2"]').text()).toBe('0.275')
    expect(row('views-model').find('[data-test="mae"]').text()).toBe('2,694')
    expect(row('views-own_mean').text()).toContain('Own average')
    expect(w.findAll('[data-test^="admin-model-row-"]')).toHaveLength(6)
  })

  it('says so when no model has synced yet', async () => {
    AdminService.AnalyticsModel.mockResolvedValue({ present: false, model_version: 0, trained_at: null, rows: 0 })
    const w = mount(AdminModelCard)
    await flushPromises()
    expect(w.find('[data-test="admin-model-none"]').exists()).toBe(true)
    expect(w.find('[data-test="admin-model-metrics"]').exists()).toBe(false)
  })

  it('retrains: busy while it runs, then the result and the new model', async () => {
    const d = deferred()
    AdminService.RefreshAnalytics.mockReturnValue(d.promise)
    const w = mount(AdminModelCard)
    await flushPromises()
    await w.find('[data-test="admin-model-retrain"]').trigger('click')
    const button = w.find('[data-test="admin-model-retrain"]')
    expect(button.attributes('disabled')).toBeDefined()
    expect(button.text()).toBe('Retraining…')
    await button.trigger('click') // ignored while busy
    expect(AdminService.RefreshAnalytics).toHaveBeenCalledTimes(1)
    AdminService.AnalyticsModel.mockResolvedValue({ ...modelInfo, model_version: 4 })
    d.resolve({ ...modelInfo, model_version: 4, influencers: 2000, stats_changed: 12, seconds: 3 })
    await flushPromises()
    expect(w.find('[data-test="admin-model-retrain"]').attributes('disabled')).toBeUndefined()
    expect(w.find('[data-test="admin-model-result"]').text()).toContain('Model 4 trained: 12 of 2,000')
    expect(w.find('[data-test="admin-model-version"]').text()).toBe('4')
  })

  it('words the typed errors: busy, offline', async () => {
    const w = mount(AdminModelCard)
    await flushPromises()
    AdminService.RefreshAnalytics.mockRejectedValueOnce(JSON.stringify({ code: 'busy', message: 'an analytics refresh is already running' }))
    await w.find('[data-test="admin-model-retrain"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-test="admin-model-error"]').text()).toBe('A retraining is already running: try again when it ends')
    AdminService.RefreshAnalytics.mockRejectedValueOnce(JSON.stringify({ code: 'unavailable', message: 'retraining needs a connection' }))
    await w.find('[data-test="admin-model-retrain"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-test="admin-model-error"]').text()).toContain('Retraining needs a connection')
    expect(w.find('[data-test="admin-model-result"]').exists()).toBe(false)
  })
})
