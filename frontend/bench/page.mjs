// The benchmark page, built and served: Vite builds bench/pipeline (the real
// PipelineBoard.vue over 500 creators) into a temporary directory, served on a free
// loopback port, and Debian's Chromium (playwright-core, no download) is launched
// headless with software raster. Used by pipeline-render.mjs (the timings) and
// pipeline-trace.mjs (where the first frame's time goes).
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import vue from '@vitejs/plugin-vue'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff' }

/** Builds and serves the page and opens the browser; close() undoes all three.
 *  minify: false keeps function names readable in a profile. */
export async function openBench({ minify = true } = {}) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'iescp-bench-'))
  // PIPELINE_BOARD=path/to/Other.vue benchmarks another version of the board (a copy of
  // the old one beside the new, for a before/after on the same machine at the same time).
  const board = path.resolve(process.env.PIPELINE_BOARD ?? path.join(here, '../src/components/pipeline/PipelineBoard.vue'))
  await build({ configFile: false, root: path.join(here, 'pipeline'), base: './', plugins: [vue()], logLevel: 'error',
    resolve: { alias: { '@pipeline-board': board } },
    build: { outDir: out, emptyOutDir: true, minify } })
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
  async function close() {
    await browser.close()
    server.close()
    fs.rmSync(out, { recursive: true, force: true })
  }
  return { browser, url, close }
}

/** Waits for the page's result (window.__result), naming the page's own errors on failure. */
export async function result(page, errors) {
  return page.waitForFunction(() => window.__result, null, { timeout: 60_000 }).then((h) => h.jsonValue())
    .catch((e) => { throw new Error(`${e.message}; the page said: ${errors.join(' | ') || 'nothing'}`) })
}

/** Collects a page's errors (uncaught, console.error) into an array. */
export function pageErrors(page) {
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  return errors
}
