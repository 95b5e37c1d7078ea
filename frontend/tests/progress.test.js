import { describe, expect, it } from 'vitest'
import { downloadEta, timeLeft } from '../src/progress.js'

function clock(start = 1_000_000) {
  let t = start
  return { now: () => t, advance: (ms) => (t += ms) }
}

describe('downloadEta', () => {
  it('knows nothing of the time left from one sample', () => {
    const c = clock()
    const eta = downloadEta(c)
    expect(eta(500, 100_000)).toEqual({ rows: 500, total: 100_000, fraction: 0.005, secondsLeft: null })
  })

  it('divides what is left by the rate since the first sample', () => {
    const c = clock()
    const eta = downloadEta(c)
    eta(2_340, 100_000)
    c.advance(1_000) // 10,000 rows a second from here
    expect(eta(12_340, 100_000)).toEqual({ rows: 12_340, total: 100_000, fraction: 0.1234, secondsLeft: 9 }) // 8.766 s, rounded up
    c.advance(4_000)
    expect(eta(52_340, 100_000).secondsLeft).toBe(5) // 47,660 left at 10,000/s
  })

  it('says nothing left once every row came, and clamps a count over the total', () => {
    const c = clock()
    const eta = downloadEta(c)
    eta(0, 10)
    c.advance(100)
    expect(eta(13, 10)).toEqual({ rows: 10, total: 10, fraction: 1, secondsLeft: 0 })
  })

  it('has no fraction without a total (an older server)', () => {
    const eta = downloadEta(clock())
    expect(eta(4_000)).toEqual({ rows: 4_000, total: 0, fraction: null, secondsLeft: null })
  })

  it('starts over when the count goes back (a new download)', () => {
    const c = clock()
    const eta = downloadEta(c)
    eta(0, 1_000)
    c.advance(10_000)
    eta(900, 1_000) // slow: 90 rows a second
    c.advance(1_000)
    eta(100, 2_000) // a new download starts here
    c.advance(1_000)
    expect(eta(1_100, 2_000).secondsLeft).toBe(1) // 900 left at 1,000/s, not the old rate
  })
})

describe('timeLeft', () => {
  it('counts seconds under a minute, minutes above', () => {
    expect(timeLeft(8.2)).toEqual({ unit: 's', n: 9 })
    expect(timeLeft(0)).toEqual({ unit: 's', n: 1 })
    expect(timeLeft(60)).toEqual({ unit: 'min', n: 1 })
    expect(timeLeft(61)).toEqual({ unit: 'min', n: 2 })
  })
})
