// Typed wrappers over the bound desktop.SessionService.
import * as SessionService from '../../wailsjs/go/desktop/SessionService.js'
import { call } from './errors.js'

/**
 * @typedef {{account_id: string, email: string, name: string, role: 'admin'|'sponsor'|'influencer', approval: ''|'pending'|'approved'|'rejected'}} SessionInfo
 * @typedef {{id: string, email: string, name: string, role: string, last_signed_in: string|null}} KnownAccount
 */

/** @returns {Promise<SessionInfo>} */
export function signIn(email, password) {
  return call(() => SessionService.SignIn(email, password))
}

/** @returns {Promise<void>} */
export function signOut() {
  return call(() => SessionService.SignOut())
}

/** @returns {Promise<SessionInfo|null>} null when signed out */
export async function current() {
  return (await call(() => SessionService.Current())) ?? null
}

/** @returns {Promise<KnownAccount[]>} */
export async function knownAccounts() {
  return (await call(() => SessionService.KnownAccounts())) ?? []
}
