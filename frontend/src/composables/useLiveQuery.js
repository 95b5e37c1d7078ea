// The one way a screen loads: load() now, again on data:changed (a local action or a
// pull), and again when a watched input changes (a filter, a page, a route id).
// An answer that arrives after a newer call was made is dropped, so a slow, earlier
// read never overwrites a newer one. A lost session goes to sign-in.
//
//   const { data, loaded, loading, error, load } = useLiveQuery(() => api.list(filter.value), [], { watch: filter })
//
// Render the states with <LoadState> (components/LoadState.vue).
import { getCurrentInstance, onMounted, onUnmounted, ref, watch as watchSource } from 'vue'
import { on, TOPICS } from '../api/events.js'
import { useSessionStore } from '../stores/session.js'
import { latestCall } from './latest.js'

/**
 * @template T
 * @param {() => Promise<T>} loader
 * @param {T} initial
 * @param {{watch?: any, live?: boolean, immediate?: boolean, deep?: boolean}} [options]
 *   watch: a ref, getter or array of them; a change reloads. live: reload on data:changed (default true).
 *   immediate: load on mount (default true).
 */
export function useLiveQuery(loader, initial, options = {}) {
  const session = useSessionStore()
  const { watch: deps, live = true, immediate = true, deep = false } = options
  const data = ref(initial)
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref(null)
  const latest = latestCall()

  async function load() {
    const current = latest.start()
    loading.value = true
    try {
      const v = await loader()
      if (!current()) return
      data.value = v
      error.value = null
      loaded.value = true
    } catch (err) {
      if (!current()) return
      error.value = err // a lost session goes to sign-in once, from the API layer (api/errors.js)
    } finally {
      if (current()) loading.value = false
    }
  }

  /** Forgets what was loaded (e.g. nothing selected any more); a call in flight is dropped. */
  function reset() {
    latest.cancel()
    data.value = initial
    loaded.value = false
    loading.value = false
    error.value = null
  }

  if (deps !== undefined) watchSource(deps, () => load(), { deep })

  let off = () => {}
  const start = () => {
    if (live) {
      off = on(TOPICS.dataChanged, () => {
        if (session.signedIn) load()
      })
    }
    if (immediate) load()
  }
  if (getCurrentInstance()) {
    onMounted(start)
    onUnmounted(() => {
      latest.cancel() // answers arriving after unmount are dropped
      off()
    })
  } else {
    start()
  }
  return { data, loaded, loading, error, load, reset }
}
