// Typed wrappers over the bound desktop.JobService: the signed-in account's
// background jobs (schedules, runs, Run now) and where their messages go.
import * as JobService from '../../wailsjs/go/desktop/JobService.js'
import { act, call } from './errors.js'

/**
 * The shapes are Go's (frontend/wailsjs/go/models.ts, generated from backend/jobs).
 * @typedef {import('../../wailsjs/go/models').jobs.Delivery} Delivery
 * @typedef {import('../../wailsjs/go/models').jobs.Run} Run
 * @typedef {import('../../wailsjs/go/models').jobs.JobInfo} JobInfo
 * @typedef {import('../../wailsjs/go/models').jobs.EmailSettings} EmailSettings
 * @typedef {import('../../wailsjs/go/models').jobs.DeliverySettings} DeliverySettings
 * @typedef {import('../../wailsjs/go/models').jobs.DeliveryInput} DeliveryInput
 */

export const CHANNELS = Object.freeze(['in_app', 'native', 'webhook', 'email'])
export const SECURITY = Object.freeze(['starttls', 'tls', 'none'])

/** @returns {Promise<JobInfo[]>} */
export async function list() {
  return (await call(() => JobService.Jobs())) ?? []
}

/** @returns {Promise<Run[]>} */
export async function runs(name, limit = 10) {
  return (await call(() => JobService.Runs(name, limit))) ?? []
}

export function setSchedule(name, schedule, enabled) {
  return act(() => JobService.SetSchedule(name, String(schedule ?? '').trim(), !!enabled))
}

/** @returns {Promise<Run>} */
export function runNow(name) {
  return act(() => JobService.RunNow(name))
}

/** @returns {Promise<DeliverySettings>} */
export function delivery() {
  return call(() => JobService.Delivery())
}

/**
 * Saves the delivery settings. smtp_password / webhook_url: undefined keeps the
 * stored secret, '' removes it.
 * @returns {Promise<DeliverySettings>}
 */
export function setDelivery({ native, email, smtp_password, webhook_url }) {
  const input = { native: !!native, email: { ...email, port: Number(email.port) || 0 } }
  if (smtp_password !== undefined) input.smtp_password = smtp_password
  if (webhook_url !== undefined) input.webhook_url = webhook_url
  return act(() => JobService.SetDelivery(input))
}

export function testDelivery(channel) {
  return act(() => JobService.TestDelivery(channel))
}

// Cron schedules: five fields (minute hour day month weekday) or a descriptor.
const FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$|^[A-Za-z]{3}(-[A-Za-z]{3})?$/
const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']

/** As-you-type check of a schedule; '' when it looks right (Go has the last word). */
export function scheduleProblem(spec) {
  const s = String(spec ?? '').trim()
  if (!s) return 'empty'
  if (s.startsWith('@')) return DESCRIPTORS.includes(s) ? '' : 'descriptor'
  const f = s.split(/\s+/)
  if (f.length !== 5) return 'fields'
  return f.every((x) => FIELD.test(x)) ? '' : 'syntax'
}
