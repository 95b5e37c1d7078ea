import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'

import { scheduleProblem } from '../src/api/jobs.js'
import { makeRouter } from '../src/router.js'
import App from '../src/App.vue'
import { go, emit } from './wails.js'
const { SessionService, JobService, ReportService } = go

const users = {
  sponsor: { account_id: 's1', email: 'maya@brand.test', name: 'Maya', role: 'sponsor', approval: 'approved' },
  influencer: { account_id: 'i1', email: 'ivan@creator.test', name: 'Ivan', role: 'influencer', approval: '' },
  admin: { account_id: 'root', email: 'root@iescp.test', name: 'Root', role: 'admin', approval: '' },
}
const failedRun = {
  id: 7, job: 'daily_reminder', period: '2026-11-21', trigger: 'catch_up', started_at: '2026-11-21T09:00:00Z', finished_at: '2026-11-21T09:00:01Z',
  status: 'failed', summary: '1 ad request waits for your answer',
  result: '1 ad request waits for your answer; webhook: webhook answered 500 Internal Server Error (retrying at 09:05)', files: [],
  deliveries: [{ channel: 'webhook', status: 'pending', attempts: 2, last_error: 'webhook answered 500 Internal Server Error', next_attempt_at: '2026-11-21T09:05:00Z', sent_at: null }],
}
const reminder = () => ({ name: 'daily_reminder', schedule: '0 9 * * *', default_schedule: '0 9 * * *', enabled: true, running: false, next_run: '2026-11-22T09:00:00Z', last_run: failedRun })
const delivery = () => ({
  native: true, native_available: true, webhook_set: true, smtp_password_set: false,
  email: { enabled: false, host: '', port: 587, security: 'starttls', username: '', from: '', to: '' },
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

describe('the schedule picker (time and day, cron behind Advanced)', () => {
  it('reads cron as a time and a day, and writes it back', async () => {
    const { parseSchedule, buildSchedule } = await import('../src/views/SettingsView/schedule.js')
    expect(parseSchedule('0 9 * * *')).toMatchObject({ mode: 'daily', time: '09:00' })
    expect(parseSchedule('30 18 * * 1')).toMatchObject({ mode: 'weekly', time: '18:30', weekday: 1 })
    expect(parseSchedule('5 8 15 * *')).toMatchObject({ mode: 'monthly', time: '08:05', day: 15 })
    expect(parseSchedule('@monthly')).toMatchObject({ mode: 'monthly', time: '00:00', day: 1 })
    expect(parseSchedule('30 18 * * 1-5').mode).toBe('advanced')
    expect(parseSchedule('*/15 * * * *').mode).toBe('advanced')
    expect(buildSchedule({ mode: 'daily', time: '07:45' })).toBe('45 7 * * *')
    expect(buildSchedule({ mode: 'weekly', time: '18:30', weekday: 5 })).toBe('30 18 * * 5')
    expect(buildSchedule({ mode: 'monthly', time: '08:00', day: 1 })).toBe('0 8 1 * *')
    expect(buildSchedule({ mode: 'advanced', time: '08:00' })).toBe(null)
    for (const spec of ['0 9 * * *', '30 18 * * 1', '5 8 15 * *']) expect(buildSchedule(parseSchedule(spec))).toBe(spec)
  })

  it('picks a day and a time for the monthly report, and says it in words', async () => {
    const SchedulePicker = (await import('../src/views/SettingsView/SchedulePicker.vue')).default
    const w = mount(SchedulePicker, { props: { modelValue: '0 8 1 * *', inputId: 'sched-x', 'onUpdate:modelValue': (v) => w.setProps({ modelValue: v }) } })
    expect(w.find('[data-test="schedule-mode"]').element.value).toBe('monthly')
    expect(w.find('[data-test="schedule-day"]').element.value).toBe('1')
    expect(w.find('[data-test="schedule-time"]').element.value).toBe('08:00')
    expect(w.find('[data-test="schedule-cron"]').exists()).toBe(false)
    await w.find('[data-test="schedule-day"]').setValue('15')
    await w.find('[data-test="schedule-time"]').setValue('06:30')
    await w.find('[data-test="schedule-time"]').trigger('change')
    expect(w.props('modelValue')).toBe('30 6 15 * *')
    await w.find('[data-test="schedule-mode"]').setValue('daily')
    expect(w.props('modelValue')).toBe('30 6 * * *')
    await w.find('[data-test="schedule-mode"]').setValue('advanced')
    expect(w.props('modelValue')).toBe('30 6 * * *') // the cron as it was
    expect(w.find('[data-test="schedule-cron"]').element.value).toBe('30 6 * * *')
    await w.find('[data-test="schedule-cron"]').setValue('0 */2 * * *')
    expect(w.props('modelValue')).toBe('0 */2 * * *')
    expect(w.find('[data-test="schedule-mode"]').element.value).toBe('advanced')
  })
})

describe('schedules as you type', () => {
  it('accepts cron specs and descriptors, explains the rest', () => {
    expect(scheduleProblem('0 9 * * *')).toBe('')
    expect(scheduleProblem('30 18 * * 1-5')).toBe('')
    expect(scheduleProblem('0 8 1 * *')).toBe('')
    expect(scheduleProblem('@daily')).toBe('')
    expect(scheduleProblem('')).toBe('empty')
    expect(scheduleProblem('0 9 * *')).toBe('fields')
    expect(scheduleProblem('0 9 * * x!')).toBe('syntax')
    expect(scheduleProblem('@sometimes')).toBe('descriptor')
  })
})

describe('Settings: jobs and delivery', () => {
  let wrapper
  beforeEach(() => {
    vi.clearAllMocks()
    JobService.Jobs.mockResolvedValue([reminder()])
    JobService.Delivery.mockResolvedValue(delivery())
  })
  afterEach(() => wrapper?.unmount())

  it('shows each job: schedule, last run with its failure, next run; Run now', async () => {
    ;({ wrapper } = await mountAt('/settings', users.influencer))
    const job = wrapper.find('[data-test="job-daily_reminder"]')
    expect(job.text()).toContain('Daily reminder')
    expect(job.find('[data-test="last-run"]').text()).toContain('Failed')
    expect(job.find('[data-test="last-run"]').text()).toContain('caught up')
    expect(job.find('[data-test="last-result"]').text()).toContain('webhook answered 500 Internal Server Error (retrying at 09:05)')
    expect(job.find('[data-test="next-run"]').text()).toMatch(/2026/)

    JobService.RunNow.mockResolvedValueOnce({ ...failedRun, status: 'ok', result: '1 ad request waits for your answer', trigger: 'manual' })
    await job.find('[data-test="run-now-daily_reminder"]').trigger('click')
    await flushPromises()
    expect(JobService.RunNow).toHaveBeenCalledWith('daily_reminder')
    expect(wrapper.find('[data-test="toast-success"]').text()).toContain('Done')
  })

  it('Run now stays pressable while a run is in progress, and says it will wait for it', async () => {
    JobService.Jobs.mockResolvedValue([{ ...reminder(), running: true }])
    ;({ wrapper } = await mountAt('/settings', users.influencer))
    const job = wrapper.find('[data-test="job-daily_reminder"]')
    expect(job.find('[data-test="job-running-daily_reminder"]').text()).toContain('waits for this run')
    const button = job.find('[data-test="run-now-daily_reminder"]')
    expect(button.attributes('disabled')).toBeUndefined()
    JobService.RunNow.mockResolvedValueOnce({ ...failedRun, status: 'ok', result: '1 ad request waits for your answer', trigger: 'catch_up' })
    await button.trigger('click')
    await flushPromises()
    expect(JobService.RunNow).toHaveBeenCalledWith('daily_reminder')
    expect(wrapper.find('[data-test="toast-success"]').text()).toContain('Done')
  })

  it('validates the schedule as you type and saves it', async () => {
    ;({ wrapper } = await mountAt('/settings', users.influencer))
    const save = () => wrapper.find('[data-test="job-daily_reminder"] form button[type="submit"]')
    expect(save().attributes('disabled')).toBeDefined() // nothing changed
    // Issue 10: the cron field stays behind "Advanced".
    expect(wrapper.find('#sched-daily_reminder').exists()).toBe(false)
    await wrapper.find('[data-test="job-daily_reminder"] [data-test="schedule-mode"]').setValue('advanced')
    const input = wrapper.find('#sched-daily_reminder')
    await input.setValue('0 9 * *')
    expect(input.classes()).toContain('is-invalid')
    expect(wrapper.text()).toContain('Five fields')
    expect(save().attributes('disabled')).toBeDefined()
    await input.setValue('30 18 * * 1-5')
    expect(input.classes()).not.toContain('is-invalid')
    JobService.SetSchedule.mockResolvedValueOnce()
    JobService.Jobs.mockResolvedValue([{ ...reminder(), schedule: '30 18 * * 1-5' }])
    await wrapper.find('[data-test="job-daily_reminder"] form').trigger('submit')
    await flushPromises()
    expect(JobService.SetSchedule).toHaveBeenCalledWith('daily_reminder', '30 18 * * 1-5', true)

    // The server's refusal shows as a typed toast.
    await input.setValue('0 10 * * *')
    JobService.SetSchedule.mockRejectedValueOnce(JSON.stringify({ code: 'invalid_argument', message: 'a schedule may run at most once an hour' }))
    await wrapper.find('[data-test="job-daily_reminder"] form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="toast-error"]').text()).toContain('a schedule may run at most once an hour')
  })

  it('re-reads when a job ran (jobs:changed)', async () => {
    ;({ wrapper } = await mountAt('/settings', users.influencer))
    JobService.Jobs.mockResolvedValue([{ ...reminder(), last_run: { ...failedRun, status: 'ok', result: 'sent' } }])
    emit('jobs:changed', { account_id: 'i1' })
    await flushPromises()
    expect(wrapper.find('[data-test="last-result"]').text()).toBe('sent')
  })

  it('keeps secrets write-only, validates email settings, and saves', async () => {
    ;({ wrapper } = await mountAt('/settings', users.influencer))
    const card = wrapper.find('[data-test="delivery-card"]')
    expect(card.find('#webhook').attributes('type')).toBe('password')
    expect(card.find('#webhook').element.value).toBe('')
    expect(card.find('#webhook').attributes('placeholder')).toContain('A webhook is set')
    await card.find('#email-on').setValue(true)
    await card.find('#smtp-host').setValue('smtp.brand.test')
    await card.find('#smtp-from').setValue('not-an-address')
    await card.find('#smtp-to').setValue('maya@brand.test')
    expect(card.find('#smtp-from').classes()).toContain('is-invalid')
    expect(card.find('[data-test="delivery-save"]').attributes('disabled')).toBeDefined()
    await card.find('#smtp-from').setValue('IESCP <reports@brand.test>')
    await card.find('#smtp-password').setValue('s3cret')
    JobService.SetDelivery.mockResolvedValueOnce({ ...delivery(), smtp_password_set: true })
    await card.find('form').trigger('submit')
    await flushPromises()
    const input = JobService.SetDelivery.mock.calls[0][0]
    expect(input.email).toMatchObject({ enabled: true, host: 'smtp.brand.test', port: 587, from: 'IESCP <reports@brand.test>', to: 'maya@brand.test' })
    expect(input.smtp_password).toBe('s3cret')
    expect('webhook_url' in input).toBe(false) // untouched: keep the stored one
  })

  it('groups the email settings and fills the server from a provider preset', async () => {
    ;({ wrapper } = await mountAt('/settings', users.influencer))
    const card = wrapper.find('[data-test="delivery-card"]')
    expect(card.find('[data-test="smtp-addresses"]').text()).toContain('Send to')
    expect(card.find('[data-test="smtp-provider"]').text()).toContain('Outgoing mail server')
    expect(card.find('[data-test="smtp-signin"]').text()).toContain('app password')
    await card.find('#email-on').setValue(true)
    await card.find('[data-test="smtp-preset"]').setValue('fastmail')
    expect(card.find('#smtp-host').element.value).toBe('smtp.fastmail.com')
    expect(card.find('#smtp-port').element.value).toBe('465')
    expect(card.find('#smtp-security').element.value).toBe('tls')
    await card.find('#smtp-host').setValue('mail.brand.test')
    expect(card.find('[data-test="smtp-preset"]').element.value).toBe('other')
    await card.find('[data-test="smtp-preset"]').setValue('gmail')
    await card.find('#smtp-from').setValue('maya@brand.test')
    await card.find('#smtp-to').setValue('maya@brand.test')
    JobService.SetDelivery.mockResolvedValueOnce(delivery())
    await card.find('form').trigger('submit')
    await flushPromises()
    expect(JobService.SetDelivery.mock.calls.at(-1)[0].email).toMatchObject({ host: 'smtp.gmail.com', port: 587, security: 'starttls' })
  })

  it('says so when the account has no jobs (admins)', async () => {
    JobService.Jobs.mockResolvedValue([])
    ;({ wrapper } = await mountAt('/settings', users.admin))
    expect(wrapper.find('[data-test="jobs-none"]').exists()).toBe(true)
  })
})

describe('Reports and exports', () => {
  let wrapper
  const report = { month: '2026-10', name: 'iescp-report-2026-10-maya', html_path: '/d/r/x.html', pdf_path: '/d/r/x.pdf', pdf_size: 48_000, created_at: '2026-11-01T08:00:00Z' }
  beforeEach(() => {
    vi.clearAllMocks()
    ReportService.Reports.mockResolvedValue([report])
    ReportService.ExportKinds.mockResolvedValue(['sponsor_campaigns', 'sponsor_ad_requests'])
  })
  afterEach(() => wrapper?.unmount())

  it('lists reports, shows one sandboxed in the app, opens the PDF', async () => {
    ;({ wrapper } = await mountAt('/reports', users.sponsor))
    expect(wrapper.find('[data-test="reports-table"]').text()).toContain('2026-10')
    expect(wrapper.find('[data-test="reports-table"]').text()).toContain('47 KB')
    ReportService.HTML.mockResolvedValueOnce('<h1>Northwind — October 2026</h1>')
    await wrapper.findAll('[data-test="reports-table"] button')[0].trigger('click')
    await flushPromises()
    const frame = wrapper.find('[data-test="report-viewer"] iframe')
    expect(frame.attributes('sandbox')).toBe('')
    expect(frame.attributes('srcdoc')).toContain('October 2026')
    await wrapper.findAll('[data-test="reports-table"] button')[1].trigger('click')
    expect(ReportService.Open).toHaveBeenCalledWith('/d/r/x.pdf')
  })

  it('makes a report for a chosen month, and refuses a bad month', async () => {
    ;({ wrapper } = await mountAt('/reports', users.sponsor))
    await wrapper.find('[data-test="report-month"]').setValue('2026-13')
    expect(wrapper.find('[data-test="report-generate"]').attributes('disabled')).toBeDefined()
    await wrapper.find('[data-test="report-month"]').setValue('2026-09')
    ReportService.Generate.mockResolvedValueOnce({ ...report, month: '2026-09' })
    ReportService.HTML.mockResolvedValueOnce('<p>September</p>')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(ReportService.Generate).toHaveBeenCalledWith('2026-09', false)
    expect(wrapper.find('[data-test="toast-success"]').text()).toContain('Report for 2026-09 is ready')
  })

  it('runs an export in the background with progress, then says where it went', async () => {
    ;({ wrapper } = await mountAt('/reports', users.sponsor))
    ReportService.Export.mockResolvedValueOnce({ id: 'x1', kind: 'sponsor_ad_requests', path: '/home/maya/ads.csv' })
    await wrapper.find('[data-test="export-sponsor_ad_requests"] button').trigger('click')
    await flushPromises()
    expect(ReportService.Export).toHaveBeenCalledWith('sponsor_ad_requests')
    emit('export:progress', { id: 'x1', kind: 'sponsor_ad_requests', done: 25_000, total: 100_000 })
    await flushPromises()
    const box = wrapper.find('[data-test="export-sponsor_ad_requests"]')
    expect(box.find('[data-test="export-progress"]').text()).toBe('25,000 of 100,000 rows')
    expect(box.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('25')
    emit('export:done', { id: 'x1', kind: 'sponsor_ad_requests', path: '/home/maya/ads.csv', rows: 100_000 })
    await flushPromises()
    expect(wrapper.find('[data-test="export-sponsor_ad_requests"] button').text()).toContain('My ad requests')
    const toast = wrapper.find('[data-test="toast-success"]')
    expect(toast.text()).toContain('Exported 100,000 rows')
    expect(toast.text()).toContain('/home/maya/ads.csv')
  })

  it('shows a failed export, and a cancelled save dialog does nothing', async () => {
    ;({ wrapper } = await mountAt('/reports', users.sponsor))
    ReportService.Export.mockResolvedValueOnce({ id: '', kind: '', path: '' })
    await wrapper.find('[data-test="export-sponsor_campaigns"] button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="export-progress"]').exists()).toBe(false)
    ReportService.Export.mockResolvedValueOnce({ id: 'x2', kind: 'sponsor_campaigns', path: '/ro/c.csv' })
    await wrapper.find('[data-test="export-sponsor_campaigns"] button').trigger('click')
    await flushPromises()
    emit('export:done', { id: 'x2', kind: 'sponsor_campaigns', path: '/ro/c.csv', rows: 0, code: 'invalid_argument', error: 'cannot write in /ro' })
    await flushPromises()
    expect(wrapper.find('[data-test="toast-error"]').text()).toContain('cannot write in /ro')
  })

  it('gives admins the exports only, and keeps influencers out', async () => {
    ReportService.ExportKinds.mockResolvedValue(['admin_accounts', 'admin_campaigns'])
    ;({ wrapper } = await mountAt('/reports', users.admin))
    expect(wrapper.find('[data-test="reports-table"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="export-admin_accounts"]').exists()).toBe(true)
    expect(ReportService.Reports).not.toHaveBeenCalled()
    wrapper.unmount()
    let router
    ;({ wrapper, router } = await mountAt('/reports', users.influencer))
    expect(router.currentRoute.value.name).toBe('dashboard')
  })
})
