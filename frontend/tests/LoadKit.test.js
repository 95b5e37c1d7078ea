// The one way screens load and show it: useLiveQuery (stale answers dropped, reload on
// data:changed and on a watched input), LoadState (loading / error / empty / content)
// and DataTable (columns, sort headers, row actions, empty state, paging).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { defineComponent, h, nextTick, ref } from 'vue'
import { emit } from './wails.js'
import { useLiveQuery } from '../src/composables/useLiveQuery.js'
import { errorDetail, errorText } from '../src/composables/errorText.js'
import { useSessionStore } from '../src/stores/session.js'
import LoadState from '../src/components/LoadState.vue'
import DataTable from '../src/components/DataTable.vue'
import { ApiError } from '../src/api/errors.js'

/** A promise the test settles by hand. */
function deferred() {
  let resolve, reject
  const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

function harness(loader, initial, options) {
  let q
  const Comp = defineComponent({
    setup() {
      q = useLiveQuery(loader, initial, options)
      return () => h('div', String(q.data.value))
    },
  })
  const pinia = createPinia()
  setActivePinia(pinia)
  const wrapper = mount(Comp, { global: { plugins: [pinia], mocks: { $router: {} } } })
  return { wrapper, q: () => q }
}

describe('useLiveQuery', () => {
  let wrapper
  afterEach(() => wrapper?.unmount())

  it('drops a slower, earlier answer: the newest call wins', async () => {
    const calls = []
    const loader = () => {
      const d = deferred()
      calls.push(d)
      return d.promise
    }
    let q
    ;({ wrapper, q } = harness(loader, 'none'))
    await nextTick()
    expect(calls).toHaveLength(1) // the mount's load
    q().load() // a newer call (e.g. a filter changed)
    expect(calls).toHaveLength(2)
    calls[1].resolve('new')
    await flushPromises()
    expect(q().data.value).toBe('new')
    calls[0].resolve('old') // the first call answers last
    await flushPromises()
    expect(q().data.value).toBe('new')
    expect(q().loading.value).toBe(false)
    expect(wrapper.text()).toBe('new')
  })

  it('drops a late failure of an earlier call too', async () => {
    const calls = []
    const loader = () => {
      const d = deferred()
      calls.push(d)
      return d.promise
    }
    let q
    ;({ wrapper, q } = harness(loader, 0))
    await nextTick()
    q().load()
    calls[1].resolve(2)
    await flushPromises()
    calls[0].reject(new ApiError('internal', 'late'))
    await flushPromises()
    expect(q().error.value).toBe(null)
    expect(q().data.value).toBe(2)
  })

  it('reloads on data:changed while signed in, and on a watched input', async () => {
    let n = 0
    const filter = ref('a')
    let q
    ;({ wrapper, q } = harness(() => Promise.resolve(`${filter.value}${++n}`), '', { watch: filter }))
    useSessionStore().user = { account_id: 'a1', role: 'sponsor' }
    await flushPromises()
    expect(q().data.value).toBe('a1')
    emit('data:changed', { account_id: 'a1', source: 'pull' })
    await flushPromises()
    expect(q().data.value).toBe('a2')
    filter.value = 'b'
    await flushPromises()
    expect(q().data.value).toBe('b3')
    wrapper.unmount()
    wrapper = null
    emit('data:changed', { account_id: 'a1', source: 'pull' })
    await flushPromises()
    expect(n).toBe(3) // no reload after unmount
  })
})

describe('errorText', () => {
  it('puts the UI words for a known code before Go English', () => {
    expect(errorText(new ApiError('budget_exceeded', 'campaign c1 has 0 left'))).toBe('Not enough budget left')
    expect(errorDetail(new ApiError('budget_exceeded', 'campaign c1 has 0 left'))).toBe('')
    expect(errorText(new ApiError('brand_new_code', 'Go says so'))).toBe('Go says so')
    expect(errorText(new ApiError('internal', 'disk full'))).toBe('Something went wrong')
    expect(errorDetail(new ApiError('internal', 'disk full'))).toBe('disk full')
  })
})

describe('LoadState', () => {
  const mountState = (props) =>
    mount(LoadState, { props: { name: 'x', ...props }, slots: { default: '<p data-test="content">rows</p>', empty: '<p data-test="my-empty">none yet</p>' } })

  it('shows a spinner until the first answer, not on a reload', () => {
    let w = mountState({ loading: true, loaded: false })
    expect(w.find('[data-test="x-loading"]').exists()).toBe(true)
    expect(w.find('[data-test="content"]').exists()).toBe(false)
    w = mountState({ loading: true, loaded: true })
    expect(w.find('[data-test="x-loading"]').exists()).toBe(false)
    expect(w.find('[data-test="content"]').exists()).toBe(true)
  })

  it('shows the empty slot when loaded and empty, else the content', () => {
    let w = mountState({ loaded: true, empty: true })
    expect(w.find('[data-test="x-empty"]').text()).toBe('none yet')
    expect(w.find('[data-test="content"]').exists()).toBe(false)
    w = mountState({ loaded: true, empty: false })
    expect(w.find('[data-test="x-empty"]').exists()).toBe(false)
    expect(w.find('[data-test="content"]').exists()).toBe(true)
  })

  it('shows an error in the UI words with a retry, keeping the last content', async () => {
    const w = mountState({ loaded: true, error: new ApiError('forbidden', 'role admin required'), errorTitle: 'Could not load the list' })
    const alert = w.find('[data-test="x-error"]')
    expect(alert.text()).toContain('Could not load the list: You are not allowed to do that')
    expect(alert.text()).not.toContain('role admin required')
    expect(w.find('[data-test="content"]').exists()).toBe(true)
    await alert.find('button').trigger('click')
    expect(w.emitted('retry')).toHaveLength(1)
  })
})

describe('DataTable', () => {
  const columns = [
    { key: 'name', label: 'Name', sortable: true },
    { key: 'amount', label: 'Amount', align: 'end' },
  ]
  const rows = [{ id: 'a', name: 'Alpha', amount: 5 }, { id: 'b', name: 'Beta', amount: 7 }]

  it('renders columns, cells (slots or plain), row actions, and emits sort', async () => {
    const w = mount(DataTable, {
      props: { name: 't', columns, rows, sort: 'name', desc: false },
      slots: { 'cell-name': '<template #cell-name="{ row }"><b>{{ row.name.toUpperCase() }}</b></template>', actions: '<template #actions="{ row }"><button :data-test="`act-${row.id}`">Go</button></template>' },
    })
    const heads = w.findAll('th').map((x) => x.text())
    expect(heads).toEqual(['Name', 'Amount', 'Actions'])
    expect(w.find('th').attributes('aria-sort')).toBe('ascending')
    expect(w.find('[data-test="t-row-a"]').text()).toContain('ALPHA')
    expect(w.find('[data-test="t-row-b"] td:nth-child(2)').text()).toBe('7')
    expect(w.find('[data-test="act-b"]').exists()).toBe(true)
    await w.find('[data-test="sort-name"]').trigger('click')
    expect(w.emitted('sort')).toEqual([['name']])
    expect(w.find('[data-test="sort-amount"]').exists()).toBe(false) // not sortable
  })

  it('shows its empty state instead of an empty table, and pages', async () => {
    let w = mount(DataTable, { props: { name: 't', columns, rows: [], emptyText: 'No rows match.' } })
    expect(w.find('[data-test="t-empty"]').text()).toBe('No rows match.')
    expect(w.find('table').exists()).toBe(false)
    w = mount(DataTable, { props: { name: 't', columns, rows, page: 1, pageSize: 2, total: 5 } })
    expect(w.find('[data-test="pager-summary"]').text()).toContain('1–2 of 5')
    await w.find('[aria-label="Next"]').trigger('click')
    expect(w.emitted('go')).toEqual([[2]])
  })
})

describe('latest call wins (composables/latest.js) in the campaign list store', () => {
  it('keeps the newest page when an older answer arrives last', async () => {
    const { go } = await import('./wails.js')
    const { useCampaignStore } = await import('../src/stores/campaigns.js')
    setActivePinia(createPinia())
    const calls = []
    go.CampaignService.List.mockImplementation(() => {
      const d = deferred()
      calls.push(d)
      return d.promise
    })
    const store = useCampaignStore()
    const first = store.load()
    const second = store.setFilter({ text: 'glow' })
    calls[1].resolve({ items: [{ id: 'new' }], total: 1, page: 1, page_size: 25 })
    await second
    calls[0].resolve({ items: [{ id: 'old' }], total: 1, page: 1, page_size: 25 })
    await first
    expect(store.items.map((c) => c.id)).toEqual(['new'])
    expect(store.loading).toBe(false)
    go.CampaignService.List.mockReset()
  })
})
