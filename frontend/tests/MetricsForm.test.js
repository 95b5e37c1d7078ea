import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

import MetricsForm from '../src/components/MetricsForm.vue'
import { useSessionStore } from '../src/stores/session.js'
import { go, emit } from './wails.js'
const { MetricsService } = go

const MAX = 10_000_000_000
const uiError = (code, message) => JSON.stringify({ code, message })
const figures = { views: 12000, reach: 9000, likes: 700, comments: 40, shares: 25, saves: 35 }
const reported = { id: 'm1', deliverable_id: 'd1', checkpoint: '24h', ...figures, reported_at: '2026-11-21T10:00:00Z', updated_at: '2026-11-21T10:00:00Z' }

/** The deliverable, posted 2026-11-20 09:00 UTC, as Go answers it. */
function metrics({ canReport = true, states = ['due', 'not_yet', 'not_yet'], withFigures = false } = {}) {
  const due = ['2026-11-21T09:00:00Z', '2026-11-27T09:00:00Z', '2026-12-20T09:00:00Z']
  return {
    deliverable_id: 'd1', seq: 1, platform: 'instagram', content_type: 'reel', status: 'posted', posted_at: '2026-11-20T09:00:00Z',
    campaign_name: 'Phone launch', can_report: canReport, max_figure: MAX,
    checkpoints: ['24h', '7d', '30d'].map((c, i) => ({
      checkpoint: c, due_at: due[i], state: states[i], metrics: states[i] === 'reported' || (withFigures && i === 0) ? { ...reported, checkpoint: c } : null,
    })),
  }
}

async function mountForm() {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().user = { account_id: 'i1', role: 'influencer', name: 'Ivy' }
  const w = mount(MetricsForm, { props: { deliverableId: 'd1' }, global: { plugins: [pinia] }, attachTo: document.body })
  await flushPromises()
  return w
}

async function fill(w, values) {
  for (const [f, v] of Object.entries(values)) {
    const input = w.find(`[data-test="metrics-${f}"]`)
    await input.setValue(String(v))
    await input.trigger('blur')
  }
}

describe('MetricsForm', () => {
  let w
  beforeEach(() => {
    MetricsService.Get.mockReset()
    MetricsService.Report.mockReset()
    MetricsService.Report.mockResolvedValue(undefined)
  })
  afterEach(() => w?.unmount())

  it('shows which checkpoints are due, coming or reported, and offers only those that have come', async () => {
    MetricsService.Get.mockResolvedValue(metrics())
    w = await mountForm()
    expect(MetricsService.Get).toHaveBeenCalledWith('d1')
    const state = (c) => w.find(`[data-test="metrics-checkpoint-${c}"] [data-test="metrics-state"]`).text()
    expect(state('24h')).toBe('Due')
    expect(state('7d')).toMatch(/^From Nov 27, 2026/)
    const options = w.findAll('[data-test="metrics-checkpoint"] option')
    expect(options.map((o) => o.element.disabled)).toEqual([false, true, true])
    expect(w.find('[data-test="metrics-checkpoint"]').element.value).toBe('24h')
    expect(w.find('[data-test="metrics-submit"]').text()).toBe('Report figures')
    expect(w.text()).not.toMatch(/metrics\.|\{\w+\}/)
  })

  it('checks each figure before sending: whole numbers from 0 to the bound Go gives', async () => {
    MetricsService.Get.mockResolvedValue(metrics())
    w = await mountForm()
    await fill(w, { ...figures, views: '-3', reach: '1.5', likes: String(MAX + 1), comments: 'many' })
    await w.find('[data-test="metrics-form"]').trigger('submit')
    await flushPromises()
    for (const f of ['views', 'reach', 'likes', 'comments']) {
      expect(w.find(`[data-test="metrics-${f}-error"]`).text()).toBe('A whole number from 0 to 10,000,000,000')
    }
    expect(w.find('[data-test="metrics-shares-error"]').exists()).toBe(false)
    expect(MetricsService.Report).not.toHaveBeenCalled()
  })

  it('reports the figures as the mutator\'s arguments, then reloads', async () => {
    MetricsService.Get.mockResolvedValue(metrics())
    w = await mountForm()
    await fill(w, { ...figures, views: '12,000' })
    MetricsService.Get.mockResolvedValue(metrics({ states: ['reported', 'not_yet', 'not_yet'] }))
    await w.find('[data-test="metrics-form"]').trigger('submit')
    await flushPromises()
    expect(MetricsService.Report).toHaveBeenCalledWith({ deliverable_id: 'd1', checkpoint: '24h', ...figures })
    expect(w.emitted('reported')).toHaveLength(1)
    expect(w.find('[data-test="metrics-saved"]').exists()).toBe(true)
    expect(w.find('[data-test="metrics-checkpoint-24h"] [data-test="metrics-summary"]').text()).toBe('12,000 views · 9,000 reached · 800 engagements')
    // A reported checkpoint is corrected with its figures filled in.
    expect(w.find('[data-test="metrics-submit"]').text()).toBe('Correct figures')
    expect(w.find('[data-test="metrics-views"]').element.value).toBe('12000')
  })

  it('shows the mutator\'s refusal inline, in the user\'s words', async () => {
    MetricsService.Get.mockResolvedValue(metrics())
    w = await mountForm()
    await fill(w, figures)
    MetricsService.Report.mockRejectedValue(uiError('invalid_transition', 'the 24h metrics of deliverable #1 are due from 2026-11-21T09:00:00Z'))
    await w.find('[data-test="metrics-form"]').trigger('submit')
    await flushPromises()
    expect(w.find('[data-test="metrics-error"]').text()).toContain('This checkpoint cannot take figures now')
    expect(w.find('[data-test="metrics-saved"]').exists()).toBe(false)
    MetricsService.Report.mockRejectedValue(uiError('invalid_argument', 'views must not be negative'))
    await w.find('[data-test="metrics-form"]').trigger('submit')
    await flushPromises()
    expect(w.find('[data-test="metrics-error"]').text()).toContain('views must not be negative')
  })

  it('shows the sponsor the figures without a form, and reloads on data:changed', async () => {
    MetricsService.Get.mockResolvedValue(metrics({ canReport: false, states: ['reported', 'due', 'not_yet'] }))
    w = await mountForm()
    expect(w.find('[data-test="metrics-form"]').exists()).toBe(false)
    expect(w.find('[data-test="metrics-checkpoint-24h"] [data-test="metrics-summary"]').text()).toContain('12,000 views')
    const calls = MetricsService.Get.mock.calls.length
    emit('data:changed', { account_id: 'i1', source: 'sync' })
    await flushPromises()
    expect(MetricsService.Get.mock.calls.length).toBe(calls + 1)
  })

  it('says so when no checkpoint has come yet', async () => {
    MetricsService.Get.mockResolvedValue(metrics({ states: ['not_yet', 'not_yet', 'not_yet'] }))
    w = await mountForm()
    expect(w.find('[data-test="metrics-nothing-due"]').exists()).toBe(true)
    expect(w.find('[data-test="metrics-submit"]').exists()).toBe(false)
  })
})
