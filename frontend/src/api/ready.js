// Tells Go that a screen has painted for the first time (app startup.go logs
// "iescp: ui ready: <screen> after <ms> ms" once per screen): the cold start's end
// as scripts/desktop-memory.sh measures it (docs/benchmarks.md "Desktop cold
// start"). UI → Go, so not one of events.js' topics.
import { EventsEmit } from '../../wailsjs/runtime/runtime.js'

const sent = new Set()

/**
 * Reports screen (a lower-case word) ready after the frame being built is
 * painted: requestAnimationFrame runs before that paint, the task it queues after.
 * Each screen reports once; outside the app (no Wails runtime) nothing is sent.
 * @param {string} screen
 */
export function screenReady(screen) {
  if (sent.has(screen)) return
  sent.add(screen)
  requestAnimationFrame(() =>
    setTimeout(() => {
      try {
        EventsEmit('ui:ready', screen)
      } catch {
        // not in the app
      }
    }, 0),
  )
}
