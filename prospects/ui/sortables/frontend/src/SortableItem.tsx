import React, { FunctionComponent } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';

import { Item, itemId } from './moves';
import './SortableComponent.css'

// The content of an item: a string as upstream, or a card's lines of spans. React escapes every text.
export function ItemContent({ item }: { item: Item | null }) {
  if (item === null) {
    return null
  }
  if (typeof item === "string") {
    return <>{item}</>
  }
  return (
    <>
      {(item.lines || []).map((line, l) => (
        <div key={l} className={`card-line ${line.cls || ""}`}>
          {line.spans.map((span, s) => <span key={s} className={span.cls || undefined}>{span.text}</span>)}
        </div>
      ))}
    </>
  )
}

function itemClass(item: Item | null): string {
  return item !== null && typeof item !== "string" && item.cls ? item.cls : ""
}

export interface SortableItemProps {
  item: Item,
  isActive?: boolean,
  onPress?: (event: React.PointerEvent) => void,
  onRelease?: (id: string, event: React.MouseEvent) => void
}

export const SortableItem: FunctionComponent<SortableItemProps> = ((props) => {
  const id = itemId(props.item)
  const { attributes, listeners, setNodeRef, transform, transition } = useSortable({ id });
  const style: React.CSSProperties = {
    transform: transform ? CSS.Transform.toString(transform) : undefined,
    transition,
    cursor: 'grab'
  };
  const className = `btn shadow-none sortable-item ${itemClass(props.item)} ${props.isActive ? "active" : ""}`;
  return (
    <li className={className} ref={setNodeRef} style={style} data-id={id} {...attributes} {...listeners}
        onPointerDown={props.onPress} onClick={event => props.onRelease && props.onRelease(id, event)}>
      <ItemContent item={props.item} />
    </li>
  )
})

// What follows the pointer while dragging: a copy of the item, registered nowhere (no phantom droppable).
export function OverlayItem({ item }: { item: Item | null }) {
  if (item === null) {
    return null
  }
  return (
    <li className={`btn shadow-none sortable-item dragging ${itemClass(item)}`} style={{ cursor: 'grabbing' }}>
      <ItemContent item={item} />
    </li>
  )
}
