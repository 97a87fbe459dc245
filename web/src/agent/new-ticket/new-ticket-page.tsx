import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { usePriorities, useTeams } from '../../api/lookups.ts';
import type { BodyOf } from '../../api/types.ts';
import { Button, InlineError, Select, TextArea, TextField, useToast } from '../../ui/index.ts';
import { ContactPicker, type Requester } from './contact-picker.tsx';

type NewTicket = BodyOf<'/api/v1/tickets', 'post'>;

/** A ticket on a customer's behalf: an existing contact, or a new one made from an email address. */
export function NewTicketPage() {
  const navigate = useNavigate();
  const notify = useToast();
  const priorities = usePriorities();
  const teams = useTeams();
  const [requester, setRequester] = useState<Requester | null>(null);
  const create = useMutation({
    mutationFn: async (body: NewTicket) => unwrap(await api.POST('/api/v1/tickets', { body })),
    onSuccess: (ticket) => {
      notify(`Ticket #${ticket.number} created`);
      navigate(`/tickets/${ticket.id}`);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!requester) return;
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const ccEmails = text('cc')
      .split(/[\s,;]+/)
      .filter(Boolean);
    create.mutate({
      subject: text('subject'),
      ...(requester.kind === 'existing'
        ? { requesterId: requester.id }
        : { requester: { email: requester.email, ...(requester.name ? { name: requester.name } : {}) } }),
      ...(text('priorityId') ? { priorityId: text('priorityId') } : {}),
      ...(text('teamId') ? { teamId: text('teamId') } : {}),
      ...(text('body') ? { comment: { body: text('body'), visibility: 'public' as const } } : {}),
      ...(ccEmails.length > 0 ? { ccEmails } : {}),
    });
  };
  return (
    <section className="narrow-page" aria-labelledby="new-ticket-title">
      <h1 id="new-ticket-title">New ticket</h1>
      <form onSubmit={submit}>
        <ContactPicker value={requester} onChange={setRequester} />
        <TextField
          label="CC"
          name="cc"
          hint="Email addresses copied on every public reply, separated by commas"
        />
        <TextField label="Subject" name="subject" required maxLength={250} />
        <TextArea
          label="First message"
          name="body"
          hint="Shown to the customer as the opening of the conversation"
        />
        <Select
          label="Priority"
          name="priorityId"
          emptyLabel="Default"
          options={(priorities.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        />
        <Select
          label="Team"
          name="teamId"
          emptyLabel="No team"
          options={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
        />
        {create.isError && <InlineError>Not created: {create.error.message}</InlineError>}
        <Button type="submit" variant="primary" disabled={!requester || create.isPending}>
          Create ticket
        </Button>
      </form>
    </section>
  );
}
