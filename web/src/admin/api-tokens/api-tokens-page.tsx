import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatTime, useTimeZone } from '../../agent/format.ts';
import { api, unwrap } from '../../api/client.ts';
import { nameOf, useAgents } from '../../api/lookups.ts';
import type { ResponseOf } from '../../api/types.ts';
import { Button, EmptyState, Table, TextField } from '../../ui/index.ts';
import { ConfirmDialog } from '../confirm-dialog.tsx';
import { FormError, fieldError } from '../form-errors.tsx';
import { OneTimeSecret } from '../one-time-secret.tsx';
import { QueryList } from '../query-list.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';

type ApiToken = ResponseOf<'/api/v1/api-tokens', 'get'>['items'][number];
const API_TOKENS = ['api-tokens'];

/** Tokens for scripts and integrations; each acts as the admin who made it. */
export function ApiTokensPage() {
  const tokens = useQuery({
    queryKey: API_TOKENS,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/api-tokens', { params: { query: { limit: 100 } } })).items,
  });
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const create = useAdminMutation({
    mutationFn: async (name: string) => unwrap(await api.POST('/api/v1/api-tokens', { body: { name } })),
    invalidates: [API_TOKENS],
    success: (created) => `Token “${created.apiToken.name}” created`,
    onSuccess: (created) => setSecret(created.token),
  });
  const revoke = useAdminMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/api-tokens/{id}', { params: { path: { id } } })),
    invalidates: [API_TOKENS],
    success: 'Token revoked',
    onSuccess: () => setRevoking(null),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name')).trim();
    create.mutate(name, { onSuccess: () => form.reset() });
  };
  return (
    <>
      <h1>API tokens</h1>
      <p className="muted">
        A token acts as you in the REST API: send it as <code>Authorization: Bearer …</code>.
      </p>
      {secret && (
        <OneTimeSecret
          title="Your new token"
          secret={secret}
          hint="Copy it now: it is never shown again. Revoke it here if it leaks."
          onDismiss={() => setSecret(null)}
        />
      )}
      <form className="inline-form" onSubmit={submit} aria-label="Create an API token">
        <TextField
          label="Token name"
          name="name"
          required
          maxLength={100}
          hint="What uses it, e.g. “CRM sync”"
          error={fieldError(create.error, 'name')}
        />
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Create token
        </Button>
      </form>
      <FormError error={create.error} fields={['name']} />
      <QueryList query={tokens} noun="Tokens" lines={3} empty={<EmptyState title="No API tokens yet" />}>
        {(items) => <TokenTable tokens={items} onRevoke={setRevoking} />}
      </QueryList>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke the token “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke token"
        pending={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onClose={() => {
          revoke.reset();
          setRevoking(null);
        }}
      >
        <p>Anything that uses it stops working at once.</p>
      </ConfirmDialog>
    </>
  );
}

function TokenTable({ tokens, onRevoke }: { tokens: ApiToken[]; onRevoke: (token: ApiToken) => void }) {
  const timeZone = useTimeZone();
  const agents = useAgents();
  return (
    <Table caption="API tokens">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Ends with</th>
          <th scope="col">Acts as</th>
          <th scope="col">Created</th>
          <th scope="col">Last used</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => (
          <tr key={token.id}>
            <td>{token.name}</td>
            <td>
              <code>…{token.hint}</code>
            </td>
            <td>{nameOf(agents.data, token.agentId) ?? '…'}</td>
            <td>{formatTime(token.createdAt, timeZone)}</td>
            <td>{token.lastUsedAt ? formatTime(token.lastUsedAt, timeZone) : 'Never'}</td>
            <td className="actions">
              {token.revokedAt ? (
                <span className="muted">Revoked {formatTime(token.revokedAt, timeZone)}</span>
              ) : (
                <Button size="small" onClick={() => onRevoke(token)}>
                  Revoke<span className="visually-hidden"> {token.name}</span>
                </Button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
