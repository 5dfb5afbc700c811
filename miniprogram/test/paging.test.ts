import { emptyList, hasMore, mergePage, removeItem } from '../src/utils/paging'

const key = (x: { id: number }) => x.id
const page = (n: number, ids: number[], total: number) => ({ page: n, pageSize: 2, total, items: ids.map(id => ({ id })) })

describe('infinite list', () => {
  it('page 1 replaces, later pages append without duplicates', () => {
    let state = mergePage(emptyList<{ id: number }>(), page(1, [5, 4], 5), key)
    expect(state.items.map(key)).toEqual([5, 4])
    state = mergePage(state, page(2, [4, 3], 5), key) // 4 shifted because a new item arrived
    expect(state.items.map(key)).toEqual([5, 4, 3])
    state = mergePage(state, page(1, [6, 5], 6), key)
    expect(state.items.map(key)).toEqual([6, 5])
    expect(state.page).toBe(1)
  })
  it('knows when there is more', () => {
    expect(hasMore(emptyList())).toBe(true)
    const state = mergePage(emptyList<{ id: number }>(), page(1, [1, 2], 3), key)
    expect(hasMore(state, 2, 2)).toBe(true)
    expect(hasMore(state, 1, 2)).toBe(false) // short page
    expect(hasMore(mergePage(state, page(2, [3], 3), key))).toBe(false)
  })
  it('removes an item and lowers the total', () => {
    const state = mergePage(emptyList<{ id: number }>(), page(1, [1, 2], 2), key)
    const after = removeItem(state, key, 1)
    expect(after.items.map(key)).toEqual([2])
    expect(after.total).toBe(1)
  })
})
