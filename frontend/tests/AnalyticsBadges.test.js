// Issue 12's shared words: rates as percentages, tiers by name, the fake-follower
// risk as a level with its reasons in words (the codes come from backend/analytics).
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { count, pct, predictionReasonText, reasonText, riskLevel, tierName } from '../src/analytics.js'
import RiskBadge from '../src/components/RiskBadge.vue'
import TierBadge from '../src/components/TierBadge.vue'

describe('analytics words', () => {
  it('says rates as percentages and counts with separators', () => {
    expect(pct(0.0345)).toBe('3.5%')
    expect(pct(0.0345, 2)).toBe('3.45%')
    expect(pct(null)).toBe('—')
    expect(pct(NaN)).toBe('—')
    expect(count(1234567.4)).toBe('1,234,567')
  })

  it('puts scores in the documented levels (60 high, 30 medium)', () => {
    expect(riskLevel(60)).toBe('high')
    expect(riskLevel(59)).toBe('medium')
    expect(riskLevel(30)).toBe('medium')
    expect(riskLevel(29)).toBe('low')
    expect(riskLevel(null)).toBe('unrated')
    expect(riskLevel(0, [{ code: 'insufficient_data', params: { posts: 2 } }])).toBe('unrated')
  })

  it('says each reason in words with its figures', () => {
    expect(reasonText({ code: 'low_engagement_vs_peers', params: { er: 0.004, peer_median: 0.031 } })).toBe(
      'Engagement 0.4% against a median of 3.1% for accounts of this size.',
    )
    expect(reasonText({ code: 'follower_jump', params: { platform: 'instagram', from: 12000, to: 58000, date: '2026-05-02' } })).toBe(
      'Followers on instagram jumped from 12,000 to 58,000 around 2026-05-02 without matching engagement.',
    )
    expect(reasonText({ code: 'no_such_code', params: {} })).toBe('no_such_code')
    expect(predictionReasonText({ code: 'content_type', value: 'reel', effect_pp: 0.84 })).toBe('As a reel: +0.8 pp')
    expect(predictionReasonText({ code: 'hour', value: '18-20', effect_pp: -1.26 })).toBe('Posted at 18-20 h: −1.3 pp')
    expect(tierName('micro')).toBe('Micro')
    expect(tierName('')).toBe('—')
  })
})

describe('badges', () => {
  it('shows the risk level, and its reasons in the title', () => {
    const w = mount(RiskBadge, { props: { score: 72, reasons: JSON.stringify([{ code: 'like_comment_ratio', params: { ratio: 310, peer_p10: 12, peer_p90: 60 } }]) } })
    expect(w.attributes('data-risk')).toBe('high')
    expect(w.text()).toBe('High risk')
    expect(w.attributes('title')).toContain('Risk 72/100')
    expect(w.attributes('title')).toContain('Likes per comment 310.00')
    const low = mount(RiskBadge, { props: { score: 5, size: 'long' } })
    expect(low.text()).toBe('Audience looks genuine')
  })

  it('shows the size tier and the tier among peers', () => {
    const w = mount(TierBadge, { props: { size: 'mid', perf: 'A' } })
    // The letter is seen; a screen reader hears it in words (a span has no role to name).
    expect(w.text().replace(w.find('.visually-hidden').text(), '').trim()).toBe('Mid · A')
    expect(w.find('[aria-hidden="true"]').text()).toBe('A')
    expect(w.find('.visually-hidden').text()).toMatch(/\bA\b/)
    expect(w.find('[aria-label]').exists()).toBe(false)
    expect(w.attributes('data-tier')).toBe('mid')
    expect(mount(TierBadge, { props: {} }).text()).toBe('—')
  })
})

describe('sync issues of the analytics mutations', async () => {
  const { whatHappened } = await import('../src/views/SyncIssuesView/issueWords.js')
  it('names each of them in words, never "a change you made"', () => {
    const words = ['post.record', 'post.delete', 'posts.import', 'audience.set', 'mediaKit.update'].map((action) => whatHappened({ action }))
    expect(words).toEqual(['Record a post', 'Delete a post', 'Import posts from a file', 'Change your audience breakdown', 'Change your media kit'])
  })
})
