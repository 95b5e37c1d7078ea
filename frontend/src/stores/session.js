// The signed-in account and the accounts known on this machine.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { events, session as api } from '../api/index.js'

export const useSessionStore = defineStore('session', () => {
  /** @type {import('vue').Ref<import('../api/session.js').SessionInfo|null>} */
  const user = ref(null)
  const restored = ref(false)
  /** @type {import('vue').Ref<import('../api/session.js').KnownAccount[]>} */
  const knownAccounts = ref([])
  const knownError = ref(null)
  /** The account Go signs in (--sign-in) or resumes at start, until it is done. */
  const starting = ref('')
  let offChanged = null

  const signedIn = computed(() => user.value !== null)
  const isSponsor = computed(() => user.value?.role === 'sponsor')
  /** A sponsor that is not (yet) approved may draft but not publish or send requests. */
  const awaitingApproval = computed(() => isSponsor.value && user.value?.approval !== 'approved')

  /** Asks Go who is signed in (once per app start unless forced). */
  async function restore(force = false) {
    if (restored.value && !force) return user.value
    try {
      user.value = await api.current()
    } catch {
      user.value = null
    }
    restored.value = true
    return user.value
  }

  async function loadKnownAccounts() {
    knownError.value = null
    try {
      knownAccounts.value = await api.knownAccounts()
    } catch (err) {
      knownAccounts.value = []
      knownError.value = err
    }
  }

  /** Signs in; rejects with an ApiError the view shows. */
  async function signIn(email, password) {
    user.value = await api.signIn(email.trim(), password)
    restored.value = true
    return user.value
  }

  async function signOut() {
    try {
      await api.signOut()
    } finally {
      forget()
    }
  }

  /** Drops the local notion of a session (e.g. after an unauthenticated error). */
  function forget() {
    user.value = null
    restored.value = true
  }

  /**
   * Follows the session Go opens by itself at start (--sign-in, or the last
   * session resumed), which may end after the window first asked: listens to
   * session:changed first, then asks again, so neither order loses it. Calls
   * onSignedIn(user) when such a session is there. Idempotent.
   * @param {(user: any) => void} [onSignedIn]
   */
  async function follow(onSignedIn = () => {}) {
    if (!offChanged) {
      offChanged = events.on(events.TOPICS.sessionChanged, async () => {
        await restore(true)
        starting.value = ''
        if (user.value) onSignedIn(user.value)
      })
    }
    try {
      starting.value = await api.starting()
    } catch {
      starting.value = ''
    }
    await restore(true)
    if (user.value) {
      starting.value = ''
      onSignedIn(user.value)
    }
    return user.value
  }

  function unfollow() {
    offChanged?.()
    offChanged = null
  }

  return { user, restored, knownAccounts, knownError, starting, signedIn, isSponsor, awaitingApproval, restore, follow, unfollow, loadKnownAccounts, signIn, signOut, forget }
})
