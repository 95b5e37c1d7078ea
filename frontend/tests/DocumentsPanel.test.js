import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

import DocumentsPanel from '../src/components/DocumentsPanel.vue'
import { useToastStore } from '../src/stores/toasts.js'
import { useSessionStore } from '../src/stores/session.js'
import { emit, go } from './wails.js'
const { DocumentsService } = go

const docs = [
  { id: 'd3', label: 'INV-000001', kind: 'invoice', issuer: 'i1', series: 'INV', number: 1, transaction_id: 't3', transaction_kind: 'release',
    memo: '', recipient_id: 's1', created_at: '2026-11-22T10:00:00Z', gross: 12_505, commission: 1_251, net: 11_254, refunded: 0 },
  { id: 'd1', label: 'RCP-000002', kind: 'receipt', issuer: 'platform', series: 'RCP', number: 2, transaction_id: 't1', transaction_kind: 'top_up',
    memo: '', recipient_id: 's1', created_at: '2026-11-20T10:00:00Z', gross: 25_000, commission: 0, net: 25_000, refunded: 0 },
]
const uiError = (code, message) => JSON.stringify({ code, message })

async function mountPanel() {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().user = { account_id: 's1', role: 'sponsor' }
  const w = mount(DocumentsPanel, { global: { plugins: [pinia] } })
  await flushPromises()
  return w
}

describe('DocumentsPanel', () => {
  let w
  beforeEach(() => {
    DocumentsService.List.mockReset()
    DocumentsService.SavePDF.mockReset()
    DocumentsService.ExportLedgerCSV.mockReset()
    DocumentsService.List.mockResolvedValue(structuredClone(docs))
  })
  afterEach(() => w?.unmount())

  it('lists each document with its number, kind, date and amount', async () => {
    w = await mountPanel()
    const rows = w.findAll('[data-test="documents-table"] tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('INV-000001')
    expect(rows[0].text()).toContain('Invoice')
    expect(rows[0].text()).toContain('Nov 22, 2026')
    expect(rows[0].text()).toContain('$125.05')
    expect(rows[0].text()).toContain('incl. $12.51 commission')
    expect(rows[1].text()).toContain('RCP-000002')
    expect(rows[1].text()).toContain('Receipt')
    expect(rows[1].text()).toContain('$250')
    expect(rows[1].text()).not.toContain('commission')
  })

  it('shows one deal’s documents when given its request, and reloads when the screen that paid asks', async () => {
    const withDeal = structuredClone(docs)
    withDeal[0].ad_request_id = 'r1'
    DocumentsService.List.mockResolvedValue(withDeal)
    const pinia = createPinia()
    setActivePinia(pinia)
    useSessionStore().user = { account_id: 's1', role: 'sponsor' }
    w = mount(DocumentsPanel, { props: { adRequestId: 'r1' }, global: { plugins: [pinia] } })
    await flushPromises()
    const rows = w.findAll('[data-test="documents-table"] tbody tr')
    expect(rows).toHaveLength(1)
    expect(rows[0].text()).toContain('INV-000001')
    w.unmount()

    DocumentsService.List.mockResolvedValue([])
    w = await mountPanel()
    expect(w.find('[data-test="documents-empty"]').exists()).toBe(true)
    DocumentsService.List.mockResolvedValue(structuredClone(docs))
    await w.vm.reload()
    await flushPromises()
    expect(w.findAll('[data-test="documents-table"] tbody tr')).toHaveLength(2)
  })

  it('says so when there are none, and reloads when data changes', async () => {
    DocumentsService.List.mockResolvedValue([])
    w = await mountPanel()
    expect(w.find('[data-test="documents-empty"]').exists()).toBe(true)
    DocumentsService.List.mockResolvedValue(structuredClone(docs))
    emit('data:changed', { account_id: 's1', source: 'sync' })
    await flushPromises()
    expect(w.findAll('[data-test="documents-table"] tbody tr')).toHaveLength(2)
  })

  it('saves a PDF under the document\'s own name and says where', async () => {
    DocumentsService.SavePDF.mockResolvedValue({ path: '/home/maya/.local/share/iescp/documents/a1/iescp-invoice-inv-000001.pdf', size: 1234 })
    w = await mountPanel()
    await w.find('[data-test="document-pdf-INV-000001"]').trigger('click')
    await flushPromises()
    expect(DocumentsService.SavePDF).toHaveBeenCalledWith('d3', '')
    expect(useToastStore().items.at(-1)).toMatchObject({ kind: 'success', title: 'Saved to /home/maya/.local/share/iescp/documents/a1/iescp-invoice-inv-000001.pdf' })
  })

  it('exports the ledger CSV; a cancelled dialog says nothing; offline says why', async () => {
    DocumentsService.ExportLedgerCSV.mockResolvedValueOnce({ path: '/tmp/ledger.csv', size: 10 })
    w = await mountPanel()
    const toasts = useToastStore()
    await w.find('[data-test="documents-csv"]').trigger('click')
    await flushPromises()
    expect(toasts.items.at(-1)).toMatchObject({ kind: 'success', title: 'Saved to /tmp/ledger.csv' })
    const n = toasts.items.length
    DocumentsService.ExportLedgerCSV.mockResolvedValueOnce({ path: '', size: 0 })
    await w.find('[data-test="documents-csv"]').trigger('click')
    await flushPromises()
    expect(toasts.items).toHaveLength(n)
    DocumentsService.ExportLedgerCSV.mockRejectedValueOnce(uiError('unavailable', 'payments need a connection'))
    await w.find('[data-test="documents-csv"]').trigger('click')
    await flushPromises()
    expect(toasts.items.at(-1)).toMatchObject({ kind: 'error', title: 'Could not save the file',
      message: 'Documents are on the IESCP server: try again when you are online' })
  })
})
