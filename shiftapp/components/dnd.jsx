// Drag and drop for the plan board and the timeline, on @dnd-kit/core.
// React hooks cannot be called from Python, so these small components call them and
// Reflex wraps the components (see dnd.py).
import React from "react";
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";

export function DragBoard({ children, onMove, ...rest }) {
  // A small distance keeps plain clicks on buttons inside cards working.
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor)
  );
  const handleDragEnd = (event) => {
    if (event.over && onMove && String(event.over.id) !== "") {
      onMove(String(event.active.id), String(event.over.id));
    }
  };
  return (
    <DndContext sensors={sensors} onDragEnd={handleDragEnd}>
      <div {...rest}>{children}</div>
    </DndContext>
  );
}

export function DragItem({ itemId, children, style, ...rest }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, isDragging } = useDraggable({
    id: itemId,
  });
  // The item itself is the keyboard activator: Space or Enter on a button or list inside the card (its
  // own controls) then does what that control does instead of starting a drag.
  const ref = (node) => {
    setNodeRef(node);
    setActivatorNodeRef(node);
  };
  const moving = transform
    ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)`, zIndex: 20, position: "relative" }
    : {};
  return (
    <div
      ref={ref}
      data-dragging={isDragging ? "true" : "false"}
      style={{ ...style, ...moving, opacity: isDragging ? 0.8 : 1, touchAction: "none", cursor: "grab" }}
      {...listeners}
      {...attributes}
      {...rest}
    >
      {children}
    </div>
  );
}

export function DropZone({ zoneId, children, style, ...rest }) {
  const { setNodeRef, isOver } = useDroppable({ id: zoneId });
  return (
    <div
      ref={setNodeRef}
      data-over={isOver ? "true" : "false"}
      style={{ ...style, outline: isOver ? "2px dashed var(--accent-9)" : undefined }}
      {...rest}
    >
      {children}
    </div>
  );
}
