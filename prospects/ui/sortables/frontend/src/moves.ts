// Pure logic of the board: which list an item is in, and where a drop puts it.
// Kept apart from React so that `npm test` can check it with node's own test runner.

export interface Span {
  text: string,
  cls?: string
}

export interface Line {
  spans: Span[],
  cls?: string
}

// An item is either a plain string (upstream's API) or a small card: an id, lines of spans, a class.
export interface CardItem {
  id: string,
  lines?: Line[],
  cls?: string
}

export type Item = string | CardItem

export interface ContainerDescription {
  header: string,
  items: Item[]
}

export function itemId(item: Item): string {
  return typeof item === "string" ? item : String(item.id)
}

export function findContainer(containers: ContainerDescription[], id: string): number {
  const byHeader = containers.findIndex(({ header }) => header === id)
  if (byHeader >= 0) {
    return byHeader
  }
  return containers.findIndex(({ items }) => items.some(item => itemId(item) === id))
}

// The containers after dropping `activeId` on `overId` (an item or a container header), or null when
// nothing changes: no target (released outside every container), or the item back on its own place.
// The whole move happens here, once, at the drop: nothing moves between lists while dragging.
export function dropItem(
  containers: ContainerDescription[], activeId: string, overId: string | null
): ContainerDescription[] | null {
  if (overId === null || overId === undefined) {
    return null
  }
  const from = findContainer(containers, activeId)
  const to = findContainer(containers, String(overId))
  if (from < 0 || to < 0) {
    return null
  }
  const source = containers[from].items
  const fromIndex = source.findIndex(item => itemId(item) === activeId)
  const moving = source[fromIndex]
  const target = containers[to].items
  const overIndex = target.findIndex(item => itemId(item) === String(overId))
  if (from === to) {
    const toIndex = overIndex < 0 ? source.length - 1 : overIndex
    if (toIndex === fromIndex) {
      return null
    }
    const items = [...source]
    items.splice(fromIndex, 1)
    items.splice(toIndex, 0, moving)
    return containers.map((c, i) => (i === from ? { header: c.header, items } : c))
  }
  const insertAt = overIndex < 0 ? target.length : overIndex
  return containers.map((c, i) => {
    if (i === from) {
      return { header: c.header, items: source.filter((_, k) => k !== fromIndex) }
    }
    if (i === to) {
      return { header: c.header, items: [...target.slice(0, insertAt), moving, ...target.slice(insertAt)] }
    }
    return c
  })
}

// A click is a press and release that barely moved and started no drag.
export const CLICK_TOLERANCE_PX = 5

export function isClick(down: { x: number, y: number } | null, up: { x: number, y: number }, dragged: boolean): boolean {
  if (down === null || dragged) {
    return false
  }
  return Math.hypot(up.x - down.x, up.y - down.y) < CLICK_TOLERANCE_PX
}
