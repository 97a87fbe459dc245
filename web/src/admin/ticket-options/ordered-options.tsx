import { type DragEvent, type ReactNode, useEffect, useState } from 'react';
import { Button } from '../../ui/index.ts';
import { moveItem } from './move-item.ts';
import type { OptionItem } from './option-endpoints.ts';

type OrderedOptionsProps<T extends OptionItem> = {
  label: string;
  items: T[];
  details: (item: T) => ReactNode;
  onReorder: (ids: string[], announcement: string) => void;
  onEdit: (item: T) => void;
  onRemove: (item: T) => void;
};

const moveButtonId = (direction: 'up' | 'down', id: string) => `move-${direction}-${id}`;

/**
 * A list in display order: drag a row onto another (native HTML5 drag and drop), or use the move up and
 * move down buttons, which keep keyboard focus on the moved row.
 */
export function OrderedOptions<T extends OptionItem>(props: OrderedOptionsProps<T>) {
  const { label, items, details, onReorder, onEdit, onRemove } = props;
  const [draggedId, setDraggedId] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const ids = items.map((item) => item.id);

  // The moved row's button is re-rendered in its new place; focus follows it there.
  useEffect(() => {
    if (focusId) document.getElementById(focusId)?.focus();
  }, [focusId]);

  const move = (from: number, to: number) => {
    const item = items[from];
    if (!item || to < 0 || to >= items.length) return;
    onReorder(moveItem(ids, from, to), `${item.name} moved to position ${to + 1} of ${items.length}`);
  };
  const moveWithButton = (index: number, direction: 'up' | 'down') => {
    const to = direction === 'up' ? index - 1 : index + 1;
    const item = items[index];
    if (!item) return;
    const atEdge = to === 0 || to === items.length - 1;
    setFocusId(moveButtonId(atEdge ? (direction === 'up' ? 'down' : 'up') : direction, item.id));
    move(index, to);
  };
  const drop = (event: DragEvent, targetIndex: number) => {
    event.preventDefault();
    const from = ids.indexOf(draggedId ?? event.dataTransfer.getData('text/plain'));
    setDraggedId(null);
    if (from >= 0 && from !== targetIndex) move(from, targetIndex);
  };

  return (
    <ol className="option-list" aria-label={label}>
      {items.map((item, index) => (
        <li
          key={item.id}
          className={draggedId === item.id ? 'option-row dragging' : 'option-row'}
          draggable
          onDragStart={(event) => {
            event.dataTransfer.setData('text/plain', item.id);
            event.dataTransfer.effectAllowed = 'move';
            setDraggedId(item.id);
          }}
          onDragOver={(event) => event.preventDefault()}
          onDrop={(event) => drop(event, index)}
          onDragEnd={() => setDraggedId(null)}
        >
          <span className="drag-handle" aria-hidden="true">
            ⋮⋮
          </span>
          <span className="swatch" style={{ background: item.color }} aria-hidden="true" />
          <span className="option-name">{item.name}</span>
          <span className="option-details">{details(item)}</span>
          <span className="option-actions">
            <Button
              id={moveButtonId('up', item.id)}
              size="small"
              variant="ghost"
              disabled={index === 0}
              onClick={() => moveWithButton(index, 'up')}
            >
              <span aria-hidden="true">↑</span>
              <span className="visually-hidden">Move {item.name} up</span>
            </Button>
            <Button
              id={moveButtonId('down', item.id)}
              size="small"
              variant="ghost"
              disabled={index === items.length - 1}
              onClick={() => moveWithButton(index, 'down')}
            >
              <span aria-hidden="true">↓</span>
              <span className="visually-hidden">Move {item.name} down</span>
            </Button>
            <Button size="small" onClick={() => onEdit(item)}>
              Edit<span className="visually-hidden"> {item.name}</span>
            </Button>
            <Button size="small" onClick={() => onRemove(item)}>
              Remove<span className="visually-hidden"> {item.name}</span>
            </Button>
          </span>
        </li>
      ))}
    </ol>
  );
}
