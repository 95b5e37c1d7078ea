// Where the pipeline's first frame goes: one DevTools performance trace and one CPU
// profile of the benchmark page (bench/pipeline, the real board over 500 creators) in
// Debian's Chromium, headless, software raster. The page waits (?hold) until the
// trace and the profiler run, then mounts the board; this prints, between the mount
// and the first frame drawn with cards:
//   - the renderer main thread's tasks and what is inside them (script, style recalc,
//     layout, pre-paint, paint, commit), with their wall time;
//   - the raster and compositor threads' work until that frame was presented;
//   - the JavaScript functions with the most self time (sampled every 100 µs).
// It asserts nothing; docs/benchmarks.md ("Campaign pipeline") reads it.
//   node frontend/bench/pipeline-trace.mjs [runs] [--warm app|cold|again] [--save trace.json]
import fs from 'node:fs'
import os from 'node:os'
import { openBench, pageErrors, result } from './page.mjs'

const args = process.argv.slice(2)
const saveAt = args.indexOf('--save')
const save = saveAt >= 0 ? args.splice(saveAt, 2)[1] : ''
const warmAt = args.indexOf('--warm')
const warm = warmAt >= 0 ? args.splice(warmAt, 2)[1] : 'app'
const runs = Number(args[0] ?? 3)

const CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame',
  'blink.user_timing', 'v8.execute', 'toplevel', 'cc', 'viz', 'benchmark', 'blink',
].join(',')

// Which kind of work a trace event is (DevTools' own grouping, roughly).
const KIND = {
  FunctionCall: 'script', EvaluateScript: 'script', 'v8.run': 'script', TimerFire: 'script', FireAnimationFrame: 'script',
  'V8.Execute': 'script', RunMicrotasks: 'script', EventDispatch: 'script', 'v8.callFunction': 'script', MinorGC: 'gc', MajorGC: 'gc',
  'V8.GC_SCAVENGER': 'gc', 'V8.GCScavenger': 'gc', 'V8.GCFinalizeMC': 'gc', BlinkGC: 'gc',
  UpdateLayoutTree: 'style', RecalculateStyles: 'style', ParseAuthorStyleSheet: 'style',
  Layout: 'layout', UpdateLayerTree: 'layout',
  PrePaint: 'paint', Paint: 'paint', PaintImage: 'paint', Layerize: 'paint', UpdateLayer: 'paint',
  Commit: 'commit', 'ProxyMain::BeginMainFrame::commit': 'commit',
}

async function traceOnce(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const errors = pageErrors(page)
  await page.goto(`${url}?hold&warm=${warm}`)
  await page.waitForFunction(() => window.__start)
  const cdp = await page.context().newCDPSession(page)
  const events = []
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value))
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve))
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' })
  await cdp.send('Profiler.start')
  await page.evaluate(() => window.__start())
  const r = await result(page, errors)
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  const { profile } = await cdp.send('Profiler.stop')
  await cdp.send('Tracing.end')
  await done
  await page.close()
  return { r, events, profile }
}

