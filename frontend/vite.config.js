import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// https://vite.dev/config/ — `test` is read by Vitest.
export default defineConfig({
  plugins: [vue()],
  // vue-i18n's esm-bundler build asks the bundler to fix its feature flags: composition
  // API only (legacy off, so its code is dropped), no devtools in production.
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    // Bootstrap's CSS and icon font make one large, local-only bundle; that is fine for a desktop app.
    chunkSizeWarningLimit: 1024,
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.js'],
    // The one Wails mock (window.go and window.runtime) for every test file.
    setupFiles: ['tests/setup.js'],
  },
})
