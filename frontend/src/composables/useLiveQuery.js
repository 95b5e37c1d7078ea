// Loads something for a screen, and loads it again on data:changed (a local action
// or a pull). Out-of-order answers are dropped; a lost session goes to sign-in.
import { onMounted, onUnmounted, ref } from 'vue'
import { useRouter } from 'vue-router'
import { on, TOPICS } from '../api/events.js'
import { useSessionStore } from '../stores/session.js'

/** @template T @param {() => Promise<T>} loader @param {T} initial */
export function useLiveQuery(loader, initial) {
  const session = useSessionStore()
  const router = useRouter()
  const data = ref(initial)
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref(null)
  let seq = 0

  async function load() {
    const mine = ++seq
    loading.value = true
    try {
      const v = await loader()
      if (mine !== seq) return
      data.value = v
      error.value = null
      loaded.value = true
    } catch (err) {
      if (mine !== seq) return
      error.value = err
      if (err?.code === 'unauthenticated') {
        session.forget()
        router.replace({ name: 'sign-in' })
      }
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  let off = () => {}
  onMounted(() => {
    off = on(TOPICS.dataChanged, () => {
      if (session.signedIn) load()
    })
    load()
  })
  onUnmounted(() => off())
  return { data, loaded, loading, error, load }
}
