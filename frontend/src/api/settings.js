// Typed wrappers over the bound desktop.SettingsService.
import * as SettingsService from '../../wailsjs/go/desktop/SettingsService.js'
import { call } from './errors.js'

/** @typedef {{server_url: string, overridden: boolean, default_url: string}} ServerSettings */

/** @returns {Promise<ServerSettings>} */
export function server() {
  return call(() => SettingsService.Server())
}

/** Validates (http or https, a host) and stores the sync server address. @returns {Promise<ServerSettings>} */
export function setServer(url) {
  return call(() => SettingsService.SetServer(String(url ?? '').trim()))
}
