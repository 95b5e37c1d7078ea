// The pipeline's render benchmark in a real browser (issue 13: "the pipeline of a
// campaign with 500 creators must render in under 100 ms"). Builds bench/pipeline
// (the real PipelineBoard.vue over 500 creators) with Vite, serves it on a free
// loopback port, and opens it RUNS times in Debian's Chromium (playwright-core, no
// download), each in a fresh page: from mounting the board to the first frame
// painted with cards, and to the frame with all 500. Prints the medians and the
// worst; docs/benchmarks.md records them with the machine. Asserts nothing.
//   node frontend/bench/pipeline-render.mjs [runs]     (make bench-ui)
import os from 'node:os'
import { openBench, pageErrors, result } from './page.mjs'

const runs = Number(process.argv[2] ?? 15)
const { browser, url, close } = await openBench()
const first = []
const all = []
try {
  for (let i = 0; i < runs + 1; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const errors = pageErrors(page)
    await page.goto(url)
    const r = await result(page, errors)
    await page.close()
    if (r.cards !== 500) throw new Error(`the board drew ${r.cards} cards, want 500`)
    if (i === 0) continue // the first page warms the browser's caches
    first.push(r.firstPaint)
    all.push(r.allPainted)
  }
} finally {
  await close()
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (x) => `${x.toFixed(0)} ms`
console.log(`pipeline of 500 creators, ${runs} runs, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores:`)
console.log(`  first frame with cards: median ${fmt(median(first))}, worst ${fmt(Math.max(...first))}`)
console.log(`  all 500 cards painted:  median ${fmt(median(all))}, worst ${fmt(Math.max(...all))}`)
