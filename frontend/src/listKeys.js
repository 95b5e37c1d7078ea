// v-list-keys: arrow keys for the lists that are not a DataTable (campaigns, the
// ad-request inbox, search results, to-do, sync issues, activity, a list's
// creators). ↑/↓ move to the next or previous item, Home/End to the ends; focus
// lands on the item's first link or button (or the item itself when it is one),
// so Enter opens it as a click would. Keys typed into a text field, a select or a
// text area stay theirs.
//
//   <tbody v-list-keys>                            items: the element's children
//   <div v-list-keys="'button.list-group-item'">   items: a selector inside it
import { rovingIndex } from './shortcuts.js'

const TYPING = 'input:not([type="checkbox"]):not([type="radio"]), select, textarea, [contenteditable="true"]'
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])'

/** The element a key on item lands on. */
function target(item) {
  return item.matches(FOCUSABLE) ? item : item.querySelector(FOCUSABLE)
}

function onKey(el, e) {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key) || e.altKey || e.ctrlKey || e.metaKey) return
  if (e.target.closest?.(TYPING)) return
  const sel = el._listKeysSelector || ':scope > *'
  const items = [...el.querySelectorAll(sel)].filter((it) => target(it))
  const i = items.findIndex((it) => it === e.target || it.contains(e.target))
  if (i < 0) return
  const to = rovingIndex(e.key, i, items.length)
  if (to < 0) return
  e.preventDefault()
  target(items[to])?.focus()
}

export const vListKeys = {
  mounted(el, binding) {
    el._listKeysSelector = binding.value
    el._listKeys = (e) => onKey(el, e)
    el.addEventListener('keydown', el._listKeys)
  },
  updated(el, binding) {
    el._listKeysSelector = binding.value
  },
  unmounted(el) {
    el.removeEventListener('keydown', el._listKeys)
  },
}
