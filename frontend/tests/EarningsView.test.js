import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { go, emit } from './wails.js'
const { SessionService, EarningsService } = go

const influencer = { account_id: 'i1', email: 'maya@cooks.test', name: 'Maya', role: 'influencer', approval: '' }
const account = { kind: 'iban', country: 'DE', holder: 'Maya Cooks', last4: '3000', updated_at: '2026-11-20T10:00:00Z' }
const earnings = (over = {}) => ({
  wallet: {
    account: 'influencer_earnings', balance: 12_000, pending: 50_000, available: 12_000, paid: 8_000,
    entries: [
      { transaction_id: 't1', kind: 'release', memo: '', created_at: '2026-11-20T10:00:00Z', account_kind: 'influencer_earnings', amount: 20_000, balance: 20_000 },
      { transaction_id: 't2', kind: 'payout', memo: '', created_at: '2026-11-21T10:00:00Z', account_kind: 'influencer_earnings', amount: -8_000, balance: 12_000 },
    ],
  },
  account,
  payouts: [
    { id: 'p2', status: 'failed', amount: 1_000, currency: 'usd', kind: 'iban', country: 'DE', last4: '1116', created_at: '2026-11-22T10:00:00Z',
      failure: { code: 'account_closed', reason: 'The bank account has been closed.' } },
    { id: 'p1', status: 'paid', amount: 8_000, currency: 'usd', kind: 'iban', country: 'DE', last4: '3000', created_at: '2026-11-21T10:00:00Z', transaction_id: 't2' },
  ],
  ...over,
})
const uiError = (code, message) => JSON.stringify({ code, message })

