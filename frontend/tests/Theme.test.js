// Dark mode follows the system (src/theme.js): data-bs-theme on <html> from
// prefers-color-scheme, live; a pinned choice wins and is remembered; charts draw
// their ticks and legend in the theme's ink.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { nextTick } from 'vue'
import { CHOICES, choice, setTheme, startTheme, theme } from '../src/theme.js'
import { CHART_INK, SERIES_COLORS, chartData, chartOptions, tableColumns, tableRows } from '../src/components/charts/chartConfig.js'
import { contrast } from '../src/status.js'
import AppChart from '../src/components/charts/AppChart.vue'

// No canvas here: a stand-in for vue-chartjs's chart that shows what it was given.
vi.mock('vue-chartjs', async () => {
  const { defineComponent, h } = await import('vue')
  return {
    Chart: defineComponent({
      props: ['type', 'data', 'options', 'ariaLabel', 'ariaDescribedby'],
      setup: (p) => () => h('canvas', { role: 'img', 'aria-label': p.ariaLabel, 'aria-describedby': p.ariaDescribedby, 'data-ink': p.options?.scales?.y?.ticks?.color }),
    }),
  }
})

/** A window whose prefers-color-scheme the test sets: its change events fire like a browser's. */
function fakeWindow(dark) {
  const listeners = new Set()
  const media = {
    matches: dark,
    addEventListener: (type, fn) => type === 'change' && listeners.add(fn),
    removeEventListener: (type, fn) => listeners.delete(fn),
  }
  return {
    document,
    matchMedia: (q) => {
      if (q !== '(prefers-color-scheme: dark)') throw new Error(`unexpected query ${q}`)
      return media
    },
    setSystem(d) {
      media.matches = d
      for (const fn of listeners) fn({ matches: d })
    },
    listeners,
  }
}

const mode = () => document.documentElement.getAttribute('data-bs-theme')

describe('theme', () => {
  let stop = () => {}
  beforeEach(() => {
    localStorage.clear()
    document.documentElement.removeAttribute('data-bs-theme')
  })
  afterEach(() => stop())

  it('follows the system at start and when it changes, without a reload', () => {
    const win = fakeWindow(true)
    stop = startTheme(win)
    expect(mode()).toBe('dark')
    expect(theme.value).toBe('dark')
    win.setSystem(false)
    expect(mode()).toBe('light')
    win.setSystem(true)
    expect(mode()).toBe('dark')
    stop()
    expect(win.listeners.size).toBe(0)
  })

  it('keeps a pinned choice over the system and remembers it; System gives it back', () => {
    const win = fakeWindow(false)
    stop = startTheme(win)
    setTheme('dark')
    expect(mode()).toBe('dark')
    win.setSystem(false)
    expect(mode()).toBe('dark')
    stop()

    // the next start reads the stored choice
    const win2 = fakeWindow(false)
    stop = startTheme(win2)
    expect(choice.value).toBe('dark')
    expect(mode()).toBe('dark')
    setTheme('system')
    expect(mode()).toBe('light')
    win2.setSystem(true)
    expect(mode()).toBe('dark')
    expect(localStorage.getItem('iescp.theme')).toBeNull()
    expect(() => setTheme('purple')).toThrow(/unknown theme/)
    expect(CHOICES).toEqual(['system', 'light', 'dark'])
  })

  it('ignores a stored value it does not know', () => {
    localStorage.setItem('iescp.theme', 'sepia')
    stop = startTheme(fakeWindow(false))
    expect(choice.value).toBe('system')
    expect(mode()).toBe('light')
  })
})

