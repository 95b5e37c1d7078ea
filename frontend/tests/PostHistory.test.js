// The profile's tabs over the Wails mock: the post history (table, manual entry
// with its messages, delete), the CSV import wizard (file → preview and mapping →
// options → report, refusals in words), the audience editors and the media kit.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

import ProfileView from '../src/views/ProfileView/ProfileView.vue'
import PostHistoryTab from '../src/views/ProfileView/PostHistoryTab.vue'
import ImportWizard from '../src/views/ProfileView/ImportWizard.vue'
import AudienceTab from '../src/views/ProfileView/AudienceTab.vue'
import MediaKitTab from '../src/views/ProfileView/MediaKitTab.vue'
import { reasonText, fileErrorText } from '../src/views/ProfileView/importText.js'
import { fileErrorOf, localTimeZone } from '../src/api/postHistory.js'
import { useSessionStore } from '../src/stores/session.js'
import { go } from './wails.js'

const { PostHistoryService, ProfileService } = go
const uiError = (code, message) => JSON.stringify({ code, message })

function mountIt(component, props = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().user = { account_id: 'i1', role: 'influencer', name: 'Ivy' }
  return mount(component, { props, global: { plugins: [pinia] }, attachTo: document.body })
}

const row = (over = {}) => ({
  id: 'p1', platform: 'instagram', content_type: 'reel', external_id: 'ig-1', posted_at: '2025-03-01T18:30:00Z',
  followers: 48200, views: 61400, reach: 40100, likes: 3120, comments: 141, shares: 88, saves: 230, sponsored: false, source: 'import',
  er: 0.0742, ...over,
})
const page = (items) => ({ items, total: items.length, page: 1, page_size: 25, totals: { posts: items.length, views: 61400, likes: 3120, comments: 141 } })

async function pick(w, selector, name, text) {
  const input = w.find(selector)
  Object.defineProperty(input.element, 'files', { value: [new File([text], name, { type: 'text/csv' })], configurable: true })
  await input.trigger('change')
  await flushPromises()
}

describe('ProfileView tabs', () => {
  let w
  afterEach(() => w?.unmount())

  it('shows the profile first, then each tab, and leaves the analytics slot', async () => {
    ProfileService.Mine.mockResolvedValue({ account_id: 'i1', display_name: 'Ivy', category: 'Tech', niche: 'Phones', bio: '', rating: 0, reach: {}, reviews: [] })
    w = mountIt(ProfileView)
    await flushPromises()
    const tabs = w.findAll('[data-test="profile-tabs"] button').map((b) => b.text())
    expect(tabs).toEqual(['Profile', 'Post history', 'Audience', 'Media kit', 'Analytics'])
    expect(w.find('[data-test="profile-tab"]').exists()).toBe(true)
    expect(w.find('[data-test="pf-name"]').element.value).toBe('Ivy')
    PostHistoryService.List.mockResolvedValue(page([]))
    await w.find('[data-test="profile-tab-posts"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-test="posts-empty"]').text()).toContain('No posts yet')
    await w.find('[data-test="profile-tab-analytics"]').trigger('click')
    expect(w.find('[data-test="analytics-tab-slot"]').exists()).toBe(true)
    expect(w.find('[data-test="profile-tab-analytics"]').classes()).toContain('active')
  })
})

