// The only door from the UI to Go. Views and stores import from here, never from wailsjs.
export * as session from './session.js'
export * as campaigns from './campaigns.js'
export { ApiError, toApiError, call, INTERNAL } from './errors.js'
