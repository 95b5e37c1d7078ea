// The end-to-end journey of issue 4, in Debian's Chromium against two `wails dev`
// desktops (real Go bindings, each with its own data dir) and a real sync server.
// Run by scripts/e2e.sh, which starts everything and passes the addresses in E2E_*.
//
//   1. The sponsor creates a campaign with the campaign form, and sends the
//      influencer an ad request from the Ad requests page.
//   2. The sync server stops; the influencer counters (queued: Offline, 1 to upload).
//   3. The server comes back on the same address and database; the counter uploads.
//   4. The sponsor sees the counter and accepts it; the budget bar moves.
//   5. Conflict: the influencer's own network goes down; offline, they accept a
//      second request that the sponsor, online, withdraws first. Back online the
//      server refuses the accept; Sync issues shows it with the server's reason.
//   6. The sponsor desktop signs out and an admin signs in on it; the admin flags
//      the campaign and it leaves the influencer's campaign search.
//
// Every step leaves a screenshot in $E2E_ARTIFACTS.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { chromium, selectors } from 'playwright-core'
import { env, expectGone, expectNoText, expectText, Link, poll, screenSettled, SyncServer, textOf } from './harness.mjs'
import { AxeLog } from './axe.mjs'

const SPONSOR_URL = env('E2E_SPONSOR_URL')
const INFLUENCER_URL = env('E2E_INFLUENCER_URL')
const PASSWORD = env('E2E_PASSWORD')
const ART = env('E2E_ARTIFACTS')
const server = new SyncServer({
  bin: env('E2E_SYNC_BIN'),
  db: env('E2E_SYNC_DB'),
  port: Number(env('E2E_SYNC_PORT')),
  pidFile: env('E2E_SYNC_PIDFILE'),
  logFile: env('E2E_SYNC_LOG'),
})
// The influencer desktop reaches the server through this link (its --server).
const link = new Link(Number(env('E2E_LINK_PORT')), server.port)

const SPONSOR = 'sponsor@iescp.demo'
const INFLUENCER = 'influencer@iescp.demo'
const INFLUENCER_NAME = 'Maya Cooks' // influencer@iescp.demo's display name in the seed
const ADMIN = 'admin@iescp.demo'

// Cross-desktop changes travel by push, poke and pull; after an outage the engine
// retries with backoff (up to a minute), so those waits are generous.
const SYNC_WAIT = 120_000

// One word unique to this run names both campaigns, so a search finds only them.
const token = `zq${Date.now().toString(36)}`
const campaign = { name: `Aurora Lanterns ${token}`, budget: '5000', budgetText: '$5,000' }
const second = { name: `Borealis Kites ${token}`, budget: '3000' }

/** "$1,234.50" → 123450 (cents; the screen's money, parsed without a float). */
function cents(text) {
  const m = /(-?)\$([\d,]+)(?:\.(\d{2}))?/.exec(text)
  if (!m) throw new Error(`no money in ${JSON.stringify(text)}`)
  return (m[1] ? -1 : 1) * (Number(m[2].replace(/,/g, '')) * 100 + Number(m[3] ?? 0))
}

/** 123450 → "$1,234.50", 200000 → "$2,000" (as the app formats it). */
function money(c) {
  const whole = Math.trunc(Math.abs(c) / 100).toLocaleString('en-US')
  const rest = Math.abs(c) % 100
  return `${c < 0 ? '-' : ''}$${whole}${rest ? '.' + String(rest).padStart(2, '0') : ''}`
}

// Two small images the influencer attaches (a draft's picture, the post's
// screenshot), written at start: valid 1x1 PNGs, different bytes (content hashes).
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4f4IBAASRAcjyuzl2AAAAAElFTkSuQmCC'
const PNG_1x1_B = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGMQiToBAAG8ATdzgsyDAAAAAElFTkSuQmCC'
const DRAFT_PNG = path.join(ART, 'draft-picture.png')
const PROOF_PNG = path.join(ART, 'post-screenshot.png')
fs.writeFileSync(DRAFT_PNG, Buffer.from(PNG_1x1, 'base64'))
fs.writeFileSync(PROOF_PNG, Buffer.from(PNG_1x1_B, 'base64'))

/** "YYYY-MM-DDTHH:MM" in local time, hours from now (a datetime-local input's value). */
function localDateTime(hoursFromNow) {
  const d = new Date(Date.now() + hoursFromNow * 3600_000)
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
}

/** Opens an image attachment on demand (fetched from the server and verified); the
 * other desktop may not have uploaded it yet, so "not available" is tried again. */
async function openAttachment(list) {
  const item = list.getByTestId('attachment').first()
  await item.waitFor({ timeout: SYNC_WAIT })
  await poll('the attachment to open', async () => {
    if (await item.getByTestId('preview').count()) return true
    await item.getByTestId('show').click()
    await item.getByTestId('preview').or(item.getByTestId('problem')).first().waitFor()
    return (await item.getByTestId('preview').count()) > 0
  }, { timeout: SYNC_WAIT })
}

let shots = 0
async function shot(page, name) {
  const file = path.join(ART, `${String(++shots).padStart(2, '0')}-${name}.png`)
  await page.screenshot({ path: file })
  console.log(`e2e:   screenshot ${path.basename(file)}`)
}

let stepNo = 0
async function step(title, fn) {
  const started = Date.now()
  console.log(`e2e: step ${++stepNo}: ${title}`)
  await fn()
  console.log(`e2e:   ok (${((Date.now() - started) / 1000).toFixed(1)} s)`)
}

function isoDate(daysFromToday) {
  const d = new Date()
  d.setUTCDate(d.getUTCDate() + daysFromToday)
  return d.toISOString().slice(0, 10)
}

async function openProfile(browser, name, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })
  const page = await context.newPage()
  page.setDefaultTimeout(30_000)
  page.on('pageerror', (err) => {
    // Wails' dev IPC script trips over something in a plain browser; the app does not care.
    if (!/\/wails\/ipc\.js/.test(err.stack ?? '')) console.log(`e2e: [${name}] page error: ${err.message}`)
  })
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) console.log(`e2e: [${name}] console: ${msg.text()}`)
  })
  // The first load lets Vite finish optimising dependencies (it may reload the page once).
  await page.goto(`${base}/`)
  await page.waitForLoadState('networkidle')
  return { name, base, page }
}

async function go(profile, hash) {
  await profile.page.goto(`${profile.base}/#${hash}`)
}

/** Opens a page afresh: a view reads its query (?id=) when it mounts, so leave it first. */
async function reopen(profile, hash) {
  await go(profile, '/sync-issues')
  await profile.page.getByRole('heading', { name: 'Sync issues' }).waitFor()
  await go(profile, hash)
}

async function signIn(profile, email) {
  const { page } = profile
  await go(profile, '/sign-in')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  // Signed in through the server: the sidebar names the account, the badge says Online.
  await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: SYNC_WAIT })
  await expectText(page.getByTestId('account'), new RegExp(email.replace(/[.@]/g, '\\$&')), { what: `${email} in the sidebar` })
  await expectText(page.getByTestId('sync-state'), /^Online$/, { timeout: SYNC_WAIT, what: `${profile.name}'s badge to say Online` })
  // A first sign-in on this desktop opens the short tour: a person reads or skips it.
  const tour = page.getByTestId('tour')
  if (await tour.count()) {
    if (!tourShot++) {
      await shot(page, 'first-sign-in-tour')
      await axe.check(page, 'first-sign-in-tour')
    }
    await tour.getByTestId('tour-skip').click()
    await expectGone(tour, { what: 'Skip to close the tour' })
  }
}
let tourShot = 0

