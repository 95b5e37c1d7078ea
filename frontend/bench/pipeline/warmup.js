// What the app has drawn before a pipeline opens, in short: in the app the board mounts
// inside a campaign's page, after sign-in, the dashboard and the campaign list have been
// drawn, so Vue's runtime is compiled and warm, vue-i18n has compiled messages, and the
// fonts (regular, bold, small, the icon font) and form controls are loaded. A fresh
// page has none of that; this screen (a campaign list: filters, a table of rows made of
// components with props, events, classes and translated words with parameters) does
// it, with none of the board's own code: the board's first render stays a first.
import { createApp, defineComponent, h, ref } from 'vue'
import { formatMoney, t } from '../../src/i18n/index.js'

const Row = defineComponent({
  props: { row: { type: Object, required: true }, active: Boolean },
  emits: ['pick'],
  setup(props, { emit }) {
    return () => h('tr', { class: { 'table-active': props.active }, onClick: () => emit('pick', props.row.id) }, [
      h('td', [h('span', { class: 'fw-semibold text-truncate d-block' }, props.row.name), h('small', { class: 'text-body-secondary' }, props.row.category)]),
      h('td', [h('span', { class: 'badge text-bg-light border' }, t('status.active'))]),
      h('td', { class: 'small' }, t('campaigns.committedOf', { committed: formatMoney(props.row.committed), budget: formatMoney(props.row.budget) })),
      h('td', props.row.open ? h('i', { class: 'bi bi-envelope me-1', 'aria-hidden': 'true' }) : null, String(props.row.open)),
    ])
  },
})

const List = defineComponent({
  setup() {
    const rows = Array.from({ length: 60 }, (_, i) => ({ id: `c${i}`, name: `Campaign ${i}`, category: 'tech', committed: i * 1234, budget: 100000 + i, open: i % 4 }))
    const picked = ref('')
    const text = ref('')
    return () => h('div', { class: 'container-fluid' }, [
      h('h1', { class: 'h4' }, t('campaigns.title')),
      h('form', { class: 'd-flex gap-2 mb-2' }, [
        h('input', { class: 'form-control form-control-sm', type: 'search', value: text.value, placeholder: t('campaigns.searchPlaceholder'), onInput: (e) => (text.value = e.target.value) }),
        h('select', { class: 'form-select form-select-sm' }, [h('option', t('campaigns.allStatuses'))]),
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-primary' }, t('campaigns.clearFilters')),
      ]),
      h('p', { class: 'small text-body-secondary' }, t('campaigns.count', { n: rows.length })),
      h('table', { class: 'table table-sm' }, h('tbody', rows.map((row) => h(Row, { key: row.id, row, active: picked.value === row.id, onPick: (id) => (picked.value = id) })))),
      h('p', { class: 'small' }, t('pager.showing', { from: 1, to: 60, total: 60 })),
    ])
  },
})

/** Draws the stand-in screen, lets the browser paint it twice, then takes it away. */
export async function warmUp(plugins) {
  const el = document.body.appendChild(document.createElement('div'))
  const app = createApp(List)
  for (const p of plugins) app.use(p)
  app.mount(el)
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  await new Promise((resolve) => setTimeout(resolve, 50))
  app.unmount()
  el.remove()
}
