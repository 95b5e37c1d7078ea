// Helpers for the end-to-end run (scripts/e2e.sh starts everything, journey.mjs
// drives it): polling expectations over Playwright locators, the sync server's
// stop and restart, and a TCP link that stands for one desktop's network.
import fs from 'node:fs'
import net from 'node:net'
import { spawn } from 'node:child_process'

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** The value of a variable scripts/e2e.sh exports; missing is a usage error. */
export function env(name) {
  const v = process.env[name]
  if (!v) throw new Error(`${name} is not set: run this through scripts/e2e.sh`)
  return v
}

/**
 * Polls fn until it returns a truthy value; throws after timeout ms with what
 * fn saw last (its `seen` callback result), so a failure says why.
 */
export async function poll(what, fn, { timeout = 30_000, interval = 250, seen } = {}) {
  const deadline = Date.now() + timeout
  let lastError = null
  for (;;) {
    try {
      const v = await fn()
      if (v) return v
      lastError = null
    } catch (err) {
      lastError = err
    }
    if (Date.now() > deadline) {
      let detail = lastError ? `: ${lastError.message.split('\n')[0]}` : ''
      if (seen) {
        try {
          detail += `; saw: ${JSON.stringify(await seen())}`
        } catch {
          // nothing to add
        }
      }
      throw new Error(`timed out after ${Math.round(timeout / 1000)} s waiting for ${what}${detail}`)
    }
    await sleep(interval)
  }
}

/**
 * Waits until the page has settled: its fonts loaded, nothing in the main pane
 * says it is loading (a spinner, a placeholder, aria-busy), and the DOM unchanged
 * for `frames` animation frames in a row (the replica's late rows and the charts,
 * which draw without animating, are in by then). Counted in the page's frames, not
 * in time: a busy machine only makes it take longer.
 */
export async function screenSettled(page, { frames = 5, timeout = 30_000 } = {}) {
  await page.evaluate(() => document.fonts.ready.then(() => true))
  await poll('the screen to settle', () => page.evaluate((want) => new Promise((resolve) => {
    let quiet = 0
    let seen = 0
    const obs = new MutationObserver(() => { quiet = 0 })
    obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
    const tick = () => {
      const busy = document.querySelector('main :is(.spinner-border, .spinner-grow, .placeholder-glow, [aria-busy="true"])')
      quiet = busy ? 0 : quiet + 1
      if (quiet >= want || ++seen >= 120) {
        obs.disconnect()
        resolve(quiet >= want)
      } else {
        requestAnimationFrame(tick)
      }
    }
    requestAnimationFrame(tick)
  }), frames), { timeout, interval: 0 })
}

/** The visible text of the first element of a locator, whitespace collapsed ('' when absent). */
export async function textOf(locator) {
  if ((await locator.count()) === 0) return ''
  return (await locator.first().innerText({ timeout: 2_000 })).replace(/\s+/g, ' ').trim()
}

/** Waits until the locator's text matches re; returns the text. */
export async function expectText(locator, re, { timeout = 30_000, what } = {}) {
  return poll(what ?? `text ${re} in ${locator}`, async () => {
    const text = await textOf(locator)
    return re.test(text) ? text || true : false
  }, { timeout, seen: () => textOf(locator) })
}

/** Checks, now, that the locator's text does not match re. */
export async function expectNoText(locator, re, what) {
  const text = await textOf(locator)
  if (re.test(text)) throw new Error(`${what ?? locator}: did not expect ${re}, saw: ${JSON.stringify(text)}`)
}

/** Waits until the locator matches no element. */
export async function expectGone(locator, { timeout = 30_000, what } = {}) {
  return poll(what ?? `${locator} to go away`, async () => (await locator.count()) === 0, {
    timeout,
    seen: () => textOf(locator),
  })
}

async function healthy(url) {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) })
    return res.ok
  } catch {
    return false
  }
}

/** True while something accepts TCP connections on 127.0.0.1:port. */
function listening(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port })
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}

/** Whether a process runs (a zombie does not: it has exited, only its parent has not reaped it). */
function running(pid) {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

/**
 * The local sync server scripts/e2e.sh started. stop() ends it (by the pid in
 * pidFile); start() runs it again on the same address and database, and writes
 * the new pid to pidFile so that e2e.sh's cleanup stops it.
 */
export class SyncServer {
  constructor({ bin, db, port, pidFile, logFile }) {
    Object.assign(this, { bin, db, port, pidFile, logFile })
    this.url = `http://127.0.0.1:${port}`
  }

  pid() {
    return Number(fs.readFileSync(this.pidFile, 'utf8').trim())
  }

  async stop() {
    const pid = this.pid()
    process.kill(pid, 'SIGTERM')
    await poll(`the sync server (pid ${pid}) to exit`, async () => !running(pid) && !(await listening(this.port)), { timeout: 20_000 })
  }

  async start() {
    const log = fs.openSync(this.logFile, 'a')
    const child = spawn(this.bin, ['serve', '--addr', `127.0.0.1:${this.port}`, '--db', this.db], { stdio: ['ignore', log, log] })
    fs.closeSync(log)
    let exited = null
    child.once('exit', (code, signal) => {
      exited = { code, signal }
    })
    fs.writeFileSync(this.pidFile, `${child.pid}\n`)
    child.unref()
    await poll('the sync server to answer /healthz again', async () => {
      if (exited) throw new Error(`the sync server exited (${JSON.stringify(exited)}); see ${this.logFile}`)
      return healthy(this.url)
    }, { timeout: 30_000 })
  }
}

/**
 * A TCP relay from 127.0.0.1:listenPort to the sync server: one desktop's network
 * link. down() refuses new connections and cuts the open ones (the desktop is
 * offline while the server keeps serving the others); up() reconnects it.
 */
export class Link {
  constructor(listenPort, targetPort) {
    this.listenPort = listenPort
    this.targetPort = targetPort
    this.server = null
    this.sockets = new Set()
  }

  up() {
    if (this.server) return Promise.resolve()
    const server = net.createServer((client) => {
      const upstream = net.connect({ host: '127.0.0.1', port: this.targetPort })
      const pair = [client, upstream]
      const end = () => pair.forEach((s) => {
        s.destroy()
        this.sockets.delete(s)
      })
      for (const s of pair) {
        this.sockets.add(s)
        s.on('error', end)
        s.on('close', end)
      }
      client.pipe(upstream)
      upstream.pipe(client)
    })
    this.server = server
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.listenPort, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  }

  down() {
    const server = this.server
    this.server = null
    if (!server) return Promise.resolve()
    return new Promise((resolve) => {
      server.close(() => resolve())
      for (const s of this.sockets) s.destroy()
      this.sockets.clear()
    })
  }
}
