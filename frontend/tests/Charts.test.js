// Charts read right (issue 10): counts as bars and straight lines, doughnuts that show
// their numbers, plurals, and status colours from the one palette (src/status.js).
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { chartData, chartOptions } from '../src/components/charts/chartConfig.js'
import { STATUS_COLORS as CHART_STATUS_COLORS } from '../src/components/charts/palette.js'
import { STATUS_COLORS } from '../src/status.js'
import { t } from '../src/i18n/index.js'
import RequestsByStatus from '../src/views/DashboardView/RequestsByStatus.vue'

describe('chart config', () => {
  it('labels each doughnut slice with its number (or money)', () => {
    const d = chartData({ type: 'doughnut', labels: ['Pending', 'Accepted'], datasets: [{ label: 'Requests', data: [3, 1] }], colors: ['#a', '#b'] })
    expect(d.labels).toEqual(['Pending 3', 'Accepted 1'])
    expect(d.datasets[0].backgroundColor).toEqual(['#a', '#b'])
    const m = chartData({ type: 'doughnut', money: true, labels: ['Paid'], datasets: [{ label: 'x', data: [150000] }] })
    expect(m.labels).toEqual(['Paid $1,500'])
  })

  it('shows a doughnut legend once: not when the card lists the counts itself', () => {
    const props = { type: 'doughnut', labels: ['Pending'], datasets: [{ label: 'x', data: [3] }] }
    expect(chartOptions(props).plugins.legend.display).toBe(true)
    expect(chartOptions({ ...props, legend: false }).plugins.legend.display).toBe(false)
  })

  it('draws lines straight and unfilled, and counts on whole-number ticks', () => {
    const d = chartData({ type: 'line', labels: ['Jan', 'Feb'], datasets: [{ label: 'n', data: [1, 2], color: '#123456' }] })
    expect(d.datasets[0].tension).toBe(0)
    expect(d.datasets[0].fill).toBe(false)
    expect(d.datasets[0].cubicInterpolationMode).toBeUndefined()
    const o = chartOptions({ type: 'bar', datasets: [{}] })
    expect(o.scales.y.ticks.precision).toBe(0)
    expect(o.plugins.legend.display).toBe(false) // one series: the heading names it
  })
})

describe('one status palette', () => {
  it('gives charts the same status colours as the badges', () => {
    expect(CHART_STATUS_COLORS).toBe(STATUS_COLORS)
    expect(STATUS_COLORS.accepted).not.toBe(STATUS_COLORS.completed)
  })

  it('colours the requests doughnut from the palette and lists the counts', () => {
    const Stub = { props: ['type', 'labels', 'datasets', 'colors', 'ariaLabel', 'height'], template: '<canvas :data-colors="colors.join(\'|\')"></canvas>' }
    const w = mount(RequestsByStatus, { props: { counts: { pending: 2, accepted: 1 } }, global: { stubs: { AppChart: Stub } } })
    const colors = w.find('canvas').attributes('data-colors').split('|')
    expect(colors).toEqual(['pending', 'accepted', 'completed', 'rejected', 'withdrawn'].map((s) => STATUS_COLORS[s]))
    expect(w.find('[data-test="request-counts"]').text()).toContain('Pending 2')
  })
})

describe('plurals', () => {
  it('says 1 ad request, not 1 ad requests', () => {
    expect(t('dashboard.adRequestsN', { n: 1 }, 1)).toBe('1 ad request')
    expect(t('dashboard.adRequestsN', { n: 6 }, 6)).toBe('6 ad requests')
    expect(t('dashboard.reviewsN', { n: 1 }, 1)).toBe('1 review')
    expect(t('dashboard.requestsTotal', { n: 0 }, 0)).toBe('no ad requests yet')
    expect(t('adRequests.offers', { n: 1 }, 1)).toBe('1 offer')
    expect(t('adRequests.offers', 3)).toBe('3 offers')
  })
})
