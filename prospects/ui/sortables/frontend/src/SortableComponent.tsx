import {
  Streamlit,
  withStreamlitConnection,
  ComponentProps
} from "streamlit-component-lib"
import React, { ReactNode, useState, useEffect, useRef, useMemo } from "react"
import {
  CollisionDetection,
  DndContext,
  DragEndEvent,
  DragOverEvent,
  DragStartEvent,
  useDroppable,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  SortingStrategy,
  sortableKeyboardCoordinates,
  rectSortingStrategy,
} from '@dnd-kit/sortable';

import { SortableItem, OverlayItem } from "./SortableItem"
import { CLICK_TOLERANCE_PX, ContainerDescription, Item, dropItem, findContainer, isClick, itemId } from "./moves"
import './SortableComponent.css'


type Direction = 'horizontal' | 'vertical';

interface StreamlitArguments {
  direction?: Direction,
  items: ContainerDescription[],
  customStyle?: string
}

// The value sent to Python: the lists as the user left them, and the last click (a fresh nonce per click,
// so that the same card clicked twice is reported twice).
interface ComponentValue {
  items: ContainerDescription[],
  click: { item: string, nonce: string } | null
}

let clickCounter = 0

function send(value: ComponentValue) {
  Streamlit.setComponentValue(value)
}

// Items only shift inside the list they belong to; over another list they stay put (upstream's
// arrayMove with an index of -1 shuffled them).
const sortingStrategy: SortingStrategy = (args) =>
  args.activeIndex < 0 || args.overIndex < 0 ? null : rectSortingStrategy(args)

interface ContainerProps {
  header: string,
  fromEnd: number,  // 0 for the last list: lets a stylesheet address the last lists (e.g. Won and Lost)
  ids: string[],
  isOver: boolean,
  children?: ReactNode
}

function Container(props: ContainerProps) {
  const { setNodeRef } = useDroppable({ id: props.header });
  return (
    <div className={`sortable-container ${props.isOver ? "drop-target" : ""}`} ref={setNodeRef}
         data-from-end={props.fromEnd}>
      {
        props.header ? (<div className="sortable-container-header">{props.header}</div>) : null
      }
      <SortableContext id={props.header} items={props.ids} strategy={sortingStrategy}>
        <div className="sortable-container-body">
          {props.children}
        </div>
      </SortableContext>
    </div>
  )
}

interface SortableComponentProps {
  direction?: Direction,
  items: ContainerDescription[]
}

function SortableComponent(props: SortableComponentProps) {
  const [items, setItems] = useState(props.items);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [overContainer, setOverContainer] = useState(-1);
  const pressedAt = useRef<{ x: number, y: number } | null>(null);
  const dragged = useRef(false);
  const headers = useMemo(() => new Set(items.map(({ header }) => header)), [items]);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: CLICK_TOLERANCE_PX } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: CLICK_TOLERANCE_PX } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates })
  );

  // The drop target is what lies under the pointer: an item if there is one, else its list, else
  // nothing (released outside every list). The keyboard has no pointer: it keeps rectangle overlap.
  const collisions: CollisionDetection = (args) => {
    if (!args.pointerCoordinates) {
      return rectIntersection(args);
    }
    const hits = pointerWithin(args);
    const item = hits.find(hit => !headers.has(String(hit.id)));
    if (item) {
      return [item];
    }
    return hits.filter(hit => headers.has(String(hit.id))).slice(0, 1);
  };

  const containerCount = items.length;
  const activeItem: Item | null = activeId === null ? null :
    items.flatMap(c => c.items).find(item => itemId(item) === activeId) ?? null;

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisions}
      onDragEnd={handleDragEnd}
      onDragOver={handleDragOver}
      onDragStart={handleDragStart}
      onDragCancel={handleDragCancel}
    >
      {
        items.map(({ header, items }, index) => {
          return (
            <Container key={header} header={header} ids={items.map(itemId)} isOver={index === overContainer}
                       fromEnd={containerCount - 1 - index}>
              {
                items.map(item => {
                  const id = itemId(item)
                  return (
                    <SortableItem key={id} item={item} isActive={id === activeId}
                                  onPress={handlePress} onRelease={handleRelease} />
                  )
                })
              }
            </Container>
          )
        })
      }
      <DragOverlay>
        <OverlayItem item={activeItem} />
      </DragOverlay>
    </DndContext>
  );

  function handlePress(event: React.PointerEvent) {
    pressedAt.current = { x: event.clientX, y: event.clientY };
    dragged.current = false;
  }

  function handleRelease(id: string, event: React.MouseEvent) {
    if (!isClick(pressedAt.current, { x: event.clientX, y: event.clientY }, dragged.current)) {
      return;
    }
    pressedAt.current = null;
    clickCounter += 1;
    send({ items, click: { item: id, nonce: `${Date.now()}-${clickCounter}` } });
  }

  function handleDragStart(event: DragStartEvent) {
    dragged.current = true;
    setActiveId(String(event.active.id));
  }

  function handleDragCancel() {
    setActiveId(null);
    setOverContainer(-1);
  }

  // Upstream moved the item into the hovered list here, while dragging. That shifted both lists, the
  // pointer then hovered something else, which moved it back, and so on within one commit: React's
  // "Maximum update depth exceeded" (#185). Hovering now only marks the list (no layout change);
  // the move happens once, in handleDragEnd.
  function handleDragOver(event: DragOverEvent) {
    const index = event.over ? findContainer(items, String(event.over.id)) : -1;
    if (index !== overContainer) {
      setOverContainer(index);
    }
  }

  function handleDragEnd(event: DragEndEvent) {
    setActiveId(null);
    setOverContainer(-1);
    const newItems = dropItem(items, String(event.active.id), event.over ? String(event.over.id) : null);
    if (newItems === null) {
      return;
    }
    setItems(newItems);
    send({ items: newItems, click: null });
  }
}

function SortableComponentWrapper(props: ComponentProps) {
  const args: StreamlitArguments = props.args;
  const className = 'sortable-component ' + args.direction;
  useEffect(() => Streamlit.setFrameHeight());

  return (
    <div className={className}>
      <style>{args.customStyle}</style>
      <SortableComponent items={args.items} direction={args.direction} />
    </div>
  )
}

export default withStreamlitConnection(SortableComponentWrapper)
