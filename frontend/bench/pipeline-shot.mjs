// Screenshots of the benchmark page's board (the real PipelineBoard.vue over 500
// creators) at 1280x800 and 800x800, after all cards are drawn, to look at a change to
// the board without building the app; then with every column scrolled to its end. The app's own screens: scripts/e2e.sh.
//   node frontend/bench/pipeline-shot.mjs OUTDIR
import fs from 'node:fs'
import path from 'node:path'
import { openBench, pageErrors, result } from './page.mjs'

const dir = process.argv[2] ?? 'build/test-artifacts/pipeline'
fs.mkdirSync(dir, { recursive: true })
const { browser, url, close } = await openBench()
try {
  for (const width of [1280, 800]) {
    const page = await browser.newPage({ viewport: { width, height: 800 } })
    const errors = pageErrors(page)
    await page.addInitScript(() => addEventListener('DOMContentLoaded', () => (document.getElementById('app').style.width = 'auto')))
    await page.goto(`${url}?warm=cold`)
    await result(page, errors)
    // A card with the tab stop, as a keyboard user sees it.
    await page.locator('[data-test="pipeline-card"][tabindex="0"]').focus()
    await page.keyboard.press('ArrowDown')
    const file = path.join(dir, `pipeline-${width}.png`)
    await page.screenshot({ path: file })
    console.log(file)
    // The bottom of each column: the cards drawn after the first frame, scrolled to.
    await page.locator('[data-test="pipeline-card"][tabindex="0"]').press('End')
    await page.evaluate(() => document.querySelectorAll('[data-test="pipeline-column"]').forEach((c) => (c.scrollTop = c.scrollHeight)))
    const bottom = path.join(dir, `pipeline-${width}-bottom.png`)
    await page.screenshot({ path: bottom })
    console.log(bottom)
    await page.close()
  }
} finally {
  await close()
}
