// Typed wrappers over the bound desktop.SessionService. The shapes are the
// generated ones (wailsjs/go/models.ts), narrowed where Go's string is an enum.
import * as SessionService from '../../wailsjs/go/desktop/SessionService.js'
import { call, markSignedIn } from './errors.js'

/**
 * @typedef {'admin'|'sponsor'|'influencer'} Role
 * @typedef {import('../../wailsjs/go/models').desktop.SessionInfo & {role: Role, approval: ''|'pending'|'approved'|'rejected'}} SessionInfo
 * @typedef {Omit<import('../../wailsjs/go/models').localdata.KnownAccount, 'last_signed_in'> & {last_signed_in: string|null}} KnownAccount
 * @typedef {Partial<import('../../wailsjs/go/models').desktop.Registration>} Registration
 * @typedef {import('../../wailsjs/go/models').desktop.RegisterResult & {role: 'sponsor'|'influencer'}} RegisterResult
 */

/**
 * Signs in (online, else offline for an account known here). A wrong password
 * rejects with unauthenticated, which is not a lost session.
 * @param {string} email @param {string} password @returns {Promise<SessionInfo>}
 */
export async function signIn(email, password) {
  const info = await call(() => SessionService.SignIn(email, password), { signIn: true })
  markSignedIn()
  return /** @type {SessionInfo} */ (info)
}

/** @returns {Promise<void>} */
export function signOut() {
  return call(() => SessionService.SignOut())
}

/** @returns {Promise<SessionInfo|null>} null when signed out */
export async function current() {
  const info = (await call(() => SessionService.Current())) ?? null
  if (info) markSignedIn()
  return /** @type {SessionInfo|null} */ (info)
}

/**
 * The account Go is signing in or resuming as the app starts ('' when none):
 * session:changed says when it is done. @returns {Promise<string>}
 */
export async function starting() {
  return (await call(() => SessionService.Starting())) ?? ''
}

/** The accounts that signed in on this machine, latest first. @returns {Promise<KnownAccount[]>} */
export async function knownAccounts() {
  return /** @type {KnownAccount[]} */ ((await call(() => SessionService.KnownAccounts())) ?? [])
}

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
  return /** @type {Promise<RegisterResult>} */ (
    call(() => SessionService.Register(role, String(email ?? '').trim(), password, String(name ?? '').trim(),
      /** @type {any} */ (fields)), { signIn: true })
  )
}
