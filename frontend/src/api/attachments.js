// Typed wrappers over the bound desktop.AttachmentService: attachments by content
// hash (docs/sync.md, "Attachments"). The picker checks a file here first with the
// limits Go serves and the same magic numbers Go sniffs, so a bad file is refused
// before it is sent; Go checks again and has the last word.
import * as AttachmentService from '../../wailsjs/go/desktop/AttachmentService.js'
import { call } from './errors.js'

/**
 * @typedef {{sha256: string, name: string, size: number, content_type: string}} Ref
 * @typedef {{max_bytes: number, max_attachments: number, content_types: string[], image_types: string[]}} Limits
 * @typedef {{state: 'local'|'uploading'|'uploaded'|'remote'|'refused', reason?: string}} State
 * @typedef {{sha256: string, content_type: string, data: string}} Content
 */

/** @returns {Promise<Limits>} */
export async function limits() {
  const l = await call(() => AttachmentService.Limits())
  return {
    max_bytes: l?.max_bytes ?? 0,
    max_attachments: l?.max_attachments ?? 0,
    content_types: l?.content_types ?? [],
    image_types: l?.image_types ?? [],
  }
}

/**
 * The content type the bytes are, by their first bytes ('' when none of ours):
 * the same magic numbers as Go's blobs.Sniff (PNG with its IHDR chunk, JPEG,
 * WebP's RIFF form, PDF with its version). Never the file's name or its type.
 * @param {Uint8Array} b
 */
export function sniff(b) {
  const ascii = (from, to) => String.fromCharCode(...b.subarray(from, to))
  if (b.length >= 16 && b[0] === 0x89 && ascii(1, 8) === 'PNG\r\n\x1a\n' && ascii(12, 16) === 'IHDR') return 'image/png'
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 16 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP' && ['VP8 ', 'VP8L', 'VP8X'].includes(ascii(12, 16))) {
    return 'image/webp'
  }
  if (b.length >= 8 && ascii(0, 5) === '%PDF-' && (b[5] === 0x31 || b[5] === 0x32) && b[6] === 0x2e) return 'application/pdf'
  return ''
}

/**
 * Checks a picked file against the limits before sending it: '' when it may go,
 * else why not ('too_large', 'empty', 'bad_type', 'not_image').
 * @param {{size: number}} file @param {Uint8Array} head its first bytes @param {Limits} lim
 * @param {boolean} [imagesOnly]
 */
export function precheck(file, head, lim, imagesOnly = false) {
  if (file.size === 0) return 'empty'
  if (file.size > lim.max_bytes) return 'too_large'
  const type = sniff(head)
  if (!type || !lim.content_types.includes(type)) return 'bad_type'
  if (imagesOnly && !lim.image_types.includes(type)) return 'not_image'
  return ''
}

/** Standard base64 of bytes (chunked: large files exceed argument limits). */
export function toBase64(bytes) {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

/**
 * Keeps a file in the desktop's blob store (offline too) and returns its reference.
 * @param {string} name @param {Uint8Array} bytes @returns {Promise<Ref>}
 */
export function add(name, bytes) {
  return call(() => AttachmentService.Add({ name, data: toBase64(bytes) }))
}

/** @param {string[]} shas @returns {Promise<Record<string, State>>} */
export async function states(shas) {
  if (!shas.length) return {}
  return (await call(() => AttachmentService.States(shas))) ?? {}
}

/**
 * The blob's bytes, fetched from the server if this desktop lacks them. Fails with
 * not_uploaded while its author has not uploaded it, unavailable offline.
 * @param {string} sha @returns {Promise<Content>}
 */
export function open(sha) {
  return call(() => AttachmentService.Open(sha))
}

/**
 * Saves the blob where the user chooses (native dialog); '' when cancelled. Outside
 * the app (no dialog) it fails with unavailable: the caller offers a download.
 * @param {string} sha @param {string} name @returns {Promise<string>}
 */
export function save(sha, name) {
  return call(() => AttachmentService.Save(sha, name))
}

/** The short name of an allowed content type (png, jpeg, webp, pdf), for labels. */
export function typeKey(contentType) {
  return { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/webp': 'webp', 'application/pdf': 'pdf' }[contentType] ?? ''
}

/** A size as [unit key, number]: b, kb or mb (the label comes from en.js). */
export function sizeParts(n) {
  if (n < 1024) return ['b', String(n)]
  if (n < 1024 * 1024) return ['kb', (n / 1024).toFixed(1)]
  return ['mb', (n / (1024 * 1024)).toFixed(1)]
}
