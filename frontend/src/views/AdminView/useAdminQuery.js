// The admin screens load through the shared live query.
export { useLiveQuery as useAdminQuery } from '../../composables/useLiveQuery.js'