async function signOut(profile) {
  await profile.page.getByRole('button', { name: 'Sign out' }).click()
  await profile.page.getByLabel('Email').waitFor()
}

/** Waits until the profile's desktop has uploaded everything (badge Online, nothing to upload). */
async function settled(profile, timeout = SYNC_WAIT) {
  await expectGone(profile.page.getByTestId('sync-pending'), { timeout, what: `${profile.name}'s pending changes to upload` })
  await expectText(profile.page.getByTestId('sync-state'), /^Online$/, { timeout, what: `${profile.name}'s badge to say Online` })
}

async function createCampaign(profile, c) {
  const { page } = profile
  await go(profile, '/campaigns/new')
  const form = page.getByTestId('campaign-form')
  await form.getByLabel('Name').fill(c.name)
  await form.getByLabel('Description').fill(`Created by the end-to-end test (${token}).`)
  await form.getByLabel('Category').fill('Lifestyle')
  await form.getByLabel('Niche').fill('Night markets')
  await form.getByLabel('Start date').fill(isoDate(0))
  await form.getByLabel('End date').fill(isoDate(60))
  await form.getByLabel('Budget (USD)').fill(c.budget)
  await form.getByLabel('Visibility').selectOption('public')
  await form.getByLabel('Goals').fill('Two reels and a story per creator')
  await form.getByRole('button', { name: 'Publish', exact: true }).click()
  await page.waitForURL(/#\/campaigns\/[0-9a-f-]{36}$/)
  c.id = page.url().split('/').pop()
  await expectText(page.getByTestId('title'), new RegExp(c.name))
  await expectText(page.getByTestId('status'), /^Active$/)
  await expectText(page.getByTestId('visibility'), /^Public$/)
}

async function sendRequest(profile, c, amount, requirements, deliverable = null) {
  const { page } = profile
  await go(profile, '/ad-requests')
  await page.getByRole('button', { name: 'New ad request' }).click()
  const form = page.getByTestId('send-form')
  await form.getByLabel('Influencer').fill('Maya')
  await form.getByTestId('influencer-hits').getByText(INFLUENCER_NAME).click()
  const option = form.getByLabel('Campaign').locator('option', { hasText: c.name })
  await form.getByLabel('Campaign').selectOption(await option.getAttribute('value'))
  await form.getByLabel('Amount (USD)').fill(amount)
  await form.getByLabel('Requirements').fill(requirements)
  await form.getByLabel('Message (optional)').fill('Looking forward to working with you')
  if (deliverable) {
    // The offer's deliverables: one row, its choices and bounds served from Go.
    await form.getByTestId('deliverable-add').click()
    const row = form.getByTestId('deliverable-row').last()
    await row.getByLabel('Platform').selectOption(deliverable.platform)
    await row.getByLabel('Content').selectOption(deliverable.content_type)
    await row.getByLabel('Quantity').fill(String(deliverable.quantity))
    await row.getByLabel('Due date').fill(deliverable.due_date)
    await row.getByLabel('Brief').fill(deliverable.brief)
  }
  await form.getByRole('button', { name: 'Send request' }).click()
  // Sent: the new request is selected in the list and open beside it.
  const detail = page.getByTestId('ad-request-detail')
  await expectText(detail, new RegExp(c.name))
  await expectText(detail.getByTestId('ar-status'), /^Pending$/)
  const row = page.locator('[data-test^="ar-row-"].active')
  await expectText(row, new RegExp(requirements))
  return (await row.getAttribute('data-test')).replace('ar-row-', '')
}

async function run(browser) {
  await link.up()
  const sponsor = await openProfile(browser, 'sponsor', SPONSOR_URL)
  const influencer = await openProfile(browser, 'influencer', INFLUENCER_URL)
  const S = sponsor.page
  const I = influencer.page

  await step('both desktops sign in through the sign-in screen', async () => {
    await signIn(sponsor, SPONSOR)
    await signIn(influencer, INFLUENCER)
    await shot(I, 'influencer-signed-in')
  })

  let r1 = ''
  let r2 = ''
  await step('the sponsor creates a campaign with the form and sends the influencer an ad request', async () => {
    await createCampaign(sponsor, campaign)
    await expectText(S.getByTestId('budget-committed'), new RegExp(`^\\$0 of ${campaign.budgetText.replace('$', '\\$')}$`))
    await settled(sponsor)
    await shot(S, 'sponsor-campaign-created')
    await createCampaign(sponsor, second) // for the conflict of step 5
    r1 = await sendRequest(sponsor, campaign, '1200', `Two reels for ${token}`,
      { platform: 'instagram', content_type: 'reel', quantity: 2, due_date: isoDate(20), brief: 'Unboxing the lantern at night' })
    await settled(sponsor)
    await shot(S, 'sponsor-request-sent')
    r2 = await sendRequest(sponsor, second, '800', `One story for ${token}`)
    await settled(sponsor)
  })

  await step('the influencer receives both requests', async () => {
    await go(influencer, '/ad-requests')
    await I.getByTestId(`ar-row-${r1}`).waitFor({ timeout: SYNC_WAIT })
    await I.getByTestId(`ar-row-${r2}`).waitFor({ timeout: SYNC_WAIT })
    await I.getByTestId(`ar-row-${r1}`).click()
    const detail = I.getByTestId('ad-request-detail')
    await expectText(detail, new RegExp(`${campaign.name}.*Offered \\$1,200.*Two reels for ${token}`))
    await shot(I, 'influencer-request-received')
  })

  await step('the sync server stops; the influencer counters offline (queued)', async () => {
    await server.stop()
    const detail = I.getByTestId('ad-request-detail')
    await detail.getByRole('button', { name: 'Counter-offer', exact: true }).click()
    await detail.getByLabel('Your counter-offer (USD)').fill('1500')
    await detail.getByLabel('Requirements').fill(`Two reels and a story for ${token}`)
    await detail.getByLabel('Message (optional)').fill('A story too, for a little more')
    await detail.getByRole('button', { name: 'Send counter-offer' }).click()
    // Applied locally at once, waiting in the outbox: the badge says so.
    await expectText(detail.getByTestId('offer').last(), /Counter-offer \$1,500/)
    await expectText(detail.getByTestId('current-amount'), /^\$1,500$/)
    await expectText(I.getByTestId('sync-state'), /^Offline$/, { what: "the influencer's badge to say Offline" })
    await expectText(I.getByTestId('sync-pending'), /^1 to upload$/)
    await shot(I, 'influencer-countered-offline')
    // The sponsor cannot have it: the server is down.
    await reopen(sponsor, `/ad-requests?id=${r1}`)
    await expectText(S.getByTestId('current-amount'), /^\$1,200$/)
    await expectNoText(S.getByTestId('thread'), /Counter-offer/, "the sponsor's thread while the server is down")
  })

  await step('the server comes back on the same address and database; the counter uploads', async () => {
    await server.start()
    await settled(influencer)
    await shot(I, 'influencer-back-online')
  })

  // The dummy payment portal (docs/money.md, "Test cards"): a declined card says why
  // and charges nothing; the test Visa tops the wallet up, so the accept below is
  // funded from it.
  let walletBefore = 0
  await step('the sponsor tops up the wallet: a declined card shows its reason, the test Visa pays', async () => {
    await go(sponsor, '/wallet')
    await expectText(S.getByTestId('wallet-balance'), /\$/, { what: "the wallet's balance from the server" })
    walletBefore = cents(await textOf(S.getByTestId('wallet-balance')))
    const pay = async (number) => {
      await S.getByTestId('topup-amount').fill('2000')
      await S.getByTestId('topup-number').fill(number)
      await S.getByTestId('topup-expiry').fill('12/34')
      await S.getByTestId('topup-cvc').fill('123')
      await S.getByTestId('topup-name').fill('Northwind Outfitters')
      await S.getByTestId('topup-pay').click()
    }
    await pay('4000 0000 0000 0002')
    await expectText(S.getByTestId('topup-failure'), /Your card was declined/, { what: 'the decline and its reason' })
    await shot(S, 'sponsor-card-declined')
    if (cents(await textOf(S.getByTestId('wallet-balance'))) !== walletBefore) throw new Error('a declined card moved money')
    await pay('4242 4242 4242 4242')
    await expectText(S.getByTestId('wallet-balance'), new RegExp(`^${money(walletBefore + 200_000).replace('$', '\\$')}$`), { what: 'the topped-up balance' })
    await expectText(S.getByTestId('wallet-statement'), /Visa •••• 4242|top-up|Top-up/i)
    await shot(S, 'sponsor-wallet-topped-up')
  })

  await step('the sponsor sees the counter, accepts it, and the budget bar moves', async () => {
    await go(sponsor, `/campaigns/${campaign.id}`)
    // The campaign's pipeline: the counter moved the creator's card from Invited to
    // Negotiating, with the offer's amount; the second request is still Invited.
    const card = S.getByTestId('pipeline-card').filter({ hasText: INFLUENCER_NAME })
    await poll('the countered card to be under Negotiating', async () => (await card.first().getAttribute('data-stage')) === 'negotiating', { timeout: SYNC_WAIT })
    await expectText(card.first().getByTestId('pipeline-amount'), /^\$1,500$/)
    await expectText(S.locator('[data-test="pipeline-column"][data-stage="negotiating"]').getByTestId('pipeline-count'), /^1$/)
    await shot(S, 'sponsor-pipeline-negotiating')
    await S.getByTestId('view-table').click() // the table stays as a second view (remembered)
    const row = S.getByTestId('request-row').filter({ hasText: INFLUENCER_NAME.split(' ')[0] })
    await expectText(row, /\$1,500 Pending/, { timeout: SYNC_WAIT, what: "the counter-offer's amount on the sponsor's campaign" })
    await expectText(S.getByTestId('budget-committed'), /^\$0 of \$5,000$/)
    if ((await S.getByTestId('budget-bar').getAttribute('aria-valuenow')) !== '0') throw new Error('the budget bar is not at 0% before accepting')
    await shot(S, 'sponsor-budget-before-accept')
    await row.getByRole('link').first().click()
    const detail = S.getByTestId('ad-request-detail')
    await expectText(detail.getByTestId('offer').last(), new RegExp(`Counter-offer \\$1,500.*Two reels and a story for ${token}.*A story too`))
    await shot(S, 'sponsor-sees-counter')
    await detail.getByRole('button', { name: 'Accept $1,500' }).click()
    // Accepting asks once, saying what it commits: the amount, the budget, the escrow.
    const confirm = detail.getByTestId('accept-confirm')
    await expectText(confirm, /\$1,500[\s\S]*budget left: \$5,000 now, \$3,500 after[\s\S]*escrow/)
    await shot(S, 'sponsor-accept-confirm')
    await confirm.getByTestId('accept-confirm-button').click()
    await expectText(detail.getByTestId('ar-status'), /^Accepted$/)
    await settled(sponsor)
    await go(sponsor, `/campaigns/${campaign.id}`)
    await expectText(S.getByTestId('budget-committed'), /^\$1,500 of \$5,000$/)
    await expectText(S.getByTestId('remaining'), /^\$3,500 remaining$/)
    const pct = await S.getByTestId('budget-bar').getAttribute('aria-valuenow')
    if (pct !== '30') throw new Error(`the budget bar says ${pct}% committed, want 30%`)
    await expectText(row, /\$1,500 Accepted/)
    await shot(S, 'sponsor-budget-after-accept')
    // Back on the board, the card moved on to Accepted.
    await S.getByTestId('view-board').click()
    await poll('the accepted card to be under Accepted', async () => (await card.first().getAttribute('data-stage')) === 'accepted', { timeout: SYNC_WAIT })
    // The influencer's desktop learns it too.
    await reopen(influencer, `/ad-requests?id=${r1}`)
    await expectText(I.getByTestId('ar-status'), /^Accepted$/, { timeout: SYNC_WAIT })
  })

  await step('the influencer drafts the deliverable from To do; the sponsor reviews it beside the brief on the deal page', async () => {
    await go(influencer, '/todo')
    // The demo's own deals have work to do too: this deal's item, by its campaign.
    const item = I.getByTestId('todo-item').filter({ hasText: campaign.name })
    await expectText(item, /Submit a draft: #1 · 2 × Instagram reel/, { timeout: SYNC_WAIT })
    await shot(I, 'influencer-todo')
    await item.getByTestId('todo-link').click()
    await I.waitForURL(new RegExp(`#/ad-requests/${r1}$`))
    const card = I.getByTestId('deliverable-1')
    await card.getByTestId('do-draft').click()
    await card.getByLabel('Caption or script').fill(`Night walk with the lantern ${token} #ad`)
    await card.getByLabel('Links (one per line, optional)').fill('https://example.com/storyboard')
    await card.getByTestId('step-submit').click()
    await expectText(card.getByTestId('deliverable-status'), /^Draft to review$/)
    await settled(influencer)
    await shot(I, 'influencer-deal-draft-sent')

    await go(sponsor, '/dashboard')
    const review = S.getByTestId('review-item').filter({ hasText: campaign.name })
    await expectText(review, /Review the draft: #1/, { timeout: SYNC_WAIT, what: "this deal's draft in the sponsor's review queue" })
    await review.getByRole('link').click()
    await S.waitForURL(new RegExp(`#/ad-requests/${r1}$`))
    const sc = S.getByTestId('deliverable-1')
    await expectText(sc.getByTestId('deliverable-brief'), /Unboxing the lantern at night/)
    await expectText(sc.getByTestId('deliverable-draft'), new RegExp(`Night walk with the lantern ${token}`))
    await expectText(S.getByTestId('deal-timeline'), /You offered \$1,200[\s\S]*Influencer countered with \$1,500[\s\S]*You accepted \$1,500[\s\S]*Influencer submitted a draft of #1/)
    await shot(S, 'sponsor-deal-review')
    await sc.getByTestId('do-changes').click()
    await sc.getByLabel('What should change?').fill('Show the logo in the first second')
    await sc.getByTestId('step-submit').click()
    await expectText(sc.getByTestId('deliverable-status'), /^Changes requested$/)
    await settled(sponsor)
  })

  // The rest of the deal (issue 11): a revised draft with an image, approval, the
  // post with its proof and screenshot, metrics, the sponsor's acceptance that
  // completes the deal and releases the escrow less the 10 % commission, a payout,
  // and the invoice PDF read back.
  await step('the influencer revises the draft with an image; the sponsor opens it and approves', async () => {
    await reopen(influencer, `/ad-requests/${r1}`)
    const card = I.getByTestId('deliverable-1')
    await expectText(card.getByTestId('deliverable-status'), /^Changes requested$/, { timeout: SYNC_WAIT })
    await card.getByTestId('do-draft').click()
    await card.getByLabel('Caption or script').fill(`Night walk with the lantern ${token}, logo first #ad`)
    await card.getByTestId('draft-attachments').getByTestId('file-input').setInputFiles(DRAFT_PNG)
    await card.getByTestId('draft-attachments').getByTestId('picked').waitFor()
    await card.getByTestId('step-submit').click()
    await expectText(card.getByTestId('deliverable-status'), /^Draft to review$/)
    await settled(influencer)
    await shot(I, 'influencer-draft-revised')

    await reopen(sponsor, `/ad-requests/${r1}`)
    const sc = S.getByTestId('deliverable-1')
    await expectText(sc.getByTestId('deliverable-draft'), /logo first/, { timeout: SYNC_WAIT })
    await openAttachment(sc.getByTestId('draft-attachment-list'))
    await shot(S, 'sponsor-draft-attachment')
    await sc.getByTestId('do-approve').click()
    await expectText(sc.getByTestId('deliverable-status'), /^Approved for posting$/)
    await settled(sponsor)
  })

  await step('the influencer posts it, submits the proof with a screenshot and the 24-hour metrics', async () => {
    await reopen(influencer, `/ad-requests/${r1}`)
    const card = I.getByTestId('deliverable-1')
    await expectText(card.getByTestId('deliverable-status'), /^Approved for posting$/, { timeout: SYNC_WAIT })
    await card.getByTestId('do-proof').click()
    await card.getByTestId('proof-url').fill(`https://instagram.com/p/${token}`)
    await card.getByTestId('proof-posted').fill(localDateTime(-26)) // a day ago: the 24-hour figures are due
    await card.getByTestId('proof-screenshot').getByTestId('file-input').setInputFiles(PROOF_PNG)
    await card.getByTestId('proof-screenshot').getByTestId('picked').waitFor()
    await card.getByTestId('step-submit').click()
    await expectText(card.getByTestId('deliverable-status'), /^Posted$/)
    const metrics = card.getByTestId('deliverable-metrics')
    await metrics.getByTestId('metrics-checkpoint').selectOption('24h')
    for (const [f, v] of Object.entries({ views: '12000', reach: '9000', likes: '840', comments: '61', shares: '33', saves: '120' })) {
      await metrics.getByTestId(`metrics-${f}`).fill(v)
    }
    await metrics.getByTestId('metrics-submit').click()
    await metrics.getByTestId('metrics-saved').waitFor()
    await settled(influencer)
    await shot(I, 'influencer-proof-and-metrics')
  })

  await step('the sponsor checks the proof and accepts it: the deal completes, $1,350 released, $150 commission', async () => {
    await reopen(sponsor, `/ad-requests/${r1}`)
    const sc = S.getByTestId('deliverable-1')
    await expectText(sc.getByTestId('deliverable-status'), /^Posted$/, { timeout: SYNC_WAIT })
    await expectText(sc.getByTestId('deliverable-metrics'), /12,000/, { timeout: SYNC_WAIT, what: "the influencer's metrics on the sponsor's desktop" })
    await openAttachment(sc.getByTestId('proof-screenshot-list'))
    await expectText(S.getByTestId('deal-escrow'), /\$1,500/)
    await shot(S, 'sponsor-proof-to-accept')
    await sc.getByTestId('do-accept-proof').click()
    await expectText(sc.getByTestId('deliverable-status'), /^Accepted$/)
    await settled(sponsor)
    await reopen(sponsor, `/ad-requests/${r1}`)
    await expectText(S.getByTestId('escrow-influencer'), /\$1,350/, { timeout: SYNC_WAIT, what: 'the release, less the commission' })
    await expectText(S.getByTestId('escrow-commission'), /\$150/)
    await S.getByTestId('tracking-card').waitFor()
    await shot(S, 'sponsor-deal-released')
  })

  // The payout account through the real bindings and server: Go's bank rules refuse
  // a mistyped IBAN under its field, the right one is kept as its last four and the
  // number leaves the screen (docs/money.md, "Payouts").
  await step('the influencer adds a payout account: a mistyped IBAN is refused under its field', async () => {
    await go(influencer, '/earnings')
    await I.getByTestId('acct-holder').fill(INFLUENCER_NAME)
    await I.getByTestId('acct-iban').fill('DE89 3704 0044 0532 0130 01')
    await I.getByTestId('acct-save').click()
    await expectText(I.getByTestId('acct-iban-error'), /^This IBAN's check digits do not match/, { what: 'the IBAN field to say why' })
    await shot(I, 'influencer-payout-account-refused')
    await I.getByTestId('acct-iban').fill('de89 3704 0044 0532 0130 00')
    await I.getByTestId('acct-save').click()
    await expectText(I.getByTestId('payout-account-text'), /^IBAN DE ••••3000$/, { what: 'the account kept as its last four' })
    if ((await I.content()).includes('0532 0130')) throw new Error('the IBAN is still on the screen')
    await shot(I, 'influencer-payout-account')
  })

  await step('the influencer is paid $1,000 of the earnings; the sponsor saves the invoice and its PDF reads back', async () => {
    await go(influencer, '/earnings')
    const amount = I.getByTestId('payout-amount')
    await expectText(I.getByTestId('earnings-view'), /\$1,350/, { timeout: SYNC_WAIT, what: 'the released earnings' })
    await amount.fill('1000')
    await I.getByTestId('payout-request').click()
    await I.getByTestId('payout-confirm-yes').click()
    await expectText(I.getByTestId('payouts-list'), /\$1,000/, { what: 'the payout in the list' })
    await shot(I, 'influencer-paid-out')

    await go(sponsor, '/wallet')
    const row = S.locator('[data-test^="document-INV-"]').filter({ hasText: '$1,500' })
    await expectText(row, /incl\. \$150 commission/, { timeout: SYNC_WAIT, what: "the deal's invoice in the sponsor's documents" })
    await row.locator('[data-test^="document-pdf-"]').click()
    const toast = S.getByText(/^Saved to .+\.pdf$/)
    await expectText(toast, /^Saved to .+\.pdf$/, { what: "the toast naming the saved invoice's file" })
    const file = (await textOf(toast)).replace(/^Saved to /, '').trim()
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    // The gross, the commission and what the influencer got, as the report machinery prints money.
    for (const want of [/Invoice/i, /\$1,500\b/, /\$150\b/, /\$1,350\b/, new RegExp(INFLUENCER_NAME.split(' ')[0])]) {
      if (!want.test(text)) throw new Error(`the invoice PDF ${file} does not say ${want}: ${text.slice(0, 400)}`)
    }
    await shot(S, 'sponsor-invoice-saved')
  })

  await step("conflict: offline, the influencer accepts a request the sponsor withdraws first", async () => {
    await link.down() // the influencer's network only: the server keeps serving the sponsor
    await reopen(influencer, `/ad-requests?id=${r2}`)
    const detail = I.getByTestId('ad-request-detail')
    await expectText(detail, new RegExp(second.name))
    await detail.getByRole('button', { name: 'Accept $800' }).click()
    await detail.getByTestId('accept-confirm-button').click()
    await expectText(detail.getByTestId('ar-status'), /^Accepted$/)
    await expectText(I.getByTestId('sync-state'), /^Offline$/, { what: "the influencer's badge to say Offline" })
    await expectText(I.getByTestId('sync-pending'), /^1 to upload$/)
    await shot(I, 'influencer-accepted-offline')

    await reopen(sponsor, `/ad-requests?id=${r2}`)
    const sd = S.getByTestId('ad-request-detail')
    await expectText(sd.getByTestId('ar-status'), /^Pending$/)
    await sd.getByRole('button', { name: 'Withdraw' }).click()
    await sd.getByLabel('Reason (optional)').fill('The kites shoot moved to spring')
    await sd.getByTestId('reason-submit').click()
    await expectText(sd.getByTestId('ar-status'), /^Withdrawn$/)
    await settled(sponsor) // the withdrawal reached the server first
    await shot(S, 'sponsor-withdrew')

    await link.up()
    // The accept is refused; its effect is undone and the request shows the withdrawal.
    await expectText(I.getByTestId('sync-issues-link'), /^1 sync issue$/, { timeout: SYNC_WAIT, what: "the influencer's badge to report a sync issue" })
    await expectText(detail.getByTestId('ar-status'), /^Withdrawn$/, { timeout: SYNC_WAIT })
    await expectText(detail, /Reason: The kites shoot moved to spring/)
    await settled(influencer) // online again, nothing left to upload: the refused change is not pending
    await shot(I, 'influencer-accept-undone')
    await I.getByTestId('sync-issues-link').click()
    await I.waitForURL(/#\/sync-issues$/)
    const issue = I.getByTestId('issue')
    // In people's words: what the change was (campaign, party, amount) and why it was
    // refused; no mutation names, codes or JSON.
    await expectText(issue.getByTestId('issue-what'), /^Accept the offer of \$800 on “Borealis Kites .+” from Northwind Outfitters$/)
    await expectText(issue.getByTestId('issue-message'), /did not accept it: it had already moved on/)
    if ((await issue.count()) !== 1) throw new Error(`want 1 sync issue, got ${await issue.count()}`)
    const said = await issue.innerText()
    if (/adRequest\.|invalid_transition|[{}]/.test(said)) throw new Error(`the sync issue speaks developer: ${said}`)
    await issue.getByTestId('issue-open').waitFor()
    await shot(I, 'influencer-sync-issues')
  })

  await step('an admin flags the campaign; it leaves the influencer\'s campaign search', async () => {
    await go(influencer, '/find-campaigns')
    await I.getByLabel('Search', { exact: true }).fill(token)
    await I.getByTestId(`cs-row-${campaign.id}`).waitFor({ timeout: SYNC_WAIT })
    await I.getByTestId(`cs-row-${second.id}`).waitFor()
    await expectText(I.getByTestId('cs-total'), /^2 found$/)
    await shot(I, 'influencer-search-before-flag')

    // The admin uses the sponsor's desktop: sign out, sign in as the admin.
    await signOut(sponsor)
    await signIn(sponsor, ADMIN)
    await go(sponsor, '/admin?tab=campaigns')
    const table = S.getByTestId('admin-campaigns')
    await table.getByRole('searchbox').fill(token)
    const row = S.getByTestId(`campaign-${campaign.id}`)
    await expectText(row, new RegExp(`${campaign.name}.*Northwind Outfitters.*\\$1,500 of \\$5,000`))
    await row.getByRole('button', { name: 'Flag' }).click()
    const confirm = S.getByTestId('admin-action')
    await expectText(confirm.getByTestId('admin-action-title'), new RegExp(`Flag ${campaign.name}\\?`))
    await confirm.getByLabel('Reason (required, told to the owner)').fill('Misleading claims about lantern safety')
    await confirm.getByRole('button', { name: 'Flag' }).click()
    await expectText(row.getByTestId('badge-flagged'), /^Flagged$/)
    await expectText(row, /Misleading claims about lantern safety/)
    await settled(sponsor)
    await shot(S, 'admin-flagged-campaign')

    await expectGone(I.getByTestId(`cs-row-${campaign.id}`), { timeout: SYNC_WAIT, what: 'the flagged campaign to leave the search' })
    await expectText(I.getByTestId(`cs-row-${second.id}`), new RegExp(second.name)) // the search itself still works
    await expectText(I.getByTestId('cs-total'), /^1 found$/)
    await settled(influencer)
    await shot(I, 'influencer-search-after-flag')
  })

  await step('the influencer imports a post history from a CSV file; the Analytics tab shows it at once', async () => {
    // Twelve reels and photos over the last 60 days, in our template's shape
    // (docs/import.md), one row refused for a negative count.
    const rows = ['platform,content_type,posted_at,external_id,followers,views,reach,likes,comments,shares,saves,sponsored']
    for (let i = 0; i < 12; i++) {
      const at = new Date(Date.now() - (5 + i * 5) * 86400_000).toISOString().slice(0, 19) + 'Z'
      rows.push(`instagram,${i % 2 ? 'photo' : 'reel'},${at},e2e-${token}-${i},${20000 + i * 100},${9000 + i * 300},8000,${700 + i * 10},${40 + i},12,30,no`)
    }
    rows.push(`instagram,reel,${new Date(Date.now() - 3 * 86400_000).toISOString().slice(0, 19)}Z,e2e-${token}-bad,20000,-5,1,1,1,1,1,no`)
    const file = path.join(ART, 'post-history.csv')
    fs.writeFileSync(file, rows.join('\n') + '\n')

    await go(influencer, '/profile?tab=posts')
    await I.getByTestId('posts-import').click()
    await I.getByTestId('import-file').setInputFiles(file)
    const map = I.getByTestId('import-step-map')
    await expectText(map.getByTestId('import-shape'), /template/i, { what: 'the detected shape' })
    await shot(I, 'influencer-import-mapping')
    await map.getByTestId('import-next').click()
    await I.getByTestId('import-run').click()
    const report = I.getByTestId('import-report')
    await expectText(report.getByTestId('report-new'), /^New: 12$/)
    await expectText(report.getByTestId('report-refused'), /^Refused rows: 1$/)
    const refusal = report.getByTestId('report-refusal').first()
    await expectText(refusal.getByTestId('refusal-line'), /^14$/, { what: 'the refused row\'s line' })
    const why = await refusal.getByTestId('refusal-reason').innerText()
    if (!why.trim() || /[{}_]/.test(why)) throw new Error(`the refusal reason is not in words: ${why}`)
    await shot(I, 'influencer-import-report')
    await I.getByTestId('import-done').click()
    await expectText(I.getByTestId('posts-totals'), /\b1[2-9]\b|\d{2,}/, { what: 'the history to count the imported posts' })

    await go(influencer, '/profile?tab=analytics')
    const analytics = I.getByTestId('influencer-analytics')
    await expectText(analytics.getByTestId('kpi-er-followers').getByTestId('kpi-value'), /^\d+(\.\d+)?%$/, { what: 'the engagement rate' })
    await analytics.getByTestId('chart-er').waitFor()
    await shot(I, 'influencer-analytics')
    await settled(influencer)
  })

  // Every screen of each role at 1280×800 and 800 px wide, with the data the
  // journey made: nothing wider than the window, no error state, a heading.
  await step('every screen of each role at 1280x800 and 800 px', async () => {
    problems.length = 0
    await tour(sponsor, 'admin', ['/dashboard', '/campaigns', '/admin', '/admin?tab=sponsors', '/admin?tab=accounts', '/admin?tab=campaigns',
      '/admin?tab=money', '/admin?tab=analytics', '/reports', '/settings', '/sync-issues'])
    await tour(influencer, 'influencer', ['/dashboard', '/campaigns', '/ad-requests', `/ad-requests/${r1}`, '/todo', '/find-campaigns', '/profile',
      '/profile?tab=posts', '/profile?tab=audience', '/profile?tab=mediaKit', '/profile?tab=analytics', '/earnings', '/settings', '/sync-issues'])
    await signOut(sponsor)
    await tour(sponsor, 'sign-in', ['/sign-in', '/register'])
    await signIn(sponsor, SPONSOR)
    await tour(sponsor, 'sponsor', ['/dashboard', '/campaigns', `/campaigns/${campaign.id}`, '/campaigns/new', `/campaigns/${campaign.id}/edit`,
      `/campaigns/${campaign.id}/analytics`, `/campaigns/${second.id}/recommendations`,
      '/ad-requests', `/ad-requests/${r1}`, '/find-influencers', '/lists', '/wallet', '/team', '/reports', '/settings', '/sync-issues'])
    if (problems.length) throw new Error(`${problems.length} screens look wrong:\n  ${problems.join('\n  ')}`)

    // The monthly report the sponsor's sign-in caught up on, shown in the app.
    await go(sponsor, '/reports')
    await S.getByTestId('reports-table').getByRole('button', { name: 'View' }).first().click()
    const report = S.frameLocator('[data-test="report-viewer"] iframe')
    await expectText(report.locator('body'), /monthly activity report[\s\S]*Northwind Outfitters[\s\S]*Budget/i, { what: 'the report in the viewer' })
    await S.getByTestId('report-viewer').screenshot({ path: path.join(TOUR, 'sponsor-report-viewer-1280.png') })
  })

  await step('the sponsor sees what the campaign returned (CPM, CPE, CPC) and who to hire next, and invites one pre-filled', async () => {
    // Influencer search by the analytics: the highest engagement first, high risk
    // hidden; each rated row shows its ER as a percentage and a risk badge.
    await reopen(sponsor, '/find-influencers')
    await S.getByTestId('sort').selectOption('er')
    await S.getByTestId('risk').selectOption('hide_high')
    const er = S.getByTestId('result-er').first()
    await expectText(er, /^\d+(\.\d)?%$/, { what: 'the first hit\'s engagement rate' })
    if (await S.locator('[data-test="result-risk"] [data-risk="high"]').count()) throw new Error('a high-risk influencer is listed with high risk hidden')
    await S.getByTestId('more-like').first().click()
    await S.getByTestId('like-banner').waitFor()
    await shot(S, 'sponsor-search-more-like-this')

    // The whole deal's figures: $1,500 committed, 12,000 views, 840 + 61 + 33 + 120 = 1,054
    // engagements at 24 hours (docs/analytics.md): CPM $125, CPE $1.42.
    await reopen(sponsor, `/campaigns/${campaign.id}/analytics`)
    await expectText(S.getByTestId('ca-kpi-spend'), /^\$1,500$/)
    await expectText(S.getByTestId('ca-kpi-views'), /^12,000$/)
    await expectText(S.getByTestId('ca-kpi-engagements'), /^1,054$/)
    await expectText(S.getByTestId('ca-kpi-cpm'), /^\$125$/)
    await expectText(S.getByTestId('ca-kpi-cpe'), /^\$1\.42$/)
    await expectText(S.getByTestId('ca-table'), new RegExp(INFLUENCER_NAME))
    await shot(S, 'sponsor-campaign-analytics')

    await reopen(sponsor, `/campaigns/${second.id}/recommendations`)
    const first = S.getByTestId('rec-item').first()
    await first.waitFor()
    const why = await first.getByTestId('rec-reasons').innerText()
    if (!why.trim() || /[{}_]/.test(why)) throw new Error(`a recommendation's rationale is not in words: ${why}`)
    const name = (await first.getByTestId('rec-name').innerText()).trim()
    await first.getByTestId('rec-invite').click()
    const form = S.getByTestId('rec-invite-form').getByTestId('send-form')
    if (!(await form.getByLabel('Amount (USD)').inputValue())) throw new Error('the invite has no suggested amount')
    const picked = await form.getByLabel('Influencer').inputValue()
    if (!name.startsWith(picked) && !picked.startsWith(name.split('\n')[0])) throw new Error(`the invite names ${picked}, not ${name}`)
    await shot(S, 'sponsor-recommendations-invite')
  })

  await step('the owner shortlists creators from search for a campaign and invites the whole shortlist with one offer; the pipeline moves', async () => {
    const listName = `Kites ${token}`
    await reopen(sponsor, '/lists')
    await S.getByTestId('lists-new').click()
    await S.getByTestId('lists-new-name').fill(listName)
    const opt = S.getByTestId('lists-new-campaign').locator('option', { hasText: second.name })
    await S.getByTestId('lists-new-campaign').selectOption(await opt.getAttribute('value'))
    await S.getByTestId('lists-new-save').click()
    await expectText(S.getByTestId('list-name'), new RegExp(listName))

    // Three creators from search, ticked and added to the list at once.
    await reopen(sponsor, '/find-influencers')
    const boxes = S.getByTestId('select-row')
    await boxes.nth(2).waitFor({ timeout: SYNC_WAIT })
    for (const i of [0, 1, 2]) await boxes.nth(i).check()
    await expectText(S.getByTestId('selected-count'), /3/)
    const add = S.getByTestId('add-selected')
    await add.getByTestId('add-to-list-toggle').click()
    await add.getByTestId('add-to-list-item').filter({ hasText: listName }).click()
    await shot(S, 'sponsor-search-selected-added')

    // The campaign's pipeline shows them shortlisted; one offer invites them all.
    await reopen(sponsor, `/campaigns/${second.id}`)
    const shortlisted = S.locator('[data-test="pipeline-column"][data-stage="shortlisted"]')
    // (a creator with a request on the campaign already stands in its own column)
    let listed = 0
    await poll('the shortlisted column to fill', async () => {
      listed = Number((await shortlisted.getByTestId('pipeline-count').innerText().catch(() => '0')) || 0)
      return listed >= 2
    }, { timeout: SYNC_WAIT })
    await shot(S, 'sponsor-pipeline-shortlisted')
    const inviteAll = shortlisted.getByTestId('pipeline-invite-all')
    await inviteAll.click()
    const dialog = S.getByTestId('bulk-invite-dialog')
    // A modal keeps the keyboard inside (Tab and Shift+Tab go round), and Escape
    // gives focus back to the button that opened it.
    await dialog.waitFor()
    await keyboardStaysIn(S, '[data-test="bulk-invite-dialog"]', 'the bulk-invite dialog')
    await S.keyboard.press('Escape')
    await expectGone(dialog, { what: 'Escape to close the bulk-invite dialog' })
    await poll('focus to go back to "Invite all"', () => inviteAll.evaluate((el) => el === document.activeElement), { timeout: 5_000 })
    await inviteAll.click()
    await dialog.getByTestId('bulk-amount').fill('120')
    await dialog.getByTestId('bulk-requirements').fill(`One kite reel for ${token}`)
    await shot(S, 'sponsor-bulk-invite-offer')
    await axe.check(S, 'sponsor-bulk-invite-offer')
    await dialog.getByTestId('bulk-to-preview').click()
    await dialog.getByTestId('bulk-preview').waitFor()
    const rows = await dialog.getByTestId('bulk-preview-row').count()
    if (rows !== listed) throw new Error(`the preview lists ${rows} creators, want the ${listed} shortlisted`)
    const preview = await dialog.getByTestId('bulk-preview').innerText()
    if (/\{first_name\}|\{campaign\}/.test(preview)) throw new Error('the preview shows unfilled placeholders')
    await shot(S, 'sponsor-bulk-invite-preview')
    await axe.check(S, 'sponsor-bulk-invite-preview')
    await dialog.getByTestId('bulk-send').click()
    await dialog.getByTestId('bulk-summary').waitFor({ timeout: SYNC_WAIT })
    // The summary follows the engine: each invitation queued, then sent once the server has it.
    let sent = 0
    await poll('the summary to count the invitations sent', async () => {
      sent = Number(await dialog.getByTestId('bulk-sent').innerText())
      return sent === listed
    }, { timeout: SYNC_WAIT })
    await shot(S, 'sponsor-bulk-invite-summary')
    await dialog.getByTestId('bulk-done').click()
    await settled(sponsor)
    const invited = S.locator('[data-test="pipeline-column"][data-stage="invited"]')
    await expectText(invited.getByTestId('pipeline-count'), new RegExp(`^${sent}$`), { timeout: SYNC_WAIT, what: 'the invited column to count the bulk invitations' })
    await shot(S, 'sponsor-pipeline-invited')
  })

  await step('the owner invites a teammate; registering with the invited address joins the team, which sees the campaign', async () => {
    const mate = `dana.${token}@iescp.demo`
    await reopen(sponsor, '/team')
    await S.getByTestId('team-invite-email').fill(mate)
    await S.getByTestId('team-invite-role').selectOption('manager')
    await S.getByTestId('team-invite-send').click()
    await expectText(S.getByTestId(`team-member-${mate}`), /invited/i)
    await settled(sponsor)
    await shot(S, 'sponsor-team-invited')

    // The second desktop registers the teammate with the invited address: they join.
    await signOut(influencer)
    await go(influencer, '/register')
    await I.locator('label[for="role-sponsor"]').click()
    await I.locator('#reg-name').fill('Dana Reyes')
    await I.locator('#reg-email').fill(mate)
    await I.locator('#reg-password').fill(PASSWORD)
    await I.locator('#reg-confirm').fill(PASSWORD)
    await I.locator('#reg-company').fill('Northwind Outfitters')
    await I.getByTestId('register-submit').click()
    await I.getByTestId('register-done').waitFor({ timeout: SYNC_WAIT })
    if (await I.getByTestId('register-pending').count()) throw new Error('a teammate of an approved organisation is told to wait for approval')
    await signIn(influencer, mate)
    await reopen(influencer, '/team')
    await expectText(I.getByTestId('team-my-role'), /manager/, { timeout: SYNC_WAIT })
    await expectText(I.getByTestId('team-company'), /Northwind Outfitters/)
    // The organisation's campaign and its pipeline, with what the owner did.
    await reopen(influencer, `/campaigns/${campaign.id}`)
    await expectText(I.getByTestId('title'), new RegExp(campaign.name), { timeout: SYNC_WAIT })
    await I.getByTestId('pipeline-card').filter({ hasText: INFLUENCER_NAME }).first().waitFor({ timeout: SYNC_WAIT })
    await shot(I, 'teammate-sees-pipeline')
    // A manager does not manage the team.
    await reopen(influencer, '/team')
    if (await I.getByTestId('team-invite-form').count()) throw new Error('a manager is offered the invite form')
    await reopen(sponsor, '/team')
    await expectText(S.getByTestId(`team-member-${mate}`), /Dana Reyes[\s\S]*active/i, { timeout: SYNC_WAIT })
    await shot(S, 'sponsor-team-joined')
    await signOut(influencer)
    await signIn(influencer, INFLUENCER)
  })
}

/**
 * Presses Tab, then Shift+Tab, more times than the box has controls: focus must
 * stay inside it (a modal dialog's focus trap) and visit more than one control.
 */
async function keyboardStaysIn(page, selector, what) {
  const n = await page.locator(selector).evaluate((box) =>
    box.querySelectorAll('a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled])').length)
  for (const key of ['Tab', 'Shift+Tab']) {
    const seen = new Set()
    for (let i = 0; i < n + 3; i++) {
      await page.keyboard.press(key)
      const where = await page.evaluate((sel) => {
        const el = document.activeElement
        return document.querySelector(sel)?.contains(el) ? el.outerHTML.slice(0, 80) : null
      }, selector)
      if (!where) throw new Error(`${key} ${i + 1} times took focus out of ${what}`)
      seen.add(where)
    }
    if (n > 1 && seen.size < 2) throw new Error(`${key} did not move focus around ${what}`)
  }
}

/**
 * Tab to the next control: it must wear the focus ring (style.css :focus-visible,
 * 3 px in the theme's --iescp-focus colour).
 */
async function focusRingShows(page, role, width, theme) {
  await page.keyboard.press('Tab')
  const ring = await page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return null
    const cs = getComputedStyle(el)
    const want = getComputedStyle(document.documentElement).getPropertyValue('--iescp-focus').trim()
    return { tag: el.tagName.toLowerCase(), test: el.getAttribute('data-test'), style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), color: cs.outlineColor, want }
  })
  if (!ring) problems.push(`${role} at ${width}px (${theme}): Tab focused nothing`)
  else if (ring.style === 'none' || ring.width < 2) problems.push(`${role} at ${width}px (${theme}): no focus ring on <${ring.tag} data-test="${ring.test}">: outline ${ring.style} ${ring.width}px`)
  return ring
}

/**
 * The sidebar as a person uses it: click every nav item (each marks itself
 * aria-current and opens a screen with a heading); Ctrl+K goes to the role's search
 * and focuses it; at 800 px the rail opens as a drawer and Escape closes it.
 */
async function walkSidebar(profile, role, width, dir = TOUR, theme = 'light') {
  const { page } = profile
  const sidebar = page.getByTestId('sidebar')
  const items = sidebar.locator('nav[aria-label="Main"] a')
  const n = await items.count()
  if (n < 5) problems.push(`${role} at ${width}px: the sidebar has ${n} nav items`)
  for (let i = 0; i < n; i++) {
    const item = items.nth(i)
    const name = (await item.getAttribute('data-test')) ?? `item ${i}`
    await item.click()
    const current = await poll(`${name} to be the current page`, async () => (await item.getAttribute('aria-current')) === 'page', { timeout: 10_000 })
      .catch(() => false)
    if (!current) problems.push(`${role} at ${width}px: ${name} is not aria-current after a click`)
    await page.locator('main h1').first().waitFor()
    if ((await sidebar.locator('[aria-current="page"]').count()) !== 1) problems.push(`${role} at ${width}px: not exactly one aria-current item on ${name}`)
    if (width < 1024 && !(await item.getAttribute('title'))) problems.push(`${role} at ${width}px: ${name} has no tooltip on the rail`)
  }
  await go(profile, '/settings')
  await page.locator('h1').first().waitFor()
  // Ctrl+K opens the command palette with its field focused; Escape closes it.
  await page.locator('body').press('Control+k')
  await poll(`${role}: Ctrl+K to open the palette with its field focused`, () =>
    page.evaluate(() => document.activeElement?.getAttribute('data-test') === 'palette-input'), { timeout: 10_000 })
  await page.getByTestId('palette-input').fill('settings')
  await page.getByTestId('palette-list').locator('[role="option"]').first().waitFor({ timeout: 10_000 })
  fs.mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: path.join(dir, `${role}-palette-${width}.png`) })
  await axe.check(page, `${role}-palette-${width}`)
  await keyboardStaysIn(page, '[data-test="palette"]', 'the command palette')
  await page.keyboard.press('Escape')
  await expectGone(page.getByTestId('palette'), { what: 'Escape to close the palette' })
  const ring = await focusRingShows(page, role, width, theme)
  console.log(`e2e:   ${role} ${width}px: ${n} nav items clicked; Ctrl+K opened the palette; Tab: ring ${ring?.style} ${ring?.width}px ${ring?.color} on <${ring?.tag}>`)
  await page.screenshot({ path: path.join(dir, `${role}-sidebar-${width}.png`) })
  if (width < 1024) {
    await sidebar.getByTestId('sidebar-toggle').click()
    await page.getByTestId('sidebar-backdrop').waitFor()
    await page.screenshot({ path: path.join(dir, `${role}-sidebar-drawer-${width}.png`) })
    await axe.check(page, `${role}-sidebar-drawer-${width}`)
    await page.keyboard.press('Escape')
    await expectGone(page.getByTestId('sidebar-backdrop'), { what: 'Escape to close the drawer' })
  }
}

const TOUR = path.join(ART, 'tour')
const TOUR_DARK = path.join(ART, 'tour-dark')
const axe = new AxeLog(path.join(ART, 'axe.json'))
const problems = [] // what the tour found, all reported at the end
// The string table's sections: "dashboard.title" on screen is a missing string.
const I18N_SECTIONS = Object.keys((await import('../src/i18n/en.js')).default)

/**
 * Visits each route at both widths, in the light and then the dark colour scheme
 * (the app follows the system's: data-bs-theme on <html> changes without a reload);
 * screenshots in $E2E_ARTIFACTS/tour/ and tour-dark/, axe on every screen.
 */
async function tour(profile, role, routes) {
  const { page } = profile
  try {
    for (const theme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: theme })
      await poll(`the app to turn ${theme} with the system`, () =>
        page.evaluate((want) => document.documentElement.getAttribute('data-bs-theme') === want, theme), { timeout: 10_000 })
      await tourTheme(profile, role, routes, theme)
    }
  } finally {
    await page.emulateMedia({ colorScheme: 'light' })
    await page.setViewportSize({ width: 1280, height: 800 })
  }
  console.log(`e2e:   ${role}: ${routes.length} screens at 1280 and 800 px, light and dark`)
}

