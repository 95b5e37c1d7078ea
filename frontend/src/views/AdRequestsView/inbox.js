// The inbox's own logic, kept out of the template so it is tested on its own:
// search, sort and group the loaded rows, and pick what opens first.

export const SORTS = ['latest', 'amount', 'campaign']

/** Rows whose campaign, counterparty or requirements contain the text (any case). */
export function searchRows(rows, text) {
  const q = String(text ?? '').trim().toLocaleLowerCase()
  if (!q) return rows
  return rows.filter((r) => [r.campaign_name, r.counterparty_name, r.requirements].some((s) => String(s ?? '').toLocaleLowerCase().includes(q)))
}

/** latest: newest change first; amount: largest first; campaign: by name, then newest. */
export function sortRows(rows, by) {
  const newest = (a, b) => String(b.updated_at ?? '').localeCompare(String(a.updated_at ?? ''))
  const out = [...rows]
  if (by === 'amount') out.sort((a, b) => (Number(b.amount) || 0) - (Number(a.amount) || 0) || newest(a, b))
  else if (by === 'campaign') out.sort((a, b) => String(a.campaign_name ?? '').localeCompare(String(b.campaign_name ?? '')) || newest(a, b))
  else out.sort(newest)
  return out
}

/** [{key, name, rows}] in the order the campaigns first appear in rows. */
export function groupRows(rows) {
  const groups = new Map()
  for (const r of rows) {
    const key = r.campaign_id || r.campaign_name || ''
    if (!groups.has(key)) groups.set(key, { key, name: r.campaign_name ?? '', rows: [] })
    groups.get(key).rows.push(r)
  }
  return [...groups.values()]
}

/** What opens when nothing is chosen: the first request waiting for the user, else the first one. */
export function firstToOpen(rows) {
  return (rows.find((r) => r.turn === 'you') ?? rows[0])?.id ?? ''
}
