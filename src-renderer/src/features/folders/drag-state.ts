import { DRAG_TYPE, readDragItem, type DragItem } from './folder-tree-model';

/**
 * What is being dragged right now. Browsers hide a drag's data until the drop, but the tree must
 * show during the drag whether a folder accepts it; drags start and end in this window.
 */
let current: DragItem | null = null;

export function startDrag(event: { dataTransfer: DataTransfer | null }, item: DragItem): void {
  current = item;
  if (!event.dataTransfer) return;
  event.dataTransfer.effectAllowed = 'move';
  event.dataTransfer.setData(DRAG_TYPE, JSON.stringify(item));
  event.dataTransfer.setData('text/plain', item.kind === 'note' ? item.id : item.path);
}

export function endDrag(): void {
  current = null;
}

/** The drag in progress, or the one a drop carries. */
export function draggedItem(data: DataTransfer | null): DragItem | null {
  return current ?? readDragItem(data);
}
