// The pipeline's render benchmark in a real browser (issue 13: "the pipeline of a
// campaign with 500 creators must render in under 100 ms"). Builds bench/pipeline
// (the real PipelineBoard.vue over 500 creators) with Vite, serves it on a free
// loopback port, and opens it RUNS times in Debian's Chromium (playwright-core, no
// download), each in a fresh page: from mounting the board to the first frame
// painted with cards, and to the frame with all 500. Prints the medians and the
// worst; docs/benchmarks.md records them with the machine. Asserts nothing.
//   node frontend/bench/pipeline-render.mjs [runs]     (make bench-ui)
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import vue from '@vitejs/plugin-vue'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
const runs = Number(process.argv[2] ?? 15)
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'iescp-bench-'))
await build({ configFile: false, root: path.join(here, 'pipeline'), base: './', plugins: [vue()], logLevel: 'error',
  build: { outDir: out, emptyOutDir: true } })

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff' }
const server = http.createServer((req, res) => {
  const file = path.join(out, decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html')
  if (!file.startsWith(out) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404).end()
    return
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' })
  fs.createReadStream(file).pipe(res)
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${server.address().port}/index.html`

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
const first = []
const all = []
try {
  for (let i = 0; i < runs + 1; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const errors = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await page.goto(url)
    const r = await page.waitForFunction(() => window.__result, null, { timeout: 60_000 }).then((h) => h.jsonValue())
      .catch((e) => { throw new Error(`${e.message}; the page said: ${errors.join(' | ') || 'nothing'}`) })
    await page.close()
    if (r.cards !== 500) throw new Error(`the board drew ${r.cards} cards, want 500`)
    if (i === 0) continue // the first page warms the browser's caches
    first.push(r.firstPaint)
    all.push(r.allPainted)
  }
} finally {
  await browser.close()
  server.close()
  fs.rmSync(out, { recursive: true, force: true })
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (x) => `${x.toFixed(0)} ms`
console.log(`pipeline of 500 creators, ${runs} runs, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores:`)
console.log(`  first frame with cards: median ${fmt(median(first))}, worst ${fmt(Math.max(...first))}`)
console.log(`  all 500 cards painted:  median ${fmt(median(all))}, worst ${fmt(Math.max(...all))}`)
