// One way to load (issue 10): screens load through composables/useLiveQuery.js and
// show their states with components/LoadState.vue; none keeps its own data:changed
// subscription or answer counter, so live reload and stale-answer dropping cannot drift.
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

const root = resolve(__dirname, '../src')
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? files(p) : /\.(vue|js)$/.test(name) ? [p] : []
  })
}
// The notification bell belongs to the app shell (it listens for its own badge).
const EXEMPT = new Set(['components/NotificationBell.vue', 'composables/useLiveQuery.js', 'App.vue'])
const uses = (src) => src.includes("composables/useLiveQuery.js'")
const screens = files(root).filter((p) => /\/(views|components)\//.test(p)).map((p) => [relative(root, p), readFileSync(p, 'utf8')])

describe('one way to load', () => {
  it('no screen subscribes to data:changed or counts its own answers', () => {
    const offenders = screens
      .filter(([name]) => !EXEMPT.has(name))
      .filter(([, src]) => /TOPICS\.dataChanged|['"]data:changed['"]|let [a-z]*seq\b/.test(src))
      .map(([name]) => name)
    expect(offenders).toEqual([])
  })

  it('every view folder that loads data uses useLiveQuery', () => {
    const views = screens.filter(([name]) => name.startsWith('views/') && name.endsWith('View.vue'))
    const loaders = views.filter(([, src]) => /from '\.\.\/\.\.\/api\//.test(src) && !/api\/(events|errors)\.js/.test(src))
    const without = loaders
      .filter(([name]) => !/SignInView|RegisterView/.test(name)) // forms before sign-in: nothing to load live
      .filter(([name, src]) => !uses(src) && !screens.some(([other, s]) => other.startsWith(name.split('/').slice(0, 2).join('/')) && uses(s)))
      .map(([name]) => name)
    expect(without).toEqual([])
  })
})
