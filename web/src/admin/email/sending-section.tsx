import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';
import { Button, InlineError, Select, Skeleton, TextField } from '../../ui/index.ts';
import { FormError, fieldError } from '../form-errors.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';

type EmailSettings = ResponseOf<'/api/v1/email/settings', 'get'>;
type SettingsChanges = BodyOf<'/api/v1/email/settings', 'put'>;
const SETTINGS = ['email-settings'];

/** Where replies are sent from: the organization's own SMTP server or the system relay. */
export function SendingSection() {
  const settings = useQuery({
    queryKey: SETTINGS,
    queryFn: async () => unwrap(await api.GET('/api/v1/email/settings')),
  });
  return (
    <section aria-labelledby="sending-heading">
      <h2 id="sending-heading">Sending</h2>
      {settings.isPending ? (
        <Skeleton lines={4} />
      ) : settings.isError ? (
        <InlineError>Email settings could not be loaded: {settings.error.message}</InlineError>
      ) : (
        <SettingsForm settings={settings.data} />
      )}
    </section>
  );
}

function SettingsForm({ settings }: { settings: EmailSettings }) {
  const [ownServer, setOwnServer] = useState(settings.smtp !== null);
  const save = useAdminMutation({
    mutationFn: async (body: SettingsChanges) => unwrap(await api.PUT('/api/v1/email/settings', { body })),
    invalidates: [SETTINGS],
    success: 'Email settings saved',
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    const password = value('password');
    save.mutate({
      fromName: value('fromName'),
      closedTicketReply: value('closedTicketReply') as 'new_ticket' | 'ignore',
      smtp: ownServer
        ? {
            host: value('host'),
            port: Number(value('port')),
            security: value('security') as 'tls' | 'starttls' | 'none',
            user: value('user') || null,
            ...(password ? { password } : {}),
          }
        : null,
    });
  };
  const error = (field: string) => fieldError(save.error, field);
  const { smtp } = settings;
  return (
    <form className="card" onSubmit={submit} aria-label="Email settings">
      <TextField
        label="Sender name"
        name="fromName"
        defaultValue={settings.fromName}
        hint="Empty: the organization's name"
        error={error('fromName')}
      />
      <Select
        label="A reply to a closed ticket"
        name="closedTicketReply"
        defaultValue={settings.closedTicketReply}
        options={[
          { value: 'new_ticket', label: 'Opens a new ticket' },
          { value: 'ignore', label: 'Is kept, but opens nothing' },
        ]}
      />
      <Select
        label="Send through"
        value={ownServer ? 'own' : 'relay'}
        onChange={(event) => setOwnServer(event.target.value === 'own')}
        options={[
          {
            value: 'relay',
            label: settings.systemRelay
              ? "This server's relay"
              : "This server's relay (none configured: mail is not sent)",
          },
          { value: 'own', label: 'Our own SMTP server' },
        ]}
      />
      {ownServer && (
        <>
          <TextField
            label="SMTP server"
            name="host"
            required
            defaultValue={smtp?.host}
            error={error('smtp.host')}
          />
          <TextField
            label="SMTP port"
            name="port"
            type="number"
            required
            defaultValue={String(smtp?.port ?? 587)}
            error={error('smtp.port')}
          />
          <Select
            label="SMTP encryption"
            name="security"
            defaultValue={smtp?.security ?? 'starttls'}
            options={[
              { value: 'starttls', label: 'STARTTLS (port 587)' },
              { value: 'tls', label: 'TLS (port 465)' },
              { value: 'none', label: 'None (a local relay)' },
            ]}
          />
          <TextField label="SMTP user" name="user" defaultValue={smtp?.user ?? ''} autoComplete="off" />
          <TextField
            label="SMTP password"
            name="password"
            type="password"
            autoComplete="new-password"
            hint={smtp?.passwordSet ? 'Leave empty to keep the saved password' : undefined}
          />
        </>
      )}
      <FormError error={save.error} fields={['fromName', 'smtp.host', 'smtp.port']} />
      <Button type="submit" variant="primary" disabled={save.isPending}>
        Save email settings
      </Button>
    </form>
  );
}
