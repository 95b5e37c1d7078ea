// Lists and saved searches through the real router, App shell and components, over
// the Wails mock: the Lists screen (entries, in-place notes, remove, campaign link,
// a viewer reads only, saved searches with their badge opening the search), "Add to
// list" (existing list, "New list…", selected rows) and "Save search" / ?saved=.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { formOf, queryOf } from '../src/api/lists.js'
import { go } from './wails.js'
const { SessionService, ListsService, SearchService, ProfileService } = go

const hit = (id, name) => ({ account_id: id, name, display_name: name, category: 'Tech', niche: 'Phones', bio: '', reach_instagram: 1000,
  reach_youtube: 0, reach_tiktok: 0, reach_x: 0, reach_other: 0, reach_total: 1000, rating: 0, review_count: 0, rated: false })
const entry = (over = {}) => ({ id: 'e1', influencer_id: 'i1', display_name: 'Ivan', category: 'Tech', niche: 'Phones', reach_total: 62000,
  rated: true, er_followers: 0.031, size_tier: 'micro', perf_tier: 'A', note: 'fast replies', added_by: 'Maya', added_at: '2026-11-20T10:00:00Z', ...over })
const LISTS = { org_id: 's1', can_edit: true, items: [
  { id: 'l1', name: 'Launch picks', campaign_id: 'c1', campaign_name: 'Phone launch', entries: 1, has: false },
  { id: 'l2', name: 'Later', campaign_id: '', campaign_name: '', entries: 0, has: false },
] }
const DETAIL = { ...LISTS.items[0], org_id: 's1', can_edit: true, items: [entry()] }
const SAVED = { org_id: 's1', can_edit: true, items: [
  { id: 'ss1', name: 'Phones', query: { niche: 'Phones', min_er: 0.025, hide_high_risk: true, sort: 'er' }, opened: true, new: 3 },
  { id: 'ss2', name: 'Quiet', query: {}, opened: true, new: 0 },
] }