describe('Post history', () => {
  let w
  beforeEach(() => {
    PostHistoryService.List.mockReset()
    PostHistoryService.Record.mockReset()
    PostHistoryService.Delete.mockReset()
    PostHistoryService.List.mockResolvedValue(page([row()]))
  })
  afterEach(() => {
    w?.unmount()
    vi.restoreAllMocks()
  })

  it('lists the posts with local dates, words and ER, and the totals', async () => {
    w = mountIt(PostHistoryTab)
    await flushPromises()
    expect(PostHistoryService.List).toHaveBeenCalledWith({ page: 1, page_size: 25 })
    const r = w.find('[data-test="post-row"]')
    expect(r.find('[data-test="post-date"]').text()).toBe(new Date('2025-03-01T18:30:00Z').toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' }))
    expect(r.text()).toContain('Instagram')
    expect(r.text()).toContain('Reel')
    expect(r.find('[data-test="post-views"]').text()).toBe('61,400')
    expect(r.find('[data-test="post-er"]').text()).toBe('7.4%')
    expect(w.find('[data-test="posts-totals"]').text()).toBe('1 posts · 61,400 views · 3,120 likes · 141 comments')
    expect(w.text()).not.toMatch(/postHistory\.|\{\w+\}/)
  })

  it('checks a post typed in before sending it, with a message under each field', async () => {
    PostHistoryService.Record.mockResolvedValue('new-id')
    w = mountIt(PostHistoryTab)
    await flushPromises()
    await w.find('[data-test="posts-add"]').trigger('click')
    await w.find('[data-test="post-views"]').setValue('12.5')
    await w.find('[data-test="post-save"]').trigger('submit')
    expect(w.find('[data-test="post-followers-error"]').text()).toBe('Your follower count when the post was measured.')
    expect(w.find('[data-test="post-views-error"]').text()).toBe('A whole number from 0 to 10,000,000,000.')
    expect(PostHistoryService.Record).not.toHaveBeenCalled()

    await w.find('[data-test="post-platform"]').setValue('tiktok')
    await w.find('[data-test="post-content-type"]').setValue('video')
    await w.find('[data-test="post-posted-at"]').setValue('2025-03-15T20:45')
    await w.find('[data-test="post-followers"]').setValue('310,000')
    await w.find('[data-test="post-views"]').setValue('2400000')
    await w.find('[data-test="post-likes"]').setValue('201000')
    await w.find('[data-test="post-form"]').trigger('submit')
    await flushPromises()
    expect(PostHistoryService.Record).toHaveBeenCalledTimes(1)
    const arg = PostHistoryService.Record.mock.calls[0][0]
    expect(arg.id).toBe('')
    expect(arg.post).toMatchObject({ platform: 'tiktok', content_type: 'video', followers: 310000, views: 2400000, likes: 201000, comments: 0, sponsored: false })
    expect(arg.post.posted_at).toBe(new Date('2025-03-15T20:45').toISOString())
    expect(w.find('[data-test="posts-notice"]').text()).toBe('Post saved.')
  })

  it('shows Go’s refusal of a post under the form, and edits and deletes a post', async () => {
    PostHistoryService.Record.mockRejectedValue(uiError('invalid_argument', 'post.posted_at is in the future'))
    w = mountIt(PostHistoryTab)
    await flushPromises()
    await w.find('[data-test="post-edit"]').trigger('click')
    expect(w.find('[data-test="post-followers"]').element.value).toBe('48200')
    expect(w.find('[data-test="post-external-id"]').element.disabled).toBe(true)
    await w.find('[data-test="post-form"]').trigger('submit')
    await flushPromises()
    expect(PostHistoryService.Record.mock.calls[0][0].id).toBe('p1')
    expect(w.find('[data-test="post-error"]').exists()).toBe(true)

    window.confirm = vi.fn(() => true)
    PostHistoryService.Delete.mockResolvedValue(undefined)
    await w.find('[data-test="post-delete"]').trigger('click')
    await flushPromises()
    expect(PostHistoryService.Delete).toHaveBeenCalledWith('p1')
    expect(w.find('[data-test="posts-notice"]').text()).toBe('Post deleted.')
  })
})

const preview = (over = {}) => ({
  shape: 'instagram', delimiter: ',', header: ['Post ID', 'Permalink', 'Post type', 'Publish time', 'Views', 'Likes'],
  rows: [['1790', 'https://x', 'IG reel', '03/01/2025 18:30', '61400', '3120']], total_rows: 12,
  mapping: { columns: { external_id: 0, content_type: 2, posted_at: 3, views: 4, likes: 5 } },
  missing: ['platform', 'followers', 'reach', 'comments', 'shares', 'saves', 'sponsored'], needed: ['followers'],
  platform: 'instagram', content_type: '', date_order: 'mdy', date_ambiguous: true, ...over,
})

describe('Import wizard', () => {
  let w
  beforeEach(() => {
    PostHistoryService.Inspect.mockReset()
    PostHistoryService.Import.mockReset()
  })
  afterEach(() => w?.unmount())

  it('walks from the file to the report: mapping preselected, needed fields block with words, options sent, refusals in words', async () => {
    PostHistoryService.Inspect.mockResolvedValue(preview())
    w = mountIt(ImportWizard)
    expect(w.find('[data-test="import-template"]').attributes('href')).toMatch(/^data:text\/csv/)
    expect(decodeURIComponent(w.find('[data-test="import-template"]').attributes('href'))).toContain('platform,content_type,posted_at,external_id,followers')
    await pick(w, '[data-test="import-file"]', 'ig.csv', 'Post ID,Permalink\n1,2\n')
    expect(PostHistoryService.Inspect).toHaveBeenCalledWith('ig.csv', btoa('Post ID,Permalink\n1,2\n'))
    expect(w.find('[data-test="import-shape"]').text()).toContain('an Instagram / Meta Business Suite export')
    expect(w.find('[data-test="import-shape"]').text()).toContain('12 data rows')
    expect(w.findAll('[data-test="import-preview"] tbody tr')).toHaveLength(1)
    expect(w.find('[data-test="map-posted_at"]').element.value).toBe('3')
    expect(w.find('[data-test="map-platform"]').element.value).toBe('-1')
    expect(w.find('[data-test="import-needed"]').text()).toBe('Still needed: Followers. Choose a column for each, or give a default under Options.')

    // No column for the date: Next is blocked, in words.
    await w.find('[data-test="map-posted_at"]').setValue('-1')
    expect(w.find('[data-test="import-next"]').element.disabled).toBe(true)
    expect(w.find('[data-test="import-needed"]').text()).toContain('Published, Followers')
    // One column for two fields: blocked.
    await w.find('[data-test="map-posted_at"]').setValue('3')
    await w.find('[data-test="map-reach"]').setValue('4')
    expect(w.find('[data-test="import-twice"]').text()).toBe('One column is chosen for Views, Reach: choose one column per field.')
    expect(w.find('[data-test="import-next"]').element.disabled).toBe(true)
    await w.find('[data-test="map-reach"]').setValue('-1')
    await w.find('[data-test="import-next"]').trigger('click')

    // Options: the platform prefilled from the shape, the local time zone, the date both ways.
    expect(w.find('[data-test="import-platform"]').element.value).toBe('instagram')
    expect(w.find('[data-test="import-time-zone"]').element.value).toBe(localTimeZone())
    expect(w.find('[data-test="import-date-order"]').text()).toContain('month first: Mar 1, 2025')
    expect(w.find('[data-test="import-date-order"]').text()).toContain('day first: Jan 3, 2025')
    expect(w.find('[data-test="import-run"]').element.disabled).toBe(true)
    await w.find('[data-test="import-followers"]').setValue('48,200')
    await w.find('[data-test="import-dmy"]').setValue(true)
    PostHistoryService.Import.mockResolvedValue({
      shape: 'instagram', counts: { rows: 12, accepted: 9, refused: 3, skipped: 0, by_reason: {} }, new: 7, updated: 2, unchanged: 0, deleted: 0, batches: 1, nothing_new: false,
      refused: [
        { line: 4, column: 4, field: 'views', reason: 'percentage', value: '3.5%' },
        { line: 7, column: 3, field: 'posted_at', reason: 'future_date', params: { now: '2026-11-15T12:00:00Z' }, value: '2031-01-01' },
        { line: 9, column: 0, field: 'external_id', reason: 'duplicate', params: { first_line: '2' }, value: '1790' },
      ],
    })
    await w.find('[data-test="import-run"]').trigger('click')
    await flushPromises()
    const [content, mapping, options] = PostHistoryService.Import.mock.calls[0]
    expect(content).toBe(btoa('Post ID,Permalink\n1,2\n'))
    expect(mapping).toEqual({ columns: { external_id: 0, content_type: 2, posted_at: 3, views: 4, likes: 5 } })
    expect(options).toEqual({ platform: 'instagram', content_type: '', followers: 48200, date_order: 'dmy', time_zone: localTimeZone() })

    const rep = w.find('[data-test="import-report"]')
    expect(rep.find('[data-test="report-accepted"]').text()).toBe('Accepted: 9')
    expect(rep.find('[data-test="report-new"]').text()).toBe('New: 7')
    expect(rep.find('[data-test="report-updated"]').text()).toBe('Updated: 2')
    expect(rep.find('[data-test="report-refused"]').text()).toBe('Refused rows: 3')
    const lines = rep.findAll('[data-test="refusal-line"]').map((c) => c.text())
    expect(lines).toEqual(['4', '7', '9'])
    const reasons = rep.findAll('[data-test="refusal-reason"]').map((c) => c.text())
    expect(reasons[0]).toBe('A percentage where a count is expected: is this column an engagement rate?')
    expect(reasons[1]).toMatch(/^Published after now \(Nov 15, 2026/)
    expect(reasons[2]).toBe('The same post as line 2.')
    expect(w.text()).not.toMatch(/postHistory\.|\{\w+\}/)
  })

  it('says "nothing new" on a second import, and words a file refused whole', async () => {
    PostHistoryService.Inspect.mockRejectedValueOnce(uiError('invalid_argument', 'postimport: not_csv looks_like=pdf'))
    w = mountIt(ImportWizard)
    await pick(w, '[data-test="import-file"]', 'x.pdf', '%PDF-1.7')
    expect(w.find('[data-test="import-error"]').text()).toBe('This is a PDF, not a CSV file.')
    expect(w.find('[data-test="import-step-file"]').exists()).toBe(true)

    PostHistoryService.Inspect.mockResolvedValue(preview({ shape: 'template', needed: [], date_ambiguous: false, mapping: { columns: { platform: 0, content_type: 1, posted_at: 2, followers: 3 } } }))
    await pick(w, '[data-test="import-file"]', 't.csv', 'a,b\n')
    expect(w.find('[data-test="import-needed"]').exists()).toBe(false)
    await w.find('[data-test="import-next"]').trigger('click')
    PostHistoryService.Import.mockResolvedValue({ shape: 'template', counts: { rows: 7, accepted: 7, refused: 0, skipped: 0 }, new: 0, updated: 0, unchanged: 7, deleted: 0, batches: 0, nothing_new: true, refused: [] })
    await w.find('[data-test="import-run"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-test="report-nothing-new"]').text()).toBe('Nothing new: every accepted post is already in your history as it is.')
    expect(w.find('[data-test="report-unchanged"]').text()).toBe('Already there: 7')
  })

  it('has a sentence for every reason code of docs/import.md, and for every file-level reason', () => {
    const codes = ['missing', 'bad_number', 'percentage', 'negative', 'too_large', 'bad_date', 'future_date', 'unknown_platform',
      'unknown_content_type', 'bad_boolean', 'duplicate', 'unknown_dimension', 'unknown_bucket', 'bad_share', 'bad_sum']
    for (const reason of codes) {
      const text = reasonText({ reason, params: { first_line: '2', order: 'mdy', now: '2026-11-15T12:00:00Z', dimension: 'age', sum_bps: '10350', max: '1000000000000' } })
      expect(text, reason).not.toMatch(/^Refused|postHistory\.|\{\w+\}/)
    }
    expect(reasonText({ reason: 'missing', params: { columns: '3' } })).toBe('The row is too short: it has 3 cells.')
    expect(reasonText({ reason: 'bad_sum', params: { dimension: 'age', sum_bps: '10350' } })).toBe('The Age shares add up to 103.5 %: the whole dimension is refused.')
    expect(reasonText({ reason: 'too_large', params: { max_chars: '10000' } })).toBe('The cell is too long: at most 10,000 characters.')
    expect(reasonText({ reason: 'something_new' })).toBe('Refused (something_new).')
    for (const [msg, want] of [
      ['postimport: too_large max_bytes=10485760', 'The file is too large: at most 10 MB and 50,000 rows.'],
      ['postimport: not_csv looks_like=xlsx', 'This is an Excel workbook. Save it as “CSV UTF-8” and choose that file.'],
      ['postimport: not_csv missing_column=share', 'The file has no “share” column.'],
      ['postimport: not_csv columns=1 line=1', 'This is not a CSV file. Save it from your spreadsheet as “CSV UTF-8”.'],
      ['postimport: empty', 'The file has no data rows.'],
      ['postimport: bad_encoding encoding=utf-16 line=1', 'The file is not UTF-8 text. Save it again as “CSV UTF-8”.'],
    ]) {
      expect(fileErrorText({ message: msg })).toBe(want)
    }
    expect(fileErrorOf({ message: 'post 1 not found' })).toBeNull()
  })
})

describe('Audience', () => {
  let w
  beforeEach(() => {
    PostHistoryService.Audience.mockReset()
    PostHistoryService.SetAudience.mockReset()
    PostHistoryService.ImportAudience.mockReset()
    PostHistoryService.Audience.mockResolvedValue([
      { dimension: 'country', bucket: 'US', share_bps: 4150 }, { dimension: 'age', bucket: '18-24', share_bps: 3100 },
      { dimension: 'gender', bucket: 'female', share_bps: 6140 },
    ])
  })
  afterEach(() => w?.unmount())

  it('edits a dimension with its sum, refuses over 100 % before sending, and saves shares as basis points', async () => {
    SetAudienceOk()
    w = mountIt(AudienceTab)
    await flushPromises()
    expect(w.find('[data-test="audience-country-share-0"]').element.value).toBe('41.5')
    expect(w.find('[data-test="audience-gender-sum"]').text()).toBe('Sum: 61.4 %')
    await w.find('[data-test="audience-gender-share-1"]').setValue('45')
    expect(w.find('[data-test="audience-gender-sum"]').text()).toBe('The shares add up to 106.4 %: at most 100 %.')
    expect(w.find('[data-test="audience-gender-save"]').element.disabled).toBe(true)
    await w.find('[data-test="audience-gender-share-1"]').setValue('37.6')
    await w.find('[data-test="audience-gender"]').trigger('submit')
    await flushPromises()
    expect(PostHistoryService.SetAudience).toHaveBeenCalledWith({ dimension: 'gender', buckets: [{ bucket: 'female', share_bps: 6140 }, { bucket: 'male', share_bps: 3760 }] })

    await w.find('[data-test="audience-add-country"]').trigger('click')
    await w.find('[data-test="audience-country-code-1"]').setValue('Germany')
    expect(w.find('[data-test="audience-country"]').text()).toContain('A two-letter country code, like US or DE.')
    await w.find('[data-test="audience-country-code-1"]').setValue('de')
    await w.find('[data-test="audience-country-share-1"]').setValue('9,25')
    await w.find('[data-test="audience-country"]').trigger('submit')
    await flushPromises()
    expect(PostHistoryService.SetAudience).toHaveBeenLastCalledWith({ dimension: 'country', buckets: [{ bucket: 'US', share_bps: 4150 }, { bucket: 'DE', share_bps: 925 }] })
  })

  it('imports an audience file and words its refusals', async () => {
    PostHistoryService.ImportAudience.mockResolvedValue({ dimensions: ['country'], buckets: 2, refused: [{ line: 5, column: 2, field: 'share', reason: 'bad_sum', params: { dimension: 'age', sum_bps: '9000' }, value: '40%' }] })
    w = mountIt(AudienceTab)
    await flushPromises()
    await pick(w, '[data-test="audience-file"]', 'a.csv', 'dimension,bucket,share\n')
    expect(PostHistoryService.ImportAudience).toHaveBeenCalledWith(btoa('dimension,bucket,share\n'))
    expect(w.find('[data-test="audience-imported"]').text()).toContain('Imported: Countries (2 buckets).')
    expect(w.find('[data-test="audience-refusals"]').text()).toContain('Line 5: The Age shares add up to 90 %: the whole dimension is refused.')
  })
})

function SetAudienceOk() {
  PostHistoryService.SetAudience.mockResolvedValue(undefined)
}

const kitView = (over = {}) => ({
  kit: { influencer_id: 'i1', show_audience: false, show_history: true, headline: '' },
  limits: { max_headline: 140 },
  preview: {
    name: 'Ivy Lens', headline: '', category: 'Tech', niche: 'Phones', generated_at: '2026-11-15T12:00:00Z',
    followers: [{ platform: 'instagram', followers: 48200 }], posts_90d: 3, er_followers: 0.036, er_views: 0.067,
    avg_views: 29917, avg_likes: 1770, avg_comments: 90, show_history: true,
    top_posts: [{ posted_at: '2026-11-05T00:00:00Z', platform: 'instagram', content_type: 'reel', views: 61400, likes: 3120, comments: 141, er: 0.074 }],
    show_audience: false, audience: null,
  },
  ...over,
})

describe('Media kit', () => {
  let w
  beforeEach(() => {
    PostHistoryService.MediaKit.mockReset()
    PostHistoryService.UpdateMediaKit.mockReset()
    PostHistoryService.SaveMediaKitPDF.mockReset()
    PostHistoryService.MediaKit.mockResolvedValue(kitView())
  })
  afterEach(() => w?.unmount())

  it('previews what sponsors see, sends only the changed choices, checks the headline, and saves the PDF', async () => {
    PostHistoryService.UpdateMediaKit.mockResolvedValue(undefined)
    w = mountIt(MediaKitTab)
    await flushPromises()
    expect(w.find('[data-test="mk-name"]').text()).toBe('Ivy Lens')
    expect(w.find('[data-test="mk-er"]').text()).toBe('3.6%')
    expect(w.find('[data-test="mk-top-posts"]').text()).toContain('61,400')
    expect(w.find('[data-test="mk-audience-hidden"]').text()).toBe('Your audience is hidden.')
    expect(w.find('[data-test="mediakit-save"]').element.disabled).toBe(true)

    await w.find('[data-test="mediakit-headline"]').setValue('x'.repeat(141))
    expect(w.find('[data-test="mediakit-form"]').text()).toContain('At most 140 characters.')
    expect(w.find('[data-test="mediakit-save"]').element.disabled).toBe(true)
    await w.find('[data-test="mediakit-headline"]').setValue(' Honest phone reviews ')
    await w.find('[data-test="mediakit-show-audience"]').setValue(true)
    await w.find('[data-test="mediakit-form"]').trigger('submit')
    await flushPromises()
    expect(PostHistoryService.UpdateMediaKit).toHaveBeenCalledWith({ show_audience: true, headline: 'Honest phone reviews' })

    PostHistoryService.SaveMediaKitPDF.mockResolvedValue({ path: '/home/ivy/iescp-media-kit-ivy-lens.pdf', size: 2048 })
    await w.find('[data-test="mediakit-pdf"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-test="mediakit-pdf-saved"]').text()).toBe('Saved to /home/ivy/iescp-media-kit-ivy-lens.pdf.')
    PostHistoryService.SaveMediaKitPDF.mockResolvedValue({ path: '', size: 0 })
    await w.find('[data-test="mediakit-pdf"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-test="mediakit-pdf-saved"]').exists()).toBe(false)
    expect(w.text()).not.toMatch(/mediaKit\.|\{\w+\}/)
  })

  it('shows the audience and hides the history as the kit says', async () => {
    PostHistoryService.MediaKit.mockResolvedValue(kitView({
      kit: { show_audience: true, show_history: false, headline: 'Hi' },
      preview: { ...kitView().preview, show_history: false, top_posts: null, show_audience: true, audience: [{ dimension: 'gender', bucket: 'female', share_bps: 6140 }] },
    }))
    w = mountIt(MediaKitTab)
    await flushPromises()
    expect(w.find('[data-test="mk-top-posts"]').exists()).toBe(false)
    expect(w.find('[data-test="mk-history-hidden"]').exists()).toBe(true)
    expect(w.find('[data-test="mk-audience"]').text()).toContain('Female 61.4 %')
  })
})
