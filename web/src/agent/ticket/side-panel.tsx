import { type FormEvent, type Ref, useEffect, useState } from 'react';
import { useAgents, useContact, usePriorities, useStatuses, useTeams } from '../../api/lookups.ts';
import type { Ticket, TicketChanges } from '../../api/types.ts';
import { Button, InlineError, Select, TextField } from '../../ui/index.ts';
import { SlaPanel } from '../sla/sla-panel.tsx';
import { CcList } from './cc-list.tsx';
import { CustomFields } from './custom-fields.tsx';
import { History } from './history.tsx';
import { conflictOf, type useUpdateTicket } from './use-ticket.ts';

type Draft = Required<
  Pick<TicketChanges, 'statusId' | 'priorityId' | 'assigneeId' | 'teamId' | 'customFields'>
> & {
  tags: string;
};

const draftOf = (ticket: Ticket): Draft => ({
  statusId: ticket.statusId,
  priorityId: ticket.priorityId,
  assigneeId: ticket.assigneeId,
  teamId: ticket.teamId,
  customFields: ticket.customFields,
  tags: ticket.tags.join(', '),
});

type SidePanelProps = {
  ticket: Ticket;
  onReload: () => void;
  save: ReturnType<typeof useUpdateTicket>;
  /** The status picker, focused by the `s` shortcut. */
  statusRef: Ref<HTMLSelectElement>;
};

/** Requester and the ticket's properties; saving sends the version read, and a conflict says so plainly. */
export function SidePanel({ ticket, onReload, save, statusRef }: SidePanelProps) {
  const statuses = useStatuses();
  const priorities = usePriorities();
  const agents = useAgents();
  const teams = useTeams();
  const requester = useContact(ticket.requesterId);
  const [draft, setDraft] = useState(() => draftOf(ticket));
  // A newer version from the server (after a save or a reload) replaces the form.
  useEffect(() => setDraft(draftOf(ticket)), [ticket]);
  const conflict = conflictOf(save.error);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const tags = draft.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    save.mutate({ ...draft, tags });
  };
  return (
    <aside className="side-panel" aria-label="Ticket details">
      <section>
        <h2>Requester</h2>
        <p className="requester">
          <strong>{requester.data?.name ?? '…'}</strong>
          <br />
          <span className="muted">{requester.data?.email}</span>
        </p>
      </section>
      <SlaPanel ticketId={ticket.id} />
      <CcList ticketId={ticket.id} />
      <form onSubmit={submit}>
        <h2>Properties</h2>
        <Select
          ref={statusRef}
          label="Status"
          value={draft.statusId}
          options={(statuses.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          onChange={(event) => set('statusId', event.target.value)}
        />
        <Select
          label="Priority"
          value={draft.priorityId}
          options={(priorities.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          onChange={(event) => set('priorityId', event.target.value)}
        />
        <Select
          label="Assignee"
          emptyLabel="Unassigned"
          value={draft.assigneeId ?? ''}
          options={(agents.data ?? []).filter((a) => a.isActive).map((a) => ({ value: a.id, label: a.name }))}
          onChange={(event) => set('assigneeId', event.target.value || null)}
        />
        <Select
          label="Team"
          emptyLabel="No team"
          value={draft.teamId ?? ''}
          options={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
          onChange={(event) => set('teamId', event.target.value || null)}
        />
        <TextField
          label="Tags"
          hint="Separated by commas"
          value={draft.tags}
          onChange={(event) => set('tags', event.target.value)}
        />
        <CustomFields values={draft.customFields} onChange={(values) => set('customFields', values)} />
        {conflict ? (
          <div className="alert" role="alert">
            <strong>Someone else changed this ticket</strong> (now version {conflict.version}, you had{' '}
            {ticket.version}). Reload to see their change, then make yours again.
            <div>
              <Button
                size="small"
                onClick={() => {
                  save.reset();
                  onReload();
                }}
              >
                Reload the ticket
              </Button>
            </div>
          </div>
        ) : (
          save.isError && <InlineError>Not saved: {save.error.message}</InlineError>
        )}
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save changes'}
        </Button>
      </form>
      <History ticketId={ticket.id} />
    </aside>
  );
}
