// The deal page with the components placed on it, through the real router and App
// with the Wails mock: a draft's attachments (picked, sent, shown beside the brief),
// metrics on posted and accepted deliverables, the tracking link, the party's
// documents, the escrow's figures in the header, and "Mark complete" only for a
// deal without deliverables.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { go } from './wails.js'
const { SessionService, DealService, AttachmentService, MetricsService, TrackingService, DocumentsService } = go

const sponsor = { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved' }
const influencer = { account_id: 'i1', email: 'ivan@creator.test', name: 'Ivan', role: 'influencer', approval: '' }
const admin = { account_id: 'a1', email: 'root@iescp.test', name: 'Root', role: 'admin', approval: '' }

const ATT_LIMITS = { max_bytes: 8 << 20, max_attachments: 3, content_types: ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'], image_types: ['image/png', 'image/jpeg', 'image/webp'] }
const enc = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0))
const PNG = enc('\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00')
const PDF = enc('%PDF-1.4\n%%EOF\n')
const pngRef = { sha256: 'a'.repeat(64), name: 'mock.png', size: PNG.length, content_type: 'image/png' }
const pdfRef = { sha256: 'b'.repeat(64), name: 'script.pdf', size: PDF.length, content_type: 'application/pdf' }

const none = { submit_draft: false, review: false, submit_proof: false, accept_proof: false, dispute: false }
const deliverable = (over) => ({
  id: 'd1', seq: 1, platform: 'instagram', content_type: 'reel', quantity: 1, due_date: '2026-12-30', brief: 'Unboxing', status: 'todo',
  draft_text: '', draft_links: [], draft_attachments: [], proof_screenshot: null, change_comment: '', proof_url: '', posted_at: null,
  submitted_at: null, decided_at: null, auto_accept_after: '', dispute_reason: '', disputed_by: '', overdue: false, queued: false,
  actions: { ...none }, ...over,
})
const NO_ESCROW = { state: '', cents: 0, commission_bps: 0, released_cents: 0, resolution_note: '', commission_cents: 0, influencer_cents: 0, refunded_cents: 0 }
const deal = (over = {}) => ({
  id: 'r1', campaign_id: 'c1', campaign_name: 'Shoe drop', sponsor_name: 'Maya Inc', influencer_name: 'Ivan', counterparty_name: 'Ivan',
  amount: 250000, status: 'accepted', turn: '', campaign_budget: 800000, campaign_committed: 250000,
  thread: [{ id: 'o1', seq: 1, author_role: 'sponsor', author_name: 'Maya Inc', amount: 250000, requirements: 'Launch', message: '',
    created_at: '2026-11-15T10:00:00Z', mine: true, deliverables: [], changes: null }],
  actions: { withdraw: true, complete: false },
  escrow: { ...NO_ESCROW, state: 'funded', cents: 250000, commission_bps: 1000 },
  deliverables: [deliverable()],
  timeline: [],
  ...over,
})

