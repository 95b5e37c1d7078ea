// Events from Go (Services.Emit → runtime.EventsEmit). The topics are declared
// once here, as Go declares them once in backend/desktop/events.go (a Go test
// checks both lists agree):
//   sync:status      a SyncStatus                 (the badge)
//   sync:progress    {rows, total, initial}       (the first download at sign-in; total 0: unknown)
//   data:changed     {account_id, source}         (re-query what is on screen)
//   jobs:changed     {account_id}                 (a job ran or its settings changed)
//   export:progress  {id, kind, done, total}      (a CSV export under way)
//   export:done      {id, kind, path, rows, code?, error?} (a CSV export finished)
//   session:changed  SessionInfo|null             (Go signed in by itself at start: --sign-in or
//                                                  the last session resumed; null: that failed)
//   app:open         {ref_table?, ref_id?, route?, notice?} (the window came back to show an item)
import { EventsOn } from '../../wailsjs/runtime/runtime.js'

/**
 * @typedef {{rows: number, total?: number, initial: boolean}} SyncProgress
 * @typedef {{account_id: string, source: 'sync'|'local'|'jobs'}} DataChanged
 */

export const TOPICS = Object.freeze({
  syncStatus: 'sync:status',
  syncProgress: 'sync:progress',
  dataChanged: 'data:changed',
  jobsChanged: 'jobs:changed',
  exportProgress: 'export:progress',
  exportDone: 'export:done',
  sessionChanged: 'session:changed',
  appOpen: 'app:open',
})

/**
 * Listens to a topic; returns the function that stops listening. Outside the app
 * (no Wails runtime, e.g. a plain browser) it listens to nothing.
 * @param {string} topic @param {(data: any) => void} callback @returns {() => void}
 */
export function on(topic, callback) {
  try {
    const off = EventsOn(topic, (data) => callback(data))
    return typeof off === 'function' ? off : () => {}
  } catch {
    return () => {}
  }
}
