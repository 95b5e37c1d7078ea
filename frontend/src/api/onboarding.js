// Typed wrappers over the bound desktop.OnboardingService (the first hour): the
// signed-in account's onboarding checklist, derived from the replica each time, and
// the command palette's search of campaigns, creators and ad requests by name. A
// sponsor's company profile is saved through ProfileService.Update (profile.update).
import * as OnboardingService from '../../wailsjs/go/desktop/OnboardingService.js'
import * as ProfileService from '../../wailsjs/go/desktop/ProfileService.js'
import { act, call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').queries.Onboarding} Onboarding
 * @typedef {import('../../wailsjs/go/models').queries.OnboardingStep} OnboardingStep
 * @typedef {import('../../wailsjs/go/models').queries.PaletteHit} PaletteHit kind: campaign, creator or request
 */

const list = (v) => (Array.isArray(v) ? v : [])

/** @returns {Promise<Onboarding>} */
export async function checklist() {
  const c = await call(() => OnboardingService.Checklist())
  return { role: '', done: 0, complete: false, approval: '', ...c, steps: list(c?.steps) }
}

/** @param {string} text @returns {Promise<PaletteHit[]>} */
export async function palette(text) {
  const r = await call(() => OnboardingService.Palette(String(text ?? '')))
  return list(r?.items)
}

/** A sponsor's company profile: name and industry (profile.update). */
export function updateCompany({ company_name, industry }) {
  return act(() => ProfileService.Update({ company_name: String(company_name ?? '').trim(), industry: String(industry ?? '').trim() }))
}
