// Light or dark: Bootstrap 5.3's colour modes (data-bs-theme on <html>). By default
// the app follows the system's choice (prefers-color-scheme) and changes with it
// live; Settings can pin it to light or dark on this desktop (localStorage, like
// the other per-desktop view preferences). `theme` is the mode in force, for what
// Bootstrap's variables do not reach (Chart.js draws on a canvas).
import { ref } from 'vue'

export const CHOICES = Object.freeze(['system', 'light', 'dark'])
const STORAGE_KEY = 'iescp.theme'

/** The mode in force: 'light' or 'dark'. */
export const theme = ref('light')
/** What the person chose: 'system', 'light' or 'dark'. */
export const choice = ref('system')

let media = null
let root = null

function stored() {
  try {
    const v = localStorage.getItem(STORAGE_KEY)
    return CHOICES.includes(v) ? v : 'system'
  } catch {
    return 'system'
  }
}

function apply() {
  const dark = choice.value === 'dark' || (choice.value === 'system' && !!media?.matches)
  theme.value = dark ? 'dark' : 'light'
  root?.setAttribute('data-bs-theme', theme.value)
}

function onSystemChange() {
  if (choice.value === 'system') apply()
}

/**
 * Sets the mode on the document from the stored choice and the system's, and
 * follows the system's changes from then on. Returns a function that stops.
 */
export function startTheme(win = window) {
  root = win.document.documentElement
  media = win.matchMedia ? win.matchMedia('(prefers-color-scheme: dark)') : null
  choice.value = stored()
  media?.addEventListener?.('change', onSystemChange)
  apply()
  const m = media
  return () => m?.removeEventListener?.('change', onSystemChange)
}

/** Pins the mode ('light', 'dark') or gives it back to the system ('system'). */
export function setTheme(next) {
  if (!CHOICES.includes(next)) throw new Error(`unknown theme ${JSON.stringify(next)}: want one of ${CHOICES.join(', ')}`)
  choice.value = next
  try {
    if (next === 'system') localStorage.removeItem(STORAGE_KEY)
    else localStorage.setItem(STORAGE_KEY, next)
  } catch {
    // private mode: the choice holds for this run
  }
  apply()
}
