// The one Wails mock for every Vitest file (installed by tests/setup.js).
//
// The generated bindings call window.go.desktop.<Service>.<Method>(...) and the runtime
// calls window.runtime.EventsOnMultiple(...). Here both are fakes: every bound method is
// a vi.fn, created on first use (so a service or method added in Go needs no edit here),
// resolving to a harmless default from DEFAULTS; events are kept in a map and fired with
// emit(topic, data).
//
// In a test:  import { go, emit } from './wails.js'
//             const { SessionService } = go
//             SessionService.Current.mockResolvedValue(user)
//             emit('data:changed', { account_id: 'a1', source: 'sync' })
import { vi } from 'vitest'

const page = (size = 25) => ({ items: [], total: 0, page: 1, page_size: size })

/** mutate.CurrentLimits() (SettingsService.Limits serves it as `input`, beside the page sizes). */
export const LIMITS = Object.freeze({
  max_amount: 1_000_000_000_000, max_reach: 10_000_000_000, name_len: 120, short_len: 60, long_len: 5000, text_len: 2000,
  reason_len: 500, min_date_year: 2000, max_date_year: 2100, min_rating: 1, max_rating: 5,
  max_deliverables: 20, max_quantity: 100, draft_len: 5000, max_draft_links: 10, url_len: 2000, auto_accept_days: 5,
})
/** domain.Platforms and domain.ContentTypes (SettingsService.Limits serves them beside the page sizes). */
export const CHOICES = Object.freeze({
  platforms: ['instagram', 'youtube', 'tiktok', 'x', 'other'],
  content_types: ['reel', 'story', 'short', 'long_video', 'post', 'thread'],
})

/** What a method answers until a test says otherwise. */
export const DEFAULTS = {
  SessionService: { Current: () => null, KnownAccounts: () => [] },
  SyncService: { Status: () => ({ state: 'online', pending: 0 }), Issues: () => [] },
  NotificationService: { List: () => ({ items: [], unread: 0 }) },
  CampaignService: { List: () => page() },
  SettingsService: {
    Server: () => ({ server_url: 'http://127.0.0.1:8787', overridden: false, default_url: 'http://127.0.0.1:8787' }),
    Limits: () => ({ input: { ...LIMITS }, default_page_size: 25, max_page_size: 100, search_max_page_size: 50, ...CHOICES }),
  },
}

function makeService(name) {
  const methods = {}
  return new Proxy(methods, {
    get(target, method) {
      if (typeof method !== 'string' || method === 'then') return undefined
      if (!(method in target)) {
        const impl = DEFAULTS[name]?.[method]
        target[method] = vi.fn(impl ? (...args) => Promise.resolve(impl(...args)) : () => Promise.resolve(undefined))
      }
      return target[method]
    },
  })
}

const services = {}
/** go.<Service>.<Method> is the vi.fn the binding calls. */
export const go = new Proxy(services, {
  get(target, name) {
    if (typeof name !== 'string' || name === 'then') return undefined
    target[name] ??= makeService(name)
    return target[name]
  },
})

/** @type {Record<string, Set<Function>>} */
export const listeners = {}

/** Fires a Go event at everything listening to it. */
export function emit(topic, data) {
  for (const cb of [...(listeners[topic] ?? [])]) cb(data)
}

/** How many callbacks listen to a topic now. */
export function listening(topic) {
  return listeners[topic]?.size ?? 0
}

export function resetListeners() {
  for (const k of Object.keys(listeners)) delete listeners[k]
}

export const runtime = {
  EventsOnMultiple: vi.fn((topic, cb) => {
    ;(listeners[topic] ??= new Set()).add(cb)
    return () => listeners[topic]?.delete(cb)
  }),
  EventsOff: vi.fn((...topics) => topics.forEach((t) => delete listeners[t])),
  EventsOffAll: vi.fn(() => resetListeners()),
  EventsEmit: vi.fn((topic, data) => emit(topic, data)),
  BrowserOpenURL: vi.fn(),
  LogPrint: vi.fn(), LogTrace: vi.fn(), LogDebug: vi.fn(), LogInfo: vi.fn(), LogWarning: vi.fn(), LogError: vi.fn(), LogFatal: vi.fn(),
}
