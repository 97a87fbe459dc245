import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useAgents, usePriorities, useStatuses, useTeams } from '../../api/lookups.ts';
import { Button, InlineError, Select, useToast } from '../../ui/index.ts';
import { BulkMacroDialog } from '../macros/bulk-macro-dialog.tsx';

type BulkBarProps = { ticketIds: string[]; onDone: () => void };
type Changes = { statusId?: string; priorityId?: string; assigneeId?: string | null; teamId?: string | null };

const UNASSIGN = '__none__';

/** Changes the selected tickets in one request (the API applies it in one transaction). */
export function BulkBar({ ticketIds, onDone }: BulkBarProps) {
  const statuses = useStatuses();
  const priorities = usePriorities();
  const agents = useAgents();
  const teams = useTeams();
  const notify = useToast();
  const queryClient = useQueryClient();
  const [changes, setChanges] = useState<Changes>({});
  const [macroOpen, setMacroOpen] = useState(false);
  const update = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/tickets/bulk-update', { body: { ticketIds, changes } })),
    onSuccess: (result) => {
      notify(`${result.changedCount} tickets updated`);
      setChanges({});
      queryClient.invalidateQueries({ queryKey: ['tickets'] });
      queryClient.invalidateQueries({ queryKey: ['saved-views'] });
      onDone();
    },
  });
  const pick = (key: keyof Changes, value: string) =>
    setChanges((current) => {
      const { [key]: _dropped, ...rest } = current;
      if (!value) return rest;
      if (key === 'assigneeId' || key === 'teamId')
        return { ...rest, [key]: value === UNASSIGN ? null : value };
      return { ...rest, [key]: value };
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate();
  };
  const none = { value: UNASSIGN, label: 'Nobody' };
  return (
    <form className="bulk-bar" onSubmit={submit} aria-label="Change the selected tickets">
      <strong>{ticketIds.length} selected</strong>
      <Select
        label="Set status"
        emptyLabel="Keep"
        options={(statuses.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
        onChange={(event) => pick('statusId', event.target.value)}
      />
      <Select
        label="Set priority"
        emptyLabel="Keep"
        options={(priorities.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        onChange={(event) => pick('priorityId', event.target.value)}
      />
      <Select
        label="Assign to"
        emptyLabel="Keep"
        options={[none, ...(agents.data ?? []).map((a) => ({ value: a.id, label: a.name }))]}
        onChange={(event) => pick('assigneeId', event.target.value)}
      />
      <Select
        label="Set team"
        emptyLabel="Keep"
        options={[none, ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))]}
        onChange={(event) => pick('teamId', event.target.value)}
      />
      <Button
        type="submit"
        variant="primary"
        disabled={update.isPending || Object.keys(changes).length === 0}
      >
        Apply
      </Button>
      <Button onClick={() => setMacroOpen(true)}>Apply macro</Button>
      {update.isError && <InlineError>{update.error.message}</InlineError>}
      <BulkMacroDialog
        ticketIds={ticketIds}
        open={macroOpen}
        onClose={() => setMacroOpen(false)}
        onDone={onDone}
      />
    </form>
  );
}