async function tourTheme(profile, role, routes, theme) {
  const { page } = profile
  const dir = theme === 'dark' ? TOUR_DARK : TOUR
  fs.mkdirSync(dir, { recursive: true })
  for (const width of [1280, 800]) {
    await page.setViewportSize({ width, height: 800 })
    if (role !== 'sign-in') await walkSidebar(profile, role, width, dir, theme)
    for (const route of routes) {
      await go(profile, '/sync-issues') // leave the view, so the next one mounts afresh
      await go(profile, route)
      await page.locator('h1').first().waitFor()
      await page.waitForLoadState('networkidle')
      await screenSettled(page) // charts and late rows
      const name = `${role}-${route.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-') || 'root'}-${width}`
      const problem = await page.evaluate((sections) => {
        const doc = document.documentElement
        const main = document.querySelector('main')
        const edge = main.getBoundingClientRect().left + main.clientWidth
        const wide = [...document.querySelectorAll('body *')].filter((el) => {
          const r = el.getBoundingClientRect()
          // A screen reader's copy (a chart's figures as a .visually-hidden table) is
          // clipped to one pixel: its cells may lie anywhere without being seen.
          return r.width > 0 && r.right > edge + 1 && !el.parentElement?.closest('.table-responsive, [data-scroll-x]') && !el.closest('.visually-hidden')
        }).pop() // the innermost
        if (wide) {
          const what = `<${wide.tagName.toLowerCase()} class="${wide.className}"> "${(wide.innerText ?? '').slice(0, 40)}"`
          return `${what} sticks out to ${Math.round(wide.getBoundingClientRect().right)}px (the pane ends at ${Math.round(edge)}px)`
        }
        // Nothing in the sidebar sits on anything else (a badge over a button...).
        const parts = [...document.querySelectorAll('[data-test="sidebar"] :is(.badge, .btn, .nav-link, .avatar, .sb-brand, [data-test="user-name"])')]
          .map((el) => [el, el.getBoundingClientRect()]).filter(([, r]) => r.width > 0 && r.height > 0)
        for (const [a, ra] of parts) {
          for (const [b, rb] of parts) {
            if (a === b || a.contains(b) || b.contains(a)) continue
            const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left)
            const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top)
            if (w > 4 && h > 4) return `in the sidebar "${a.innerText.trim().slice(0, 30)}" overlaps "${b.innerText.trim().slice(0, 30)}"`
          }
        }
        if (doc.scrollWidth > window.innerWidth + 1) return `the page is ${doc.scrollWidth}px wide in a ${window.innerWidth}px window`
        if (main.scrollWidth > main.clientWidth + 1) return `the content is ${main.scrollWidth}px wide in a ${main.clientWidth}px pane`
        const text = document.body.innerText
        const bad = /Could not load|Something went wrong/.exec(text) ?? new RegExp(`\\b(${sections.join('|')})\\.[a-zA-Z]+`).exec(text)
        return bad ? `shows "${bad[0]}"` : '' // an error, or an i18n key with no string
      }, I18N_SECTIONS)
      // The whole page in the screenshot: the app scrolls inside <main>, so let it
      // grow for the shot, then put it back.
      await page.evaluate(() => document.body.classList.add('e2e-full'))
      await page.addStyleTag({ content: '.e2e-full, .e2e-full #app, .e2e-full .app-shell { height: auto !important } .e2e-full main { overflow: visible !important }' })
      await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true })
      await page.evaluate(() => document.body.classList.remove('e2e-full'))
      if (problem) problems.push(`${role} ${route} at ${width}px (${theme}): ${problem}`)
      await axe.check(page, name)
    }
  }
}

