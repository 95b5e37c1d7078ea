// A job's schedule as people pick it (daily at HH:MM, weekly on a weekday, monthly on
// day N) and as cron writes it, both ways. Anything else is "advanced" (raw cron).

const NUM = /^\d+$/
const inRange = (s, lo, hi) => NUM.test(s) && Number(s) >= lo && Number(s) <= hi
const pad = (n) => String(n).padStart(2, '0')

/**
 * @typedef {{mode: 'daily'|'weekly'|'monthly'|'advanced', time: string, day: number, weekday: number}} Picked
 */

/** Reads a cron spec into what the picker shows. @param {string} spec @returns {Picked} */
export function parseSchedule(spec) {
  const s = String(spec ?? '').trim()
  const base = { time: '09:00', day: 1, weekday: 1 }
  const alias = { '@daily': 'daily', '@midnight': 'daily', '@weekly': 'weekly', '@monthly': 'monthly' }[s]
  if (alias) return { ...base, mode: alias, time: '00:00', day: 1, weekday: 0 }
  const f = s.split(/\s+/)
  if (f.length !== 5 || !inRange(f[0], 0, 59) || !inRange(f[1], 0, 23) || f[3] !== '*') return { ...base, mode: 'advanced' }
  const time = `${pad(f[1])}:${pad(f[0])}`
  if (f[2] === '*' && f[4] === '*') return { ...base, mode: 'daily', time }
  if (f[2] === '*' && inRange(f[4], 0, 7)) return { ...base, mode: 'weekly', time, weekday: Number(f[4]) % 7 }
  if (inRange(f[2], 1, 31) && f[4] === '*') return { ...base, mode: 'monthly', time, day: Number(f[2]) }
  return { ...base, mode: 'advanced' }
}

/** Writes what was picked as cron; null for "advanced" (the raw text stands). @param {Picked} p @returns {string|null} */
export function buildSchedule(p) {
  const m = /^(\d{1,2}):(\d{2})$/.exec(String(p?.time ?? ''))
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null
  const hm = `${Number(m[2])} ${Number(m[1])}`
  switch (p.mode) {
    case 'daily':
      return `${hm} * * *`
    case 'weekly':
      return `${hm} * * ${Number(p.weekday) % 7}`
    case 'monthly':
      return `${hm} ${Math.min(31, Math.max(1, Number(p.day) || 1))} * *`
    default:
      return null
  }
}
