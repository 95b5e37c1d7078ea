// How many cards of each column the pipeline draws first: as many as a column shows
// without scrolling. A column is at most 70% of the window's height (PipelineBoard.vue,
// .pipeline-column) and a card at least 5rem (80 px) with its gap, so this fills the
// column; the rest are drawn after the first paint.
const COLUMN = 0.7
const CARD = 80

/** @param {number} windowHeight in CSS pixels (0 or unknown: 800) @returns {number} */
export function firstCount(windowHeight) {
  const h = Number.isFinite(windowHeight) && windowHeight > 0 ? windowHeight : 800
  return Math.max(4, Math.ceil((h * COLUMN) / CARD))
}
