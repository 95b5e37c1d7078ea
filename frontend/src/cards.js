// Card checks for the card form, as the user types: the same rules as the Go
// package backend/cards (the processor checks again; this is for quick feedback).
// Both are tested against backend/cards/testdata/vectors.json, so they cannot
// drift. Refusals are {code, message} with the server's codes (card_invalid,
// card_expired); no message quotes what was typed.

// Issuer ranges, checked in order: numbers whose first lo.length digits lie in
// [lo, hi]. 62 is UnionPay as a whole, as processors detect it.
const RANGES = [
  ['4', '4', 'visa'],
  ['51', '55', 'mastercard'],
  ['2221', '2720', 'mastercard'],
  ['34', '34', 'amex'],
  ['37', '37', 'amex'],
  ['6011', '6011', 'discover'],
  ['644', '649', 'discover'],
  ['65', '65', 'discover'],
  ['3528', '3589', 'jcb'],
  ['300', '305', 'diners'],
  ['3095', '3095', 'diners'],
  ['36', '36', 'diners'],
  ['38', '39', 'diners'],
  ['62', '62', 'unionpay'],
]

const LENGTHS = {
  visa: [13, 16, 19],
  mastercard: [16],
  amex: [15],
  discover: [16, 17, 18, 19],
  jcb: [16, 17, 18, 19],
  diners: [14, 15, 16, 17, 18, 19],
  unionpay: [16, 17, 18, 19],
}

const NAMES = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  diners: 'Diners Club',
  unionpay: 'UnionPay',
}

export const MAX_YEARS_AHEAD = 20

function refuse(code, message) {
  return { code, message }
}

/** The brand's name as people read it ("Card" when unknown). */
export function brandName(brand) {
  return NAMES[brand] || 'Card'
}

/** The number lengths a brand issues ([] when unknown). */
export function brandLengths(brand) {
  return LENGTHS[brand] || []
}

/** The brand of a number's leading digits (whole or being typed), '' while unknown. */
export function brandOf(digits) {
  for (const [lo, hi, brand] of RANGES) {
    if (digits.length < lo.length) continue
    const p = digits.slice(0, lo.length)
    if (p >= lo && p <= hi) return brand
  }
  return ''
}

/** Digits of s without the spaces and dashes people type; null if anything else is in it. */
export function normalize(s) {
  if (!/^[0-9 -]*$/.test(s)) return null
  return s.replace(/[ -]/g, '')
}

/** Whether digits (only ASCII digits) end in a valid Luhn check digit. */
export function luhn(digits) {
  if (!/^[0-9]+$/.test(digits)) return false
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return sum % 10 === 0
}

/** The CVC length of a brand: 4 for American Express, 3 otherwise. */
export function cvcLength(brand) {
  return brand === 'amex' ? 4 : 3
}

/** The last four digits. */
export function last4(digits) {
  return digits.length <= 4 ? digits : digits.slice(-4)
}

/** What a card reads as anywhere on screen: "Visa •••• 4242". */
export function masked(brand, lastFour) {
  return `${brandName(brand)} •••• ${lastFour}`
}

function lengthWords(ns) {
  if (ns.length === 1) return String(ns[0])
  if (ns[ns.length - 1] - ns[0] === ns.length - 1) return `${ns[0]} to ${ns[ns.length - 1]}`
  return `${ns.slice(0, -1).join(', ')} or ${ns[ns.length - 1]}`
}

/**
 * Checks a card number: {digits, brand, last4} or {error: {code, message}}.
 */
export function checkNumber(s) {
  if (s.length > 64) return { error: refuse('card_invalid', 'the card number is too long') }
  const d = normalize(s)
  if (d === null) {
    return { error: refuse('card_invalid', 'a card number has only digits (spaces and dashes between them are fine)') }
  }
  if (d === '') return { error: refuse('card_invalid', 'enter the card number') }
  const brand = brandOf(d)
  if (!brand) {
    return {
      error: refuse('card_invalid',
        "this card's brand is not accepted (Visa, Mastercard, American Express, Discover, JCB, Diners Club, UnionPay)"),
    }
  }
  if (!LENGTHS[brand].includes(d.length)) {
    return { error: refuse('card_invalid', `a ${brandName(brand)} number has ${lengthWords(LENGTHS[brand])} digits`) }
  }
  if (!luhn(d)) return { error: refuse('card_invalid', 'the card number is mistyped (its check digit does not match)') }
  return { digits: d, brand, last4: last4(d) }
}

/**
 * Checks an expiry, MM/YY or MM/YYYY (spaces around the slash allowed; YY is the
 * year ending so within 50 years before now and 49 after), against
 * now (a Date): {month, year} or {error}. The card works through its month's
 * last day (UTC), and may expire at most 20 years after now's year.
 */
export function checkExpiry(s, now) {
  const bad = { error: refuse('card_invalid', 'the expiry date reads MM/YY, e.g. 04/29') }
  if (s.length > 16) return bad
  const m = /^ *([0-9]{2}) *\/ *([0-9]{2}|[0-9]{4}) *$/.exec(s)
  if (!m) return bad
  const month = Number(m[1])
  let year = Number(m[2])
  if (month < 1 || month > 12) return bad
  const nowYear = now.getUTCFullYear()
  const nowMonth = now.getUTCMonth() + 1
  if (m[2].length === 2) {
    // this century's, or the next one's late in a century
    year += Math.floor(nowYear / 100) * 100
    if (year < nowYear - 50) year += 100
  }
  if (year < nowYear || (year === nowYear && month < nowMonth)) {
    return { error: refuse('card_expired', 'this card has expired') }
  }
  if (year > nowYear + MAX_YEARS_AHEAD) {
    return { error: refuse('card_invalid', `the expiry date is more than ${MAX_YEARS_AHEAD} years ahead: check it`) }
  }
  return { month, year }
}

/** Checks a CVC for a brand: {cvc} or {error}. */
export function checkCVC(s, brand) {
  const c = s.replace(/^ +| +$/g, '')
  if (!/^[0-9]+$/.test(c) || c.length !== cvcLength(brand)) {
    return { error: refuse('card_invalid', `the security code (CVC) has ${cvcLength(brand)} digits`) }
  }
  return { cvc: c }
}

/**
 * Checks a whole card, in the server's order (number, expiry, CVC): the first
 * refusal, or {brand, last4} when it may be sent.
 */
export function checkCard({ number, expiry, cvc }, now) {
  const n = checkNumber(number)
  if (n.error) return { error: { ...n.error, field: 'number' } }
  const e = checkExpiry(expiry, now)
  if (e.error) return { error: { ...e.error, field: 'expiry' } }
  const c = checkCVC(cvc, n.brand)
  if (c.error) return { error: { ...c.error, field: 'cvc' } }
  return { brand: n.brand, last4: n.last4 }
}

/** Groups digits as the brand prints them (4-6-5 for Amex, 4-6-4 for 14-digit Diners, fours otherwise). */
export function formatNumber(digits) {
  const brand = brandOf(digits)
  let groups = [4, 4, 4, 4, 3]
  if (brand === 'amex') groups = [4, 6, 5]
  else if (brand === 'diners' && digits.length === 14) groups = [4, 6, 4]
  const out = []
  let i = 0
  for (const g of groups) {
    if (i >= digits.length) break
    out.push(digits.slice(i, i + g))
    i += g
  }
  if (i < digits.length) out.push(digits.slice(i))
  return out.join(' ')
}
