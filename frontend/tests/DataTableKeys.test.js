import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import DataTable from '../src/components/DataTable.vue'
import { rovingIndex } from '../src/shortcuts.js'

const rows = [
  { id: 'a', name: 'Alpha' },
  { id: 'b', name: 'Bravo' },
  { id: 'c', name: 'Charlie' },
]
const columns = [{ key: 'name', label: 'Name' }]

function mountTable(props = {}, slots = {}) {
  return mount(DataTable, { props: { name: 't', columns, rows, ...props }, slots, attachTo: document.body })
}
const trs = (w) => w.findAll('tbody > tr')
const focused = (w) => trs(w).findIndex((r) => r.element === document.activeElement)

describe('DataTable keyboard', () => {
  it('is one tab stop that ↑/↓/Home/End move between rows', async () => {
    const w = mountTable()
    expect(trs(w).map((r) => r.attributes('tabindex'))).toEqual(['0', '-1', '-1'])
    trs(w)[0].element.focus()
    await trs(w)[0].trigger('keydown', { key: 'ArrowDown' })
    await w.vm.$nextTick()
    expect(focused(w)).toBe(1)
    expect(trs(w).map((r) => r.attributes('tabindex'))).toEqual(['-1', '0', '-1'])
    await trs(w)[1].trigger('keydown', { key: 'End' })
    await w.vm.$nextTick()
    expect(focused(w)).toBe(2)
    await trs(w)[2].trigger('keydown', { key: 'ArrowDown' }) // no wrap
    await w.vm.$nextTick()
    expect(focused(w)).toBe(2)
    await trs(w)[2].trigger('keydown', { key: 'Home' })
    await w.vm.$nextTick()
    expect(focused(w)).toBe(0)
    await trs(w)[0].trigger('keydown', { key: 'ArrowUp' })
    await w.vm.$nextTick()
    expect(focused(w)).toBe(0)
    w.unmount()
  })

  it('Enter emits open with the row when listened to', async () => {
    const w = mountTable({ onOpen: () => {} })
    await trs(w)[1].trigger('keydown', { key: 'Enter' })
    expect(w.emitted('open')).toEqual([[rows[1]]])
    w.unmount()
  })

  it('Enter clicks the row\'s first button otherwise; keys inside a cell\'s control stay there', async () => {
    const clicked = []
    const w = mount({
      components: { DataTable },
      data: () => ({ rows, columns }),
      methods: { hit(id) { clicked.push(id) } },
      template: `<DataTable name="t" :columns="columns" :rows="rows">
        <template #actions="{ row }"><button type="button" :data-test="'btn-' + row.id" @click="hit(row.id)">Open</button></template>
      </DataTable>`,
    }, { attachTo: document.body })
    await w.findAll('tbody > tr')[2].trigger('keydown', { key: 'Enter' })
    expect(clicked).toEqual(['c'])
    // ArrowDown on the button itself does not move the row focus.
    w.find('[data-test="btn-a"]').element.focus()
    await w.find('[data-test="btn-a"]').trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement).toBe(w.find('[data-test="btn-a"]').element)
    w.unmount()
  })

  it('keeps the tab stop on a row that exists when rows go away', async () => {
    const w = mountTable()
    trs(w)[2].element.focus()
    await trs(w)[2].trigger('focus')
    await w.setProps({ rows: rows.slice(0, 1) })
    expect(trs(w).map((r) => r.attributes('tabindex'))).toEqual(['0'])
    w.unmount()
  })

  it('rovingIndex: moves, clamps and ignores other keys', () => {
    expect(rovingIndex('ArrowDown', 0, 3)).toBe(1)
    expect(rovingIndex('ArrowDown', 2, 3)).toBe(2)
    expect(rovingIndex('ArrowUp', 0, 3)).toBe(0)
    expect(rovingIndex('End', 0, 3)).toBe(2)
    expect(rovingIndex('Home', 2, 3)).toBe(0)
    expect(rovingIndex('a', 1, 3)).toBe(-1)
    expect(rovingIndex('ArrowDown', 0, 0)).toBe(-1)
  })
})
