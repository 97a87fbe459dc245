import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Macro } from '../../api/types.ts';
import { Button, EmptyState, InlineError, Skeleton, useToast } from '../../ui/index.ts';
import { useAgent } from '../session.tsx';
import { MacroForm } from './macro-form.tsx';
import { MACROS_KEY, useMacros } from './use-macros.ts';

/** The agent's macros and the shared ones; agents edit their own, admins also the shared ones. */
export function MacrosPage() {
  const me = useAgent();
  const macros = useMacros();
  const [editing, setEditing] = useState<Macro | 'new' | null>(null);
  const notify = useToast();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: async (macro: Macro) =>
      unwrap(await api.DELETE('/api/v1/macros/{id}', { params: { path: { id: macro.id } } })),
    onSuccess: () => {
      notify('Macro deleted');
      queryClient.invalidateQueries({ queryKey: MACROS_KEY });
    },
  });
  const canChange = (macro: Macro) => macro.scope === 'personal' || me.agent.role !== 'agent';
  return (
    <div className="narrow-page macros-page">
      <h1>Macros</h1>
      <p className="muted">
        A macro applies several changes and a reply to a ticket at once, from the composer's Macros menu or to
        tickets selected in a queue.
      </p>
      {editing ? (
        <MacroForm
          key={editing === 'new' ? 'new' : editing.id}
          macro={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      ) : (
        <Button variant="primary" onClick={() => setEditing('new')}>
          New macro
        </Button>
      )}
      {remove.isError && <InlineError>{remove.error.message}</InlineError>}
      {macros.isPending ? (
        <Skeleton />
      ) : macros.isError ? (
        <InlineError>{macros.error.message}</InlineError>
      ) : macros.data.length === 0 ? (
        <EmptyState title="No macros yet" />
      ) : (
        <ul className="macro-list" aria-label="Your macros">
          {macros.data.map((macro) => (
            <li key={macro.id} className="macro-row">
              <span>
                <strong>{macro.name}</strong>{' '}
                <span className="muted">
                  {macro.scope === 'shared' ? 'Shared' : 'Personal'} · {macro.actions.length} actions
                </span>
              </span>
              {canChange(macro) && (
                <span>
                  <Button size="small" onClick={() => setEditing(macro)}>
                    Edit
                  </Button>{' '}
                  <Button size="small" variant="danger" onClick={() => remove.mutate(macro)}>
                    Delete
                  </Button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
