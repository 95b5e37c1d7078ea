import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { go } from './wails.js'
const { SessionService, WalletService } = go

const sponsor = { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved' }
const wallet = {
  account: 'sponsor_wallet',
  balance: 20_000,
  entries: [
    { transaction_id: 't1', kind: 'top_up', memo: 'charge:c1', created_at: '2026-11-20T10:00:00Z', account_kind: 'sponsor_wallet', amount: 25_000, balance: 25_000 },
    { transaction_id: 't2', kind: 'fund', memo: '', created_at: '2026-11-21T10:00:00Z', account_kind: 'sponsor_wallet', amount: -5_000, balance: 20_000 },
  ],
}
const expiry = `12/${String((new Date().getUTCFullYear() + 2) % 100).padStart(2, '0')}`
const uiError = (code, message) => JSON.stringify({ code, message })

async function mountWallet() {
  SessionService.Current.mockResolvedValue(sponsor)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push('/wallet')
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

async function fill(w, { amount = '125.50', number = '4242 4242 4242 4242', exp = expiry, cvc = '123', name = 'Maya Brand' } = {}) {
  for (const [field, v] of [['amount', amount], ['number', number], ['expiry', exp], ['cvc', cvc], ['name', name]]) {
    const input = w.find(`[data-test="topup-${field}"]`)
    await input.setValue(v)
    await input.trigger('blur')
  }
}

describe('the Wallet screen', () => {
  let w
  beforeEach(() => {
    WalletService.Get.mockReset()
    WalletService.TopUp.mockReset()
    WalletService.Get.mockResolvedValue(structuredClone(wallet))
    WalletService.Escrow.mockReset()
    WalletService.Escrow.mockResolvedValue({ in_escrow: 0, deals: 0, disputed: 0, items: [] })
  })
  afterEach(() => w?.unmount())

  it('shows the balance and the statement, newest first, in words', async () => {
    w = await mountWallet()
    expect(w.find('[data-test="nav-wallet"]').text()).toBe('Wallet')
    expect(w.find('[data-test="wallet-balance"]').text()).toBe('$200')
    const rows = w.findAll('[data-test="wallet-statement"] tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('Moved into escrow')
    expect(rows[0].text()).toContain('−$50')
    expect(rows[0].text()).toContain('$200')
    expect(rows[1].text()).toContain('Top-up by card')
    expect(rows[1].text()).toContain('+$250')
    expect(rows[1].text()).toContain('Nov 20, 2026')
  })

  it('shows available vs in escrow and the total, the escrow linking to its deals', async () => {
    WalletService.Escrow.mockResolvedValue({ in_escrow: 150_000, deals: 12, disputed: 1, items: [
      { ad_request_id: 'r1', campaign: 'Spring drop', influencer: 'Zed', escrow_cents: 100_000, escrow_state: 'disputed' },
      { ad_request_id: 'r2', campaign: 'Summer', influencer: 'Ana', escrow_cents: 50_000, escrow_state: 'funded' },
    ] })
    w = await mountWallet()
    expect(w.find('[data-test="wallet-balance"]').text()).toBe('$200')
    expect(w.find('[data-test="wallet-escrow"]').text()).toBe('$1,500')
    expect(w.find('[data-test="wallet-escrow"]').attributes('href')).toBe('#wallet-escrow-deals')
    expect(w.find('[data-test="wallet-total"]').text()).toBe('$1,700')
    expect(w.find('[data-test="wallet-escrow-deals"]').text()).toContain('Held on 12 deals until their deliverables are accepted (1 disputed)')
    const deals = w.findAll('[data-test="wallet-escrow-deal"]')
    expect(deals).toHaveLength(2)
    expect(deals[0].text()).toContain('Spring drop with Zed')
    expect(deals[0].text()).toContain('Disputed')
    expect(deals[0].find('a').attributes('href')).toBe('/ad-requests/r1')
    expect(deals[1].find('a').attributes('href')).toBe('/ad-requests/r2')
    expect(w.find('[data-test="wallet-escrow-more"]').text()).toContain('and 10 more')
    expect(w.find('[data-test="wallet-escrow-more"]').attributes('href')).toBe('/ad-requests')
  })

  it('shows the escrow offline, with no total until the balance comes', async () => {
    WalletService.Get.mockRejectedValue(JSON.stringify({ code: 'unavailable', message: 'offline' }))
    WalletService.Escrow.mockResolvedValue({ in_escrow: 0, deals: 0, disputed: 0, items: [] })
    w = await mountWallet()
    expect(w.find('[data-test="wallet-escrow"]').text()).toBe('$0')
    expect(w.find('[data-test="wallet-total"]').text()).toBe('—')
    expect(w.find('[data-test="wallet-escrow-deals"]').text()).toContain('Nothing is in escrow')
  })

  it('shows the sponsor\'s documents beside the statement', async () => {
    go.DocumentsService.List.mockResolvedValueOnce([{ id: 'd1', label: 'RCP-000001', kind: 'receipt', created_at: '2026-11-20T10:00:00Z',
      gross: 25_000, commission: 0 }])
    w = await mountWallet()
    expect(w.find('[data-test="documents-panel"] [data-test="document-RCP-000001"]').text()).toContain('Receipt')
    expect(w.find('[data-test="documents-csv"]').text()).toBe('Export ledger CSV')
  })

  it('blocks paying with an invalid card and says why', async () => {
    w = await mountWallet()
    await fill(w, { number: '4242 4242 4242 4241' })
    expect(w.find('[data-test="topup-brand"]').text()).toBe('Visa')
    expect(w.find('[data-test="topup-number-error"]').text()).toContain('mistyped')
    expect(w.find('[data-test="topup-pay"]').attributes('disabled')).toBeDefined()
    await w.find('[data-test="topup-form"]').trigger('submit')
    await flushPromises()
    expect(WalletService.TopUp).not.toHaveBeenCalled()
  })

  it('tops up with the amount in cents and a fresh key, then reloads', async () => {
    w = await mountWallet()
    WalletService.TopUp.mockResolvedValueOnce({ id: 'c2', status: 'succeeded', amount: 12_550, currency: 'usd', brand: 'visa', last4: '4242' })
    await fill(w)
    expect(w.find('[data-test="topup-pay"]').attributes('disabled')).toBeUndefined()
    const loads = WalletService.Get.mock.calls.length
    await w.find('[data-test="topup-form"]').trigger('submit')
    await flushPromises()
    expect(WalletService.TopUp).toHaveBeenCalledTimes(1)
    const input = WalletService.TopUp.mock.calls[0][0]
    expect(input).toMatchObject({ amount: 12_550, card_number: '4242424242424242', expiry, cvc: '123', name: 'Maya Brand' })
    expect(input.idempotency_key).toMatch(/^[0-9a-f-]{36}$/)
    expect(WalletService.Get.mock.calls.length).toBe(loads + 1)
    expect(w.find('[data-test="topup-number"]').element.value).toBe('')
    expect(document.body.textContent).not.toContain('4242424242424242')
  })

  it('shows a decline with its reason', async () => {
    w = await mountWallet()
    WalletService.TopUp.mockRejectedValueOnce(uiError('card_declined', 'Your card has insufficient funds.'))
    await fill(w, { number: '4000 0000 0000 9995' })
    await w.find('[data-test="topup-form"]').trigger('submit')
    await flushPromises()
    expect(w.find('[data-test="topup-failure"]').text()).toBe('The card was declined: Your card has insufficient funds.')
    expect(w.find('[data-test="topup-retry"]').exists()).toBe(false)
  })

  it('retries a processing error with the same key, and a changed form gets a new one', async () => {
    w = await mountWallet()
    WalletService.TopUp.mockRejectedValueOnce(uiError('processing_error', 'the payment processor could not process this payment: try again'))
    WalletService.TopUp.mockRejectedValueOnce(uiError('unavailable', 'payments need a connection to the IESCP server'))
    await fill(w)
    await w.find('[data-test="topup-form"]').trigger('submit')
    await flushPromises()
    expect(w.find('[data-test="topup-failure"]').text()).toContain('could not complete the payment')
    await w.find('[data-test="topup-retry"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-test="topup-failure"]').text()).toContain('Payments need a connection')
    const [first, second] = WalletService.TopUp.mock.calls.map((c) => c[0].idempotency_key)
    expect(second).toBe(first)

    WalletService.TopUp.mockResolvedValueOnce({ id: 'c3', status: 'succeeded', amount: 10_000, currency: 'usd', brand: 'visa', last4: '4242' })
    await fill(w, { amount: '100' })
    await w.find('[data-test="topup-form"]').trigger('submit')
    await flushPromises()
    expect(WalletService.TopUp.mock.calls[2][0].idempotency_key).not.toBe(first)
  })
})
