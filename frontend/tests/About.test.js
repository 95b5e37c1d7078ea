import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { go } from './wails.js'
import AboutCard from '../src/views/SettingsView/AboutCard.vue'

describe('Settings: About', () => {
  it('shows the version the bound AboutService reports', async () => {
    go.AboutService.About.mockResolvedValueOnce({ version: '1.4.0-2-gabc1234', protocol: 1, schema: 16, go: 'go1.26.8', platform: 'linux/amd64' })
    const w = mount(AboutCard)
    await flushPromises()
    expect(go.AboutService.About).toHaveBeenCalled()
    expect(w.find('[data-test="about-version"]').text()).toBe('1.4.0-2-gabc1234')
    expect(w.text()).toContain('go1.26.8 · linux/amd64')
  })

  it('says so when the version cannot be read', async () => {
    go.AboutService.About.mockRejectedValueOnce(new Error('no binding'))
    const w = mount(AboutCard)
    await flushPromises()
    expect(w.find('[data-test="about-version"]').exists()).toBe(false)
    expect(w.text()).toContain('does not say its version')
  })
})
