// Vitest setup (vite.config.js test.setupFiles): installs the one Wails mock from
// ./wails.js where the generated bindings look for it, and forgets every event
// listener between tests.
import { beforeEach } from 'vitest'
import { go, resetListeners, runtime } from './wails.js'

window.go = { desktop: go }
window.runtime = runtime

beforeEach(() => resetListeners())
