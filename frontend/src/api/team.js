// Typed wrappers over the bound desktop.TeamService: the sponsor's organisation,
// its members and invitations (docs/teams.md). The mutators decide who may change
// what (owners: membership and money; managers: the work; viewers: nothing).
import * as TeamService from '../../wailsjs/go/desktop/TeamService.js'
import { act, call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').queries.Team} Team
 * @typedef {import('../../wailsjs/go/models').queries.TeamMember} TeamMember
 * @typedef {import('../../wailsjs/go/models').queries.Invitation} Invitation
 */

export const ROLES = ['owner', 'manager', 'viewer']

/** @returns {Promise<Team>} */
export async function team() {
  const t = await call(() => TeamService.Team())
  return { ...t, members: Array.isArray(t?.members) ? t.members : [] }
}

/** @returns {Promise<Invitation[]>} open invitations to the signed-in sponsor's email */
export async function invitations() {
  const list = await call(() => TeamService.Invitations())
  return Array.isArray(list) ? list : []
}

export function invite(email, role) {
  return act(() => TeamService.Invite({ email, role }))
}

export function setRole(memberId, role) {
  return act(() => TeamService.SetRole({ member_id: memberId, role }))
}

export function remove(memberId) {
  return act(() => TeamService.Remove({ member_id: memberId }))
}

export function accept(memberId) {
  return act(() => TeamService.Accept({ member_id: memberId }))
}

export function decline(memberId) {
  return act(() => TeamService.Decline({ member_id: memberId }))
}
