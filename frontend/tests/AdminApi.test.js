import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as admin from '../src/api/admin.js'
import { ApiError } from '../src/api/errors.js'
import { go } from './wails.js'
const { AdminService } = go

describe('api/admin', () => {
  beforeEach(() => vi.clearAllMocks())

  it('fills the query defaults and normalises null lists', async () => {
    AdminService.Accounts.mockResolvedValue({ items: null, total: 0, page: 1, page_size: 25 })
    const p = await admin.accounts({ role: 'sponsor', text: 'maya' })
    expect(AdminService.Accounts).toHaveBeenCalledWith({ text: 'maya', role: 'sponsor', flagged: '', page: 1, page_size: 25 })
    expect(p.items).toEqual([])

    AdminService.Campaigns.mockResolvedValue({ items: [{ id: 'c1' }], total: 1 })
    expect((await admin.campaigns({ flagged: 'yes' })).items).toHaveLength(1)
    expect(AdminService.Campaigns).toHaveBeenCalledWith({ text: '', status: '', flagged: 'yes', sort: '', desc: false, page: 1, page_size: 25 })

    AdminService.PendingSponsors.mockResolvedValue(null)
    expect(await admin.pendingSponsors()).toEqual([])

    AdminService.Overview.mockResolvedValue({ accounts_total: 3, accounts: null })
    const o = await admin.overview()
    expect(o.accounts).toEqual({})
    expect(o.campaigns).toEqual({})
    expect(o.accounts_total).toBe(3)
  })

  it('passes actions through and turns Go errors into ApiErrors', async () => {
    AdminService.Flag.mockResolvedValue(undefined)
    await admin.flag('campaign', 'c1', 'Misleading')
    expect(AdminService.Flag).toHaveBeenCalledWith('campaign', 'c1', 'Misleading')
    await admin.unflag('account', 'a1')
    expect(AdminService.Unflag).toHaveBeenCalledWith('account', 'a1', '')
    await admin.setActive('a1', false)
    expect(AdminService.SetActive).toHaveBeenCalledWith('a1', false)
    await admin.approveSponsor('s1')
    expect(AdminService.ApproveSponsor).toHaveBeenCalledWith('s1', '')
    await admin.rejectSponsor('s1', 'No')
    expect(AdminService.RejectSponsor).toHaveBeenCalledWith('s1', 'No')

    AdminService.Overview.mockRejectedValue('{"code":"forbidden","message":"only an admin can do that"}')
    const err = await admin.overview().catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe('forbidden')
  })

  it('checks reasons as the mutators do', () => {
    expect(admin.reasonProblem('', true)).toBe('admin.reasonRequired')
    expect(admin.reasonProblem('   ', true)).toBe('admin.reasonRequired')
    expect(admin.reasonProblem('', false)).toBe('')
    expect(admin.reasonProblem('spam', true)).toBe('')
    expect(admin.reasonProblem('x'.repeat(501), false)).toBe('admin.reasonTooLong')
    expect(admin.reasonProblem('é'.repeat(500), true)).toBe('')
  })
})
