// The string table through the real vue-i18n: every message compiles, every literal
// key used in src exists, plurals read right, and the formatters keep their output.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import en from '../src/i18n/en.js'
import { formatDate, formatDateTime, formatMoney, i18n, locale, makeI18n, t, tOr } from '../src/i18n/index.js'

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src')

/** Every leaf of a message table as [dotted key, message]. */
function leaves(node, prefix = '') {
  return Object.entries(node).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k
    return typeof v === 'string' ? [[key, v]] : leaves(v, key)
  })
}

/** Every .js and .vue file under src (the string table itself aside). */
function sources(dir = SRC) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return sources(p)
    return /\.(js|vue)$/.test(name) && !p.includes(`${join('src', 'i18n')}`) ? [[p, readFileSync(p, 'utf8')]] : []
  })
}

/** Whether `key` names a sub-table (not a message) of en. */
function isTable(key) {
  const node = key.split('.').reduce((n, part) => (n == null ? undefined : n[part]), en)
  return node != null && typeof node === 'object'
}

describe('en.js through vue-i18n', () => {
  afterEach(() => vi.restoreAllMocks())

  it('compiles and renders every message without a warning or an error', () => {
    const warn = vi.spyOn(console, 'warn')
    const error = vi.spyOn(console, 'error')
    const problems = []
    // A fresh instance with warnings on, so a message that would only warn fails too.
    const g = makeI18n(undefined, { missingWarn: true, fallbackWarn: true, warnHtmlMessage: true }).global
    for (const [key, msg] of leaves(en)) {
      try {
        const out = g.t(key, { ...Object.fromEntries([...msg.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], 7])) })
        if (out === key) problems.push(`${key}: renders as its key`)
        if (/[{}]/.test(out)) problems.push(`${key}: "${out}" keeps a brace`)
        if (out.trim() === '') problems.push(`${key}: renders empty`)
      } catch (e) {
        problems.push(`${key}: ${e.message}`)
      }
    }
    for (const call of [...warn.mock.calls, ...error.mock.calls]) problems.push(String(call[0]))
    expect(problems).toEqual([])
  })

  it('writes every literal @ as {\'@\'} (a bare @ starts a linked message)', () => {
    expect(t('signIn.emailPlaceholder')).toBe('you@example.com')
    expect(t('jobs.problems.descriptor')).toContain('@daily')
  })

  it('has every key that src uses as a literal', () => {
    const missing = []
    const call = /(?<![\w.])(?:\$?t|tOr|te)\(\s*(['"`])([\w.-]+)(?:(\$\{)|\1)/g
    for (const [file, text] of sources()) {
      for (const m of text.matchAll(call)) {
        const [, quote, key, interpolated] = m
        const where = `${file.slice(SRC.length + 1)}: ${key}`
        if (quote === '`' && interpolated) {
          // t(`status.${s}`): the fixed part must be a sub-table.
          const prefix = key.replace(/\.$/, '')
          if (prefix && !isTable(prefix)) missing.push(`${where}…`)
        } else if (!i18n.global.te(key)) {
          missing.push(where)
        }
      }
    }
    expect(missing).toEqual([])
  })

  it('builds no plural by hand in src', () => {
    const handmade = sources().filter(([, text]) => /===\s*1\s*\?\s*\$?t\([^)]*\)\s*:\s*\$?t\([^)]*\{\s*(n|count):/.test(text) || /\bt\(\s*'[\w.]+One'/.test(text))
    expect(handmade.map(([f]) => f.slice(SRC.length + 1))).toEqual([])
  })

  it('gives every plural message a distinct one and many', () => {
    const same = leaves(en)
      .filter(([, msg]) => msg.includes('|'))
      .filter(([key]) => t(key, { n: 1 }) === t(key, { n: 2 }))
    expect(same).toEqual([])
  })
})

describe('t', () => {
  it('looks up and fills placeholders', () => {
    expect(t('signIn.title')).toBe('Sign in')
    expect(t('pager.showing', { from: 1, to: 2, total: 9 })).toBe('Showing 1–2 of 9')
  })
  it('picks the plural form from n', () => {
    const cases = [
      ['campaigns.count', 0, 'no campaigns'],
      ['campaigns.count', 1, '1 campaign'],
      ['campaigns.count', 3, '3 campaigns'],
      ['adRequests.offersCount', 1, '1 offer'],
      ['adRequests.offersCount', 2, '2 offers'],
      ['sync.issuesCount', 1, '1 sync issue'],
      ['sync.issuesCount', 4, '4 sync issues'],
      ['dashboard.reviewsN', 1, '1 review'],
      ['dashboard.allWaiting', 1, 'The waiting request'],
      ['dashboard.allWaiting', 5, 'All 5 waiting requests'],
    ]
    for (const [key, n, want] of cases) expect(t(key, { n }), `${key} n=${n}`).toBe(want)
  })
  it('picks the plural form from count when n is already formatted', () => {
    expect(t('exports.done', { n: '1,234', count: 1234 })).toBe('Exported 1,234 rows')
    expect(t('exports.done', { n: '1', count: 1 })).toBe('Exported 1 row')
  })
  it('splits a two-number message into two plurals', () => {
    const s = t('admin.cards.flaggedSplit', {
      accounts: t('admin.cards.flaggedAccounts', { n: 1 }),
      campaigns: t('admin.cards.flaggedCampaigns', { n: 2 }),
    })
    expect(s).toBe('1 account · 2 campaigns')
  })
  it('returns unknown keys as is', () => {
    expect(t('nope.nothing')).toBe('nope.nothing')
    expect(tOr('errors.weird_code', 'fallback')).toBe('fallback')
    expect(tOr('errors.not_found', 'fallback')).toBe('Not found')
    // A sub-table is not a message.
    expect(tOr('errors', 'fallback')).toBe('fallback')
  })
})

describe('formatMoney', () => {
  const cases = [
    [0, '$0'],
    [150000, '$1,500'],
    [1999, '$19.99'],
    [5, '$0.05'],
    [-2500, '-$25'],
    [123456789, '$1,234,567.89'],
  ]
  for (const [cents, want] of cases) {
    it(`${cents} cents`, () => expect(formatMoney(cents)).toBe(want))
  }
})

describe('formatDate', () => {
  it('formats ISO dates without shifting the day', () => {
    expect(formatDate('2026-03-04')).toBe('Mar 4, 2026')
    expect(formatDate('2026-12-31T23:00:00Z')).toBe('Dec 31, 2026')
  })
  it('returns empty for missing or bad input', () => {
    expect(formatDate('')).toBe('')
    expect(formatDate(null)).toBe('')
    expect(formatDate('soon')).toBe('')
  })
})

describe('formatDateTime', () => {
  it('formats an instant in local time, like Intl does', () => {
    const when = '2026-03-04T15:30:00Z'
    const want = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(when))
    expect(formatDateTime(when)).toBe(want)
  })
  it('returns empty for missing or bad input', () => {
    expect(formatDateTime('')).toBe('')
    expect(formatDateTime('not a date')).toBe('')
  })
})