async function mountAt(user) {
  SessionService.Current.mockResolvedValue(user)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push('/ad-requests/r1')
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

async function pick(scope, files) {
  const input = scope.find('[data-test="file-input"]')
  Object.defineProperty(input.element, 'files', { value: files, configurable: true })
  await input.trigger('change')
  await flushPromises()
}

describe('the deal page with its parts placed', () => {
  let w
  beforeEach(() => {
    for (const m of ['Get', 'SubmitDraft', 'SubmitProof']) DealService[m].mockReset()
    DealService.Todo.mockResolvedValue([])
    for (const m of ['Add', 'States', 'Open', 'Save']) AttachmentService[m].mockReset()
    AttachmentService.Limits.mockResolvedValue(ATT_LIMITS)
    AttachmentService.States.mockResolvedValue({})
    MetricsService.Get.mockReset()
    TrackingService.Link.mockReset()
    DocumentsService.List.mockReset()
    DocumentsService.List.mockResolvedValue([])
  })
  afterEach(() => w?.unmount())

  it('sends a draft with its attachments, picked under the limits Go serves', async () => {
    DealService.Get.mockResolvedValue(deal({ deliverables: [deliverable({ actions: { ...none, submit_draft: true } })] }))
    w = await mountAt(influencer)
    const card = w.find('[data-test="deliverable-1"]')
    await card.find('[data-test="do-draft"]').trigger('click')
    await flushPromises()
    const picker = card.find('[data-test="draft-attachments"]')
    expect(picker.text()).toContain('at most 3 files')
    expect(picker.find('[data-test="file-input"]').attributes('multiple')).toBeDefined()
    AttachmentService.Add.mockImplementation(async ({ name }) => (name.endsWith('.pdf') ? pdfRef : pngRef))
    await pick(picker, [new File([PNG], 'mock.png'), new File([enc('<html>')], 'evil.png'), new File([PDF], 'script.pdf')])
    expect(AttachmentService.Add).toHaveBeenCalledTimes(2)
    expect(picker.findAll('[data-test="picked"]').map((x) => x.text())).toEqual([expect.stringContaining('mock.png'), expect.stringContaining('script.pdf')])
    expect(picker.find('[data-test="refused"]').text()).toContain('evil.png')
    await card.find('[data-test="draft-text"]').setValue('Caption')
    await card.find('[data-test="deliverable-form"]').trigger('submit')
    await flushPromises()
    expect(DealService.SubmitDraft).toHaveBeenCalledWith({ deliverable_id: 'd1', draft_text: 'Caption', draft_links: [], attachments: [pngRef, pdfRef] })
  })

  it('revises a draft starting from its attachments, which the influencer may remove', async () => {
    DealService.Get.mockResolvedValue(deal({ deliverables: [deliverable({ status: 'changes_requested', draft_text: 'v1', change_comment: 'Logo',
      draft_attachments: [pngRef, pdfRef], actions: { ...none, submit_draft: true, dispute: true } })] }))
    w = await mountAt(influencer)
    const card = w.find('[data-test="deliverable-1"]')
    await card.find('[data-test="do-draft"]').trigger('click')
    await flushPromises()
    const picked = card.findAll('[data-test="draft-attachments"] [data-test="picked"]')
    expect(picked).toHaveLength(2)
    await picked[0].find('button').trigger('click')
    await card.find('[data-test="deliverable-form"]').trigger('submit')
    await flushPromises()
    expect(DealService.SubmitDraft).toHaveBeenCalledWith({ deliverable_id: 'd1', draft_text: 'v1', draft_links: [], attachments: [pdfRef] })
  })

  it('shows the sponsor a draft’s attachments beside the brief, fetched only on demand', async () => {
    DealService.Get.mockResolvedValue(deal({ deliverables: [deliverable({ status: 'draft_submitted', draft_text: 'My caption',
      draft_attachments: [pngRef, pdfRef], actions: { ...none, review: true, dispute: true } })] }))
    w = await mountAt(sponsor)
    const draft = w.find('[data-test="deliverable-1"] [data-test="deliverable-draft"]')
    const list = draft.find('[data-test="draft-attachment-list"]')
    expect(list.text()).toContain('Attachments (2)')
    expect(list.findAll('[data-test="attachment"]').map((a) => a.attributes('data-sha'))).toEqual([pngRef.sha256, pdfRef.sha256])
    expect(AttachmentService.States).toHaveBeenCalledWith([pngRef.sha256, pdfRef.sha256])
    expect(AttachmentService.Open).not.toHaveBeenCalled()
    // A PDF is only offered for saving, never shown.
    expect(list.findAll('[data-test="save"]')).toHaveLength(1)
    expect(list.findAll('[data-test="show"]')).toHaveLength(1)
    // The brief stays beside the draft (two columns from md up).
    expect(w.find('[data-test="deliverable-brief"]').element.parentElement.className).toContain('col-md-6')
    expect(draft.classes()).toContain('col-md-6')
  })

  it('places metrics on posted and accepted deliverables only: the influencer reports, the sponsor reads', async () => {
    const checkpoints = [{ checkpoint: '24h', due_at: '2026-11-21T09:00:00Z', state: 'due', metrics: null },
      { checkpoint: '7d', due_at: '2026-11-27T09:00:00Z', state: 'not_yet', metrics: null },
      { checkpoint: '30d', due_at: '2026-12-20T09:00:00Z', state: 'not_yet', metrics: null }]
    MetricsService.Get.mockImplementation(async (id) => ({ deliverable_id: id, can_report: true, max_figure: 1e10, checkpoints }))
    DealService.Get.mockResolvedValue(deal({ deliverables: [
      deliverable({ id: 'd1', seq: 1, status: 'posted', proof_url: 'https://x.test/p', posted_at: '2026-11-20T09:00:00Z' }),
      deliverable({ id: 'd2', seq: 2, status: 'accepted', proof_url: 'https://x.test/q', posted_at: '2026-11-20T09:00:00Z' }),
      deliverable({ id: 'd3', seq: 3, status: 'approved_for_posting' }),
    ] }))
    w = await mountAt(influencer)
    expect(MetricsService.Get.mock.calls.map((c) => c[0]).sort()).toEqual(['d1', 'd2'])
    expect(w.find('[data-test="deliverable-3"] [data-test="deliverable-metrics"]').exists()).toBe(false)
    const m1 = w.find('[data-test="deliverable-1"] [data-test="deliverable-metrics"]')
    expect(m1.find('[data-test="metrics-form"]').exists()).toBe(true)
    for (const f of ['views', 'reach', 'likes', 'comments', 'shares', 'saves']) await m1.find(`[data-test="metrics-${f}"]`).setValue('10')
    await m1.find('[data-test="metrics-form"]').trigger('submit')
    await flushPromises()
    expect(go.MetricsService.Report).toHaveBeenCalledWith(expect.objectContaining({ deliverable_id: 'd1', checkpoint: '24h', views: 10 }))
    w.unmount()

    MetricsService.Get.mockImplementation(async (id) => ({ deliverable_id: id, can_report: false, max_figure: 1e10, checkpoints }))
    w = await mountAt(sponsor)
    const s1 = w.find('[data-test="deliverable-1"] [data-test="deliverable-metrics"]')
    expect(s1.find('[data-test="metrics-checkpoints"]').exists()).toBe(true)
    expect(s1.find('[data-test="metrics-form"]').exists()).toBe(false)
  })

  it('shows the tracking link to both parties once accepted, not before', async () => {
    TrackingService.Link.mockResolvedValue({ short_url: 'http://127.0.0.1:8787/r/abc', promo_code: 'IVAN10', hashtag: '#ShoeDrop', clicks: 3, target_url: 'https://shoes.test' })
    DealService.Get.mockResolvedValue(deal())
    for (const user of [sponsor, influencer]) {
      w = await mountAt(user)
      expect(w.find('#deal-tracking-link [data-test="tracking-card"]').exists()).toBe(true)
      expect(w.find('[data-test="tracking-short"]').text()).toBe('http://127.0.0.1:8787/r/abc')
      w.unmount()
    }
    TrackingService.Link.mockClear()
    DealService.Get.mockResolvedValue(deal({ status: 'pending', escrow: { ...NO_ESCROW }, deliverables: [] }))
    w = await mountAt(sponsor)
    expect(TrackingService.Link).not.toHaveBeenCalled()
    expect(w.find('[data-test="tracking-card"]').exists()).toBe(false)
  })

  it('shows the escrow: funded with its rate, then what the release paid each side', async () => {
    DealService.Get.mockResolvedValue(deal())
    w = await mountAt(sponsor)
    const head = () => w.find('[data-test="deal-header"]')
    expect(head().find('[data-test="deal-escrow"]').attributes('data-state')).toBe('funded')
    expect(head().find('[data-test="escrow-amount"]').text()).toBe('$2,500')
    expect(head().find('[data-test="escrow-rate"]').text()).toBe('10%')
    expect(head().find('[data-test="escrow-influencer"]').exists()).toBe(false)
    w.unmount()

    DealService.Get.mockResolvedValue(deal({ status: 'completed', escrow: { ...NO_ESCROW, state: 'released', cents: 250000, commission_bps: 1250,
      released_cents: 250000, commission_cents: 31250, influencer_cents: 218750 },
      timeline: [{ at: '2026-11-28T10:00:00Z', kind: 'request.completed', by: '', amount: 0, offer_seq: 0, deliverable_seq: 0, text: '' }] }))
    w = await mountAt(influencer)
    expect(w.find('[data-test="timeline-event"]').text()).toContain('The deal completed: every deliverable was accepted')
    expect(head().find('[data-test="deal-escrow"]').text()).toBe('Released to the influencer')
    expect(head().find('[data-test="escrow-rate"]').text()).toBe('12.5%')
    expect(head().find('[data-test="escrow-influencer"]').text()).toBe('$2,187.50')
    expect(head().find('[data-test="escrow-influencer"]').element.previousElementSibling.textContent).toBe('Paid to you')
    expect(head().find('[data-test="escrow-commission"]').text()).toBe('$312.50')
    expect(head().find('[data-test="escrow-refunded"]').exists()).toBe(false)
    w.unmount()

    DealService.Get.mockResolvedValue(deal({ status: 'completed', escrow: { ...NO_ESCROW, state: 'split', cents: 250000, commission_bps: 1000,
      released_cents: 123457, commission_cents: 12346, influencer_cents: 111111, refunded_cents: 126543, resolution_note: 'Half the posts' } }))
    w = await mountAt(sponsor)
    expect(head().find('[data-test="escrow-influencer"]').text()).toBe('$1,111.11')
    expect(head().find('[data-test="escrow-commission"]').text()).toBe('$123.46')
    expect(head().find('[data-test="escrow-refunded"]').text()).toBe('$1,265.43')
    expect(head().find('[data-test="escrow-note"]').text()).toBe('Admin’s resolution: Half the posts')
    w.unmount()

    DealService.Get.mockResolvedValue(deal({ escrow: { ...NO_ESCROW, state: 'disputed', cents: 250000, commission_bps: 1000 } }))
    w = await mountAt(sponsor)
    expect(head().find('[data-test="escrow-held"]').text()).toContain('until an admin resolves the dispute')
    expect(head().find('[data-test="escrow-influencer"]').exists()).toBe(false)
  })

  it('shows this deal’s documents once money moved (not the party’s others); none for an admin', async () => {
    DocumentsService.List.mockResolvedValue([{ id: 'doc1', label: 'INV-000001', kind: 'invoice', created_at: '2026-11-28T10:00:00Z',
      gross: 250000, commission: 25000, net: 225000, ad_request_id: 'r1' },
    { id: 'doc0', label: 'INV-000000', kind: 'invoice', created_at: '2026-10-28T10:00:00Z',
      gross: 90000, commission: 9000, net: 81000, ad_request_id: 'another-deal' },
    { id: 'rcp1', label: 'RCP-000001', kind: 'receipt', created_at: '2026-10-01T10:00:00Z', gross: 500000, commission: 0, net: 500000 }])
    DealService.Get.mockResolvedValue(deal({ status: 'completed', escrow: { ...NO_ESCROW, state: 'released', cents: 250000, commission_bps: 1000,
      released_cents: 250000, commission_cents: 25000, influencer_cents: 225000 } }))
    w = await mountAt(sponsor)
    const docs = w.find('#deal-documents')
    expect(docs.find('[data-test="deal-documents-note"]').text()).toContain('This deal’s invoice')
    expect(docs.find('[data-test="document-INV-000001"]').exists()).toBe(true)
    expect(docs.find('[data-test="document-INV-000000"]').exists()).toBe(false) // another deal's
    expect(docs.find('[data-test="document-RCP-000001"]').exists()).toBe(false) // a top-up's
    w.unmount()

    DocumentsService.List.mockClear()
    DealService.Get.mockResolvedValue(deal({ status: 'pending', escrow: { ...NO_ESCROW }, deliverables: [] }))
    w = await mountAt(sponsor)
    expect(w.find('[data-test="documents-panel"]').exists()).toBe(false)
    w.unmount()

    DealService.Get.mockResolvedValue(deal())
    w = await mountAt(admin)
    expect(w.find('[data-test="documents-panel"]').exists()).toBe(false)
    expect(w.find('[data-test="tracking-card"]').exists()).toBe(false)
    expect(DocumentsService.List).not.toHaveBeenCalled()
  })

  it('offers "Mark complete" only for a deal without deliverables; with them, says the deal completes itself', async () => {
    // Even were Go to offer it, a deal with deliverables shows no button.
    DealService.Get.mockResolvedValue(deal({ actions: { withdraw: true, complete: true } }))
    w = await mountAt(sponsor)
    expect(w.find('[data-test="complete"]').exists()).toBe(false)
    expect(w.find('[data-test="deal-auto-complete"]').text()).toContain('completes itself when the last deliverable is accepted')
    w.unmount()

    DealService.Get.mockResolvedValue(deal({ deliverables: [], actions: { withdraw: true, complete: true } }))
    w = await mountAt(sponsor)
    expect(w.find('[data-test="deal-auto-complete"]').exists()).toBe(false)
    expect(w.find('[data-test="deal-no-deliverables"]').text()).toContain('mark it complete')
    await w.find('[data-test="complete"]').trigger('click')
    await flushPromises()
    expect(go.AdRequestService.Complete).toHaveBeenCalledWith({ ad_request_id: 'r1' })
  })
})
