import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Button, Dialog, EmptyState } from '../../ui/index.ts';
import { QueryList } from '../query-list.tsx';
import { useReorder } from '../use-reorder.ts';
import type { OptionEndpoints, OptionItem } from './option-endpoints.ts';
import { OrderedOptions } from './ordered-options.tsx';
import { RemoveOptionDialog } from './remove-option-dialog.tsx';

type OptionSectionProps<T extends OptionItem> = {
  title: string;
  noun: 'status' | 'priority';
  queryKey: string[];
  list: UseQueryResult<T[]>;
  endpoints: OptionEndpoints<T>;
  details: (item: T) => ReactNode;
  /** The add or edit form for one item (null: a new one); it calls `close` once saved. */
  form: (item: T | null, close: () => void) => ReactNode;
};

/** Statuses or priorities: in order, reorderable, each editable and removable with a replacement. */
export function OptionSection<T extends OptionItem>(props: OptionSectionProps<T>) {
  const { title, noun, queryKey, list, endpoints, details, form } = props;
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [removing, setRemoving] = useState<T | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const reorder = useReorder(queryKey, endpoints.reorder);
  const headingId = `${noun}-heading`;
  const close = () => setEditing(null);

  return (
    <section className="admin-section" aria-labelledby={headingId}>
      <div className="section-header">
        <h2 id={headingId}>{title}</h2>
        <Button variant="primary" size="small" onClick={() => setEditing('new')}>
          Add {noun}
        </Button>
      </div>
      <p className="muted">Drag a row to reorder, or use its arrow buttons. Agents see this order.</p>
      <QueryList
        query={list}
        noun={title}
        lines={4}
        empty={<EmptyState title={`No ${title.toLowerCase()} yet`} />}
      >
        {(items) => (
          <OrderedOptions
            label={title}
            items={items}
            details={details}
            onReorder={(ids, said) => {
              reorder.mutate(ids);
              setAnnouncement(said);
            }}
            onEdit={setEditing}
            onRemove={setRemoving}
          />
        )}
      </QueryList>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <Dialog
        open={editing !== null}
        title={editing === 'new' || editing === null ? `Add a ${noun}` : `Edit “${editing.name}”`}
        onClose={close}
      >
        {editing !== null && form(editing === 'new' ? null : editing, close)}
      </Dialog>
      <RemoveOptionDialog
        noun={noun}
        item={removing}
        items={list.data ?? []}
        endpoints={endpoints}
        invalidates={[queryKey]}
        onClose={() => setRemoving(null)}
      />
    </section>
  );
}
