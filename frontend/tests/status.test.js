// One status palette, readable: style.css and src/status.js agree, every colour pair a
// person reads passes WCAG AA (4.5:1), and StatusBadge wears the palette.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import StatusBadge from '../src/components/StatusBadge.vue'
import {
  AD_REQUEST_STATUSES,
  CAMPAIGN_STATUSES,
  STATUS_COLORS,
  STATUS_PALETTE,
  UNKNOWN_STATUS,
  DARK_TEXT,
  contrast,
  statusClass,
  statusColors,
} from '../src/status.js'

const CSS = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'style.css'), 'utf8')
const AA = 4.5

// The dark theme's block: [data-bs-theme="dark"] { ... } (its first occurrence).
const DARK_CSS = /\[data-bs-theme="dark"\]\s*\{([^}]*)\}/.exec(CSS)?.[1] ?? ''

/** The value of a custom property declared in style.css (resolving one var() step). */
function cssVar(name, css = CSS) {
  const m = new RegExp(`${name}:\\s*([^;]+);`).exec(css)
  if (!m) throw new Error(`style.css declares no ${name}`)
  const v = m[1].trim()
  const ref = /^var\((--[\w-]+)\)$/.exec(v)
  return ref ? cssVar(ref[1], css) : v.toLowerCase()
}
const darkVar = (name) => cssVar(name, DARK_CSS)

// The light backgrounds text sits on: cards, the page (bg-body-tertiary), grey panels
// (bg-body-secondary) and the "waiting for you" row (warning-bg-subtle).
const WHITE = '#ffffff'
const PAGE = '#f8f9fa'
const GREY_PANEL = '#e9ecef'
const WAITING_ROW = '#fff3cd'

describe('contrast', () => {
  it('computes WCAG ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#ffffff', '#ffffff')).toBeCloseTo(1, 5)
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2)
    // Bootstrap's defaults that failed: yellow stars, grey text on the page.
    expect(contrast('#ffc107', WHITE)).toBeLessThan(2)
    expect(contrast('#6c757d', PAGE)).toBeLessThan(AA)
  })
})

describe('status palette', () => {
  it('has one entry for every ad-request and campaign status', () => {
    for (const s of [...AD_REQUEST_STATUSES, ...CAMPAIGN_STATUSES]) expect(STATUS_PALETTE[s], s).toBeDefined()
    expect(STATUS_COLORS.accepted).toBe(STATUS_PALETTE.accepted.color)
    expect(statusColors(AD_REQUEST_STATUSES)).toEqual(AD_REQUEST_STATUSES.map((s) => STATUS_PALETTE[s].color))
  })

  it('tells the statuses of one kind apart', () => {
    for (const list of [AD_REQUEST_STATUSES, CAMPAIGN_STATUSES]) {
      const colors = statusColors(list)
      expect(new Set(colors).size, list.join()).toBe(list.length)
    }
  })

  it('declares the same colours in style.css as in status.js', () => {
    const entries = { ...STATUS_PALETTE, unknown: UNKNOWN_STATUS }
    for (const [s, look] of Object.entries(entries)) {
      expect(cssVar(`--iescp-status-${s}`), s).toBe(look.color)
      expect(cssVar(`--iescp-status-${s}-on`), `${s} on`).toBe(look.on)
      expect(cssVar(`--iescp-status-${s}-text`), `${s} text`).toBe(look.text)
      expect(CSS, `.status-${s} rule`).toContain(`.status-${s} { --status-bg: var(--iescp-status-${s});`)
    }
  })

  it('passes AA for every badge and every status written as text', () => {
    const fails = []
    for (const [s, look] of Object.entries({ ...STATUS_PALETTE, unknown: UNKNOWN_STATUS })) {
      const pairs = [
        ['badge', look.on, look.color],
        ['text on white', look.text, WHITE],
        ['text on the page', look.text, PAGE],
        ['text on a waiting row', look.text, WAITING_ROW],
      ]
      for (const [what, fg, bg] of pairs) {
        const r = contrast(fg, bg)
        if (r < AA) fails.push(`${s} ${what}: ${fg} on ${bg} is ${r.toFixed(2)}:1`)
      }
    }
    expect(fails).toEqual([])
  })
})

// Bootstrap 5.3's dark backgrounds: the page and cards (body), grey panels
// (tertiary, secondary) and the waiting row (warning-bg-subtle).
const DARK_BODY = '#212529'
const DARK_TERTIARY = '#2b3035'
const DARK_SECONDARY = '#343a40'
const DARK_WAITING_ROW = '#332701'

// Bootstrap's theme colours as text (links, .text-*, outline buttons), darker or
// lighter per theme (style.css --iescp-<name>-text).
const THEME_TEXTS = ['primary', 'success', 'danger', 'info', 'secondary']

