import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'bootstrap/dist/css/bootstrap.min.css'
import 'bootstrap-icons/font/bootstrap-icons.css'
import './style.css'
import App from './App.vue'
import { makeRouter } from './router.js'
import { i18n } from './i18n/index.js'
import { startTheme } from './theme.js'

import { useToastStore } from './stores/toasts.js'

// Light or dark before the first paint, following the system (theme.js).
startTheme()

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(makeRouter())
// Views call t() from i18n/index.js, which reads the same instance; installing it
// also gives templates $t and components useI18n().
app.use(i18n)
// Nothing fails silently: an error no view handled becomes an error toast.
const toasts = useToastStore(pinia)
app.config.errorHandler = (err, _instance, info) => {
  console.error(`iescp: ${info}:`, err)
  toasts.error(err)
}
window.addEventListener('unhandledrejection', (e) => {
  console.error('iescp: unhandled rejection:', e.reason)
  toasts.error(e.reason)
})
app.mount('#app')
