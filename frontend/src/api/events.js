// Events from Go (Services.Emit → runtime.EventsEmit). The topics are scoped names:
//   sync:status    a SyncStatus            (the badge)
//   sync:progress  {rows, initial}         (the first download at sign-in)
//   data:changed   {account_id, source}    (re-query what is on screen)
import { EventsOn } from '../../wailsjs/runtime/runtime.js'

export const TOPICS = Object.freeze({
  syncStatus: 'sync:status',
  syncProgress: 'sync:progress',
  dataChanged: 'data:changed',
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
