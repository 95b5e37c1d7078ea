import { beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError, campaigns, call, session, toApiError } from '../src/api/index.js'
import { go } from './wails.js'
const { SessionService, CampaignService } = go

describe('toApiError', () => {
  const cases = [
    {
      name: 'JSON string from a Go service',
      reason: '{"code":"unauthenticated","message":"wrong email or password"}',
      want: { code: 'unauthenticated', message: 'wrong email or password' },
    },
    {
      name: 'JSON string with surrounding whitespace',
      reason: '  {"code":"not_found","message":"no such campaign"}\n',
      want: { code: 'not_found', message: 'no such campaign' },
    },
    {
      name: 'JSON without a message',
      reason: '{"code":"forbidden"}',
      want: { code: 'forbidden', message: '' },
    },
    {
      name: 'plain Go error string',
      reason: 'database is locked',
      want: { code: 'internal', message: 'database is locked' },
    },
    {
      name: 'JSON without a code',
      reason: '{"message":"half an error"}',
      want: { code: 'internal', message: '{"message":"half an error"}' },
    },
    {
      name: 'broken JSON',
      reason: '{"code":',
      want: { code: 'internal', message: '{"code":' },
    },
    {
      name: 'JS Error (e.g. a Wails call timeout)',
      reason: new Error('Call to SignIn timed out. Request ID: 1'),
      want: { code: 'internal', message: 'Call to SignIn timed out. Request ID: 1' },
    },
    {
      name: 'Error carrying our JSON',
      reason: new Error('{"code":"invalid_argument","message":"enter a valid email address"}'),
      want: { code: 'invalid_argument', message: 'enter a valid email address' },
    },
    {
      name: 'object already shaped (an ErrorFormatter)',
      reason: { code: 'budget_exceeded', message: 'over budget' },
      want: { code: 'budget_exceeded', message: 'over budget' },
    },
    {
      name: 'TypeError outside Wails (no window.go)',
      reason: new TypeError("Cannot read properties of undefined (reading 'desktop')"),
      want: { code: 'internal', message: "Cannot read properties of undefined (reading 'desktop')" },
    },
    { name: 'undefined', reason: undefined, want: { code: 'internal', message: '' } },
    { name: 'number', reason: 42, want: { code: 'internal', message: '42' } },
  ]
  for (const tc of cases) {
    it(tc.name, () => {
      const got = toApiError(tc.reason)
      expect(got).toBeInstanceOf(ApiError)
      expect(got).toBeInstanceOf(Error)
      expect({ code: got.code, message: got.message }).toEqual(tc.want)
    })
  }

  it('returns an ApiError unchanged', () => {
    const e = new ApiError('forbidden', 'no')
    expect(toApiError(e)).toBe(e)
  })

  it('serialises to {code, message}', () => {
    expect(JSON.parse(JSON.stringify(new ApiError('not_found', 'gone')))).toEqual({ code: 'not_found', message: 'gone' })
  })
})

describe('call', () => {
  it('passes results through', async () => {
    await expect(call(() => Promise.resolve(7))).resolves.toBe(7)
  })
  it('shapes rejections', async () => {
    await expect(call(() => Promise.reject('{"code":"forbidden","message":"admins only"}'))).rejects.toMatchObject({
      code: 'forbidden',
      message: 'admins only',
    })
  })
  it('shapes synchronous throws', async () => {
    await expect(
      call(() => {
        throw new TypeError('boom')
      }),
    ).rejects.toMatchObject({ code: 'internal', message: 'boom' })
  })
})

describe('wrappers', () => {
  beforeEach(() => vi.clearAllMocks())

  it('session.signIn forwards arguments and shapes errors', async () => {
    SessionService.SignIn.mockRejectedValueOnce('{"code":"unauthenticated","message":"wrong email or password"}')
    await expect(session.signIn('a@b.c', 'pw')).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(SessionService.SignIn).toHaveBeenCalledWith('a@b.c', 'pw')
  })

  it('session.current maps a signed-out null', async () => {
    SessionService.Current.mockResolvedValueOnce(null)
    await expect(session.current()).resolves.toBeNull()
  })

  it('session.knownAccounts maps a Go nil slice to []', async () => {
    SessionService.KnownAccounts.mockResolvedValueOnce(null)
    await expect(session.knownAccounts()).resolves.toEqual([])
  })

  it('campaigns.list sends the query and defaults items', async () => {
    CampaignService.List.mockResolvedValueOnce({ items: null, total: 0, page: 1, page_size: 25 })
    const q = { text: 'x', status: 'active', sort: 'name', desc: false, page: 2, page_size: 10 }
    await expect(campaigns.list(q)).resolves.toEqual({ items: [], total: 0, page: 1, page_size: 25 })
    expect(CampaignService.List).toHaveBeenCalledWith(q)
  })
})