// A proper test-id attribute for getByTestId: the app's components use data-test.
selectors.setTestIdAttribute('data-test')
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
let failed = false
try {
  await run(browser)
  console.log(`e2e: all ${stepNo} steps passed (token ${token})`)
  const blocking = axe.failures()
  if (blocking.length) {
    failed = true
    console.error(`e2e: FAIL: axe found ${blocking.length} serious or critical WCAG 2.1 A/AA violations (all findings: ${axe.file}):\n  ${axe.report()}`)
  } else {
    console.log(`e2e: axe: no serious or critical violation on ${axe.screens.length} screens (all findings: ${axe.file})`)
  }
} catch (err) {
  failed = true
  console.error(`e2e: FAIL in step ${stepNo}: ${err.stack ?? err}`)
  for (const [i, context] of browser.contexts().entries()) {
    for (const page of context.pages()) {
      const file = path.join(ART, `FAILED-${i === 0 ? 'sponsor' : 'influencer'}.png`)
      await page.screenshot({ path: file }).catch(() => {})
      console.error(`e2e: at ${page.url()}; screenshot ${file}; sidebar: ${await textOf(page.getByTestId('sidebar')).catch(() => '?')}`)
    }
  }
} finally {
  axe.write()
  await link.down()
  await browser.close()
}
process.exit(failed ? 1 : 0)
