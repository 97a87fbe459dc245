import type { ReactNode } from 'react';
import { Button, Dialog } from '../ui/index.ts';
import { FormError } from './form-errors.tsx';

type ConfirmDialogProps = {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
};

/** Asks before something that cannot be undone (deleting a team, revoking a token). */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { open, title, children, confirmLabel, pending, error, onConfirm, onClose } = props;
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      {children}
      <FormError error={error} />
      <div className="dialog-actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="danger" disabled={pending} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
