// The attachment picker and list (components/AttachmentPicker.vue, AttachmentList.vue)
// over the Wails mock: files are refused here by their bytes and the limits Go
// serves before anything is sent; the list shows where each blob is, fetches on
// demand, shows images from a data: URL and only offers PDFs for saving.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

import AttachmentPicker from '../src/components/AttachmentPicker.vue'
import AttachmentList from '../src/components/AttachmentList.vue'
import { precheck, sniff, toBase64 } from '../src/api/attachments.js'
import { useSessionStore } from '../src/stores/session.js'
import { emit, go } from './wails.js'
const { AttachmentService } = go

const LIM = { max_bytes: 8 << 20, max_attachments: 3, content_types: ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'], image_types: ['image/png', 'image/jpeg', 'image/webp'] }
const enc = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0))
const PNG = enc('\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00')
const PDF = enc('%PDF-1.4\n%%EOF\n')
const HTML = enc('<!DOCTYPE html><script>alert(1)</script>')
const uiError = (code, message) => JSON.stringify({ code, message })
const sha = (c) => c.repeat(64)

/** A File whose bytes arrayBuffer() answers (happy-dom's File keeps them). */
function file(name, bytes, type = '') {
  return new File([bytes], name, { type })
}

async function pick(wrapper, files) {
  const input = wrapper.find('[data-test="file-input"]')
  Object.defineProperty(input.element, 'files', { value: files, configurable: true })
  await input.trigger('change')
  await flushPromises()
}

describe('sniff and precheck', () => {
  it('types a file by its bytes, never its name', () => {
    expect(sniff(PNG)).toBe('image/png')
    expect(sniff(PDF)).toBe('application/pdf')
    expect(sniff(enc('\xff\xd8\xff\xe0'))).toBe('image/jpeg')
    expect(sniff(enc('RIFF\x1a\x00\x00\x00WEBPVP8L'))).toBe('image/webp')
    expect(sniff(HTML)).toBe('')
    expect(sniff(enc('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00'))).toBe('')
    expect(sniff(enc('\x89PNG\r\n\x1a\n<script>'))).toBe('')
  })

  it('refuses empty, oversize, other types and a PDF as a screenshot', () => {
    expect(precheck({ size: 10 }, PNG, LIM)).toBe('')
    expect(precheck({ size: 0 }, PNG, LIM)).toBe('empty')
    expect(precheck({ size: LIM.max_bytes + 1 }, PNG, LIM)).toBe('too_large')
    expect(precheck({ size: LIM.max_bytes }, PDF, LIM)).toBe('')
    expect(precheck({ size: 10 }, HTML, LIM)).toBe('bad_type')
    expect(precheck({ size: 10 }, PDF, LIM, true)).toBe('not_image')
  })

  it('encodes base64 like Go decodes it', () => {
    expect(toBase64(enc('hello'))).toBe('aGVsbG8=')
  })
})

describe('AttachmentPicker', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    setActivePinia(createPinia())
    AttachmentService.Limits.mockResolvedValue(LIM)
  })

  it('adds good files with name, type and size, refuses bad ones before sending', async () => {
    AttachmentService.Add.mockImplementation(async ({ name }) => ({ sha256: sha(name[0]), name, size: 24, content_type: name.endsWith('.pdf') ? 'application/pdf' : 'image/png' }))
    const w = mount(AttachmentPicker, { props: { modelValue: [] } })
    await flushPromises()
    expect(w.text()).toContain('up to 8.0 MB each, at most 3 files')
    await pick(w, [file('a.png', PNG, 'image/png'), file('evil.png', HTML, 'image/png'), file('b.pdf', PDF)])
    // Only the two real files reached Go, as base64 of their bytes.
    expect(AttachmentService.Add).toHaveBeenCalledTimes(2)
    expect(AttachmentService.Add.mock.calls[0][0]).toEqual({ name: 'a.png', data: toBase64(PNG) })
    const refs = w.emitted('update:modelValue').at(-1)[0]
    expect(refs.map((r) => r.name)).toEqual(['a.png', 'b.pdf'])
    expect(w.find('[data-test="refused"]').text()).toContain('evil.png: not a PNG, JPEG, WebP or PDF file')

    await w.setProps({ modelValue: refs })
    const rows = w.findAll('[data-test="picked"]')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('PNG image · 24 B')
    expect(rows[1].text()).toContain('PDF document')
    await rows[0].find('button').trigger('click')
    expect(w.emitted('update:modelValue').at(-1)[0].map((r) => r.name)).toEqual(['b.pdf'])
  })

  it('takes one image as a screenshot and shows what Go refused', async () => {
    const w = mount(AttachmentPicker, { props: { modelValue: [], screenshot: true } })
    await flushPromises()
    expect(w.find('[data-test="file-input"]').attributes('accept')).toBe('image/png,image/jpeg,image/webp')
    await pick(w, [file('post.pdf', PDF)])
    expect(AttachmentService.Add).not.toHaveBeenCalled()
    expect(w.find('[data-test="refused"]').text()).toContain('a screenshot must be a PNG, JPEG or WebP image')
    AttachmentService.Add.mockRejectedValueOnce(uiError('unsupported_media_type', 'the image header is damaged'))
    await pick(w, [file('post.png', PNG)])
    expect(w.find('[data-test="refused"]').text()).toContain('post.png: the image header is damaged')
  })

  it('refuses more files than allowed', async () => {
    AttachmentService.Add.mockImplementation(async ({ name }) => ({ sha256: sha(name[0]), name, size: 1, content_type: 'image/png' }))
    const have = [{ sha256: sha('x'), name: 'x.png', size: 1, content_type: 'image/png' }, { sha256: sha('y'), name: 'y.png', size: 1, content_type: 'image/png' }]
    const w = mount(AttachmentPicker, { props: { modelValue: have } })
    await flushPromises()
    await pick(w, [file('a.png', PNG), file('b.png', PNG)])
    expect(AttachmentService.Add).toHaveBeenCalledTimes(1)
    expect(w.find('[data-test="refused"]').text()).toContain('At most 3 attachments.')
  })
})

