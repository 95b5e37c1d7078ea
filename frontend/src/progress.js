// The first download's progress: rows of a known total and the time left
// (components/DownloadProgress.vue). The clock is injected, so tests move it.

/**
 * @typedef {{rows: number, total: number, fraction: number|null, secondsLeft: number|null}} Eta
 */

/**
 * An estimator of the time left: the rate is the rows received since its first
 * sample over the time since, so a slow first page (the server counting the total)
 * does not skew it. A sample with fewer rows than the last starts over (a new
 * download).
 * @param {{now?: () => number}} [opts] now: milliseconds (Date.now)
 * @returns {(rows: number, total?: number) => Eta}
 */
export function downloadEta({ now = () => Date.now() } = {}) {
  /** @type {{rows: number, t: number}|null} */
  let first = null
  let last = -1
  return (rows, total = 0) => {
    const t = now()
    rows = Math.max(0, Number(rows) || 0)
    total = Math.max(0, Number(total) || 0)
    if (total > 0) rows = Math.min(rows, total)
    if (first === null || rows < last) first = { rows, t }
    last = rows
    if (total === 0) return { rows, total, fraction: null, secondsLeft: null }
    const elapsed = (t - first.t) / 1000
    const done = rows - first.rows
    const secondsLeft = rows >= total ? 0 : elapsed > 0 && done > 0 ? Math.ceil(((total - rows) * elapsed) / done) : null
    return { rows, total, fraction: rows / total, secondsLeft }
  }
}

/**
 * The time left in words' parts: seconds under a minute, else whole minutes
 * (rounded up). @param {number} seconds @returns {{unit: 's'|'min', n: number}}
 */
export function timeLeft(seconds) {
  if (seconds < 60) return { unit: 's', n: Math.max(1, Math.ceil(seconds)) }
  return { unit: 'min', n: Math.ceil(seconds / 60) }
}
