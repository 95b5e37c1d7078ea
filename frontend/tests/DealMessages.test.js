// DealMessages.vue over the Wails mock: the thread with authors, queued badges and
// attachments; the composer sends the mutator's own shape (Ctrl+Enter too), checks
// the length Go serves, and shows a refusal inline in the user's words.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

import DealMessages from '../src/components/DealMessages.vue'
import AttachmentPicker from '../src/components/AttachmentPicker.vue'
import { useSessionStore } from '../src/stores/session.js'
import { go } from './wails.js'
const { DealService, AttachmentService } = go

const uiError = (code, message) => JSON.stringify({ code, message })
const pdf = { sha256: 'ab'.repeat(32), name: 'brief.pdf', size: 1200, content_type: 'application/pdf' }
const messages = [
  { id: 'm1', author_id: 'i1', author_role: 'influencer', author_name: 'Ivy', body: 'Can the reel\nbe 30 s?', attachments: [], created_at: '2026-11-21T10:00:00Z', mine: true, queued: false },
  { id: 'm2', author_id: 's1', author_role: 'sponsor', author_name: 'Acme Corp', body: 'Yes, see the brief', attachments: [pdf], created_at: '2026-11-21T11:00:00Z', mine: false, queued: false },
  { id: 'm3', author_id: 'i1', author_role: 'influencer', author_name: 'Ivy', body: 'Thanks!', attachments: [], created_at: '2026-11-21T12:00:00Z', mine: true, queued: true },
]
const deal = (list = messages) => ({ id: 'r1', counterparty_name: 'Acme Corp', messages: list })

async function mountIt(d = deal(), role = 'influencer') {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().user = { account_id: 'i1', role, name: 'Ivy' }
  const w = mount(DealMessages, { props: { deal: d }, global: { plugins: [pinia] }, attachTo: document.body })
  await flushPromises()
  return w
}

describe('DealMessages', () => {
  let w
  beforeEach(() => {
    DealService.Message.mockReset()
    DealService.Message.mockResolvedValue('m4')
    AttachmentService.States.mockResolvedValue({ [pdf.sha256]: 'remote' })
  })
  afterEach(() => w?.unmount())

  it('shows the thread oldest first with authors, bodies, attachments and a queued badge', async () => {
    w = await mountIt()
    const items = w.findAll('[data-test="message"]')
    expect(items.map((i) => i.find('[data-test="message-author"]').text())).toEqual(['You', 'Acme Corp', 'You'])
    expect(items.map((i) => i.attributes('data-mine'))).toEqual(['true', 'false', 'true'])
    expect(items[0].find('[data-test="message-body"]').text()).toBe('Can the reel\nbe 30 s?')
    expect(items[1].text()).toContain('Sponsor')
    expect(items[1].text()).toContain('brief.pdf')
    expect(items[0].find('[data-test="message-queued"]').exists()).toBe(false)
    expect(items[2].find('[data-test="message-queued"]').text()).toBe('Queued')
    expect(w.find('[data-test="messages-empty"]').exists()).toBe(false)
    expect(w.find('[data-test="message-input"]').attributes('placeholder')).toBe('Write to Acme Corp…')
  })

  it('lets an admin read the thread without a composer', async () => {
    w = await mountIt(deal(), 'admin')
    expect(w.findAll('[data-test="message"]')).toHaveLength(3)
    expect(w.find('[data-test="message-form"]').exists()).toBe(false)
  })

  it('says so when there are no messages yet', async () => {
    w = await mountIt(deal([]))
    expect(w.find('[data-test="messages-empty"]').exists()).toBe(true)
    expect(w.findAll('[data-test="message"]')).toHaveLength(0)
  })

  it('sends the mutator’s shape on Ctrl+Enter, then clears and asks for a reload', async () => {
    w = await mountIt()
    const input = w.find('[data-test="message-input"]')
    await input.setValue('  Here is the draft schedule  ')
    await input.trigger('keydown', { key: 'Enter' }) // a plain Enter is a new line
    expect(DealService.Message).not.toHaveBeenCalled()
    await input.trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    expect(DealService.Message).toHaveBeenCalledTimes(1)
    expect(DealService.Message).toHaveBeenCalledWith({ id: '', ad_request_id: 'r1', body: '  Here is the draft schedule  ', attachments: [] })
    expect(input.element.value).toBe('')
    expect(w.emitted('changed')).toHaveLength(1)
  })

  it('sends the picked attachments’ references with the message', async () => {
    w = await mountIt()
    w.findComponent(AttachmentPicker).vm.$emit('update:modelValue', [pdf])
    await w.find('[data-test="message-input"]').setValue('The brief')
    await w.find('[data-test="message-send"]').trigger('click')
    await flushPromises()
    expect(DealService.Message).toHaveBeenCalledWith({ id: '', ad_request_id: 'r1', body: 'The brief', attachments: [pdf] })
    expect(w.findComponent(AttachmentPicker).props('modelValue')).toEqual([])
  })

  it('refuses an empty or too long message before sending, with the limit Go serves', async () => {
    w = await mountIt()
    expect(w.find('[data-test="message-invalid"]').exists()).toBe(false) // not before a try
    await w.find('[data-test="message-form"]').trigger('submit')
    await flushPromises()
    expect(w.find('[data-test="message-invalid"]').text()).toBe('Write a message.')
    await w.find('[data-test="message-input"]').setValue('é'.repeat(2001))
    expect(w.find('[data-test="message-invalid"]').text()).toBe('At most 2000 characters (2001 now).')
    expect(w.find('[data-test="message-send"]').attributes('disabled')).toBeDefined()
    await w.find('[data-test="message-form"]').trigger('submit')
    await flushPromises()
    expect(DealService.Message).not.toHaveBeenCalled()
    await w.find('[data-test="message-input"]').setValue('é'.repeat(2000))
    expect(w.find('[data-test="message-invalid"]').exists()).toBe(false)
    expect(w.find('[data-test="message-count"]').text()).toBe('2000 / 2000')
  })

  it('shows a refusal inline, in the user’s words, and keeps what was typed', async () => {
    DealService.Message.mockRejectedValue(uiError('flagged', 'your account is flagged (spam): you can only read'))
    w = await mountIt()
    await w.find('[data-test="message-input"]').setValue('Hello?')
    await w.find('[data-test="message-form"]').trigger('submit')
    await flushPromises()
    const err = w.find('[data-test="message-error"]')
    expect(err.exists()).toBe(true)
    expect(err.text()).not.toBe('')
    expect(err.text()).not.toContain('"code"')
    expect(w.find('[data-test="message-input"]').element.value).toBe('Hello?')
    expect(w.emitted('changed')).toBeUndefined()
  })
})
