// Every call into Go goes through call(), so the UI sees exactly one error shape:
// an ApiError with a stable `code` (invalid_argument, unauthenticated, forbidden,
// not_found, ..., internal) and a human `message`.
//
// Wails rejects a bound method's promise with the Go error's message, a string. Our
// Go services make that string the JSON of {"code","message"}. Anything else (a
// plain Go error, a call timeout, the bindings missing outside Wails) becomes
// code "internal" with whatever text we got.

export const INTERNAL = 'internal'
export const UNAUTHENTICATED = 'unauthenticated'

export class ApiError extends Error {
  /** @param {string} code @param {string} message */
  constructor(code, message) {
    super(message)
    this.name = 'ApiError'
    this.code = code
  }

  toJSON() {
    return { code: this.code, message: this.message }
  }
}

function fromObject(obj) {
  if (obj && typeof obj === 'object' && typeof obj.code === 'string' && obj.code !== '') {
    const message = typeof obj.message === 'string' ? obj.message : ''
    return new ApiError(obj.code, message)
  }
  return null
}

function fromString(text) {
  const s = text.trim()
  if (s.startsWith('{')) {
    try {
      const parsed = fromObject(JSON.parse(s))
      if (parsed) return parsed
    } catch {
      // not JSON: fall through
    }
  }
  return new ApiError(INTERNAL, s)
}

/** Turns any rejection reason into an ApiError. */
export function toApiError(reason) {
  if (reason instanceof ApiError) return reason
  if (typeof reason === 'string') return fromString(reason)
  if (reason instanceof Error) {
    // An Error whose message is our JSON (e.g. rethrown), or a JS failure.
    return fromString(String(reason.message ?? ''))
  }
  const obj = fromObject(reason)
  if (obj) return obj
  if (reason && typeof reason === 'object' && typeof reason.message === 'string') {
    return fromString(reason.message)
  }
  return new ApiError(INTERNAL, reason == null ? '' : String(reason))
}

// The signed-out redirect happens once, here: any call answered unauthenticated
// (the session ended: signed out elsewhere, the server ended it, the app lost it)
// tells onSignedOut's listeners once, until the next sign-in (markSignedIn). The
// App listens and goes to the sign-in screen; views and stores need not check.
const signedOutListeners = new Set()
let signedOut = false

/**
 * Listens to the loss of the session; returns the function that stops listening.
 * @param {(err: ApiError) => void} fn @returns {() => void}
 */
export function onSignedOut(fn) {
  signedOutListeners.add(fn)
  return () => signedOutListeners.delete(fn)
}

/** A session began (sign-in, or Current() found one): the next loss is reported again. */
export function markSignedIn() {
  signedOut = false
}

function lostSession(err) {
  if (err.code !== UNAUTHENTICATED || signedOut) return
  signedOut = true
  notify(signedOutListeners, err)
}

function notify(listeners, err) {
  for (const listener of listeners) {
    try {
      listener(err)
    } catch {
      // a listener's failure must not replace the call's error
    }
  }
}

/**
 * @typedef {{signIn?: boolean}} CallOptions signIn: the call signs in, so an
 *   unauthenticated answer is a refused password, not a lost session
 */

/**
 * Runs fn (a generated Wails binding call) and rethrows any failure as an ApiError.
 * @template T
 * @param {() => Promise<T>} fn
 * @param {CallOptions} [opts]
 * @returns {Promise<T>}
 */
export async function call(fn, opts = {}) {
  try {
    return await fn()
  } catch (reason) {
    const err = toApiError(reason)
    if (!opts.signIn) lostSession(err)
    throw err
  }
}

const actionErrorListeners = new Set()

/**
 * Listens to every failed action (see act); returns the function that stops
 * listening. The app shows them as toasts.
 * @param {(err: ApiError) => void} fn @returns {() => void}
 */
export function onActionError(fn) {
  actionErrorListeners.add(fn)
  return () => actionErrorListeners.delete(fn)
}

/**
 * Like call(), for an action the user took (a mutation): the failure is also
 * reported to onActionError's listeners, so it is never silent even where a view
 * does not show it inline. Reads use call(): their screens show load errors.
 * A lost session is reported to onSignedOut's listeners instead (once).
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function act(fn) {
  try {
    return await fn()
  } catch (reason) {
    const err = toApiError(reason)
    if (err.code === UNAUTHENTICATED) lostSession(err)
    else notify(actionErrorListeners, err)
    throw err
  }
}
