// The bound desktop.AboutService: this build's version (from the git tag it was built
// from, set with -ldflags) and what it speaks; works signed out.
import * as AboutService from '../../wailsjs/go/desktop/AboutService.js'
import { call } from './errors.js'

/**
 * @typedef {import('../../wailsjs/go/models').desktop.About} About
 *   version: e.g. "1.2.0", or "0.0.0-dev" for a build not given one
 */

/** @returns {Promise<About>} */
export function about() {
  return call(() => AboutService.About())
}
