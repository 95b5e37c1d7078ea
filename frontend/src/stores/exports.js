// CSV exports running in the background: progress from export:progress, the end
// from export:done (a toast says where the file went, or why it failed). The
// store lives as long as the app, so an export keeps reporting while the user
// moves between screens.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as reports from '../api/reports.js'
import { on } from '../api/events.js'
import { t } from '../i18n/index.js'
import { useToastStore } from './toasts.js'

export const useExportStore = defineStore('exports', () => {
  const running = ref({}) // id → {id, kind, path, done, total}
  const last = ref(null) // the last finished export: ExportDone
  const busy = computed(() => Object.keys(running.value).length > 0)
  let offs = []

  function listen() {
    if (offs.length) return
    offs = [
      on(reports.EXPORT_TOPICS.progress, (p) => {
        if (!p?.id) return
        const cur = running.value[p.id] ?? { id: p.id, kind: p.kind, path: '' }
        running.value = { ...running.value, [p.id]: { ...cur, done: p.done, total: p.total } }
      }),
      on(reports.EXPORT_TOPICS.done, (d) => {
        if (!d?.id) return
        const { [d.id]: _gone, ...rest } = running.value
        running.value = rest
        last.value = d
        const toasts = useToastStore()
        if (d.error) toasts.push({ kind: 'error', title: t('exports.failed'), message: d.error, code: d.code ?? '' })
        else toasts.push({ kind: 'success', title: t('exports.done', { n: d.rows.toLocaleString(), count: d.rows }), message: d.path })
      }),
    ]
  }

  /** Starts an export of kind (the save dialog first); false when cancelled. */
  async function start(kind) {
    listen()
    const s = await reports.exportCSV(kind)
    if (!s) return false
    running.value = { ...running.value, [s.id]: { ...s, done: 0, total: 0 } }
    return true
  }

  async function cancel(id) {
    await reports.cancelExport(id)
  }

  function forKind(kind) {
    return Object.values(running.value).find((x) => x.kind === kind) ?? null
  }

  return { running, last, busy, listen, start, cancel, forKind }
})
