// Keyboard shortcuts of the app shell: Ctrl+K (⌘K) opens the command palette
// (CommandPalette.vue, which takes the key first: isPaletteKey); / focuses the search
// of the current screen, or goes to the role's search screen; ? shows the list.

/** Where a role searches when the current screen has no search field. */
export const SEARCH_ROUTES = Object.freeze({
  sponsor: { name: 'influencer-search' },
  influencer: { name: 'campaign-search' },
  admin: { name: 'admin', query: { tab: 'accounts' } },
})

/** The search field of what is on screen: a field marked data-search, else the first search box in <main>. */
export function findSearchField(root = document) {
  const main = root.querySelector('main') ?? root
  const candidates = [...main.querySelectorAll('[data-search], input[type="search"]')]
  return candidates.find((el) => !el.disabled && visible(el)) ?? null
}

function visible(el) {
  return typeof el.checkVisibility === 'function' ? el.checkVisibility() : el.getClientRects().length > 0
}

/** Whether the key event happens while typing (an input, a text area, a select, an editable). */
export function isTyping(event) {
  const el = event.target
  if (!(el instanceof Element)) return false
  return el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null
}

/**
 * Which shortcut a keydown is: 'search', 'help' or ''. Ctrl+K works even while
 * typing; / and ? only outside a field (where they are just characters).
 * @param {KeyboardEvent} e
 */
export function shortcutOf(e) {
  if (e.defaultPrevented || e.isComposing) return ''
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') return 'search'
  if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e)) return ''
  if (e.key === '/') return 'search'
  if (e.key === '?') return 'help'
  return ''
}

/** Focuses (and selects) a field; returns whether it could. */
export function focusField(el) {
  if (!el) return false
  el.focus()
  if (typeof el.select === 'function') el.select()
  return document.activeElement === el
}

/**
 * Waits (a few frames, up to `timeout` ms) for a search field to appear after a
 * navigation, then focuses it. Resolves to whether it found one.
 */
export function focusSearchSoon(timeout = 2000) {
  const until = Date.now() + timeout
  return new Promise((resolve) => {
    const tryIt = () => {
      const el = findSearchField()
      if (el) return resolve(focusField(el))
      if (Date.now() > until) return resolve(false)
      setTimeout(tryIt, 50)
    }
    tryIt()
  })
}

/**
 * Whether a keydown opens the command palette: Ctrl+K, or ⌘K on a Mac, even while
 * typing. The palette listens on the document in the capture phase and prevents the
 * default, so the sidebar's handler (shortcutOf) no longer sees it as "search".
 * @param {KeyboardEvent} e
 */
export function isPaletteKey(e) {
  if (e.defaultPrevented || e.isComposing) return false
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key?.toLowerCase() === 'k'
}

/**
 * Roving focus over a list's items (DataTable's rows, the palette's options): the
 * index a key moves to from `index` among `count` items, or -1 for a key that does
 * not move (↑/↓ one, Home/End the ends; no wrap).
 */
export function rovingIndex(key, index, count) {
  if (count <= 0) return -1
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, index + 1)
    case 'ArrowUp':
      return Math.max(0, index - 1)
    case 'Home':
      return 0
    case 'End':
      return count - 1
    default:
      return -1
  }
}
