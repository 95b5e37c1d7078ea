import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

import { makeRouter } from '../src/router.js'
import SignInView from '../src/views/SignInView/SignInView.vue'
import { go } from './wails.js'
const { SessionService, CampaignService } = go

const known = [
  { id: 'a1', email: 'maya@brand.test', name: 'Maya Brand', role: 'sponsor', last_signed_in: '2026-11-20T10:00:00Z' },
  { id: 'a2', email: 'ivan@creator.test', name: 'Ivan Creator', role: 'influencer', last_signed_in: null },
]

async function mountView() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push('/sign-in')
  await router.isReady()
  const wrapper = mount(SignInView, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('SignInView', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    SessionService.Current.mockResolvedValue(null)
    SessionService.KnownAccounts.mockResolvedValue(known)
    CampaignService.List.mockResolvedValue({ items: [], total: 0, page: 1, page_size: 25 })
  })
  afterEach(() => wrapper?.unmount())

  it('shows the app name, tagline and the accounts known on this machine', async () => {
    ;({ wrapper } = await mountView())
    expect(wrapper.text()).toContain('IESCP')
    expect(wrapper.find('h1').text()).toBe('Sign in')
    const rows = wrapper.findAll('[data-test="known-account"]')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('Maya Brand')
    expect(rows[0].text()).toContain('Sponsor')
    expect(rows[1].text()).toContain('Not signed in yet')
  })

  it('says so when no account has signed in here', async () => {
    SessionService.KnownAccounts.mockResolvedValue(null)
    ;({ wrapper } = await mountView())
    expect(wrapper.find('[data-test="known-empty"]').exists()).toBe(true)
  })

  it('validates as you type', async () => {
    ;({ wrapper } = await mountView())
    const email = wrapper.find('#email')
    expect(email.attributes('type')).toBe('email')
    expect(email.attributes('required')).toBeDefined()
    expect(email.classes()).not.toContain('is-invalid') // untouched: no nagging

    await email.setValue('maya@')
    expect(email.classes()).toContain('is-invalid')
    expect(wrapper.find('[data-test="email-feedback"]').text()).toContain('valid email')

    await email.setValue('maya@brand.test')
    expect(email.classes()).toContain('is-valid')
    expect(wrapper.find('[data-test="email-feedback"]').text()).toBe('')
  })

  it('does not call Go when the form is incomplete', async () => {
    ;({ wrapper } = await mountView())
    await wrapper.find('form').trigger('submit')
    expect(SessionService.SignIn).not.toHaveBeenCalled()
    expect(wrapper.find('#email').classes()).toContain('is-invalid')
    expect(wrapper.find('#password').classes()).toContain('is-invalid')
    expect(wrapper.find('[data-test="password-feedback"]').text()).toBe('Enter your password.')
  })

  it('picking a known account fills the email', async () => {
    ;({ wrapper } = await mountView())
    await wrapper.findAll('[data-test="known-account"]')[1].trigger('click')
    expect(wrapper.find('#email').element.value).toBe('ivan@creator.test')
  })

  it('tells a deactivated account whom to ask, not that it may not sign in', async () => {
    SessionService.SignIn.mockRejectedValueOnce('{"code":"forbidden","message":"this account is deactivated: contact an admin"}')
    ;({ wrapper } = await mountView())
    await wrapper.find('#email').setValue('maya@brand.test')
    await wrapper.find('#password').setValue('right password')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="sign-in-error-message"]').text()).toBe('This account is deactivated. Ask an admin to reactivate it.')
  })

  it('shows the typed error message when sign-in fails', async () => {
    SessionService.SignIn.mockRejectedValueOnce('{"code":"unauthenticated","message":"wrong email or password"}')
    ;({ wrapper } = await mountView())
    await wrapper.find('#email').setValue('maya@brand.test')
    await wrapper.find('#password').setValue('nope')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(SessionService.SignIn).toHaveBeenCalledWith('maya@brand.test', 'nope')
    const alert = wrapper.find('[data-test="sign-in-error"]')
    expect(alert.exists()).toBe(true)
    expect(alert.attributes('role')).toBe('alert')
    expect(alert.text()).toContain('Could not sign in')
    // Issue 10: the UI's words for the code (on this card, unauthenticated means a wrong password).
    expect(wrapper.find('[data-test="sign-in-error-message"]').text()).toBe('Wrong email or password.')
    expect(wrapper.find('#password').element.value).toBe('')

    // Typing again clears the alert.
    await wrapper.find('#password').setValue('x')
    expect(wrapper.find('[data-test="sign-in-error"]').exists()).toBe(false)
  })

  it('falls back to a readable text when the error has no message', async () => {
    SessionService.SignIn.mockRejectedValueOnce('{"code":"not_found"}')
    ;({ wrapper } = await mountView())
    await wrapper.find('#email').setValue('maya@brand.test')
    await wrapper.find('#password').setValue('pw')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="sign-in-error-message"]').text()).toBe('Not found')
  })

  it('goes to the dashboard after signing in', async () => {
    const me = { account_id: 'a1', email: 'maya@brand.test', name: 'Maya Brand', role: 'sponsor', approval: 'pending' }
    SessionService.SignIn.mockResolvedValueOnce(me)
    let router
    ;({ wrapper, router } = await mountView())
    await wrapper.find('#email').setValue('  maya@brand.test ')
    await wrapper.find('#password').setValue('secret')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(SessionService.SignIn).toHaveBeenCalledWith('maya@brand.test', 'secret')
    expect(router.currentRoute.value.name).toBe('dashboard')
  })
})
