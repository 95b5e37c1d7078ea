// Keyboard focus for modal dialogs (WCAG 2.4.3, 2.1.2): while a modal is open, Tab
// and Shift+Tab cycle through its controls only, focus that lands outside it (a
// click on the backdrop, a script) comes back, and when it closes focus returns to
// the control that opened it. BulkInviteDialog and CommandPalette use it.
import { nextTick, onMounted, onUnmounted } from 'vue'

const FOCUSABLE = [
  'a[href]',
  'area[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'iframe',
  '[contenteditable="true"]',
  '[tabindex]',
].join(', ')

/** The controls of box that Tab reaches, in order (not disabled, hidden or tabindex=-1). */
export function focusables(box) {
  if (!box) return []
  return [...box.querySelectorAll(FOCUSABLE)].filter((el) => {
    if (el.getAttribute('tabindex') !== null && Number(el.getAttribute('tabindex')) < 0) return false
    if (el.disabled) return false
    // Tab stops once in a radio group: on its checked button (if one is)
    if (el.type === 'radio' && !el.checked && el.name) {
      const group = [...box.querySelectorAll('input[type="radio"]')].filter((r) => r.name === el.name)
      if (group.some((r) => r.checked)) return false
    }
    // an ancestor hidden by attribute, inert, or display:none (.d-none, v-show)
    return !el.closest('[hidden], [inert], .d-none, [style*="display: none"]')
  })
}

/**
 * Keeps a Tab keydown inside box: from the last control to the first, from the
 * first (or the box itself, or anything outside it) backwards to the last.
 * Returns true when it moved focus (and so prevented the default).
 */
export function trapTab(e, box) {
  if (e.key !== 'Tab' || !box) return false
  const items = focusables(box)
  const active = box.ownerDocument.activeElement
  if (!items.length) {
    e.preventDefault()
    box.focus?.()
    return true
  }
  const first = items[0]
  const last = items[items.length - 1]
  const inside = box.contains(active) && active !== box
  let to = null
  if (e.shiftKey && (!inside || active === first)) to = last
  else if (!e.shiftKey && (!inside || active === last)) to = first
  if (!to) return false
  e.preventDefault()
  to.focus()
  return true
}

/**
 * A modal's focus, for a component that is mounted while the modal is open:
 * remembers what had focus, focuses `initial()` (or the box) once mounted, traps Tab
 * in box() and pulls stray focus back, and on unmount gives focus back to the opener.
 * @param {() => HTMLElement|null} box the dialog element
 * @param {{ initial?: () => HTMLElement|null, active?: () => boolean }} opts
 *   initial: the control to focus first; active: whether the trap holds now (for a
 *   component that stays mounted while closed)
 */
export function useFocusTrap(box, { initial = () => null, active = () => true } = {}) {
  let opener = null
  const doc = () => box()?.ownerDocument ?? document
  function onKey(e) {
    if (active()) trapTab(e, box())
  }
  function onFocusIn(e) {
    const el = box()
    if (!active() || !el || el.contains(e.target)) return
    const items = focusables(el)
    ;(items[0] ?? el).focus()
  }
  /** Remembers the opener and moves focus in (call again when a kept-mounted dialog opens). */
  function enter() {
    const d = doc()
    opener = d.activeElement && d.activeElement !== d.body ? d.activeElement : null
    nextTick(() => (initial() ?? box())?.focus?.())
  }
  /** Gives focus back to the opener if it is still on the page. */
  function leave() {
    const back = opener
    opener = null
    if (back?.isConnected) back.focus?.()
  }
  onMounted(() => {
    document.addEventListener('keydown', onKey, true)
    document.addEventListener('focusin', onFocusIn, true)
    if (active()) enter()
  })
  onUnmounted(() => {
    document.removeEventListener('keydown', onKey, true)
    document.removeEventListener('focusin', onFocusIn, true)
    leave()
  })
  return { enter, leave }
}
