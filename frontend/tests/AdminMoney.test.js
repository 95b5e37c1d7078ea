import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { go, LIMITS } from './wails.js'
import { useLimitsStore } from '../src/stores/limits.js'
import { commissionOf, percentToBps } from '../src/api/admin.js'
const { SessionService, AdminService } = go

const adminUser = { account_id: 'root', email: 'root@iescp.test', name: 'Root', role: 'admin', approval: '' }
const dispute = {
  ad_request_id: 'r1', campaign_id: 'c1', campaign: 'Phone launch', sponsor_id: 's1', sponsor: 'Maya Inc', influencer_id: 'i1',
  influencer: 'Ivan', escrow_cents: 100_000, commission_bps: 1000, updated_at: '2026-11-20T10:00:00Z',
  disputes: [{ deliverable_id: 'd1', seq: 1, platform: 'instagram', content_type: 'reel', by: 'influencer', reason: 'No answer for weeks', proof_url: 'https://instagram.com/p/1' }],
}

async function mountMoney() {
  SessionService.Current.mockResolvedValue(adminUser)
  const pinia = createPinia()
  setActivePinia(pinia)
  useLimitsStore().set(LIMITS)
  const router = makeRouter(createMemoryHistory())
  router.push('/admin?tab=money')
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('the admin money tab', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    AdminService.Commission.mockResolvedValue(1000)
    AdminService.Disputes.mockResolvedValue([dispute])
    AdminService.PlatformLedger.mockResolvedValue({
      commission_bps: 1000,
      totals: { sponsor_wallet: 400_000, escrow: 100_000, influencer_earnings: 45_000, platform_revenue: 5_000, outside_world: -550_000 },
      entries: [{ transaction_id: 't1', kind: 'top_up', memo: '', created_at: '2026-11-01T10:00:00Z', account_kind: 'outside_world', amount: -550_000, balance: -550_000 }],
    })
    AdminService.SetCommission.mockResolvedValue(undefined)
    AdminService.ResolveDispute.mockResolvedValue(undefined)
  })
  afterEach(() => wrapper?.unmount())

  it('shows the rate, the totals and the statement', async () => {
    wrapper = await mountMoney()
    expect(wrapper.find('[data-test="commission-rate"]').text()).toBe('10 %')
    expect(wrapper.find('[data-test="total-platform_revenue"]').text()).toBe('$50')
    expect(wrapper.find('[data-test="platform-statement"]').text()).toContain('Card top-up')
  })

  it('lists every document and exports the whole ledger as CSV', async () => {
    go.DocumentsService.List.mockResolvedValueOnce([
      { id: 'd3', label: 'PAY-000001', kind: 'payout_statement', created_at: '2026-11-22T10:00:00Z', gross: 8_000, commission: 0 },
      { id: 'd2', label: 'INV-000001', kind: 'invoice', created_at: '2026-11-21T10:00:00Z', gross: 20_000, commission: 2_000 },
      { id: 'd1', label: 'RCP-000001', kind: 'receipt', created_at: '2026-11-20T10:00:00Z', gross: 25_000, commission: 0 },
    ])
    go.DocumentsService.ExportLedgerCSV.mockResolvedValueOnce({ path: '/tmp/iescp-ledger.csv', size: 120 })
    wrapper = await mountMoney()
    const panel = wrapper.find('[data-test="admin-money"] [data-test="documents-panel"]')
    expect(panel.find('h2').text()).toBe('All documents')
    expect(panel.findAll('[data-test="documents-table"] tbody tr')).toHaveLength(3)
    expect(panel.find('[data-test="document-INV-000001"]').text()).toContain('incl. $20 commission')
    const csv = panel.find('[data-test="documents-csv"]')
    expect(csv.text()).toBe('Export the whole ledger (CSV)')
    await csv.trigger('click')
    await flushPromises()
    expect(go.DocumentsService.ExportLedgerCSV).toHaveBeenCalledTimes(1)
    expect(document.body.textContent).toContain('Saved to /tmp/iescp-ledger.csv')
  })

  it('sets the rate in basis points, refusing what is not a percentage up to 50', async () => {
    wrapper = await mountMoney()
    const input = wrapper.find('[data-test="commission-input"]')
    await input.setValue('55')
    expect(wrapper.text()).toContain('Enter a percentage from 0 to 50')
    expect(wrapper.find('[data-test="commission-save"]').attributes('disabled')).toBeDefined()
    await input.setValue('12.5')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(AdminService.SetCommission).toHaveBeenCalledWith(1250)
  })

  it('resolves a dispute by a split, previewing what each party gets', async () => {
    wrapper = await mountMoney()
    expect(wrapper.find('[data-test="dispute"]').text()).toContain('disputed by the influencer: No answer for weeks')
    await wrapper.find('[data-test="dispute-decide"]').trigger('click')
    await wrapper.find('[data-test="outcome-split"]').setValue(true)
    await wrapper.find('[data-test="split-amount"]').setValue('1000')
    expect(wrapper.find('[data-test="dispute-preview"]').text()).toContain('A split releases more than $0 and less than the $1,000')
    await wrapper.find('[data-test="split-amount"]').setValue('600.05')
    await wrapper.find('[data-test="dispute-note"]').setValue('Half the posts were made')
    // 60,005 released at 10 %: 6,001 commission (6,000.5 rounds up), 54,004 to the influencer, 39,995 back.
    expect(wrapper.find('[data-test="dispute-preview"]').text()).toBe('The influencer gets $540.04 (after $60.01 commission); the sponsor gets back $399.95.')
    await wrapper.find('[data-test="dispute-form"]').trigger('submit')
    await flushPromises()
    expect(AdminService.ResolveDispute).toHaveBeenCalledWith({ ad_request_id: 'r1', outcome: 'split', release_cents: 60_005, note: 'Half the posts were made' })
  })

  it('computes the commission as the ledger does', () => {
    expect(commissionOf(10_005, 1000)).toBe(1001)
    expect(commissionOf(4, 1000)).toBe(0)
    expect(commissionOf(5, 1000)).toBe(1)
    expect(percentToBps('10')).toBe(1000)
    expect(percentToBps('0.01')).toBe(1)
    expect(percentToBps('abc')).toBe(null)
  })
})
