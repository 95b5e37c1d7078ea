// The campaign list: its query (filters, sort, paging), the current page and its state.
import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import { campaigns as api } from '../api/index.js'
import { latestCall } from '../composables/latest.js'

export const PAGE_SIZES = [10, 25, 50, 100]

function defaultQuery() {
  return { text: '', status: '', visibility: '', sort: 'updated', desc: true, page: 1, page_size: 25 }
}

export const useCampaignStore = defineStore('campaigns', () => {
  const query = reactive(defaultQuery())
  const items = ref([])
  const total = ref(0)
  const loading = ref(false)
  const loaded = ref(false)
  /** @type {import('vue').Ref<import('../api/errors.js').ApiError|null>} */
  const error = ref(null)
  const latest = latestCall()

  const filtered = computed(() => query.text.trim() !== '' || query.status !== '' || query.visibility !== '')
  const pageCount = computed(() => Math.max(1, Math.ceil(total.value / query.page_size)))

  /** Loads the page for the current query; a slower, older answer never overwrites a newer one. */
  async function load() {
    const current = latest.start()
    loading.value = true
    error.value = null
    try {
      const page = await api.list({ ...query, text: query.text.trim() })
      if (!current()) return
      items.value = page.items
      total.value = page.total
      loaded.value = true
      // Deleting or filtering can leave us past the last page: step back once.
      if (page.items.length === 0 && page.total > 0 && query.page > 1) {
        query.page = Math.max(1, Math.ceil(page.total / query.page_size))
        return load()
      }
    } catch (err) {
      if (!current()) return
      error.value = err
    } finally {
      if (current()) loading.value = false
    }
  }

  /** Sorts by column; picking the current column flips the direction. */
  function sortBy(column) {
    if (query.sort === column) {
      query.desc = !query.desc
    } else {
      query.sort = column
      // Text reads best A→Z; numbers and dates newest/largest first.
      query.desc = column !== 'name'
    }
    query.page = 1
    return load()
  }

  function setFilter(patch) {
    Object.assign(query, patch, { page: 1 })
    return load()
  }

  function goTo(page) {
    query.page = Math.min(Math.max(1, page), pageCount.value)
    return load()
  }

  function setPageSize(size) {
    query.page_size = size
    query.page = 1
    return load()
  }

  function clearFilters() {
    return setFilter({ text: '', status: '', visibility: '' })
  }

  /** Forgets everything (on sign-out), so the next account starts clean. */
  function reset() {
    latest.cancel()
    Object.assign(query, defaultQuery())
    items.value = []
    total.value = 0
    loading.value = false
    loaded.value = false
    error.value = null
  }

  return { query, items, total, loading, loaded, error, filtered, pageCount, load, sortBy, setFilter, goTo, setPageSize, clearFilters, reset }
})
