// What AppChart hands Chart.js, as plain functions (so it is tested without a canvas).
// Small whole numbers (counts) belong in bars; a line is drawn straight (no smoothing,
// no filled area); a doughnut's labels carry each slice's number ("Accepted 3").
import { formatMoney, locale, t } from '../../i18n/index.js'
import { COLORS } from './palette.js'

// A series given no colour: one of these by its place (Chart.js's own default is a
// 10% black, invisible on the dark theme's cards and the same for every series).
// Each is 3:1 or more against both themes' cards (WCAG 1.4.11, non-text contrast).
export const SERIES_COLORS = Object.freeze([COLORS.blue, '#0f9d8a', '#e8590c', '#9b59f6', COLORS.red])

const money = (v) => formatMoney(v)

/** @param {{type: string, labels: string[], datasets: {label: string, data: number[], color: string|string[]}[], colors?: string[], money?: boolean}} props */
export function chartData(props) {
  const doughnut = props.type === 'doughnut'
  const values = doughnut ? (props.datasets[0]?.data ?? []) : []
  return {
    labels: doughnut ? props.labels.map((l, i) => `${l} ${props.money ? money(values[i] ?? 0) : (values[i] ?? 0)}`) : props.labels,
    datasets: props.datasets.map((d, i) => {
      if (doughnut) {
        return { label: d.label, data: d.data, backgroundColor: props.colors ?? [], borderWidth: 1 }
      }
      const line = props.type === 'line'
      const color = d.color ?? SERIES_COLORS[i % SERIES_COLORS.length]
      return {
        label: d.label,
        data: d.data,
        backgroundColor: color,
        borderColor: color,
        borderWidth: line ? 2 : 0,
        fill: false,
        tension: 0, // straight segments: a smoothed curve invents values between months
        spanGaps: line, // a null is a period without data: joined across, never drawn as 0
        pointRadius: line ? 3 : 0,
        borderRadius: line ? 0 : 3,
        maxBarThickness: 28,
      }
    }),
  }
}

// What Chart.js draws itself (tick labels, legend, grid lines, slice edges) in each
// theme: its defaults are grey on white. Text is 4.5:1 or more on the card
// (Bootstrap's body background of the theme): tests/Charts.test.js checks it.
export const CHART_INK = Object.freeze({
  light: Object.freeze({ text: '#495057', grid: 'rgba(0,0,0,.06)', edge: '#ffffff' }),
  dark: Object.freeze({ text: '#dee2e6', grid: 'rgba(255,255,255,.12)', edge: '#212529' }),
})

/**
 * @param {{type: string, datasets: any[], money?: boolean, stacked?: boolean}} props
 * @param {'light'|'dark'} mode the theme in force (src/theme.js)
 */
export function chartOptions(props, mode = 'light') {
  const ink = CHART_INK[mode] ?? CHART_INK.light
  const tick = { color: ink.text, ...(props.money ? { callback: (v) => money(v) } : { precision: 0 }) }
  const tooltip = {
    callbacks: {
      label: (ctx) => {
        const v = props.type === 'hbar' ? ctx.parsed.x : props.type === 'doughnut' ? ctx.parsed : ctx.parsed.y
        return `${ctx.dataset.label ? ctx.dataset.label + ': ' : ''}${props.money ? money(v) : v}`
      },
    },
  }
  const base = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false, // a desktop app redraws on every sync: no replaying animations
    color: ink.text,
    borderColor: ink.grid,
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, color: ink.text } }, tooltip },
  }
  if (props.type === 'doughnut') {
    return { ...base, cutout: '60%', borderColor: ink.edge, elements: { arc: { borderColor: ink.edge } },
      plugins: { ...base.plugins, legend: { display: props.legend !== false, position: 'right', labels: { boxWidth: 12, color: ink.text } } } }
  }
  const valueAxis = { beginAtZero: true, stacked: !!props.stacked, ticks: tick, grid: { color: ink.grid }, border: { color: ink.grid } }
  const catAxis = { stacked: !!props.stacked, ticks: { color: ink.text }, grid: { display: false }, border: { color: ink.grid } }
  // One series needs no legend: the card's heading names it.
  const plugins = props.datasets.length > 1 ? base.plugins : { ...base.plugins, legend: { display: false } }
  if (props.type === 'hbar') return { ...base, plugins, indexAxis: 'y', scales: { x: valueAxis, y: catAxis } }
  return { ...base, plugins, scales: { x: catAxis, y: valueAxis } }
}

/** The header row of a chart's text alternative: what the labels are, then each series. */
export function tableColumns(props) {
  return [t('table.chartLabel'), ...props.datasets.map((d) => d.label ?? '')]
}

/** One row per label: the label, then each series' value as text (money formatted). */
export function tableRows(props) {
  const fmt = (v) => (v === null || v === undefined ? '–' : props.money ? money(v) : Number(v).toLocaleString(locale))
  return props.labels.map((label, i) => [String(label), ...props.datasets.map((d) => fmt(d.data?.[i]))])
}
