// The API layer's core: one signed-out report, limits and the server address
// from Go, sync issues in words with retry, event topics declared once.
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('../wailsjs/runtime/runtime.js', () => ({ EventsOn: vi.fn(() => () => {}) }))
vi.mock('../wailsjs/go/desktop/SessionService.js', () => ({
  SignIn: vi.fn(),
  SignOut: vi.fn(),
  Current: vi.fn(),
  KnownAccounts: vi.fn(),
  Register: vi.fn(),
}))
vi.mock('../wailsjs/go/desktop/SettingsService.js', () => ({ Server: vi.fn(), SetServer: vi.fn(), Limits: vi.fn() }))
vi.mock('../wailsjs/go/desktop/SyncService.js', () => ({
  Status: vi.fn(),
  Issues: vi.fn(),
  Discard: vi.fn(),
  Retry: vi.fn(),
  Resubmit: vi.fn(),
  SyncNow: vi.fn(),
}))

import * as SessionService from '../wailsjs/go/desktop/SessionService.js'
import * as SettingsService from '../wailsjs/go/desktop/SettingsService.js'
import * as SyncService from '../wailsjs/go/desktop/SyncService.js'
import { events, onActionError, onSignedOut, session, settings, sync } from '../src/api/index.js'

const lost = '{"code":"unauthenticated","message":"sign in first"}'
const maya = { account_id: 'a1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved', offline: false }

beforeEach(() => {
  vi.clearAllMocks()
})

describe('the signed-out report', () => {
  it('tells its listeners once per lost session, from reads and actions alike', async () => {
    const seen = vi.fn()
    const toasts = vi.fn()
    const off = onSignedOut(seen)
    const offToasts = onActionError(toasts)
    SessionService.SignIn.mockResolvedValue(maya)
    await session.signIn('maya@brand.test', 'pw') // a session begins

    SyncService.Issues.mockRejectedValue(lost)
    SyncService.Discard.mockRejectedValue(lost)
    await Promise.allSettled([sync.issues(), sync.issues(), sync.discard(1)])
    expect(seen).toHaveBeenCalledTimes(1)
    expect(seen.mock.calls[0][0]).toMatchObject({ code: 'unauthenticated' })
    expect(toasts).not.toHaveBeenCalled() // the redirect speaks, not a toast

    // Signed in again, the next loss is reported again.
    SessionService.Current.mockResolvedValue(maya)
    await session.current()
    await expect(sync.issues()).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(seen).toHaveBeenCalledTimes(2)

    // Other errors are not a lost session; an action's goes to the toasts.
    SessionService.Current.mockResolvedValue(maya)
    await session.current()
    SyncService.Discard.mockRejectedValue('{"code":"not_found","message":"no rejected change 1"}')
    await expect(sync.discard(1)).rejects.toMatchObject({ code: 'not_found' })
    expect(seen).toHaveBeenCalledTimes(2)
    expect(toasts).toHaveBeenCalledTimes(1)
    off()
    offToasts()
  })

  it('does not take a wrong password for a lost session', async () => {
    const seen = vi.fn()
    const off = onSignedOut(seen)
    SessionService.Current.mockResolvedValue(maya)
    await session.current()
    SessionService.SignIn.mockRejectedValue('{"code":"unauthenticated","message":"wrong email or password"}')
    await expect(session.signIn('maya@brand.test', 'nope')).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(seen).not.toHaveBeenCalled()
    off()
  })
})

describe('settings', () => {
  it('serves the limits from Go, asked once', async () => {
    const fromGo = {
      input: { max_amount: 100_000_000_00, name_len: 120, text_len: 2000, min_rating: 1, max_rating: 5 },
      default_page_size: 25,
      max_page_size: 200,
      search_max_page_size: 100,
    }
    SettingsService.Limits.mockResolvedValue(fromGo)
    const [a, b] = await Promise.all([settings.limits(), settings.limits()])
    expect(a).toEqual(fromGo)
    expect(b).toBe(a)
    expect(await settings.limits()).toBe(a)
    expect(SettingsService.Limits).toHaveBeenCalledTimes(1)
  })

  it('reads and sets the server address, trimmed', async () => {
    const over = { server_url: 'http://10.0.0.1:9000', overridden: true, stored_url: 'https://a.test', default_url: 'http://127.0.0.1:8787' }
    SettingsService.Server.mockResolvedValue(over)
    expect(await settings.server()).toEqual(over)
    SettingsService.SetServer.mockResolvedValue({ ...over, server_url: 'https://b.test', stored_url: 'https://b.test', overridden: false })
    expect((await settings.setServer('  https://b.test ')).overridden).toBe(false)
    expect(SettingsService.SetServer).toHaveBeenCalledWith('https://b.test')
  })
})

describe('sync issues', () => {
  it('come in words, with what to open, and old ones still read', async () => {
    SyncService.Issues.mockResolvedValue([
      {
        id: 3,
        name: 'adRequest.accept',
        args: { ad_request_id: 'r1', offer_id: 'o1' },
        created_at: '2026-11-21T08:00:00Z',
        code: 'budget_exceeded',
        message: 'accepting $4,000.00 would exceed the budget',
        action: 'adRequest.accept',
        params: { campaign: 'Phone launch', party: 'Maya Inc', amount: 400000 },
        ref: { kind: 'ad_request', id: 'r1' },
        reason_code: 'budget_exceeded',
      },
      { id: 4, name: 'campaign.update', args: null, created_at: '2026-11-21T08:00:00Z', code: 'not_found', message: 'gone' },
    ])
    const [a, b] = await sync.issues()
    expect(a).toMatchObject({ action: 'adRequest.accept', reason_code: 'budget_exceeded', ref: { kind: 'ad_request', id: 'r1' } })
    expect(a.params).toEqual({ campaign: 'Phone launch', party: 'Maya Inc', amount: 400000 })
    expect(b).toMatchObject({ action: 'campaign.update', reason_code: 'not_found', ref: null, params: {} })
  })

  it('retry sends the same change again by id', async () => {
    SyncService.Retry.mockResolvedValue(12)
    expect(await sync.retry(3)).toBe(12)
    expect(SyncService.Retry).toHaveBeenCalledWith(3)
  })
})

describe('event topics', () => {
  it('are the ones Go declares (backend/desktop/events.go)', () => {
    expect(Object.values(events.TOPICS).sort()).toEqual(
      ['app:open', 'data:changed', 'export:done', 'export:progress', 'jobs:changed', 'session:changed', 'sync:progress', 'sync:status'],
    )
  })
})
