// A paged, filtered admin list over useLiveQuery: the filters and the page are refs,
// a change of filter goes back to page 1, typing is debounced, and the loaded page can
// be sorted by a column (the server pages; sorting orders the rows on screen).
import { computed, ref, watch } from 'vue'
import { debounce } from '../../debounce.js'
import { useLiveQuery } from '../../composables/useLiveQuery.js'

/**
 * @param {(q: object) => Promise<{items: any[], total: number}>} fetch
 * @param {Record<string, any>} filters initial filter values (refs are made of them)
 * @param {{text?: string}} [opts] which filter is typed (debounced)
 */
export function usePagedList(fetch, filters, { text = 'text' } = {}) {
  const f = Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, ref(v)]))
  const page = ref(1)
  const pageSize = ref(25)
  const sort = ref('')
  const desc = ref(false)

  const q = useLiveQuery(
    () => fetch({ ...Object.fromEntries(Object.entries(f).map(([k, r]) => [k, r.value])), page: page.value, page_size: pageSize.value }),
    { items: [], total: 0, page: 1, page_size: 25 },
  )

  const typed = debounce(() => {
    page.value = 1
    q.load()
  }, 250)
  if (f[text]) watch(f[text], typed)
  const others = Object.entries(f).filter(([k]) => k !== text).map(([, r]) => r)
  watch([...others, pageSize], () => {
    page.value = 1
    q.load()
  })

  function go(p) {
    page.value = p
    q.load()
  }
  function sortBy(col) {
    if (sort.value === col) desc.value = !desc.value
    else {
      sort.value = col
      desc.value = false
    }
  }
  const rows = computed(() => {
    const items = q.data.value?.items ?? []
    if (!sort.value) return items
    const k = sort.value
    const dir = desc.value ? -1 : 1
    return [...items].sort((a, b) => {
      const x = a[k]
      const y = b[k]
      if (typeof x === 'number' && typeof y === 'number') return (x - y) * dir
      return String(x ?? '').localeCompare(String(y ?? '')) * dir
    })
  })
  return { ...q, filters: f, page, pageSize, sort, desc, rows, go, sortBy }
}
