// What AppChart hands Chart.js, as plain functions (so it is tested without a canvas).
// Small whole numbers (counts) belong in bars; a line is drawn straight (no smoothing,
// no filled area); a doughnut's labels carry each slice's number ("Accepted 3").
import { formatMoney } from '../../i18n/index.js'

const money = (v) => formatMoney(v)

/** @param {{type: string, labels: string[], datasets: {label: string, data: number[], color: string|string[]}[], colors?: string[], money?: boolean}} props */
export function chartData(props) {
  const doughnut = props.type === 'doughnut'
  const values = doughnut ? (props.datasets[0]?.data ?? []) : []
  return {
    labels: doughnut ? props.labels.map((l, i) => `${l} ${props.money ? money(values[i] ?? 0) : (values[i] ?? 0)}`) : props.labels,
    datasets: props.datasets.map((d) => {
      if (doughnut) {
        return { label: d.label, data: d.data, backgroundColor: props.colors ?? [], borderWidth: 1 }
      }
      const line = props.type === 'line'
      return {
        label: d.label,
        data: d.data,
        backgroundColor: d.color,
        borderColor: d.color,
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

/** @param {{type: string, datasets: any[], money?: boolean, stacked?: boolean}} props */
export function chartOptions(props) {
  const tick = props.money ? { callback: (v) => money(v) } : { precision: 0 }
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
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } }, tooltip },
  }
  if (props.type === 'doughnut') return { ...base, cutout: '60%', plugins: { ...base.plugins, legend: { display: props.legend !== false, position: 'right', labels: { boxWidth: 12 } } } }
  const valueAxis = { beginAtZero: true, stacked: !!props.stacked, ticks: tick, grid: { color: 'rgba(0,0,0,.06)' } }
  const catAxis = { stacked: !!props.stacked, grid: { display: false } }
  // One series needs no legend: the card's heading names it.
  const plugins = props.datasets.length > 1 ? base.plugins : { ...base.plugins, legend: { display: false } }
  if (props.type === 'hbar') return { ...base, plugins, indexAxis: 'y', scales: { x: valueAxis, y: catAxis } }
  return { ...base, plugins, scales: { x: catAxis, y: valueAxis } }
}
