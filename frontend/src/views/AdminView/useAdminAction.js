// One pending admin action at a time: open(action) shows the panel, run(reason) calls
// it; on success the panel closes (the list re-queries on data:changed anyway).
import { ref } from 'vue'

export function useAdminAction(after = () => {}) {
  const action = ref(null) // {key, title, message, reason, confirmLabel, variant, run(reason)}
  const busy = ref(false)
  const error = ref(null)

  function open(a) {
    action.value = { ...a, key: `${a.kind}:${a.id}` }
    error.value = null
  }
  function cancel() {
    action.value = null
    error.value = null
  }
  async function run(reason) {
    if (!action.value || busy.value) return
    busy.value = true
    error.value = null
    try {
      await action.value.run(reason)
      action.value = null
      after()
    } catch (err) {
      error.value = err
    } finally {
      busy.value = false
    }
  }
  return { action, busy, error, open, cancel, run }
}
