// Typed wrappers over the bound desktop.SettingsService: the desktop's own
// settings (the sync server's address) and the limits the UI checks input and
// pages against, served from the Go that enforces them. All work signed out.
import * as SettingsService from '../../wailsjs/go/desktop/SettingsService.js'
import { call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').desktop.ServerSettings} ServerSettings
 *   server_url: in use; overridden: set by --server for this run; stored_url: the
 *   address in the settings; default_url: the built-in default
 * @typedef {import('../../wailsjs/go/models').mutate.Limits} InputLimits
 * @typedef {import('../../wailsjs/go/models').desktop.Limits} Limits
 */

/** The server address in use and where it comes from. @returns {Promise<ServerSettings>} */
export function server() {
  return call(() => SettingsService.Server())
}

/**
 * Validates (http or https, a host) and stores the sync server address; it
 * replaces a --server override for the rest of the run. @returns {Promise<ServerSettings>}
 */
export function setServer(url) {
  return call(() => SettingsService.SetServer(String(url ?? '').trim()))
}

let limitsOnce = null

/**
 * The input limits (amounts in cents, text lengths, dates, rating) and page
 * sizes; asked once per app run (they are constants of the build).
 * @returns {Promise<Limits>}
 */
export function limits() {
  limitsOnce ??= call(() => SettingsService.Limits()).catch((err) => {
    limitsOnce = null // try again next time
    throw err
  })
  return limitsOnce
}
