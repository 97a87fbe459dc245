import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Macro } from '../../api/types.ts';
import { Button, Dialog, InlineError, useToast } from '../../ui/index.ts';
import { MacroList } from './macro-picker.tsx';

type BulkMacroDialogProps = { ticketIds: string[]; open: boolean; onClose: () => void; onDone: () => void };

/** Applies one macro to the selected tickets; each ticket succeeds or fails on its own, and says so. */
export function BulkMacroDialog({ ticketIds, open, onClose, onDone }: BulkMacroDialogProps) {
  const [chosen, setChosen] = useState<Macro | null>(null);
  const notify = useToast();
  const queryClient = useQueryClient();
  const close = () => {
    setChosen(null);
    onClose();
  };
  const apply = useMutation({
    mutationFn: async (macro: Macro) =>
      unwrap(
        await api.POST('/api/v1/macros/{id}/bulk-apply', {
          params: { path: { id: macro.id } },
          body: { tickets: ticketIds.map((id) => ({ id })) },
        }),
      ),
    onSuccess: (result) => {
      const failed = result.failedCount ? `, ${result.failedCount} failed` : '';
      notify(`Macro applied to ${result.appliedCount} tickets${failed}`);
      queryClient.invalidateQueries({ queryKey: ['tickets'] });
      queryClient.invalidateQueries({ queryKey: ['ticket'] });
      close();
      onDone();
    },
  });
  return (
    <Dialog open={open} title={chosen ? `Macro: ${chosen.name}` : 'Apply a macro'} onClose={close}>
      {chosen ? (
        <>
          <p>
            Apply “{chosen.name}” to {ticketIds.length} selected tickets? Any reply it has is sent to each
            customer.
          </p>
          {apply.isError && <InlineError>Not applied: {apply.error.message}</InlineError>}
          <div className="dialog-actions">
            <Button onClick={() => setChosen(null)}>Back</Button>
            <Button variant="primary" disabled={apply.isPending} onClick={() => apply.mutate(chosen)}>
              {apply.isPending ? 'Applying…' : `Apply to ${ticketIds.length} tickets`}
            </Button>
          </div>
        </>
      ) : (
        <MacroList onPick={setChosen} onClose={close} />
      )}
    </Dialog>
  );
}