async function mountAt(path) {
  SessionService.Current.mockResolvedValue({ account_id: 's1', email: 'm@b.test', name: 'Maya', role: 'sponsor', approval: 'approved' })
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('Lists screen', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    ListsService.Lists.mockResolvedValue(LISTS)
    ListsService.List.mockResolvedValue(DETAIL)
    ListsService.SavedSearches.mockResolvedValue(SAVED)
    ListsService.OpenSearch.mockResolvedValue(SAVED.items[0])
    SearchService.Influencers.mockResolvedValue({ items: [], total: 0, page: 1, page_size: 20 })
    window.confirm = vi.fn(() => true)
  })
  afterEach(() => {
    wrapper?.unmount()
    vi.restoreAllMocks()
  })

  it('shows the lists, the first list\'s creators with notes, and edits a note in place', async () => {
    ;({ wrapper } = await mountAt('/lists'))
    expect(wrapper.find('[data-test="nav-lists"]').exists()).toBe(true)
    expect(wrapper.findAll('[data-test="lists-item"]')).toHaveLength(2)
    expect(ListsService.List).toHaveBeenCalledWith('l1')
    expect(wrapper.find('[data-test="list-name"]').text()).toBe('Launch picks')
    expect(wrapper.find('[data-test="list-campaign"]').text()).toContain('Phone launch')
    expect(wrapper.find('[data-test="entry-note"]').text()).toBe('fast replies')

    await wrapper.find('[data-test="note-edit"]').trigger('click')
    await wrapper.find('[data-test="note-text"]').setValue('asked for rates')
    await wrapper.find('[data-test="note-form"]').trigger('submit')
    await flushPromises()
    expect(ListsService.Note).toHaveBeenCalledWith({ id: 'e1', note: 'asked for rates' })
    expect(wrapper.find('[data-test="note-form"]').exists()).toBe(false)

    // A note too long is refused before it is sent.
    await wrapper.find('[data-test="note-edit"]').trigger('click')
    await wrapper.find('[data-test="note-text"]').setValue('x'.repeat(1001))
    expect(wrapper.find('[data-test="note-save"]').attributes('disabled')).toBeDefined()

    await wrapper.find('[data-test="entry-remove"]').trigger('click')
    await flushPromises()
    expect(ListsService.Remove).toHaveBeenCalledWith({ ids: ['e1'] })

    // Another list is chosen through the URL.
    await wrapper.findAll('[data-test="lists-item"]')[1].trigger('click')
    await flushPromises()
    expect(ListsService.List).toHaveBeenLastCalledWith('l2')
  })

  it('creates a list for a campaign, renames and deletes one', async () => {
    ;({ wrapper } = await mountAt('/lists'))
    go.CampaignService.List.mockResolvedValue({ items: [{ id: 'c1', name: 'Phone launch' }], total: 1, page: 1, page_size: 200 })
    ListsService.Create.mockResolvedValue('l9')
    await wrapper.find('[data-test="lists-new"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="lists-new-save"]').attributes('disabled')).toBeDefined() // no name yet
    await wrapper.find('[data-test="lists-new-name"]').setValue('  Summer  ')
    await wrapper.find('[data-test="lists-new-campaign"]').setValue('c1')
    await wrapper.find('[data-test="lists-new-form"]').trigger('submit')
    await flushPromises()
    expect(ListsService.Create).toHaveBeenCalledWith({ id: '', name: 'Summer', campaign_id: 'c1' })

    await wrapper.find('[data-test="list-rename"]').trigger('click')
    await wrapper.find('[data-test="list-rename-name"]').setValue('Launch, final')
    await wrapper.find('[data-test="list-rename-form"]').trigger('submit')
    await flushPromises()
    expect(ListsService.Rename).toHaveBeenCalledWith({ id: 'l1', name: 'Launch, final' })

    await wrapper.find('[data-test="list-delete"]').trigger('click')
    await flushPromises()
    expect(ListsService.Delete).toHaveBeenCalledWith({ id: 'l1' })
  })

  it('a viewer of the organisation reads only', async () => {
    ListsService.Lists.mockResolvedValue({ ...LISTS, can_edit: false })
    ListsService.SavedSearches.mockResolvedValue({ ...SAVED, can_edit: false })
    ;({ wrapper } = await mountAt('/lists'))
    expect(wrapper.find('[data-test="entry-note"]').exists()).toBe(true)
    for (const hook of ['lists-new', 'note-edit', 'entry-remove', 'list-rename', 'list-delete', 'saved-delete']) {
      expect(wrapper.find(`[data-test="${hook}"]`).exists(), hook).toBe(false)
    }
  })

  it('shows each saved search\'s new matches and opens it on the search screen with its filters', async () => {
    let router
    ;({ wrapper, router } = await mountAt('/lists'))
    const items = wrapper.findAll('[data-test="saved-item"]')
    expect(items).toHaveLength(2)
    expect(items[0].find('[data-test="saved-new"]').text()).toBe('+3')
    expect(items[1].find('[data-test="saved-new"]').exists()).toBe(false) // nothing new: no badge
    await items[0].find('[data-test="saved-open"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('influencer-search')
    expect(router.currentRoute.value.query.saved).toBe('ss1')
    expect(ListsService.OpenSearch).toHaveBeenCalledWith('ss1')
    // The search runs once its debounce fires: wait for that call, not for a time.
    await vi.waitFor(() => expect(SearchService.Influencers).toHaveBeenLastCalledWith(
      expect.objectContaining({ niche: 'Phones', min_er: 0.025, hide_high_risk: true, sort: 'er' })), { timeout: 30_000, interval: 20 })
    await flushPromises()
    expect(wrapper.find('[data-test="niche"]').element.value).toBe('Phones')
    expect(wrapper.find('[data-test="saved-banner"]').text()).toContain('Phones')
  })
})

