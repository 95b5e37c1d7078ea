// Every call into Go goes through call(), so the UI sees exactly one error shape:
// an ApiError with a stable `code` (invalid_argument, unauthenticated, forbidden,
// not_found, ..., internal) and a human `message`.
//
// Wails rejects a bound method's promise with the Go error's message, a string. Our
// Go services make that string the JSON of {"code","message"}. Anything else (a
// plain Go error, a call timeout, the bindings missing outside Wails) becomes
// code "internal" with whatever text we got.

export const INTERNAL = 'internal'

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

/**
 * Runs fn (a generated Wails binding call) and rethrows any failure as an ApiError.
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function call(fn) {
  try {
    return await fn()
  } catch (reason) {
    throw toApiError(reason)
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
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function act(fn) {
  try {
    return await fn()
  } catch (reason) {
    const err = toApiError(reason)
    for (const listener of actionErrorListeners) {
      try {
        listener(err)
      } catch {
        // a listener's failure must not replace the action's error
      }
    }
    throw err
  }
}
