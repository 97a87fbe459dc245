import { type FormEvent, useState } from 'react';
import { Button, Dialog, Select } from '../../ui/index.ts';
import { FormError } from '../form-errors.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import type { OptionEndpoints, OptionItem } from './option-endpoints.ts';

type RemoveOptionDialogProps<T extends OptionItem> = {
  noun: 'status' | 'priority';
  item: T | null;
  items: T[];
  endpoints: OptionEndpoints<T>;
  invalidates: string[][];
  onClose: () => void;
};

/** Removing a status or priority asks which one takes over its tickets (and the default, if it was). */
export function RemoveOptionDialog<T extends OptionItem>(props: RemoveOptionDialogProps<T>) {
  const { noun, item, items, endpoints, invalidates, onClose } = props;
  const others = items.filter((other) => other.id !== item?.id);
  const [replacementId, setReplacementId] = useState('');
  const chosen = others.find((other) => other.id === replacementId) ?? others[0];
  const remove = useAdminMutation({
    mutationFn: endpoints.remove,
    invalidates: [...invalidates, ['tickets']],
    success: ({ movedTickets }) =>
      `${item?.name} removed; ${movedTickets} ticket${movedTickets === 1 ? '' : 's'} moved to ${chosen?.name}`,
    onSuccess: onClose,
  });
  const close = () => {
    remove.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (item && chosen) remove.mutate({ id: item.id, replacementId: chosen.id });
  };
  return (
    <Dialog open={item !== null} title={`Remove the ${noun} “${item?.name ?? ''}”`} onClose={close}>
      <form onSubmit={submit}>
        <p>
          Tickets with this {noun} move to the {noun} you choose here. If it is the default, the one you
          choose becomes the default.
        </p>
        <Select
          label={`The ${noun} that takes over`}
          value={chosen?.id ?? ''}
          options={others.map((other) => ({ value: other.id, label: other.name }))}
          onChange={(event) => setReplacementId(event.target.value)}
        />
        <FormError error={remove.error} />
        <div className="dialog-actions">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={!chosen || remove.isPending}>
            Remove {noun}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
