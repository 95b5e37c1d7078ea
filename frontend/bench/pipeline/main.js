// The campaign pipeline's render benchmark page (bench/pipeline-render.mjs drives it):
// the real PipelineBoard.vue, with the real styles, router, store and i18n, over a
// stand-in for the Go bindings that answers a board of 500 creators. It records
// when the cards are first painted and when all 500 are, from the moment the board
// is mounted on a loaded page (the data arrives in the same task: the query's own
// time is Go's BenchmarkPipeline500).
import { createApp } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import 'bootstrap/dist/css/bootstrap.min.css'
import 'bootstrap-icons/font/bootstrap-icons.css'
import '../../src/style.css'
import { makeRouter } from '../../src/router.js'
import { i18n } from '../../src/i18n/index.js'
// The board under test: src/components/pipeline/PipelineBoard.vue unless
// PIPELINE_BOARD names another (bench/page.mjs).
import PipelineBoard from '@pipeline-board'
import { STAGES } from '../../src/api/pipeline.js'
import { warmUp } from './warmup.js'

const N = 500
const ACTIONS = { shortlisted: ['invite', 'invited'], invited: ['withdraw', 'declined'], negotiating: ['withdraw', 'declined'] }
const TIERS = ['nano', 'micro', 'mid', 'macro', 'mega']
const cards = Array.from({ length: N }, (_, i) => {
  const stage = STAGES[i % STAGES.length]
  return {
    influencer_id: `b${i}`, name: `Creator ${i}`, initials: 'C', category: 'tech', niche: 'phones', reach: 1000 + i * 997,
    size_tier: TIERS[i % 5], er: i % 9 ? 0.01 + (i % 50) / 1000 : null, amount_cents: stage === 'shortlisted' ? 0 : 10000 + i,
    request_id: stage === 'shortlisted' ? '' : `r${i}`, status: '', stage, last_activity: '2026-11-15T09:00:00Z',
    last_actor: 'Dana Reyes', last_actor_role: 'sponsor', action: ACTIONS[stage]?.[0] ?? '', action_to: ACTIONS[stage]?.[1] ?? '',
  }
})
const board = {
  campaign_id: 'c1', campaign_name: 'Phone launch', campaign_status: 'active', can_act: true, total: N,
  columns: STAGES.map((stage) => {
    const cs = cards.filter((c) => c.stage === stage)
    return { stage, count: cs.length, amount_cents: cs.reduce((s, c) => s + c.amount_cents, 0), action: '', cards: cs }
  }),
}

// The Wails bridge: every bound method answers null but the board's; no events.
const nothing = () => () => {}
window.runtime = new Proxy({}, { get: () => nothing })
window.go = { desktop: new Proxy({}, {
  get: (_, service) => new Proxy({}, {
    get: (__, method) => () => Promise.resolve(service === 'PipelineService' && method === 'Get' ? structuredClone(board) : null),
  }),
}) }

const pinia = createPinia()
setActivePinia(pinia)
const router = makeRouter(createMemoryHistory())
await router.push('/campaigns/c1')
const count = () => document.querySelectorAll('[data-test="pipeline-card"]').length
const result = {}
const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
// The page itself first: loaded, its fonts ready, two frames drawn. What is timed is
// the board's own work (mount, the data, the cards' render, style, layout, paint), not
// the browser's start.
await new Promise((resolve) => (document.readyState === 'complete' ? resolve() : addEventListener('load', resolve, { once: true })))
await document.fonts.ready
await frames()
// ?warm= says what ran before the board, as in the app or not:
//   cold  nothing: a fresh page (Vue, vue-i18n's message compiler, the fonts all start
//         cold — in the app the board is never the first thing drawn);
//   app   (the default) a screen drawn first with the app's Vue, i18n and styles
//         (warmup.js): a campaign's pipeline opened for the first time;
//   again the board itself drawn and taken away first: the pipeline opened again.
const warm = new URLSearchParams(location.search).get('warm') ?? 'app'
if (warm === 'app') await warmUp([pinia, router, i18n])
if (warm === 'again') {
  const el = document.body.appendChild(document.createElement('div'))
  const again = createApp(PipelineBoard, { campaignId: 'c1' }).use(pinia).use(router).use(i18n)
  again.mount(el)
  while (el.querySelectorAll('[data-test="pipeline-card"]').length < N) await frames()
  again.unmount()
  el.remove()
}
// A task of its own after the frame, not the frame's rAF callback: in the app the board
// mounts from an event (a click, the campaign's data arriving), and mounting inside a
// frame's callbacks would draw the cards in that same frame, unseen by frame() below.
const after = (fn) => {
  const ch = new MessageChannel()
  ch.port1.onmessage = fn
  ch.port2.postMessage(0)
}
await frames()
await new Promise((resolve) => after(resolve))
// ?hold: wait for the driver (pipeline-trace.mjs starts its trace, then calls __start).
if (new URLSearchParams(location.search).has('hold')) await new Promise((resolve) => (window.__start = resolve))
// Long tasks (over 50 ms) after the first frame: how long the page could not answer a
// key while the rest of the cards were drawn.
const longTasks = []
const longTaskObserver = new PerformanceObserver((l) => longTasks.push(...l.getEntries()))
longTaskObserver.observe({ type: 'longtask' })
const app = createApp(PipelineBoard, { campaignId: 'c1' })
app.use(pinia).use(router).use(i18n)
performance.mark('board-mount')
const t0 = performance.now()
app.mount('#app')
// Each frame: are cards in the document as it is drawn? The frame is drawn (style,
// layout, paint, in the same task as the rAF callbacks) before any task queued from
// them runs, so a message posted here arrives once that frame is painted: the first
// such frame is the first paint with cards; the one with all of them, the full board.
function frame() {
  const n = count()
  if (n > 0 && result.cardsInDom === undefined) {
    result.cardsInDom = performance.now() - t0
    performance.mark('first-cards-frame')
    after(() => {
      result.firstPaint = performance.now() - t0
      performance.mark('first-cards-painted')
    })
  }
  if (n >= N) {
    after(() => {
      result.allPainted = performance.now() - t0
      result.cards = n
      performance.mark('all-cards-painted')
      // The observer's entries arrive a little after their tasks end.
      setTimeout(() => {
        const after = longTasks.filter((e) => e.startTime >= t0 + result.firstPaint)
        result.longestAfter = Math.max(0, ...after.map((e) => e.duration))
        longTaskObserver.disconnect()
        window.__result = result
      }, 200)
    })
    return
  }
  requestAnimationFrame(frame)
}
requestAnimationFrame(frame)