describe('charts in both themes', () => {
  it('writes ticks and legends 4.5:1 or more on the card of each theme', () => {
    expect(contrast(CHART_INK.light.text, '#ffffff')).toBeGreaterThanOrEqual(4.5)
    expect(contrast(CHART_INK.dark.text, '#212529')).toBeGreaterThanOrEqual(4.5)
    const o = chartOptions({ type: 'bar', datasets: [{}, {}] }, 'dark')
    expect(o.scales.y.ticks.color).toBe(CHART_INK.dark.text)
    expect(o.scales.x.ticks.color).toBe(CHART_INK.dark.text)
    expect(o.plugins.legend.labels.color).toBe(CHART_INK.dark.text)
    expect(o.scales.y.grid.color).toBe(CHART_INK.dark.grid)
    const d = chartOptions({ type: 'doughnut', datasets: [{}] }, 'dark')
    expect(d.elements.arc.borderColor).toBe(CHART_INK.dark.edge)
    expect(chartOptions({ type: 'bar', datasets: [{}] }).scales.y.ticks.color).toBe(CHART_INK.light.text)
  })

  it('colours a series given no colour, each its own, never Chart.js’s faint default', () => {
    const d = chartData({ type: 'bar', labels: ['a'], datasets: [{ label: 'x', data: [1] }, { label: 'y', data: [2] }, { label: 'z', data: [3], color: '#123456' }] })
    expect(d.datasets.map((s) => s.backgroundColor)).toEqual([SERIES_COLORS[0], SERIES_COLORS[1], '#123456'])
    for (const c of SERIES_COLORS) {
      expect(contrast(c, '#212529'), `${c} on dark`).toBeGreaterThanOrEqual(3)
      expect(contrast(c, '#ffffff'), `${c} on white`).toBeGreaterThanOrEqual(3)
    }
  })

  it('gives every chart a table of its figures, linked from the canvas', () => {
    const props = { type: 'bar', money: true, ariaLabel: 'Spend by month', labels: ['Jan', 'Feb'],
      datasets: [{ label: 'Spend', data: [150000, null] }, { label: 'Budget', data: [200000, 200000] }] }
    expect(tableColumns(props)).toEqual(['Item', 'Spend', 'Budget'])
    expect(tableRows(props)).toEqual([['Jan', '$1,500', '$2,000'], ['Feb', '–', '$2,000']])

    const w = mount(AppChart, { props, attachTo: document.body })
    const canvas = w.find('canvas')
    const id = canvas.attributes('aria-describedby')
    expect(id).toBeTruthy()
    const table = document.getElementById(id)
    expect(table?.tagName).toBe('TABLE')
    expect(table.closest('.visually-hidden')).not.toBeNull()
    expect(table.querySelector('caption').textContent).toBe('Spend by month')
    expect([...table.querySelectorAll('tbody tr')].map((r) => r.textContent)).toEqual(['Jan$1,500$2,000', 'Feb–$2,000'])
    w.unmount()

    // A card that already lists the figures points the canvas at its own table.
    const v = mount(AppChart, { props: { ...props, describedBy: 'elsewhere' } })
    expect(v.find('canvas').attributes('aria-describedby')).toBe('elsewhere')
    expect(v.find('[data-test="chart-table"]').exists()).toBe(false)
  })

  it('redraws in the dark ink when the theme turns dark', async () => {
    const win = fakeWindow(false)
    const stop = startTheme(win)
    const w = mount(AppChart, { props: { type: 'bar', ariaLabel: 'x', labels: ['a'], datasets: [{ label: 'n', data: [1] }] } })
    expect(w.find('canvas').attributes('data-ink')).toBe(CHART_INK.light.text)
    win.setSystem(true)
    await nextTick()
    expect(w.find('canvas').attributes('data-ink')).toBe(CHART_INK.dark.text)
    w.unmount()
    stop()
  })
})

describe('the Appearance card in Settings', () => {
  it('shows the choice in force and changes the theme', async () => {
    localStorage.clear()
    const win = fakeWindow(false)
    const stop = startTheme(win)
    const { default: ThemeCard } = await import('../src/views/SettingsView/ThemeCard.vue')
    const w = mount(ThemeCard, { attachTo: document.body })
    expect(w.find('[data-test="theme-system"]').element.checked).toBe(true)
    expect(w.find('label[for="theme-dark"]').text()).toBe('Dark')
    await w.find('[data-test="theme-dark"]').setValue(true)
    expect(mode()).toBe('dark')
    expect(localStorage.getItem('iescp.theme')).toBe('dark')
    await w.find('[data-test="theme-system"]').setValue(true)
    expect(mode()).toBe('light')
    w.unmount()
    stop()
  })
})
