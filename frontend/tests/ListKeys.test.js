import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { vListKeys } from '../src/listKeys.js'

const List = {
  directives: { listKeys: vListKeys },
  props: { sel: { type: String, default: undefined } },
  template: `<div>
    <input data-test="filter" />
    <ul v-list-keys="sel">
      <li v-for="n in 4" :key="n"><span>row {{ n }}</span> <a :href="'#/r/' + n" :data-test="'link-' + n">open {{ n }}</a></li>
      <li><span>no control here</span></li>
    </ul></div>`,
}

describe('v-list-keys', () => {
  let w
  afterEach(() => w?.unmount())
  const active = () => document.activeElement?.getAttribute('data-test')

  it('moves focus between the items\' links with ↑/↓, Home and End, skipping items with nothing to focus', async () => {
    w = mount(List, { attachTo: document.body })
    w.find('[data-test="link-1"]').element.focus()
    await w.find('[data-test="link-1"]').trigger('keydown', { key: 'ArrowDown' })
    expect(active()).toBe('link-2')
    await w.find('[data-test="link-2"]').trigger('keydown', { key: 'End' })
    expect(active()).toBe('link-4') // the last item has nothing to focus
    await w.find('[data-test="link-4"]').trigger('keydown', { key: 'ArrowDown' })
    expect(active()).toBe('link-4') // no wrap
    await w.find('[data-test="link-4"]').trigger('keydown', { key: 'Home' })
    expect(active()).toBe('link-1')
    await w.find('[data-test="link-1"]').trigger('keydown', { key: 'ArrowUp' })
    expect(active()).toBe('link-1')
  })

  it('leaves keys typed into a field to the field, and modified keys to the app', async () => {
    w = mount(List, { attachTo: document.body })
    w.find('[data-test="link-2"]').element.focus()
    await w.find('[data-test="link-2"]').trigger('keydown', { key: 'ArrowDown', altKey: true })
    expect(active()).toBe('link-2')
    w.find('[data-test="filter"]').element.focus()
    await w.find('[data-test="filter"]').trigger('keydown', { key: 'ArrowDown' })
    expect(active()).toBe('filter')
  })
})
