import { describe, expect, it } from 'vitest'
import { formatDate, formatMoney, t, tOr } from '../src/i18n/index.js'

describe('t', () => {
  it('looks up and fills placeholders', () => {
    expect(t('signIn.title')).toBe('Sign in')
    expect(t('campaigns.count', { n: 3 })).toBe('3 campaigns')
    expect(t('pager.showing', { from: 1, to: 2 })).toBe('Showing 1–2 of {total}')
  })
  it('returns unknown keys as is', () => {
    expect(t('nope.nothing')).toBe('nope.nothing')
    expect(tOr('errors.weird_code', 'fallback')).toBe('fallback')
  })
})

describe('formatMoney', () => {
  const cases = [
    [0, '$0'],
    [150000, '$1,500'],
    [1999, '$19.99'],
    [5, '$0.05'],
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
