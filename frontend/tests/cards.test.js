// The card form's checks run the very vectors the Go package backend/cards runs
// (backend/cards/testdata/vectors.json), so the two cannot drift.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  brandOf, checkCard, checkCVC, checkExpiry, checkNumber, formatNumber, luhn, masked,
} from '../src/cards.js'

const VECTORS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'backend', 'cards', 'testdata', 'vectors.json')
const vectors = JSON.parse(readFileSync(VECTORS, 'utf8'))

describe('the shared vectors', () => {
  it('has every section', () => {
    for (const k of ['numbers', 'prefixes', 'expiry', 'cvc']) expect(vectors[k].length).toBeGreaterThan(0)
  })

  it.each(vectors.numbers)('number $input', (v) => {
    const got = checkNumber(v.input)
    if (v.error) {
      expect(got.error?.code).toBe(v.error)
      if (v.input.trim()) expect(got.error.message).not.toContain(v.input.trim())
      return
    }
    expect(got.error).toBeUndefined()
    expect(got.brand).toBe(v.brand)
    expect(got.last4).toBe(v.last4)
  })

  it.each(vectors.prefixes)('prefix "$input"', (v) => {
    expect(brandOf(v.input)).toBe(v.brand)
  })

  it.each(vectors.expiry)('expiry "$input" at $now', (v) => {
    const got = checkExpiry(v.input, new Date(v.now))
    if (v.error) {
      expect(got.error?.code).toBe(v.error)
      return
    }
    expect(got).toEqual({ month: v.month, year: v.year })
  })

  it.each(vectors.cvc)('cvc "$input" for $brand', (v) => {
    const got = checkCVC(v.input, v.brand)
    expect(got.error?.code).toBe(v.error)
  })
})

describe('the card form helpers', () => {
  const now = new Date('2030-03-15T12:00:00Z')

  it('checks Luhn', () => {
    expect(luhn('79927398713')).toBe(true)
    expect(luhn('79927398710')).toBe(false)
    expect(luhn('')).toBe(false)
    expect(luhn('1a')).toBe(false)
  })

  it('checks a whole card in the server order and names the field', () => {
    expect(checkCard({ number: '3782 822463 10005', expiry: '04/31', cvc: '1234' }, now)).toEqual({ brand: 'amex', last4: '0005' })
    expect(checkCard({ number: '4242', expiry: '02/30', cvc: '1' }, now).error).toMatchObject({ code: 'card_invalid', field: 'number' })
    expect(checkCard({ number: '4242424242424242', expiry: '02/30', cvc: '1' }, now).error).toMatchObject({ code: 'card_expired', field: 'expiry' })
    expect(checkCard({ number: '378282246310005', expiry: '04/31', cvc: '123' }, now).error).toMatchObject({ code: 'card_invalid', field: 'cvc' })
  })

  it('groups digits as the brand prints them and masks', () => {
    expect(formatNumber('4242424242424242')).toBe('4242 4242 4242 4242')
    expect(formatNumber('378282246310005')).toBe('3782 822463 10005')
    expect(formatNumber('36227206271667')).toBe('3622 720627 1667')
    expect(formatNumber('42424')).toBe('4242 4')
    expect(masked('visa', '4242')).toBe('Visa •••• 4242')
  })
})
