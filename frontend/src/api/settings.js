// Typed wrappers over the bound desktop.SettingsService: the desktop's own
// settings (the sync server's address) and the limits the UI checks input and
// pages against, served from the Go that enforces them (these work signed out);
// and the signed-in account's notification preferences.
import * as SettingsService from '../../wailsjs/go/desktop/SettingsService.js'
import { act, call } from './errors.js'

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

/**
 * Notification preferences (Go: backend/jobs/prefs.go): which events reach the
 * bell (in_app), desktop notifications (native), the chat webhook and email.
 * @typedef {import('../../wailsjs/go/models').jobs.PrefsView} PrefsView
 *   channels: [{name, ready}] in column order; groups: [{id, events: [{kind,
 *   reach: channels that carry it, on: {channel: bool} for those}]}]
 * @typedef {{event: string, channel: string, on: boolean}} PrefChange
 */
export const PREF_CHANNELS = Object.freeze(['in_app', 'native', 'webhook', 'email'])

/** The signed-in account's matrix, by group. @returns {Promise<PrefsView>} */
export function notificationPrefs() {
  return call(() => SettingsService.NotificationPrefs())
}

/**
 * Turns events on or off per channel; Go refuses an unknown event or channel,
 * or a channel that does not carry the event (invalid_argument).
 * @param {PrefChange[]} changes @returns {Promise<PrefsView>}
 */
export function setNotificationPrefs(changes) {
  const input = (changes ?? []).map((c) => ({ event: String(c.event), channel: String(c.channel), on: !!c.on }))
  return act(() => SettingsService.SetNotificationPrefs(input))
}

/** Every event back on every channel that carries it. @returns {Promise<PrefsView>} */
export function resetNotificationPrefs() {
  return act(() => SettingsService.ResetNotificationPrefs())
}
