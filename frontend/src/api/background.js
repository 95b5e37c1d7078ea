// Typed wrappers over the bound desktop.BackgroundService: the app in the
// background (Settings → In the background).
import * as BackgroundService from '../../wailsjs/go/desktop/BackgroundService.js'
import { act, call } from './errors.js'

/** @typedef {import('../../wailsjs/go/models').desktop.BackgroundSettings} BackgroundSettings */

/** @returns {Promise<BackgroundSettings>} */
export function settings() {
  return call(() => BackgroundService.Settings())
}

/** Writes (on) or removes (off) the XDG autostart entry. @returns {Promise<BackgroundSettings>} */
export function setStartAtLogin(on) {
  return act(() => BackgroundService.SetStartAtLogin(!!on))
}

/**
 * What the window was brought back to show (a clicked notification's item, an
 * iescp:// link's route, the notice that closing kept the app running), each once.
 * @returns {Promise<import('../../wailsjs/go/models').desktop.OpenItem[]>}
 */
export async function takeOpen() {
  return (await call(() => BackgroundService.TakeOpen())) ?? []
}
