// The per-influencer table of the campaign analytics page: sorting (a cost that is
// n/a sorts last either way) and the CSV export of what the table shows.
export const COLUMNS = ['influencer_name', 'deals', 'spend_cents', 'deliverables', 'views', 'engagements', 'clicks', 'cpm_cents', 'cpe_cents', 'cpc_cents', 'cost_per_deliverable_cents']

/** Rows sorted by key; null (n/a) last in both directions; ties by name. */
export function sortLines(lines, key, desc) {
  const dir = desc ? -1 : 1
  return [...lines].sort((a, b) => {
    const x = a[key]
    const y = b[key]
    if (x == null && y != null) return 1
    if (y == null && x != null) return -1
    if (x != null && y != null && x !== y) return (typeof x === 'string' ? x.localeCompare(y) : x - y) * dir
    return String(a.influencer_name).localeCompare(String(b.influencer_name))
  })
}

function cell(v) {
  const s = v == null ? 'n/a' : String(v)
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Money columns are written as decimal units (12.34), n/a stays n/a. */
function value(line, key) {
  const v = line[key]
  if (key.endsWith('_cents')) return v == null ? null : (v / 100).toFixed(2)
  return v
}

/** The CSV of the lines (header row of the given words, then the totals row). */
export function toCSV(lines, totals, header) {
  const rows = [header.map(cell).join(',')]
  for (const l of lines) rows.push(COLUMNS.map((k) => cell(value(l, k))).join(','))
  if (totals) rows.push(COLUMNS.map((k) => cell(k === 'influencer_name' ? 'Total' : value(totals, k))).join(','))
  return rows.join('\n') + '\n'
}