describe('theme colours as text', () => {
  it('passes AA on every light background', () => {
    const fails = []
    for (const k of THEME_TEXTS) {
      const fg = cssVar(`--iescp-${k}-text`)
      for (const bg of [WHITE, PAGE, GREY_PANEL, WAITING_ROW]) {
        if (contrast(fg, bg) < AA) fails.push(`${k}: ${fg} on ${bg} is ${contrast(fg, bg).toFixed(2)}:1`)
      }
    }
    expect(fails).toEqual([])
    expect(cssVar('--bs-link-color')).toBe(cssVar('--iescp-primary-text'))
    expect(CSS).toMatch(/\.btn-outline-primary\s*\{\s*--bs-btn-color:\s*var\(--iescp-primary-text\)/)
  })
})

describe('dark theme', () => {
  it('declares every status text colour of status.js in the dark block', () => {
    expect(DARK_CSS).not.toBe('')
    for (const s of [...Object.keys(STATUS_PALETTE), 'unknown']) {
      expect(darkVar(`--iescp-status-${s}-text`), s).toBe(DARK_TEXT[s])
    }
  })

  it('passes AA for status words, secondary text and stars on every dark background', () => {
    const fails = []
    const texts = { ...DARK_TEXT, muted: darkVar('--iescp-muted'), star: darkVar('--iescp-star') }
    for (const k of THEME_TEXTS) texts[k] = darkVar(`--iescp-${k}-text`)
    for (const [what, fg] of Object.entries(texts)) {
      for (const bg of [DARK_BODY, DARK_TERTIARY, DARK_SECONDARY, DARK_WAITING_ROW]) {
        const r = contrast(fg, bg)
        if (r < AA) fails.push(`${what}: ${fg} on ${bg} is ${r.toFixed(2)}:1`)
      }
    }
    expect(fails).toEqual([])
    const [r, g, b] = darkVar('--bs-secondary-color-rgb').split(',').map((x) => Number(x).toString(16).padStart(2, '0'))
    expect(`#${r}${g}${b}`).toBe(darkVar('--iescp-muted'))
  })

  it('draws a focus ring 3:1 against the page in both themes', () => {
    expect(contrast(cssVar('--iescp-focus'), WHITE)).toBeGreaterThanOrEqual(3)
    expect(contrast(cssVar('--iescp-focus'), PAGE)).toBeGreaterThanOrEqual(3)
    expect(contrast(darkVar('--iescp-focus'), DARK_BODY)).toBeGreaterThanOrEqual(3)
    expect(contrast(darkVar('--iescp-focus'), DARK_TERTIARY)).toBeGreaterThanOrEqual(3)
    expect(CSS).toMatch(/:focus-visible[^{]*\{\s*outline:\s*3px solid var\(--iescp-focus\)/)
  })
})

describe('app-wide text colours', () => {
  it('passes AA for secondary text, stars and the selected row', () => {
    const muted = cssVar('--iescp-muted')
    const star = cssVar('--iescp-star')
    const pairs = [
      ['muted on white', muted, WHITE],
      ['muted on the page', muted, PAGE],
      ['muted on a grey panel', muted, GREY_PANEL],
      ['muted on a waiting row', muted, WAITING_ROW],
      ['stars on white', star, WHITE],
      ['stars on the page', star, PAGE],
      ['white on the selected row', WHITE, cssVar('--iescp-selected')],
    ]
    const fails = pairs.filter(([, fg, bg]) => contrast(fg, bg) < AA).map(([w, fg, bg]) => `${w}: ${contrast(fg, bg).toFixed(2)}:1`)
    expect(fails).toEqual([])
  })

  it('wires those colours into Bootstrap', () => {
    expect(cssVar('--bs-secondary-color')).toBe(cssVar('--iescp-muted'))
    const [r, g, b] = cssVar('--bs-secondary-color-rgb').split(',').map((x) => Number(x).toString(16).padStart(2, '0'))
    expect(`#${r}${g}${b}`).toBe(cssVar('--iescp-muted'))
    expect(CSS).toMatch(/\.text-warning\s*\{\s*color:\s*var\(--iescp-star\)\s*!important/)
    expect(CSS).toMatch(/\.text-secondary\s*\{\s*color:\s*var\(--iescp-muted\)\s*!important/)
    expect(CSS).toMatch(/--bs-list-group-active-bg:\s*var\(--iescp-selected\)/)
  })
})

describe('StatusBadge', () => {
  it('wears the palette class and the label of a campaign status', () => {
    const w = mount(StatusBadge, { props: { kind: 'status', value: 'active' } })
    expect(w.classes()).toEqual(expect.arrayContaining(['badge', 'status-badge', 'status-active']))
    expect(w.text()).toBe('Active')
    expect(w.find('i.bi-play-circle').exists()).toBe(true)
  })
  it('labels an ad-request status from adRequests.status', () => {
    const w = mount(StatusBadge, { props: { kind: 'adRequest', value: 'withdrawn' } })
    expect(w.classes()).toContain('status-withdrawn')
    expect(w.text()).toBe('Withdrawn')
  })
  it('marks a provisional status in words as well as looks', () => {
    const w = mount(StatusBadge, { props: { kind: 'adRequest', value: 'accepted', provisional: true } })
    expect(w.classes()).toEqual(expect.arrayContaining(['status-accepted', 'status-provisional']))
    expect(w.text()).toContain('Accepted')
    expect(w.find('.visually-hidden').text()).toContain('Not synced yet')
  })
  it('falls back for an unknown status and keeps visibility badges', () => {
    expect(statusClass('weird')).toBe('status-unknown')
    const w = mount(StatusBadge, { props: { kind: 'status', value: 'weird' } })
    expect(w.classes()).toContain('status-unknown')
    expect(w.text()).toBe('weird')
    const v = mount(StatusBadge, { props: { kind: 'visibility', value: 'private' } })
    expect(v.classes()).toContain('text-bg-warning')
    expect(v.text()).toBe('Private')
  })
})
