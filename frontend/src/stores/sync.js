// Sync with the server: the live status (from sync:status events), the first
// download's progress (sync:progress) and the sync issues (rejected changes).
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { events, sync as api } from '../api/index.js'
import { downloadEta } from '../progress.js'

export const useSyncStore = defineStore('sync', () => {
  /** @type {import('vue').Ref<import('../api/sync.js').SyncStatus>} */
  const status = ref({ ...api.SIGNED_OUT })
  /** The first download's progress: rows of a total (0: unknown) and the time left.
   * @type {import('vue').Ref<(import('../progress.js').Eta & {initial: boolean})|null>} */
  const progress = ref(null)
  let eta = downloadEta()
  /** @type {import('vue').Ref<import('../api/sync.js').SyncIssue[]>} */
  const issues = ref([])
  const issuesLoaded = ref(false)
  const issuesError = ref(null)
  const busy = ref(false)
  let offs = []

  const issueCount = computed(() => status.value.rejected)

  function apply(s) {
    const before = status.value.rejected
    status.value = api.normalizeStatus(s)
    if (status.value.state !== 'syncing') clearProgress()
    if (issuesLoaded.value && status.value.rejected !== before) loadIssues()
  }

  /** Starts listening to Go's sync events (idempotent) and reads the status once. */
  function start() {
    if (offs.length === 0) {
      offs = [
        events.on(events.TOPICS.syncStatus, apply),
        events.on(events.TOPICS.syncProgress, (p) => {
          progress.value = { ...eta(p?.rows, p?.total), initial: !!p?.initial }
        }),
      ]
    }
    return refresh()
  }

  function clearProgress() {
    progress.value = null
    eta = downloadEta()
  }

  function stop() {
    offs.forEach((off) => off())
    offs = []
  }

  async function refresh() {
    try {
      apply(await api.status())
    } catch {
      // keep the last known status
    }
  }

  async function loadIssues() {
    issuesError.value = null
    try {
      issues.value = await api.issues()
      issuesLoaded.value = true
    } catch (err) {
      issuesError.value = err
    }
  }

  async function discard(id) {
    await api.discard(id)
    issues.value = issues.value.filter((i) => i.id !== id)
    status.value = { ...status.value, rejected: Math.max(0, status.value.rejected - 1) }
  }

  async function resubmit(id, args) {
    await api.resubmit(id, args)
    issues.value = issues.value.filter((i) => i.id !== id)
    await refresh()
  }

  /**
   * Sends a refused change again, as it was (the server may accept it now: budget
   * freed, flag lifted). Uses the API's retry when Go has it, else resubmits the same
   * arguments.
   */
  async function retry(id) {
    const issue = issues.value.find((i) => i.id === id)
    const again = api['retry']
    if (typeof again === 'function') await again(id)
    else await api.resubmit(id, issue?.args ?? {})
    issues.value = issues.value.filter((i) => i.id !== id)
    await refresh()
  }

  async function syncNow() {
    busy.value = true
    try {
      apply(await api.syncNow())
    } finally {
      busy.value = false
    }
  }

  /** On sign-out: forget the account's issues and progress. */
  function reset() {
    status.value = { ...api.SIGNED_OUT }
    clearProgress()
    issues.value = []
    issuesLoaded.value = false
    issuesError.value = null
  }

  return { status, progress, issues, issuesLoaded, issuesError, busy, issueCount, start, stop, refresh, loadIssues, discard, resubmit, retry, syncNow, reset }
})
