// Ad-request statuses in the order the dashboards show them.
export const AD_STATUSES = Object.freeze(['pending', 'accepted', 'completed', 'rejected', 'withdrawn'])

/** How many requests the counts (status → n) hold in all. */
export const requestTotal = (counts) => AD_STATUSES.reduce((n, s) => n + (counts?.[s] ?? 0), 0)
