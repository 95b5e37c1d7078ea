import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'bootstrap/dist/css/bootstrap.min.css'
import 'bootstrap-icons/font/bootstrap-icons.css'
import './style.css'
import App from './App.vue'
import { makeRouter } from './router.js'

const app = createApp(App)
app.use(createPinia())
app.use(makeRouter())
app.mount('#app')
