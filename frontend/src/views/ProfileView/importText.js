// The import's reason codes (docs/import.md) in words: a refused row's reason and
// a file refused whole. Go sends codes and parameters, never English for the user.
import { formatDateTime, t, tOr } from '../../i18n/index.js'
import { fileErrorOf } from '../../api/postHistory.js'

const numberFmt = new Intl.NumberFormat('en-US')

/** One refusal ({line, column, field, reason, params, value}) as a sentence. */
export function reasonText(r) {
  const p = r.params ?? {}
  switch (r.reason) {
    case 'missing':
      return p.columns ? t('postHistory.reasons.missingShort', { columns: p.columns }) : t('postHistory.reasons.missing')
    case 'too_large':
      return p.max_chars
        ? t('postHistory.reasons.too_large_chars', { max_chars: numberFmt.format(Number(p.max_chars)) })
        : t('postHistory.reasons.too_large', { max: numberFmt.format(Number(p.max ?? 1e12)) })
    case 'bad_date':
      return t('postHistory.reasons.bad_date', { order: tOr(`postHistory.orders.${p.order}`, p.order ?? '') })
    case 'future_date':
      return t('postHistory.reasons.future_date', { now: formatDateTime(p.now) })
    case 'bad_sum':
      return t('postHistory.reasons.bad_sum', {
        dimension: tOr(`audience.dimensions.${p.dimension}`, p.dimension ?? ''),
        sum: `${Number(p.sum_bps ?? 0) / 100} %`,
      })
    case 'duplicate':
      return t('postHistory.reasons.duplicate', { first_line: p.first_line ?? '?' })
    default:
      return tOr(`postHistory.reasons.${r.reason}`, t('postHistory.reasons.unknown', { reason: r.reason }))
  }
}

/** A file refused whole in words, or null when err is not a file-level refusal. */
export function fileErrorText(err) {
  const f = fileErrorOf(err)
  if (!f) return null
  if (f.reason === 'not_csv') {
    if (f.params.looks_like === 'xlsx') return t('postHistory.fileErrors.not_csv_xlsx')
    if (f.params.looks_like === 'pdf') return t('postHistory.fileErrors.not_csv_pdf')
    if (f.params.missing_column) return t('postHistory.fileErrors.not_csv_column', { column: f.params.missing_column })
  }
  return tOr(`postHistory.fileErrors.${f.reason}`, t('postHistory.fileErrors.unknown', { reason: f.reason }))
}

/** Reads a picked file's bytes (as AttachmentPicker does). */
export async function readPicked(event) {
  const file = event.target.files?.[0]
  event.target.value = '' // the same file may be picked again
  if (!file) return null
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
}