function analyse({ r, events, profile }, print) {
  const mark = (name) => events.find((e) => e.name === name && e.cat.includes('blink.user_timing'))
  const m0 = mark('board-mount')
  const m1 = mark('first-cards-frame')
  if (!m0 || !m1) throw new Error('the trace holds no board-mount / first-cards-frame marks')
  const pid = m0.pid
  const threads = new Map()
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name)
  const main = [...threads].find(([k, v]) => v === 'CrRendererMain' && k.startsWith(`${pid}:`))?.[0]
  const onMain = (e) => `${e.pid}:${e.tid}` === main
  // The frame with cards: the first Paint on the main thread after the mark, and the
  // compositor's presentation of it after that.
  const xs = events.filter((e) => e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts)
  const paint = xs.find((e) => onMain(e) && e.name === 'Paint' && e.ts >= m1.ts)
  const paintEnd = paint ? paint.ts + paint.dur : m1.ts
  const presented = events.filter((e) => e.pid === pid && /PipelineReporter|Graphics.Pipeline|DrawFrame|Display::DrawAndSwap/.test(e.name) && e.ts >= paintEnd)
    .sort((a, b) => a.ts - b.ts)[0]
  const end = presented ? presented.ts + (presented.dur ?? 0) : paintEnd
  const ms = (us) => (us / 1000).toFixed(1)

  // The main thread's time in the window by kind, counting each event's self time.
  const mains = xs.filter((e) => onMain(e) && e.ts < end && e.ts + e.dur > m0.ts)
  const self = new Map()
  const stack = []
  for (const e of mains) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop()
    const parent = stack.at(-1)
    const kind = KIND[e.name] ?? (parent?.kind ?? 'other')
    e.kind = kind
    const clip = Math.min(e.ts + e.dur, end) - Math.max(e.ts, m0.ts)
    self.set(kind, (self.get(kind) ?? 0) + clip)
    if (parent) self.set(parent.kind, self.get(parent.kind) - clip)
    stack.push(e)
  }
  const raster = xs.filter((e) => e.pid === pid && !onMain(e) && /RasterTask|TileManager|PaintOpBuffer|Rasterize/.test(e.name) && e.ts < end && e.ts >= m0.ts)
    .reduce((s, e) => s + e.dur, 0)
  const out = {
    bench: r.firstPaint, dom: r.cardsInDom, toRaf: (m1.ts - m0.ts) / 1000, toPaintEnd: (paintEnd - m0.ts) / 1000, toPresented: (end - m0.ts) / 1000,
    kinds: Object.fromEntries([...self].map(([k, v]) => [k, v / 1000])), raster: raster / 1000,
  }
  if (!print) return out
  console.log(`\nbench's figures: cards in the DOM ${r.cardsInDom.toFixed(1)} ms, first frame painted ${r.firstPaint.toFixed(1)} ms; trace: mount → rAF with cards ${ms(m1.ts - m0.ts)} ms, → its Paint done ${ms(paintEnd - m0.ts)} ms, → presented (${presented?.name ?? 'none found'}) ${ms(end - m0.ts)} ms`)
  console.log('main thread, self time by kind in that window:', [...self].filter(([, v]) => v > 50).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${ms(v)}`).join(', '))
  console.log(`raster/tile work off the main thread in that window: ${ms(raster)} ms`)
  console.log('main-thread events ≥ 1 ms (start from mount, duration), nested:')
  const depth = []
  for (const e of mains) {
    while (depth.length && depth.at(-1) <= e.ts) depth.pop()
    if (e.dur >= 1000 && depth.length < 5) console.log(`${'  '.repeat(depth.length + 1)}${ms(e.ts - m0.ts).padStart(7)} +${ms(e.dur).padStart(6)}  ${e.name}${e.args?.data?.url ? '' : ''}${e.args?.beginData?.frame ? '' : ''}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ''}`)
    depth.push(e.ts + e.dur)
  }
  // The profile: self time per function in the window (profile times share the trace's clock).
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const selfFn = new Map()
  let t = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]
    const dt = profile.timeDeltas[i + 1] ?? 0
    if (t < m0.ts || t > end) continue
    const f = nodes.get(profile.samples[i]).callFrame
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`
    selfFn.set(key, (selfFn.get(key) ?? 0) + dt)
  }
  console.log('JavaScript self time in that window (sampled), top 25:')
  for (const [k, v] of [...selfFn].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms(v).padStart(6)} ms  ${k}`)
  return out
}

const { browser, url, close } = await openBench({ minify: false })
const all = []
try {
  await traceOnce(browser, url) // warms the browser's caches
  for (let i = 0; i < runs; i++) {
    const run = await traceOnce(browser, url)
    all.push(analyse(run, i === runs - 1))
    if (save && i === runs - 1) fs.writeFileSync(save, JSON.stringify({ traceEvents: run.events }))
  }
} finally {
  await close()
}
console.log(`\n${runs} traced runs (--warm ${warm}), load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores (mount → …, ms):`)
for (const a of all) {
  console.log(`  rAF ${a.toRaf.toFixed(0)}, paint done ${a.toPaintEnd.toFixed(0)}, presented ${a.toPresented.toFixed(0)};`,
    Object.entries(a.kinds).filter(([, v]) => v > 0.05).sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', '), `; raster ${a.raster.toFixed(1)}`)
}
