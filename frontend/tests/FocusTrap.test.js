// Modal dialogs keep keyboard focus inside while open and give it back to their
// opener when they close (src/focusTrap.js; BulkInviteDialog, CommandPalette).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h, ref } from 'vue'

import BulkInviteDialog from '../src/components/BulkInviteDialog.vue'
import CommandPalette from '../src/components/CommandPalette.vue'
import { focusables, trapTab } from '../src/focusTrap.js'
import { useSessionStore } from '../src/stores/session.js'
import { go } from './wails.js'
const { CampaignService } = go

function tab(el, shiftKey = false) {
  const e = new KeyboardEvent('keydown', { key: 'Tab', shiftKey, bubbles: true, cancelable: true })
  el.dispatchEvent(e)
  return e
}

describe('focusables', () => {
  let box
  beforeEach(() => {
    box = document.createElement('div')
    box.innerHTML = `
      <button id="a">a</button>
      <button id="off" disabled>off</button>
      <span tabindex="-1" id="minus">no</span>
      <div class="d-none"><input id="hidden-in"></div>
      <input type="radio" name="m" id="r1" value="1">
      <input type="radio" name="m" id="r2" value="2" checked>
      <input type="hidden" id="h">
      <select id="s"><option>x</option></select>
      <textarea id="t"></textarea>
      <a id="nohref">plain</a>
      <a href="#x" id="link">link</a>`
    document.body.append(box)
  })
  afterEach(() => box.remove())

  it('lists what Tab reaches, in order, once per radio group', () => {
    expect(focusables(box).map((el) => el.id)).toEqual(['a', 'r2', 's', 't', 'link'])
  })

  it('wraps Tab from the last control to the first and Shift+Tab from the first to the last', () => {
    document.getElementById('link').focus()
    let e = tab(document.activeElement)
    expect(trapTab(e, box)).toBe(true)
    expect(e.defaultPrevented).toBe(true)
    expect(document.activeElement.id).toBe('a')
    e = tab(document.activeElement, true)
    expect(trapTab(e, box)).toBe(true)
    expect(document.activeElement.id).toBe('link')
    // in the middle the browser moves focus itself
    document.getElementById('s').focus()
    e = tab(document.activeElement)
    expect(trapTab(e, box)).toBe(false)
    expect(e.defaultPrevented).toBe(false)
  })

  it('brings focus from outside the box to its first control', () => {
    document.body.focus()
    const e = tab(document.body)
    expect(trapTab(e, box)).toBe(true)
    expect(document.activeElement.id).toBe('a')
  })
})

describe('BulkInviteDialog focus', () => {
  let w
  beforeEach(() => {
    setActivePinia(createPinia())
    useSessionStore().user = { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved' }
    CampaignService.List.mockReset()
    CampaignService.List.mockResolvedValue({ items: [], total: 0, page: 1, page_size: 200 })
  })
  afterEach(() => w?.unmount())

  // A screen with the button that opens the dialog, as PipelineBoard and the search do.
  const Host = defineComponent({
    setup() {
      const open = ref(false)
      return () => h('div', [
        h('button', { id: 'opener', onClick: () => { open.value = true } }, 'Invite all'),
        h('input', { id: 'outside' }),
        open.value ? h(BulkInviteDialog, { influencerIds: ['i1'], campaignId: 'c1', onClose: () => { open.value = false } }) : null,
      ])
    },
  })

  async function openDialog() {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }] })
    w = mount(Host, { global: { plugins: [router] }, attachTo: document.body })
    const opener = document.getElementById('opener')
    opener.focus()
    opener.click()
    await flushPromises()
    return { opener, dialog: document.querySelector('[data-test="bulk-invite-dialog"]') }
  }

  it('moves focus into the dialog when it opens', async () => {
    const { dialog } = await openDialog()
    expect(dialog).not.toBeNull()
    expect(dialog.contains(document.activeElement)).toBe(true)
  })

  it('keeps Tab and Shift+Tab inside the dialog', async () => {
    const { dialog } = await openDialog()
    const items = focusables(dialog)
    expect(items.length).toBeGreaterThan(3)
    const first = items[0]
    const last = items[items.length - 1]
    expect(first.getAttribute('data-test')).toBe('bulk-close')
    expect(last.getAttribute('data-test')).toBe('bulk-to-preview')

    last.focus()
    expect(tab(last).defaultPrevented).toBe(true)
    expect(document.activeElement).toBe(first)
    expect(tab(first, true).defaultPrevented).toBe(true)
    expect(document.activeElement).toBe(last)
  })

  it('pulls focus back when it lands outside the open dialog', async () => {
    const { dialog } = await openDialog()
    document.getElementById('outside').focus()
    expect(dialog.contains(document.activeElement)).toBe(true)
  })

  it('gives focus back to the opener on Escape and on Cancel', async () => {
    const { opener, dialog } = await openDialog()
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await flushPromises()
    expect(document.querySelector('[data-test="bulk-invite-dialog"]')).toBeNull()
    expect(document.activeElement).toBe(opener)

    opener.click()
    await flushPromises()
    const again = document.querySelector('[data-test="bulk-invite-dialog"]')
    expect(again.contains(document.activeElement)).toBe(true)
    const cancel = [...again.querySelectorAll('.modal-footer button')].find((b) => b.textContent.trim() === 'Cancel')
    cancel.click()
    await flushPromises()
    expect(document.activeElement).toBe(opener)
  })
})

describe('CommandPalette focus', () => {
  let w
  afterEach(() => w?.unmount())

  it('traps Tab in the palette and returns focus to where it was on Escape', async () => {
    setActivePinia(createPinia())
    useSessionStore().user = { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved' }
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }] })
    const before = document.createElement('button')
    before.textContent = 'somewhere'
    document.body.append(before)
    before.focus()
    w = mount(CommandPalette, { global: { plugins: [router] }, attachTo: document.body })
    await w.vm.show()
    await flushPromises()
    const box = document.querySelector('[data-test="palette"]')
    const field = document.querySelector('[data-test="palette-input"]')
    expect(document.activeElement).toBe(field)
    const items = focusables(box)
    const last = items[items.length - 1]
    // Shift+Tab from the field (the first control) goes round to the last one.
    expect(tab(field, true).defaultPrevented).toBe(true)
    expect(document.activeElement).toBe(last)
    expect(tab(last).defaultPrevented).toBe(true)
    expect(document.activeElement).toBe(field)

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }))
    await flushPromises()
    expect(document.querySelector('[data-test="palette"]')).toBeNull()
    expect(document.activeElement).toBe(before)
    before.remove()
  })
})
