import { useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { ResponseOf } from '../../api/types.ts';
import { Button, InlineError, Skeleton, TextArea, TextField } from '../../ui/index.ts';
import { FormError, fieldError } from '../form-errors.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';

type TemplateKind = ResponseOf<'/api/v1/email/templates/{kind}', 'get'>['kind'];

const TEMPLATES: { kind: TemplateKind; title: string; about: string }[] = [
  {
    kind: 'acknowledgement',
    title: 'Acknowledgement',
    about: 'Sent once to the sender of a new request by email (never to automatic mail).',
  },
  {
    kind: 'assigned',
    title: 'Assignment notification',
    about: 'Sent to an agent when someone else assigns them a ticket.',
  },
  {
    kind: 'mentioned',
    title: 'Mention notification',
    about: 'Sent to an agent an internal note mentions (write @ and their email address in the note).',
  },
  {
    kind: 'customer_replied',
    title: 'Customer reply notification',
    about:
      'Sent to the assignee when the customer answers. An agent replying to a notification answers the customer.',
  },
  {
    kind: 'sla_at_risk',
    title: 'SLA at risk notification',
    about: "Sent to the assignee when one of the ticket's SLA timers is announced at risk.",
  },
];

/** The text of every automatic email, to customers and to agents, one form each. */
export function EmailTemplatesSection() {
  return (
    <section aria-labelledby="templates-heading">
      <h2 id="templates-heading">Automatic emails</h2>
      {TEMPLATES.map((template) => (
        <TemplateForm key={template.kind} {...template} />
      ))}
    </section>
  );
}

function TemplateForm({ kind, title, about }: { kind: TemplateKind; title: string; about: string }) {
  const key = ['email-template', kind];
  const path = { path: { kind } };
  const template = useQuery({
    queryKey: key,
    queryFn: async () => unwrap(await api.GET('/api/v1/email/templates/{kind}', { params: path })),
  });
  const save = useAdminMutation({
    mutationFn: async (body: { subject: string; body: string }) =>
      unwrap(await api.PUT('/api/v1/email/templates/{kind}', { params: path, body })),
    invalidates: [key],
    success: `${title} saved`,
  });
  if (template.isPending) return <Skeleton lines={3} />;
  if (template.isError)
    return (
      <InlineError>
        The {title.toLowerCase()} could not be loaded: {template.error.message}
      </InlineError>
    );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    save.mutate({ subject: String(data.get('subject') ?? ''), body: String(data.get('body') ?? '') });
  };
  return (
    <form className="card" onSubmit={submit} aria-label={`${title} email`}>
      <h3>{title}</h3>
      <p className="muted">
        {about} Placeholders:{' '}
        {template.data.placeholders.map((name, index) => (
          <span key={name}>
            {index > 0 && ', '}
            <code>{`{{${name}}}`}</code>
          </span>
        ))}
        .
      </p>
      <TextField
        label="Subject"
        name="subject"
        required
        defaultValue={template.data.subject}
        error={fieldError(save.error, 'subject')}
      />
      <TextArea
        label="Message"
        name="body"
        required
        rows={6}
        defaultValue={template.data.body}
        error={fieldError(save.error, 'body')}
      />
      <FormError error={save.error} fields={['subject', 'body']} />
      <Button type="submit" variant="primary" disabled={save.isPending}>
        Save {title.toLowerCase()}
      </Button>
    </form>
  );
}
