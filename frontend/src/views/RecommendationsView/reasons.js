// A recommendation's rationale (queries.Rationale {code, params}) in words: the
// codes of backend/queries/recommend.go, the words in en.js recommend.reason.*.
import { formatMoney, tOr } from '../../i18n/index.js'
import { pct } from '../../analytics.js'

function param(key, v) {
  if (typeof v !== 'number') return v ?? ''
  if (key.endsWith('_cents')) return formatMoney(v)
  if (key === 'er' || key === 'share' || key === 'rate') return pct(v, 0)
  return String(v)
}

/** One reason in words; an unknown code shows as itself. */
export function rationaleText(r) {
  const params = {}
  for (const [k, v] of Object.entries(r?.params ?? {})) params[k] = param(k, v)
  if (typeof r?.params?.reviews === 'number') params.n = r.params.reviews // "1 review", "3 reviews"
  return tOr(`recommend.reason.${r?.code}`, r?.code ?? '', params)
}

