import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Macro, Ticket } from '../../api/types.ts';
import { Button, Dialog, EmptyState, InlineError, Skeleton, useToast } from '../../ui/index.ts';
import { MacroPreviewView } from './macro-preview.tsx';
import { useMacros } from './use-macros.ts';

type MacroPickerProps = { ticket: Ticket; open: boolean; onClose: () => void };

/**
 * Choose a macro, see what it would do to this ticket, then apply it at the version previewed (a
 * colleague's change in between is a 409, shown rather than overwritten).
 */
export function MacroPicker({ ticket, open, onClose }: MacroPickerProps) {
  const [chosen, setChosen] = useState<Macro | null>(null);
  const close = () => {
    setChosen(null);
    onClose();
  };
  return (
    <Dialog open={open} title={chosen ? `Macro: ${chosen.name}` : 'Apply a macro'} onClose={close}>
      {chosen ? (
        <MacroApply ticket={ticket} macro={chosen} onBack={() => setChosen(null)} onApplied={close} />
      ) : (
        <MacroList onPick={setChosen} onClose={close} />
      )}
    </Dialog>
  );
}

export function MacroList({ onPick, onClose }: { onPick: (macro: Macro) => void; onClose: () => void }) {
  const macros = useMacros();
  return (
    <>
      {macros.isPending ? (
        <Skeleton />
      ) : macros.isError ? (
        <InlineError>{macros.error.message}</InlineError>
      ) : macros.data.length === 0 ? (
        <EmptyState title="No macros yet">Create one on the Macros page.</EmptyState>
      ) : (
        <ul className="canned-list" aria-label="Macros">
          {macros.data.map((macro) => (
            <li key={macro.id}>
              <button type="button" className="canned-item" onClick={() => onPick(macro)}>
                <strong>{macro.name}</strong>
                <span className="muted">
                  {macro.scope === 'shared' ? 'Shared' : 'Personal'}
                  {macro.description ? ` · ${macro.description}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="dialog-actions">
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </>
  );
}

type MacroApplyProps = { ticket: Ticket; macro: Macro; onBack: () => void; onApplied: () => void };

function MacroApply({ ticket, macro, onBack, onApplied }: MacroApplyProps) {
  const notify = useToast();
  const queryClient = useQueryClient();
  const path = { id: ticket.id, macroId: macro.id };
  const preview = useQuery({
    queryKey: ['ticket', ticket.id, 'macro-preview', macro.id, ticket.version],
    queryFn: async () =>
      unwrap(await api.POST('/api/v1/tickets/{id}/macros/{macroId}/preview', { params: { path } })),
  });
  const apply = useMutation({
    mutationFn: async (version: number) =>
      unwrap(
        await api.POST('/api/v1/tickets/{id}/macros/{macroId}/apply', {
          params: { path },
          body: { version },
        }),
      ),
    onSuccess: (applied) => {
      notify(`Macro “${macro.name}” applied`);
      queryClient.setQueryData(['ticket', ticket.id], applied.ticket);
      queryClient.invalidateQueries({ queryKey: ['ticket', ticket.id] });
      queryClient.invalidateQueries({ queryKey: ['tickets'] });
      onApplied();
    },
  });
  return (
    <>
      {preview.isPending ? (
        <Skeleton />
      ) : preview.isError ? (
        <InlineError>{preview.error.message}</InlineError>
      ) : (
        <MacroPreviewView preview={preview.data} />
      )}
      {apply.isError && <InlineError>Not applied: {apply.error.message}</InlineError>}
      <div className="dialog-actions">
        <Button onClick={onBack}>Back</Button>
        <Button
          variant="primary"
          disabled={!preview.data || apply.isPending}
          onClick={() => preview.data && apply.mutate(preview.data.version)}
        >
          {apply.isPending ? 'Applying…' : 'Apply'}
        </Button>
      </div>
    </>
  );
}