async function mountEarnings(user = influencer) {
  SessionService.Current.mockResolvedValue(user)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push('/earnings')
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

async function requestPayout(w, amount) {
  await w.find('[data-test="payout-amount"]').setValue(amount)
  await w.find('[data-test="payout-form"]').trigger('submit')
  await flushPromises()
}

describe('the Earnings screen', () => {
  let w
  beforeEach(() => {
    EarningsService.Get.mockReset()
    EarningsService.SetAccount.mockReset()
    EarningsService.RequestPayout.mockReset()
    EarningsService.Get.mockResolvedValue(earnings())
  })
  afterEach(() => w?.unmount())

  it('shows pending, available and paid, the account, the payouts and the statement', async () => {
    ;({ wrapper: w } = await mountEarnings())
    expect(w.find('[data-test="nav-earnings"]').text()).toBe('Earnings')
    expect(w.find('[data-test="earnings-pending"]').text()).toBe('$500')
    expect(w.find('[data-test="earnings-available"]').text()).toBe('$120')
    expect(w.find('[data-test="earnings-paid"]').text()).toBe('$80')
    expect(w.find('[data-test="payout-account-text"]').text()).toBe('IBAN DE ••••3000')
    expect(w.find('[data-test="payout-account-form"]').exists()).toBe(false)
    const payouts = w.findAll('[data-test="payouts-list"] tbody tr')
    expect(payouts).toHaveLength(2)
    expect(payouts[0].text()).toContain('Refused')
    expect(payouts[0].text()).toContain('The bank account has been closed.')
    expect(payouts[1].text()).toContain('Paid')
    const rows = w.findAll('[data-test="earnings-statement"] tbody tr')
    expect(rows[0].text()).toContain('Payout to your bank')
    expect(rows[0].text()).toContain('−$80')
    expect(rows[1].text()).toContain('Payment for a request')
  })

  it('reads the figures again when a release arrives by sync: pending down, available up by the release less commission', async () => {
    EarningsService.Get.mockResolvedValue(earnings({ wallet: { account: 'influencer_earnings', balance: 0, pending: 60_000, available: 0, paid: 0, entries: [] } }))
    ;({ wrapper: w } = await mountEarnings())
    expect(w.find('[data-test="earnings-pending"]').text()).toBe('$600')
    expect(w.find('[data-test="earnings-available"]').text()).toBe('$0')
    EarningsService.Get.mockResolvedValue(earnings({ wallet: { account: 'influencer_earnings', balance: 54_000, pending: 0, available: 54_000, paid: 0,
      entries: [{ transaction_id: 't9', kind: 'release', memo: '', created_at: '2026-11-23T10:00:00Z', account_kind: 'influencer_earnings', amount: 54_000, balance: 54_000 }] } }))
    emit('data:changed', { account_id: 'i1', source: 'sync' })
    await flushPromises()
    expect(w.find('[data-test="earnings-pending"]').text()).toBe('$0')
    expect(w.find('[data-test="earnings-available"]').text()).toBe('$540')
    expect(w.find('[data-test="earnings-paid"]').text()).toBe('$0')
    expect(w.find('[data-test="earnings-statement"] tbody tr').text()).toContain('+$540')
  })

  it('shows the influencer\'s documents: payout statements and invoices, and the ledger CSV', async () => {
    go.DocumentsService.List.mockResolvedValueOnce([
      { id: 'd2', label: 'PAY-000001', kind: 'payout_statement', created_at: '2026-11-21T10:00:00Z', gross: 8_000, commission: 0 },
      { id: 'd1', label: 'INV-000001', kind: 'invoice', created_at: '2026-11-20T10:00:00Z', gross: 20_000, commission: 2_000 },
    ])
    ;({ wrapper: w } = await mountEarnings())
    const panel = w.find('[data-test="documents-panel"]')
    expect(panel.find('[data-test="document-PAY-000001"]').text()).toContain('$80')
    expect(panel.find('[data-test="document-INV-000001"]').text()).toContain('$200')
    expect(panel.find('[data-test="documents-csv"]').exists()).toBe(true)
  })

  it('is an influencer screen: a sponsor is sent away', async () => {
    const { wrapper, router } = await mountEarnings({ account_id: 's1', email: 's@b.test', name: 'S', role: 'sponsor', approval: 'approved' })
    w = wrapper
    expect(router.currentRoute.value.name).not.toBe('earnings')
    expect(EarningsService.Get).not.toHaveBeenCalled()
  })

  it('shows the Go checks under each field and sends nothing more until they pass', async () => {
    EarningsService.Get.mockResolvedValue(earnings({ account: null }))
    ;({ wrapper: w } = await mountEarnings())
    expect(w.find('[data-test="payout-request"]').attributes('disabled')).toBeDefined() // no account yet
    await w.find('[data-test="acct-kind-us"]').setValue(true)
    await w.find('[data-test="acct-routing"]').setValue('021000022')
    await w.find('[data-test="acct-number"]').setValue('12')
    EarningsService.SetAccount.mockResolvedValueOnce({ account: null, fields: {
      holder: "enter the account holder's name as the bank knows it",
      routing_number: "this routing number's check digit does not match: look for a mistyped digit",
      account_number: 'a US account number has 4 to 17 digits, this one has 2' } })
    await w.find('[data-test="payout-account-form"]').trigger('submit')
    await flushPromises()
    expect(EarningsService.SetAccount.mock.calls[0][0]).toEqual({ kind: 'us', holder: '', iban: '', routing_number: '021000022', account_number: '12' })
    expect(w.find('[data-test="acct-routing-error"]').text()).toBe("This routing number's check digit does not match: look for a mistyped digit")
    expect(w.find('[data-test="acct-number-error"]').text()).toContain('4 to 17 digits')
    expect(w.find('[data-test="acct-holder-error"]').text()).toContain("holder's name")
    expect(w.find('[data-test="acct-routing"]').classes()).toContain('is-invalid')
    await w.find('[data-test="acct-routing"]').setValue('110000000') // an edit clears the old verdict
    expect(w.find('[data-test="acct-routing-error"]').text()).toBe('')
  })

  it('saves an IBAN, then the number leaves the form', async () => {
    EarningsService.Get.mockResolvedValueOnce(earnings({ account: null }))
    ;({ wrapper: w } = await mountEarnings())
    await w.find('[data-test="acct-holder"]').setValue('Maya Cooks')
    await w.find('[data-test="acct-iban"]').setValue('DE89 3704 0044 0532 0130 00')
    EarningsService.SetAccount.mockResolvedValueOnce({ account, fields: {} })
    await w.find('[data-test="payout-account-form"]').trigger('submit')
    await flushPromises()
    expect(EarningsService.SetAccount.mock.calls[0][0]).toEqual({ kind: 'iban', holder: 'Maya Cooks', iban: 'DE89 3704 0044 0532 0130 00', routing_number: '', account_number: '' })
    expect(w.find('[data-test="payout-account-text"]').text()).toBe('IBAN DE ••••3000')
    expect(document.body.textContent).toContain('Payouts will go to IBAN DE ••••3000')
    expect(document.body.innerHTML).not.toContain('0532 0130')
  })

  it('refuses more than available before asking, then asks once and pays in cents with a fresh key', async () => {
    ;({ wrapper: w } = await mountEarnings())
    await requestPayout(w, '120.01')
    expect(w.find('[data-test="payout-amount-error"]').text()).toBe('You have $120 available')
    expect(w.find('[data-test="payout-confirm"]').exists()).toBe(false)
    await requestPayout(w, '100.50')
    expect(w.find('[data-test="payout-confirm"]').text()).toContain('Pay $100.50 to IBAN DE ••••3000?')
    expect(EarningsService.RequestPayout).not.toHaveBeenCalled()
    EarningsService.RequestPayout.mockResolvedValueOnce({ id: 'p3', status: 'paid', amount: 10_050, currency: 'usd', kind: 'iban', country: 'DE', last4: '3000' })
    const loads = EarningsService.Get.mock.calls.length
    await w.find('[data-test="payout-confirm-yes"]').trigger('click')
    await flushPromises()
    expect(EarningsService.RequestPayout).toHaveBeenCalledTimes(1)
    const input = EarningsService.RequestPayout.mock.calls[0][0]
    expect(input.amount).toBe(10_050)
    expect(input.idempotency_key).toMatch(/^[0-9a-f-]{36}$/)
    expect(EarningsService.Get.mock.calls.length).toBe(loads + 1)
    expect(w.find('[data-test="payout-amount"]').element.value).toBe('')
    expect(document.body.textContent).toContain('Paid $100.50 to IBAN DE ••••3000')
  })

  it('pays all that is available with the All button', async () => {
    ;({ wrapper: w } = await mountEarnings())
    await w.find('[data-test="payout-all"]').trigger('click')
    expect(w.find('[data-test="payout-amount"]').element.value).toBe('120.00')
    await w.find('[data-test="payout-form"]').trigger('submit')
    EarningsService.RequestPayout.mockResolvedValueOnce({ id: 'p3', status: 'paid', amount: 12_000, currency: 'usd', kind: 'iban', country: 'DE', last4: '3000' })
    await w.find('[data-test="payout-confirm-yes"]').trigger('click')
    await flushPromises()
    expect(EarningsService.RequestPayout.mock.calls[0][0].amount).toBe(12_000)
  })

  it('shows a refused payout with its reason, and retries an unreachable server with the same key', async () => {
    ;({ wrapper: w } = await mountEarnings())
    EarningsService.RequestPayout.mockRejectedValueOnce(uiError('unavailable', 'payments need a connection to the IESCP server'))
    EarningsService.RequestPayout.mockRejectedValueOnce(uiError('payout_failed', 'The bank account has been closed.'))
    await requestPayout(w, '10')
    await w.find('[data-test="payout-confirm-yes"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-test="payout-failure"]').text()).toContain('Payouts need a connection')
    await w.find('[data-test="payout-retry"]').trigger('click')
    await flushPromises()
    const [first, second] = EarningsService.RequestPayout.mock.calls.map((c) => c[0].idempotency_key)
    expect(second).toBe(first)
    expect(w.find('[data-test="payout-failure"]').text()).toBe('The payout was refused: The bank account has been closed. Nothing was paid.')
    expect(w.find('[data-test="payout-retry"]').exists()).toBe(false)

    EarningsService.RequestPayout.mockResolvedValueOnce({ id: 'p4', status: 'paid', amount: 1_000, currency: 'usd', kind: 'iban', country: 'DE', last4: '3000' })
    await requestPayout(w, '10')
    await w.find('[data-test="payout-confirm-yes"]').trigger('click')
    await flushPromises()
    expect(EarningsService.RequestPayout.mock.calls[2][0].idempotency_key).not.toBe(first)
  })

  it('says when the money is no longer there', async () => {
    ;({ wrapper: w } = await mountEarnings())
    EarningsService.RequestPayout.mockRejectedValueOnce(uiError('insufficient_funds', "the influencer's earnings holds 0 cents; 1000 are needed"))
    await requestPayout(w, '10')
    await w.find('[data-test="payout-confirm-yes"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-test="payout-failure"]').text()).toBe('That is more than your available earnings.')
  })
})
