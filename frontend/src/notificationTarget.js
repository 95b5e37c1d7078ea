// Where a notification leads: the request, campaign or reports it is about. The
// bell's items and clicked desktop notifications (Go's app:open) both go there.

/**
 * @param {{ref_table?: string, ref_id?: string}} n
 * @returns {import('vue-router').RouteLocationRaw|null}
 */
export function notificationTarget(n) {
  switch (n.ref_table) {
    case 'ad_requests':
      return n.ref_id ? { name: 'ad-requests', query: { id: n.ref_id } } : { name: 'ad-requests' }
    case 'campaigns':
      return n.ref_id ? { name: 'campaign-detail', params: { id: n.ref_id } } : null
    case 'reports':
      return { name: 'reports' }
  }
  return null
}
