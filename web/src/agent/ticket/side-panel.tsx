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
  // The version the form's values came from. A newer one (a save, a reload, another agent's change
  // arriving live) replaces the form, unless the agent is editing it: then the edits stay and are
  // saved against this version, so another agent's change is reported, never silently overwritten.
  const [base, setBase] = useState(ticket);
  const editing = JSON.stringify(draft) !== JSON.stringify(draftOf(base));
  const ownSave = save.data?.version === ticket.version;
  const reset = () => {
    setBase(ticket);
    setDraft(draftOf(ticket));
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new version of the ticket resets the form
  useEffect(() => {
    if (!editing || ownSave) reset();
  }, [ticket]);
  const changedMeanwhile = editing && base.version !== ticket.version;
  const conflict = conflictOf(save.error);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const tags = draft.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    save.mutate({ ...draft, tags, version: base.version });
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
        {changedMeanwhile && !conflict && (
          <p className="muted" role="status">
            Someone else changed this ticket while you were editing it.
          </p>
        )}
        {conflict ? (
          <div className="alert" role="alert">
            <strong>Someone else changed this ticket</strong> (now version {conflict.version}, you had{' '}
            {base.version}). Reload to see their change, then make yours again.
            <div>
              <Button
                size="small"
                onClick={() => {
                  save.reset();
                  reset();
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
