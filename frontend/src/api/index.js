// The only door from the UI to Go. Views and stores import from here, never from wailsjs.
export * as session from './session.js'
export * as campaigns from './campaigns.js'
export * as settings from './settings.js'
export * as sync from './sync.js'
export * as events from './events.js'
export {
  ApiError,
  toApiError,
  call,
  act,
  onActionError,
  onSignedOut,
  markSignedIn,
  INTERNAL,
  UNAUTHENTICATED,
} from './errors.js'
export * as background from './background.js'
