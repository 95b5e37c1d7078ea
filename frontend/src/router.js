import { createRouter, createWebHashHistory } from 'vue-router'
import { useSessionStore } from './stores/session.js'
import SignInView from './views/SignInView/SignInView.vue'
import CampaignsView from './views/CampaignsView/CampaignsView.vue'
import RegisterView from './views/RegisterView/RegisterView.vue'
import SyncIssuesView from './views/SyncIssuesView/SyncIssuesView.vue'
import AdRequestsView from './views/AdRequestsView/AdRequestsView.vue'
import CampaignFormView from './views/CampaignFormView/CampaignFormView.vue'
import CampaignDetailView from './views/CampaignDetailView/CampaignDetailView.vue'
import InfluencerSearchView from './views/InfluencerSearchView/InfluencerSearchView.vue'
import AdminView from './views/AdminView/AdminView.vue'
import CampaignSearchView from './views/CampaignSearchView/CampaignSearchView.vue'
import ProfileView from './views/ProfileView/ProfileView.vue'
import DashboardView from './views/DashboardView/DashboardView.vue'
import ReportsView from './views/ReportsView/ReportsView.vue'
import SettingsView from './views/SettingsView/SettingsView.vue'
import TeamView from './views/TeamView/TeamView.vue'
import WalletView from './views/WalletView/WalletView.vue'
import DealView from './views/DealView/DealView.vue'
import TodoView from './views/TodoView/TodoView.vue'
import EarningsView from './views/EarningsView/EarningsView.vue'
import CampaignAnalyticsView from './views/CampaignAnalyticsView/CampaignAnalyticsView.vue'
import RecommendationsView from './views/RecommendationsView/RecommendationsView.vue'
import ListsView from './views/ListsView/ListsView.vue'

export const routes = [
  { path: '/', redirect: '/dashboard' },
  { path: '/sign-in', name: 'sign-in', component: SignInView, meta: { public: true } },
  { path: '/register', name: 'register', component: RegisterView, meta: { public: true } },
  { path: '/dashboard', name: 'dashboard', component: DashboardView },
  { path: '/campaigns', name: 'campaigns', component: CampaignsView },
  { path: '/ad-requests', name: 'ad-requests', component: AdRequestsView },
  { path: '/ad-requests/:id', name: 'deal', component: DealView },
  { path: '/todo', name: 'todo', component: TodoView, meta: { role: 'influencer' } },
  { path: '/campaigns/new', name: 'campaign-new', component: CampaignFormView },
  { path: '/campaigns/:id', name: 'campaign-detail', component: CampaignDetailView },
  { path: '/campaigns/:id/edit', name: 'campaign-edit', component: CampaignFormView },
  { path: '/campaigns/:id/analytics', name: 'campaign-analytics', component: CampaignAnalyticsView, meta: { role: ['sponsor', 'admin'] } },
  { path: '/campaigns/:id/recommendations', name: 'campaign-recommendations', component: RecommendationsView, meta: { role: 'sponsor' } },
  { path: '/find-influencers', name: 'influencer-search', component: InfluencerSearchView },
  { path: '/lists', name: 'lists', component: ListsView, meta: { role: 'sponsor' } },
  { path: '/admin', name: 'admin', component: AdminView, meta: { role: 'admin' } },
  { path: '/find-campaigns', name: 'campaign-search', component: CampaignSearchView, meta: { role: 'influencer' } },
  { path: '/profile', name: 'profile', component: ProfileView, meta: { role: 'influencer' } },
  { path: '/sync-issues', name: 'sync-issues', component: SyncIssuesView },
  { path: '/reports', name: 'reports', component: ReportsView, meta: { role: ['sponsor', 'admin'] } },
  { path: '/wallet', name: 'wallet', component: WalletView, meta: { role: 'sponsor' } },
  { path: '/team', name: 'team', component: TeamView, meta: { role: 'sponsor' } },
  { path: '/earnings', name: 'earnings', component: EarningsView, meta: { role: 'influencer' } },
  { path: '/settings', name: 'settings', component: SettingsView },
  { path: '/:pathMatch(.*)*', redirect: '/dashboard' },
]

/** Hash history: the app is served from an embedded asset server, not a web server. */
export function makeRouter(history = createWebHashHistory()) {
  const router = createRouter({ history, routes })
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    await session.restore()
    if (!to.meta.public && !session.signedIn) {
      return { name: 'sign-in' }
    }
    const roles = [to.meta.role ?? []].flat()
    if (roles.length && !roles.includes(session.user?.role)) {
      return { name: 'dashboard' }
    }
    if ((to.name === 'sign-in' || to.name === 'register') && session.signedIn) {
      return { name: 'dashboard' }
    }
    return true
  })
  return router
}
