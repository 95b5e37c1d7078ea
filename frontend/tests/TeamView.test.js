import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { go } from './wails.js'
const { SessionService, TeamService } = go

const owner = { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved', org_id: 's1', company: 'Brand', org_role: 'owner' }
const team = (role = 'owner') => ({
  org_id: 's1', company: 'Brand', role, can_manage: role === 'owner',
  members: [
    { id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'owner', status: 'active', founder: true, you: role === 'owner', invited_by: '', since: '2026-11-01T00:00:00Z' },
    { id: 'm2', email: 'dana@brand.test', name: 'Dana', role: 'manager', status: 'active', founder: false, you: role !== 'owner', invited_by: 'Maya', since: '2026-11-02T00:00:00Z' },
    { id: 'm3', email: 'new@brand.test', name: '', role: 'viewer', status: 'invited', founder: false, you: false, invited_by: 'Maya', since: '2026-11-03T00:00:00Z' },
    { id: 'm4', email: 'old@brand.test', name: 'Old', role: 'viewer', status: 'removed', founder: false, you: false, invited_by: 'Maya', since: '2026-11-03T00:00:00Z' },
  ],
})

async function mountAt(path, user = owner) {
  SessionService.Current.mockResolvedValue(user)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('the Team screen', () => {
  let w
  beforeEach(() => {
    for (const m of ['Team', 'Invite', 'SetRole', 'Remove', 'Invitations', 'Accept', 'Decline']) TeamService[m].mockReset()
    TeamService.Team.mockResolvedValue(team())
    TeamService.Invitations.mockResolvedValue([])
  })
  afterEach(() => w?.unmount())

  it('lists members and invitations, and an owner invites by email with a role', async () => {
    w = await mountAt('/team')
    expect(w.find('[data-test="nav-team"]').exists()).toBe(true)
    const rows = w.findAll('[data-test="team-members"] tbody tr')
    expect(rows).toHaveLength(3) // the removed one is under "former members"
    expect(rows[0].text()).toContain('founder')
    expect(rows[2].text()).toContain('invited')
    expect(w.find('[data-test="team-past"]').text()).toContain('(1)')
    // The founder's role cannot be changed nor removed.
    expect(rows[0].find('[data-test="team-member-role"]').exists()).toBe(false)
    expect(rows[0].find('[data-test="team-member-remove"]').exists()).toBe(false)

    await w.find('[data-test="team-invite-email"]').setValue('not an email')
    await w.find('[data-test="team-invite-form"]').trigger('submit')
    expect(w.find('[data-test="team-invite-error"]').text()).toContain('email')
    expect(TeamService.Invite).not.toHaveBeenCalled()

    await w.find('[data-test="team-invite-email"]').setValue('lee@brand.test')
    await w.find('[data-test="team-invite-role"]').setValue('viewer')
    await w.find('[data-test="team-invite-form"]').trigger('submit')
    await flushPromises()
    expect(TeamService.Invite).toHaveBeenCalledWith({ email: 'lee@brand.test', role: 'viewer' })

    await rows[1].find('[data-test="team-member-role"]').setValue('viewer')
    await flushPromises()
    expect(TeamService.SetRole).toHaveBeenCalledWith({ member_id: 'm2', role: 'viewer' })
  })

  it('shows a manager the team without the owner\'s controls', async () => {
    TeamService.Team.mockResolvedValue(team('manager'))
    w = await mountAt('/team', { ...owner, account_id: 'd1', org_role: 'manager' })
    expect(w.find('[data-test="team-invite-form"]').exists()).toBe(false)
    expect(w.find('[data-test="team-member-role"]').exists()).toBe(false)
    expect(w.find('[data-test="team-member-remove"]').exists()).toBe(false)
    expect(w.find('[data-test="team-my-role"]').text()).toContain('manager')
  })

  it('offers an invitation on every screen until answered', async () => {
    TeamService.Invitations.mockResolvedValueOnce([{ id: 'i1', org_id: 'o2', company: 'Globex', role: 'manager', sent: '2026-11-20T00:00:00Z' }])
    w = await mountAt('/dashboard')
    const banner = w.find('[data-test="invitation-banner"]')
    expect(banner.text()).toContain('Globex invited you to their team as manager')
    await banner.find('[data-test="invitation-accept"]').trigger('click')
    await flushPromises()
    expect(TeamService.Accept).toHaveBeenCalledWith({ member_id: 'i1' })
    expect(w.find('[data-test="invitation-banner"]').exists()).toBe(false)
  })
})

describe('a viewer of a team', () => {
  let w
  afterEach(() => w?.unmount())
  it('is told on every screen that they read only', async () => {
    TeamService.Invitations.mockResolvedValue([])
    w = await mountAt('/dashboard', { ...owner, account_id: 'v1', org_role: 'viewer' })
    expect(w.find('[data-test="viewer-banner"]').text()).toContain('viewer of Brand')
  })
})
