// The first hour's local settings, per account on this machine (localStorage): the
// checklist hidden, the tour seen. Nothing else of onboarding is stored: the
// checklist's steps are derived from the replica (api/onboarding.js).

const key = (what, accountId) => `iescp.${what}.${accountId || 'anonymous'}`

function read(k) {
  try {
    return localStorage.getItem(k) === '1'
  } catch {
    return false
  }
}

function write(k, on) {
  try {
    if (on) localStorage.setItem(k, '1')
    else localStorage.removeItem(k)
  } catch {
    // private mode or full: the choice lasts this session
  }
}

export const checklistDismissed = (accountId) => read(key('checklist.dismissed', accountId))
export const setChecklistDismissed = (accountId, on = true) => write(key('checklist.dismissed', accountId), on)
export const tourSeen = (accountId) => read(key('tour.seen', accountId))
export const setTourSeen = (accountId, on = true) => write(key('tour.seen', accountId), on)

/** The app-wide "start the tour" request (the palette and the checklist ask; AppTour listens). */
export const TOUR_EVENT = 'iescp:tour'
export function startTour() {
  window.dispatchEvent(new CustomEvent(TOUR_EVENT))
}
