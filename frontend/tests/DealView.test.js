// The deal page, the To do list, the deliverables editor and the offer changes,
// through the real router and App with the Wails mock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import DeliverablesEditor from '../src/components/DeliverablesEditor.vue'
import OfferChanges from '../src/components/OfferChanges.vue'
import { useLimitsStore } from '../src/stores/limits.js'
import { termsValid } from '../src/deliverables.js'
import { go, emit } from './wails.js'
const { SessionService, DealService, AttachmentService } = go

// Attachments: the limits Go serves, real magic numbers, and a picker driven as a
// user does (its file input inside the card's own wrapper).
const ATT_LIMITS = { max_bytes: 8 << 20, max_attachments: 3, content_types: ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'], image_types: ['image/png', 'image/jpeg', 'image/webp'] }
const enc = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0))
const PNG = enc('\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00')
const PDF = enc('%PDF-1.4\n%%EOF\n')
const shotRef = { sha256: 'a'.repeat(64), name: 'post.png', size: PNG.length, content_type: 'image/png' }
async function pick(scope, files) {
  const input = scope.find('[data-test="file-input"]')
  Object.defineProperty(input.element, 'files', { value: files, configurable: true })
  await input.trigger('change')
  await flushPromises()
}

const sponsor = { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved' }
const influencer = { account_id: 'i1', email: 'ivan@creator.test', name: 'Ivan', role: 'influencer', approval: '' }
const reel = { platform: 'instagram', content_type: 'reel', quantity: 3, due_date: '2026-11-30', brief: 'Unboxing' }
const none = { submit_draft: false, review: false, submit_proof: false, accept_proof: false, dispute: false }
const deliverable = (over) => ({
  id: 'd1', seq: 1, ...reel, status: 'todo', draft_text: '', draft_links: [], draft_attachments: [], proof_screenshot: null,
  change_comment: '', proof_url: '', posted_at: null,
  submitted_at: null, decided_at: null, auto_accept_after: '', dispute_reason: '', disputed_by: '', overdue: false, queued: false,
  actions: { ...none }, ...over,
})
const deal = (over = {}) => ({
  id: 'r1', campaign_id: 'c1', campaign_name: 'Shoe drop', sponsor_name: 'Maya Inc', influencer_name: 'Ivan', counterparty_name: 'Ivan',
  amount: 250000, status: 'accepted', turn: '', campaign_budget: 800000, campaign_committed: 250000,
  thread: [
    { id: 'o1', seq: 1, author_role: 'sponsor', author_name: 'Maya Inc', amount: 200000, requirements: 'Launch', message: '', created_at: '2026-11-15T10:00:00Z', mine: true,
      deliverables: [{ ...reel, quantity: 2 }, { platform: 'youtube', content_type: 'long_video', quantity: 1, due_date: '2026-12-10', brief: '' }], changes: null },
    { id: 'o2', seq: 2, author_role: 'influencer', author_name: 'Ivan', amount: 250000, requirements: 'Launch', message: '', created_at: '2026-11-15T11:00:00Z', mine: false,
      deliverables: [reel], changes: { amount_from: 200000, amount_changed: true, requirements_changed: false,
        added: [{ platform: 'tiktok', content_type: 'short', quantity: 1, due_date: '2026-11-20', brief: '' }],
        removed: [{ platform: 'youtube', content_type: 'long_video', quantity: 1, due_date: '2026-12-10', brief: '' }],
        changed: [{ from: { ...reel, quantity: 2 }, to: reel, fields: ['quantity'] }] } },
  ],
  actions: { withdraw: true, complete: true },
  escrow: { state: '', cents: 0, commission_bps: 0 },
  deliverables: [deliverable()],
  timeline: [
    { at: '2026-11-15T10:00:00Z', kind: 'offer.opened', by: 'sponsor', amount: 200000, offer_seq: 1, deliverable_seq: 0, text: '' },
    { at: '2026-11-16T10:00:00Z', kind: 'deliverable.changes_requested', by: 'sponsor', amount: 0, offer_seq: 0, deliverable_seq: 1, text: 'Show the logo' },
  ],
  ...over,
})

async function mountAt(path, user) {
  SessionService.Current.mockResolvedValue(user)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('the deal page', () => {
  let w
  beforeEach(() => {
    for (const m of ['Get', 'Todo', 'SubmitDraft', 'RequestChanges', 'ApproveDraft', 'SubmitProof', 'AcceptProof', 'Dispute']) DealService[m].mockReset()
    DealService.Todo.mockResolvedValue([])
    for (const m of ['Add', 'States', 'Open']) AttachmentService[m].mockReset()
    AttachmentService.Limits.mockResolvedValue(ATT_LIMITS)
    AttachmentService.States.mockResolvedValue({})
  })
  afterEach(() => w?.wrapper.unmount())

  it('shows the header, the escrow state, what each offer changed and the timeline', async () => {
    DealService.Get.mockResolvedValue(deal())
    w = await mountAt('/ad-requests/r1', sponsor)
    const v = w.wrapper
    expect(DealService.Get).toHaveBeenCalledWith('r1')
    expect(v.find('[data-test="deal-campaign"]').text()).toBe('Shoe drop')
    expect(v.find('[data-test="deal-parties"]').text()).toBe('Maya Inc and Ivan')
    expect(v.find('[data-test="deal-amount"]').text()).toBe('$2,500')
    expect(v.find('[data-test="deal-escrow"]').text()).toBe('Not funded yet')
    expect(v.find('[data-test="nav-ad-requests"]').attributes('aria-current')).toBe('page')
    const changes = v.find('[data-test="offer-changes"]')
    expect(changes.find('[data-test="change-amount"]').text()).toBe('Amount $2,000 → $2,500')
    expect(changes.find('[data-test="change-added"]').text()).toContain('Added 1 × TikTok short, due Nov 20, 2026')
    expect(changes.find('[data-test="change-removed"]').text()).toContain('Removed 1 × YouTube long video')
    expect(changes.find('[data-test="change-changed"]').text()).toContain('3 × Instagram reel: quantity 2 → 3')
    expect(v.find('[data-test="offer-deliverables"]').text()).toContain('2 × Instagram reel · due Nov 30, 2026 — Unboxing')
    const events = v.findAll('[data-test="timeline-event"]')
    expect(events.map((e) => e.attributes('data-kind'))).toEqual(['offer.opened', 'deliverable.changes_requested'])
    expect(events[0].text()).toContain('You offered $2,000')
    expect(events[1].text()).toContain('You asked for changes to #1')
    expect(events[1].text()).toContain('Show the logo')
    // An accepted deal asks for its tracking link; unfunded, it has no documents
    // or escrow figures; a deliverable to do has no metrics yet.
    expect(go.TrackingService.Link).toHaveBeenCalledWith('r1')
    expect(v.find('[data-test="deal-documents-note"]').exists()).toBe(false)
    expect(v.find('[data-test="deal-escrow-detail"]').exists()).toBe(false)
    expect(v.find('[data-test="deliverable-metrics"]').exists()).toBe(false)
    expect(v.text()).not.toMatch(/deal\.|deliverables\.|todo\./)

    DealService.Get.mockResolvedValue(deal({ escrow: { state: 'funded', cents: 250000, commission_bps: 1000 } }))
    emit('data:changed', { account_id: 's1', source: 'sync' })
    await flushPromises()
    expect(v.find('[data-test="deal-escrow"]').text()).toBe('Funded in escrow: $2,500')
  })

  it('shows the sponsor the budget left when deciding, and accepting asks once what it commits', async () => {
    DealService.Get.mockResolvedValue(deal({ status: 'pending', turn: 'you', deliverables: [], campaign_committed: 100000,
      actions: { accept: true, counter: true, reject: true, withdraw: true } }))
    w = await mountAt('/ad-requests/r1', sponsor)
    const v = w.wrapper
    expect(v.find('[data-test="budget-left"]').text()).toBe('Campaign budget left: $7,000')
    expect(v.find('[data-test="deal-no-deliverables"]').text()).toContain('become this checklist')
    await v.find('[data-test="accept"]').trigger('click')
    const confirm = v.find('[data-test="accept-confirm"]')
    expect(confirm.find('[data-test="confirm-amount"]').text()).toContain('$2,500')
    expect(confirm.find('[data-test="confirm-budget"]').text()).toBe('Campaign budget left: $7,000 now, $4,500 after accepting.')
    expect(confirm.find('[data-test="confirm-escrow"]').text()).toContain('moves from your wallet into escrow')
    expect(confirm.text()).toContain('It makes a checklist of 1 deliverable.')
    expect(go.AdRequestService.Accept).not.toHaveBeenCalled()
    await confirm.find('[data-test="accept-confirm-button"]').trigger('click')
    await flushPromises()
    expect(go.AdRequestService.Accept).toHaveBeenCalledWith({ ad_request_id: 'r1', offer_id: 'o2' })
  })

  it('lets the influencer submit a draft, checked as they type, and marks an overdue deliverable', async () => {
    DealService.Get.mockResolvedValue(deal({ deliverables: [deliverable({ overdue: true, actions: { ...none, submit_draft: true } })] }))
    w = await mountAt('/ad-requests/r1', influencer)
    const card = w.wrapper.find('[data-test="deliverable-1"]')
    expect(card.find('[data-test="deliverable-due"]').text()).toBe('Overdue since Nov 30, 2026')
    expect(card.find('[data-test="do-approve"]').exists()).toBe(false)
    await card.find('[data-test="do-draft"]').trigger('click')
    expect(card.find('[data-test="step-submit"]').attributes('disabled')).toBeDefined()
    await card.find('[data-test="draft-text"]').setValue('Caption')
    await card.find('[data-test="draft-links"]').setValue('ftp://nope')
    expect(card.find('[data-test="step-problem"]').text()).toBe('Links start with http:// or https://.')
    await card.find('[data-test="draft-links"]').setValue('https://x.test/a\nhttps://x.test/b')
    await card.find('[data-test="deliverable-form"]').trigger('submit')
    await flushPromises()
    expect(DealService.SubmitDraft).toHaveBeenCalledWith({ deliverable_id: 'd1', draft_text: 'Caption', draft_links: ['https://x.test/a', 'https://x.test/b'], attachments: [] })
  })

  it('lets the sponsor review a draft beside the brief: approve, or ask for changes with a comment', async () => {
    DealService.Get.mockResolvedValue(deal({ deliverables: [deliverable({ status: 'draft_submitted', draft_text: 'My caption',
      draft_links: ['https://x.test/a'], submitted_at: '2026-11-16T09:00:00Z', actions: { ...none, review: true, dispute: true } })] }))
    w = await mountAt('/ad-requests/r1', sponsor)
    const card = w.wrapper.find('[data-test="deliverable-1"]')
    expect(card.find('[data-test="deliverable-brief"]').text()).toBe('Unboxing')
    expect(card.find('[data-test="deliverable-draft"]').text()).toContain('My caption')
    expect(card.find('[data-test="deliverable-status"]').text()).toBe('Draft to review')
    await card.find('[data-test="do-changes"]').trigger('click')
    expect(card.find('[data-test="step-problem"]').text()).toBe('Say what should change.')
    await card.find('[data-test="step-text"]').setValue('Show the logo')
    await card.find('[data-test="deliverable-form"]').trigger('submit')
    await flushPromises()
    expect(DealService.RequestChanges).toHaveBeenCalledWith({ deliverable_id: 'd1', comment: 'Show the logo' })
    await card.find('[data-test="do-approve"]').trigger('click')
    await flushPromises()
    expect(DealService.ApproveDraft).toHaveBeenCalledWith({ deliverable_id: 'd1' })
  })

  it('takes a proof with its post time, shows the auto-accept date, and words a refusal', async () => {
    DealService.Get.mockResolvedValue(deal({ deliverables: [deliverable({ status: 'approved_for_posting', actions: { ...none, submit_proof: true, dispute: true } })] }))
    w = await mountAt('/ad-requests/r1', influencer)
    let card = w.wrapper.find('[data-test="deliverable-1"]')
    await card.find('[data-test="do-proof"]').trigger('click')
    await card.find('[data-test="proof-url"]').setValue('https://instagram.test/p/1')
    await card.find('[data-test="proof-posted"]').setValue('2026-11-20T18:30')
    // The screenshot is required, one image: a PDF is refused before it is sent.
    expect(card.find('[data-test="step-problem"]').text()).toBe('Add a screenshot of the post.')
    expect(card.find('[data-test="step-submit"]').attributes('disabled')).toBeDefined()
    await card.find('[data-test="deliverable-form"]').trigger('submit')
    await flushPromises()
    expect(DealService.SubmitProof).not.toHaveBeenCalled()
    const shot = card.find('[data-test="proof-screenshot"]')
    expect(shot.find('[data-test="file-input"]').attributes('multiple')).toBeUndefined()
    await pick(shot, [new File([PDF], 'script.pdf')])
    expect(shot.find('[data-test="refused"]').text()).toContain('script.pdf')
    expect(AttachmentService.Add).not.toHaveBeenCalled()
    AttachmentService.Add.mockResolvedValue(shotRef)
    await pick(shot, [new File([PNG], 'post.png')])
    expect(card.find('[data-test="step-problem"]').exists()).toBe(false)
    DealService.SubmitProof.mockRejectedValue(JSON.stringify({ code: 'invalid_transition', message: 'cannot' }))
    await card.find('[data-test="deliverable-form"]').trigger('submit')
    await flushPromises()
    expect(DealService.SubmitProof).toHaveBeenCalledWith({ deliverable_id: 'd1', proof_url: 'https://instagram.test/p/1', posted_at: new Date('2026-11-20T18:30').toISOString(), screenshot: shotRef })
    expect(card.find('[data-test="deliverable-error"]').text()).not.toContain('cannot')
    w.wrapper.unmount()

    DealService.Get.mockResolvedValue(deal({ deliverables: [deliverable({ status: 'posted', proof_url: 'https://instagram.test/p/1',
      posted_at: '2026-11-20T18:30:00Z', auto_accept_after: '2026-11-25', proof_screenshot: shotRef, actions: { ...none, accept_proof: true, dispute: true } })] }))
    w = await mountAt('/ad-requests/r1', sponsor)
    card = w.wrapper.find('[data-test="deliverable-1"]')
    // The sponsor sees the proof's screenshot, fetched only when asked.
    const list = card.find('[data-test="proof-screenshot-list"]')
    expect(list.find('[data-test="attachment"]').attributes('data-sha')).toBe(shotRef.sha256)
    expect(AttachmentService.Open).not.toHaveBeenCalled()
    AttachmentService.Open.mockResolvedValue({ sha256: shotRef.sha256, content_type: 'image/png', data: 'iVBORw==' })
    await list.find('[data-test="show"]').trigger('click')
    await flushPromises()
    expect(AttachmentService.Open).toHaveBeenCalledWith(shotRef.sha256)
    expect(list.find('[data-test="preview"]').attributes('src')).toBe('data:image/png;base64,iVBORw==')
    expect(card.find('[data-test="deliverable-auto-accept"]').text()).toContain('after Nov 25, 2026')
    await card.find('[data-test="do-dispute"]').trigger('click')
    await card.find('[data-test="step-text"]').setValue('Wrong product')
    await card.find('[data-test="deliverable-form"]').trigger('submit')
    await flushPromises()
    expect(DealService.Dispute).toHaveBeenCalledWith({ deliverable_id: 'd1', reason: 'Wrong product' })
  })
})

describe('the To do list', () => {
  let w
  afterEach(() => w?.wrapper.unmount())

  it('lists what waits for the influencer by due date, overdue marked, each opening its deal', async () => {
    DealService.Todo.mockResolvedValue([
      { deliverable_id: 'd2', ad_request_id: 'r1', campaign_name: 'Shoe drop', counterparty_name: 'Maya Inc', seq: 2, platform: 'tiktok',
        content_type: 'short', quantity: 1, due_date: '2026-11-20', status: 'todo', auto_accept_after: '', step: 'submit_draft', overdue: true },
      { deliverable_id: 'd1', ad_request_id: 'r1', campaign_name: 'Shoe drop', counterparty_name: 'Maya Inc', seq: 1, platform: 'instagram',
        content_type: 'reel', quantity: 3, due_date: '2026-11-30', status: 'approved_for_posting', auto_accept_after: '', step: 'submit_proof', overdue: false },
    ])
    DealService.Get.mockResolvedValue(deal())
    w = await mountAt('/todo', influencer)
    const v = w.wrapper
    expect(v.find('[data-test="nav-todo"]').attributes('aria-current')).toBe('page')
    const items = v.findAll('[data-test="todo-item"]')
    expect(items).toHaveLength(2)
    expect(items[0].text()).toContain('Submit a draft: #2 · 1 × TikTok short')
    expect(items[0].text()).toContain('Overdue since Nov 20, 2026')
    expect(items[0].classes()).toContain('list-group-item-danger')
    expect(items[1].text()).toContain('Post and submit proof')
    expect(v.find('[data-test="todo-overdue-count"]').text()).toBe('1 overdue')
    await items[0].find('[data-test="todo-link"]').trigger('click')
    await flushPromises()
    expect(w.router.currentRoute.value.fullPath).toBe('/ad-requests/r1')
  })

  it('is for influencers; sponsors get their review queue on the dashboard', async () => {
    DealService.Todo.mockResolvedValue([
      { deliverable_id: 'd1', ad_request_id: 'r1', campaign_name: 'Shoe drop', counterparty_name: 'Ivan', seq: 1, platform: 'instagram',
        content_type: 'reel', quantity: 3, due_date: '2026-11-30', status: 'posted', auto_accept_after: '2026-11-25', step: 'accept_proof', overdue: false },
    ])
    w = await mountAt('/todo', sponsor)
    expect(w.router.currentRoute.value.name).toBe('dashboard')
    expect(w.wrapper.find('[data-test="nav-todo"]').exists()).toBe(false)
    const q = w.wrapper.find('[data-test="review-queue"]')
    expect(q.text()).toContain('Check the proof: #1 · 3 × Instagram reel — Shoe drop, Ivan')
    expect(q.text()).toContain('accepted automatically after Nov 25, 2026')
  })
})

describe('DeliverablesEditor', () => {
  it('adds and removes rows with the choices and bounds from Go', async () => {
    setActivePinia(createPinia())
    const limits = useLimitsStore()
    await limits.ensure()
    const w = mount(DeliverablesEditor, { props: { modelValue: [], 'onUpdate:modelValue': (v) => w.setProps({ modelValue: v }) } })
    await flushPromises()
    await w.find('[data-test="deliverable-add"]').trigger('click')
    expect(w.findAll('[data-test="deliverable-row"]')).toHaveLength(1)
    expect(w.findAll('[data-test="deliverable-platform"] option').map((o) => o.text())).toEqual(['Instagram', 'YouTube', 'TikTok', 'X', 'Other'])
    expect(w.findAll('[data-test="deliverable-type"] option').map((o) => o.text())).toContain('long video')
    const terms = w.props('modelValue')
    expect(termsValid(terms, limits)).toBe(false) // no due date yet
    terms[0].due_date = '2026-12-01'
    expect(termsValid(terms, limits)).toBe(true)
    terms[0].quantity = 101
    expect(termsValid(terms, limits)).toBe(false)
    await w.find('[data-test="deliverable-remove"]').trigger('click')
    expect(w.props('modelValue')).toEqual([])
    limits.set({ input: { max_deliverables: 1 } , platforms: ['instagram'], content_types: ['reel'] })
    await w.find('[data-test="deliverable-add"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-test="deliverable-add"]').attributes('disabled')).toBeDefined()
  })

  it('says when an offer changed nothing', () => {
    setActivePinia(createPinia())
    const w = mount(OfferChanges, { props: { offer: { amount: 100, deliverables: [], changes: { amount_from: 100, amount_changed: false,
      requirements_changed: false, added: [], removed: [], changed: [] } } } })
    expect(w.find('[data-test="change-none"]').text()).toBe('Same terms as before')
  })
})
