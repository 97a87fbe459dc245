import type { ReactNode } from 'react';
import { ConfirmDialog } from './confirm-dialog.tsx';

/** The deleting mutation of a list page, reset when the dialog closes so an old error does not linger. */
type Removal = { isPending: boolean; error: unknown; mutate(id: string): void; reset(): void };

/** Asks before deleting the named item of a list ("Delete the policy “Gold”?"); closed when `item` is null. */
export function DeleteDialog(props: {
  noun: string;
  item: { id: string; name: string } | null;
  remove: Removal;
  onClose: () => void;
  children: ReactNode;
}) {
  const { noun, item, remove, onClose, children } = props;
  return (
    <ConfirmDialog
      open={item !== null}
      title={`Delete the ${noun} “${item?.name ?? ''}”?`}
      confirmLabel={`Delete ${noun}`}
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => item && remove.mutate(item.id)}
      onClose={() => {
        remove.reset();
        onClose();
      }}
    >
      {children}
    </ConfirmDialog>
  );
}