describe('Add to list and saving a search on Find influencers', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    SearchService.Influencers.mockResolvedValue({ items: [hit('i1', 'Ivan'), hit('i2', 'Bea')], total: 2, page: 1, page_size: 20 })
    ProfileService.Influencer.mockResolvedValue({ ...hit('i1', 'Ivan'), platforms: [], reviews: [] })
    ListsService.Lists.mockResolvedValue(LISTS)
    ListsService.SaveSearch.mockResolvedValue('ss7')
  })
  afterEach(() => wrapper?.unmount())

  it('adds one creator to an existing list from its row, and selected creators to a new list', async () => {
    ;({ wrapper } = await mountAt('/find-influencers'))
    const row = wrapper.findAll('[data-test="result-row"]')[0]
    await row.find('[data-test="add-to-list-toggle"]').trigger('click')
    await flushPromises()
    expect(ListsService.Lists).toHaveBeenLastCalledWith('i1') // ticks the lists Ivan is on
    await row.findAll('[data-test="add-to-list-item"]')[1].trigger('click')
    await flushPromises()
    expect(ListsService.Add).toHaveBeenCalledWith({ shortlist_id: 'l2', influencer_ids: ['i1'] })
    expect(wrapper.find('[data-test="profile-panel"]').exists()).toBe(false) // the menu did not open the profile

    expect(wrapper.find('[data-test="bulk-actions"]').exists()).toBe(false)
    await wrapper.find('[data-test="select-page"]').setValue(true)
    expect(wrapper.find('[data-test="selected-count"]').text()).toBe('2 selected')
    await wrapper.findAll('[data-test="select-row"]')[0].setValue(false)
    expect(wrapper.find('[data-test="selected-count"]').text()).toBe('1 selected')
    await wrapper.findAll('[data-test="select-row"]')[0].setValue(true)

    ListsService.Create.mockResolvedValue('l3')
    const bulk = wrapper.find('[data-test="bulk-actions"]')
    await bulk.find('[data-test="add-to-list-toggle"]').trigger('click')
    await flushPromises()
    expect(ListsService.Lists).toHaveBeenLastCalledWith('') // several creators: no ticks
    await bulk.find('[data-test="add-to-list-new"]').trigger('click')
    await bulk.find('[data-test="add-to-list-name"]').setValue('Tech duo')
    await bulk.find('[data-test="add-to-list-new-form"]').trigger('submit')
    await flushPromises()
    expect(ListsService.Create).toHaveBeenCalledWith({ id: '', name: 'Tech duo', campaign_id: '' })
    expect(ListsService.Add).toHaveBeenLastCalledWith({ shortlist_id: 'l3', influencer_ids: ['i2', 'i1'] })
    expect(wrapper.find('[data-test="bulk-actions"]').exists()).toBe(false) // added: the selection is cleared
  })

  it('adds from the profile panel', async () => {
    ;({ wrapper } = await mountAt('/find-influencers'))
    await wrapper.findAll('[data-test="result-row"]')[1].trigger('click')
    await flushPromises()
    const panel = wrapper.find('[data-test="profile-panel"]')
    await panel.find('[data-test="add-to-list-toggle"]').trigger('click')
    await flushPromises()
    await panel.findAll('[data-test="add-to-list-item"]')[0].trigger('click')
    await flushPromises()
    expect(ListsService.Add).toHaveBeenCalledWith({ shortlist_id: 'l1', influencer_ids: ['i2'] })
  })

  it('saves the filters and sort as a saved search', async () => {
    let router
    ;({ wrapper, router } = await mountAt('/find-influencers'))
    await wrapper.find('[data-test="niche"]').setValue('Phones')
    await wrapper.find('[data-test="min-er"]').setValue('2.5')
    await wrapper.find('[data-test="sort"]').setValue('er')
    await wrapper.find('[data-test="save-search"]').trigger('click')
    await wrapper.find('[data-test="save-search-name"]').setValue('Phones, engaged')
    await wrapper.find('[data-test="save-search-form"]').trigger('submit')
    await flushPromises()
    expect(ListsService.SaveSearch).toHaveBeenCalledWith({ id: '', name: 'Phones, engaged', query: { niche: 'Phones', min_er: 0.025, sort: 'er' } })
    expect(router.currentRoute.value.query.saved).toBe('ss7')
  })
})

describe('saved query and search form', () => {
  it('round-trip without the paging, "more like this" and zero values', () => {
    const wire = { text: ' phones ', category: '', niche: 'Phones', platform: 'youtube', min_reach: 1000, max_reach: 0, sort: 'reach', page: 3,
      page_size: 50, min_er: 0.02, max_er: 0, size_tier: 'micro', perf_tier: '', hide_high_risk: false, risk_level: 'low', like: 'i9' }
    const q = queryOf(wire)
    expect(q).toEqual({ text: 'phones', niche: 'Phones', platform: 'youtube', min_reach: 1000, sort: 'reach', min_er: 0.02, size_tier: 'micro', risk_level: 'low' })
    expect(formOf(q)).toEqual({ text: 'phones', category: '', niche: 'Phones', platform: 'youtube', min: '1000', max: '', sort: 'reach',
      minEr: '2', maxEr: '', sizeTier: 'micro', perfTier: '', risk: 'low' })
    expect(formOf({ hide_high_risk: true }).risk).toBe('hide_high')
  })
})
