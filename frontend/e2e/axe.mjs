// The accessibility gate of the end-to-end tour (issue 15, item 3): axe-core runs
// the WCAG 2.1 A and AA rules on every screen the tour visits, in both colour
// schemes. Every finding (all impacts) goes to $E2E_ARTIFACTS/axe.json; a serious
// or critical one fails the run, printed with its rule, element and help page.
import fs from 'node:fs'
import path from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'

export const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const BLOCKING = new Set(['serious', 'critical'])

/** What axe found on the screens checked so far; write() saves it, failures() says what blocks. */
export class AxeLog {
  constructor(file) {
    this.file = file
    this.screens = [] // { screen, theme, width, url, violations: [...], incomplete: [...], passes: n }
  }

  /**
   * Runs the rules on the page as it is now and records the result under `screen`
   * (a name like "sponsor-dashboard-1280"). Returns the blocking violations found.
   */
  async check(page, screen) {
    const theme = await page.evaluate(() => document.documentElement.getAttribute('data-bs-theme') || 'light')
    const width = page.viewportSize()?.width ?? 0
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze()
    const violations = results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, impact: n.impact, summary: n.failureSummary, html: n.html.slice(0, 300) })),
    }))
    // What axe could not decide (text over an image or a gradient, mostly): for a person to look at.
    const incomplete = results.incomplete.map((v) => ({ id: v.id, nodes: v.nodes.length, targets: v.nodes.slice(0, 5).map((n) => n.target) }))
    this.screens.push({ screen, theme, width, url: page.url(), violations, incomplete, passes: results.passes.length })
    const blocking = violations.filter((v) => BLOCKING.has(v.impact))
    const n = blocking.reduce((s, v) => s + v.nodes.length, 0)
    if (n) console.log(`e2e:   axe: ${screen} (${theme}): ${n} serious or critical (${blocking.map((v) => v.id).join(', ')})`)
    return blocking
  }

  /** Every serious or critical finding, one per rule and element, with the screens it is on. */
  failures() {
    const seen = new Map()
    for (const s of this.screens) {
      for (const v of s.violations) {
        if (!BLOCKING.has(v.impact)) continue
        for (const n of v.nodes) {
          const key = `${v.id} ${JSON.stringify(n.target)}`
          if (!seen.has(key)) seen.set(key, { rule: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, target: n.target.join(' '), summary: n.summary, screens: [] })
          seen.get(key).screens.push(`${s.screen} (${s.theme})`)
        }
      }
    }
    return [...seen.values()]
  }

  /** A readable list of failures() for the log. */
  report() {
    return this.failures().map((f) =>
      `[${f.impact}] ${f.rule}: ${f.help}\n    target: ${f.target}\n    help: ${f.helpUrl}\n    ${(f.summary ?? '').replace(/\n\s*/g, ' / ')}\n    on ${f.screens.length} screen(s): ${f.screens.slice(0, 6).join(', ')}${f.screens.length > 6 ? ', …' : ''}`,
    ).join('\n  ')
  }

  write() {
    fs.mkdirSync(path.dirname(this.file), { recursive: true })
    const counts = {}
    for (const s of this.screens) for (const v of s.violations) counts[v.impact] = (counts[v.impact] ?? 0) + v.nodes.length
    fs.writeFileSync(this.file, JSON.stringify({ tags: TAGS, screens: this.screens.length, counts, results: this.screens }, null, 2))
  }
}