describe('AttachmentList', () => {
  const img = { sha256: sha('a'), name: 'look.png', size: 2048, content_type: 'image/png' }
  const doc = { sha256: sha('b'), name: 'script.pdf', size: 3 << 20, content_type: 'application/pdf' }
  const mine = { sha256: sha('c'), name: 'mine.webp', size: 10, content_type: 'image/webp' }

  beforeEach(() => {
    vi.clearAllMocks()
    setActivePinia(createPinia())
    useSessionStore().user = { account_id: 's1', role: 'sponsor' }
  })

  it('shows states, fetches an image on demand into a data: URL, and says when it is not uploaded yet', async () => {
    AttachmentService.States.mockResolvedValue({ [img.sha256]: { state: 'remote' }, [doc.sha256]: { state: 'remote' } })
    AttachmentService.Open.mockRejectedValueOnce(uiError('not_uploaded', 'not uploaded yet'))
    const w = mount(AttachmentList, { props: { refs: [img, doc] } })
    await flushPromises()
    expect(AttachmentService.States).toHaveBeenCalledWith([img.sha256, doc.sha256])
    expect(AttachmentService.Open).not.toHaveBeenCalled() // nothing fetched until asked
    const [first, second] = w.findAll('[data-test="attachment"]')
    expect(first.text()).toContain('look.png')
    expect(first.text()).toContain('2.0 KB')
    expect(second.text()).toContain('3.0 MB')
    expect(first.find('[data-test="state"]').text()).toBe('Not downloaded yet')
    expect(second.find('[data-test="show"]').exists()).toBe(false) // a PDF is never shown

    await first.find('[data-test="show"]').trigger('click')
    await flushPromises()
    expect(first.find('[data-test="problem"]').text()).toContain('has not uploaded this file yet')
    expect(first.find('[data-test="state"]').attributes('data-state')).toBe('unavailable')

    AttachmentService.Open.mockResolvedValueOnce({ sha256: img.sha256, content_type: 'image/png', data: 'iVBORw0=' })
    await first.find('[data-test="problem"] button').trigger('click')
    await flushPromises()
    expect(first.find('[data-test="preview"]').attributes('src')).toBe('data:image/png;base64,iVBORw0=')
  })

  it('saves a PDF through Go, or offers a download where there is no dialog; never renders it', async () => {
    AttachmentService.States.mockResolvedValue({ [doc.sha256]: { state: 'uploaded' } })
    AttachmentService.Save.mockResolvedValueOnce('/home/maya/script.pdf')
    const w = mount(AttachmentList, { props: { refs: [doc] } })
    await flushPromises()
    await w.find('[data-test="save"]').trigger('click')
    await flushPromises()
    expect(AttachmentService.Save).toHaveBeenCalledWith(doc.sha256, 'script.pdf')
    expect(w.find('img').exists()).toBe(false)

    AttachmentService.Save.mockRejectedValueOnce(uiError('unavailable', 'no save dialog here'))
    AttachmentService.Open.mockResolvedValueOnce({ sha256: doc.sha256, content_type: 'application/pdf', data: 'JVBERi0=' })
    await w.find('[data-test="save"]').trigger('click')
    await flushPromises()
    const a = w.find('[data-test="download"]')
    expect(a.attributes('href')).toBe('data:application/octet-stream;base64,JVBERi0=')
    expect(a.attributes('download')).toBe('script.pdf')
    expect(w.find('img').exists()).toBe(false)
    expect(w.find('iframe, embed, object').exists()).toBe(false)
  })

  it('shows its own local images at once and follows uploads as data changes', async () => {
    AttachmentService.States.mockResolvedValueOnce({ [mine.sha256]: { state: 'local' } })
    AttachmentService.Open.mockResolvedValue({ sha256: mine.sha256, content_type: 'image/webp', data: 'UklGRg==' })
    const w = mount(AttachmentList, { props: { refs: [mine] } })
    await flushPromises()
    expect(w.find('[data-test="state"]').text()).toBe('On this desktop only')
    expect(w.find('[data-test="preview"]').attributes('src')).toBe('data:image/webp;base64,UklGRg==')
    AttachmentService.States.mockResolvedValueOnce({ [mine.sha256]: { state: 'uploaded' } })
    emit('data:changed', { account_id: 's1', source: 'attachments' })
    await flushPromises()
    expect(w.find('[data-test="state"]').text()).toBe('Uploaded')
  })
})
