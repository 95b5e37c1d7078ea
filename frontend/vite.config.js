import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// https://vite.dev/config/ — `test` is read by Vitest.
export default defineConfig({
  plugins: [vue()],
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
