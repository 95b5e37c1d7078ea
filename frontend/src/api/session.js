// Typed wrappers over the bound desktop.SessionService.
import * as SessionService from '../../wailsjs/go/desktop/SessionService.js'
import { call } from './errors.js'

/**
 * @typedef {{account_id: string, email: string, name: string, role: 'admin'|'sponsor'|'influencer', approval: ''|'pending'|'approved'|'rejected', offline: boolean}} SessionInfo
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

/**
 * @typedef {{company_name?: string, industry?: string, budget?: number, display_name?: string, category?: string, niche?: string, bio?: string}} Registration
 * @typedef {{account_id: string, email: string, name: string, role: 'sponsor'|'influencer', approval: string, pending_approval: boolean}} RegisterResult
 */

/**
 * Creates an account on the sync server (it does not sign in).
 * @param {{role: 'sponsor'|'influencer', email: string, password: string, name: string, profile: Registration}} r
 * @returns {Promise<RegisterResult>}
 */
export function register({ role, email, password, name, profile }) {
  const p = profile ?? {}
  const fields =
    role === 'sponsor'
      ? { company_name: p.company_name ?? '', industry: p.industry ?? '', budget: Math.round(Number(p.budget) || 0) }
      : { display_name: p.display_name ?? '', category: p.category ?? '', niche: p.niche ?? '', bio: p.bio ?? '' }
  return call(() => SessionService.Register(role, String(email ?? '').trim(), password, String(name ?? '').trim(), fields))
}
