// PLACEHOLDER until the "shell" part of issue 10 lands: it owns this file (the one status
// palette, with badge and text colours and a contrast test). This copy has only the
// chart colours, with the same names and values, so the charts can import them now.
// When merging, keep the shell's file.
export const STATUS_COLORS = Object.freeze({
  pending: '#ffc107',
  accepted: '#146c43',
  rejected: '#b02a37',
  withdrawn: '#6c757d',
  completed: '#0a58ca',
  draft: '#dee2e6',
  active: '#0f766e',
  cancelled: '#343a40',
  flagged: '#c2410c',
})

export function statusColor(status) {
  return STATUS_COLORS[status] ?? '#e9ecef'
}

export function statusColors(statuses) {
  return statuses.map(statusColor)
}
