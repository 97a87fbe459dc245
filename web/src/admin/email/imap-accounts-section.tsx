import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatTime, useTimeZone } from '../../agent/format.ts';
import { api, unwrap } from '../../api/client.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';
import { Badge, Button, EmptyState, Select, Table, TextField } from '../../ui/index.ts';
import { FormError, fieldError } from '../form-errors.tsx';
import { QueryList } from '../query-list.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';

type ImapAccount = ResponseOf<'/api/v1/imap-accounts', 'get'>['items'][number];
type NewImapAccount = BodyOf<'/api/v1/imap-accounts', 'post'>;
const IMAP_ACCOUNTS = ['imap-accounts'];
const FIELDS = [
  'supportAddress',
  'host',
  'port',
  'tls',
  'username',
  'password',
  'mailbox',
  'afterImport',
  'moveTo',
];

/** Mailboxes the server reads (IDLE when offered); a message is flagged or moved only once stored. */
export function ImapAccountsSection() {
  const accounts = useQuery({
    queryKey: IMAP_ACCOUNTS,
    queryFn: async () => unwrap(await api.GET('/api/v1/imap-accounts')).items,
  });
  const remove = useAdminMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/imap-accounts/{id}', { params: { path: { id } } })),
    invalidates: [IMAP_ACCOUNTS],
    success: 'Mailbox removed',
  });
  return (
    <section aria-labelledby="imap-heading">
      <h2 id="imap-heading">IMAP mailboxes</h2>
      <QueryList query={accounts} noun="Mailboxes" lines={2} empty={<EmptyState title="No IMAP mailboxes" />}>
        {(items) => <AccountsTable accounts={items} onRemove={remove.mutate} />}
      </QueryList>
      <FormError error={remove.error} fields={[]} />
      <NewAccountForm />
    </section>
  );
}

function AccountsTable({ accounts, onRemove }: { accounts: ImapAccount[]; onRemove: (id: string) => void }) {
  const timeZone = useTimeZone();
  return (
    <Table caption="IMAP mailboxes">
      <thead>
        <tr>
          <th scope="col">Support address</th>
          <th scope="col">Server</th>
          <th scope="col">State</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((account) => (
          <tr key={account.id}>
            <td>{account.supportAddress}</td>
            <td>
              {account.username} at {account.host}:{account.port} ({account.mailbox})
            </td>
            <td>
              {account.lastError ? (
                <Badge>Failing: {account.lastError}</Badge>
              ) : account.lastPollAt ? (
                `Read ${formatTime(account.lastPollAt, timeZone)}`
              ) : (
                'Not read yet'
              )}
            </td>
            <td className="actions">
              <Button size="small" onClick={() => onRemove(account.id)}>
                Remove
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function NewAccountForm() {
  const [afterImport, setAfterImport] = useState<'flag' | 'move'>('flag');
  const create = useAdminMutation({
    mutationFn: async (body: NewImapAccount) => unwrap(await api.POST('/api/v1/imap-accounts', { body })),
    invalidates: [IMAP_ACCOUNTS],
    success: 'Connected: the mailbox is read from now on',
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const value = (name: string) => String(new FormData(form).get(name) ?? '').trim();
    create.mutate(
      {
        supportAddress: value('supportAddress'),
        host: value('host'),
        port: Number(value('port')),
        tls: value('tls') as NewImapAccount['tls'],
        username: value('username'),
        password: value('password'),
        mailbox: value('mailbox') || 'INBOX',
        afterImport,
        ...(afterImport === 'move' ? { moveTo: value('moveTo') } : {}),
      },
      { onSuccess: () => form.reset() },
    );
  };
  const error = (field: string) => fieldError(create.error, field);
  return (
    <form className="card" onSubmit={submit} aria-label="Connect an IMAP mailbox">
      <h3>Connect a mailbox</h3>
      <TextField
        label="Support address"
        name="supportAddress"
        type="email"
        required
        error={error('supportAddress')}
      />
      <TextField
        label="IMAP server"
        name="host"
        required
        placeholder="imap.example.com"
        error={error('host')}
      />
      <TextField label="Port" name="port" type="number" required defaultValue="993" error={error('port')} />
      <Select
        label="Encryption"
        name="tls"
        defaultValue="tls"
        options={[
          { value: 'tls', label: 'TLS (port 993)' },
          { value: 'starttls', label: 'STARTTLS (port 143)' },
          { value: 'none', label: 'None (only on a trusted network)' },
        ]}
      />
      <TextField label="User name" name="username" required autoComplete="off" error={error('username')} />
      <TextField
        label="Password"
        name="password"
        type="password"
        required
        autoComplete="new-password"
        error={error('password')}
      />
      <TextField label="Folder" name="mailbox" defaultValue="INBOX" error={error('mailbox')} />
      <Select
        label="After a message is stored"
        value={afterImport}
        onChange={(event) => setAfterImport(event.target.value as 'flag' | 'move')}
        options={[
          { value: 'flag', label: 'Flag it and leave it there' },
          { value: 'move', label: 'Move it to a folder' },
        ]}
      />
      {afterImport === 'move' && (
        <TextField label="Move to folder" name="moveTo" required error={error('moveTo')} />
      )}
      <FormError error={create.error} fields={FIELDS} />
      <Button type="submit" variant="primary" disabled={create.isPending}>
        {create.isPending ? 'Connecting…' : 'Connect'}
      </Button>
    </form>
  );
}
