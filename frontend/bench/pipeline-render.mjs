// The pipeline's render benchmark in a real browser (issue 13: "the pipeline of a
// campaign with 500 creators must render in under 100 ms"). Builds bench/pipeline
// (the real PipelineBoard.vue over 500 creators) with Vite, serves it on a free
// loopback port, and opens it RUNS times in Debian's Chromium (playwright-core, no
// download), each in a fresh page: from mounting the board to the first frame
// painted with cards (the task after that frame's paint), and to the frame with all 500;
// and the longest task between the two (the page deaf to keys meanwhile). Prints the medians and the
// worst; docs/benchmarks.md records them with the machine. Asserts nothing.
// Three ways in (bench/pipeline/main.js, ?warm=): app, the board's first opening in the
// app (Vue, vue-i18n and the fonts warm from a screen drawn before); cold, a fresh page;
// again, the board opened a second time.
//   node frontend/bench/pipeline-render.mjs [runs] [app,cold,again]     (make bench-ui)
import os from 'node:os'
import { openBench, pageErrors, result } from './page.mjs'

const runs = Number(process.argv[2] ?? 15)
const modes = process.argv[3] ? process.argv[3].split(',') : ['app', 'cold', 'again']
const { browser, url, close } = await openBench()
const figures = {}
try {
  for (const mode of modes) {
    const f = (figures[mode] = { dom: [], first: [], all: [], longest: [] })
    for (let i = 0; i < runs + 1; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      const errors = pageErrors(page)
      await page.goto(`${url}?warm=${mode}`)
      const r = await result(page, errors)
      await page.close()
      if (r.cards !== 500) throw new Error(`the board drew ${r.cards} cards, want 500`)
      if (i === 0) continue // the first page warms the browser's caches
      f.dom.push(r.cardsInDom)
      f.first.push(r.firstPaint)
      f.all.push(r.allPainted)
      f.longest.push(r.longestAfter)
    }
  }
} finally {
  await close()
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms, worst ${Math.max(...xs).toFixed(0)} ms`
const says = { app: 'first open in the app (Vue, i18n, fonts warm)', cold: 'a fresh page (nothing warm)', again: 'opened again (the board drawn before)' }
console.log(`pipeline of 500 creators, ${runs} runs each, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores:`)
for (const [mode, f] of Object.entries(figures)) {
  console.log(`  ${mode}: ${says[mode] ?? mode}`)
  console.log(`    frame with cards begins (script done): ${fmt(f.dom)}`)
  console.log(`    first frame with cards painted:         ${fmt(f.first)}`)
  console.log(`    all 500 cards painted:                  ${fmt(f.all)}`)
  console.log(`    longest task after the first frame:     ${fmt(f.longest)}`)
}
