import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatTime, useTimeZone } from '../../agent/format.ts';
import { api, unwrap } from '../../api/client.ts';
import type { BodyOf } from '../../api/types.ts';
import { Button, EmptyState, Select, Table, TextField } from '../../ui/index.ts';
import { FormError, fieldError } from '../form-errors.tsx';
import { OneTimeSecret } from '../one-time-secret.tsx';
import { QueryList } from '../query-list.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';

type NewInvitation = BodyOf<'/api/v1/invitations', 'post'>;
const INVITATIONS = ['invitations'];

const useInvitations = () =>
  useQuery({
    queryKey: INVITATIONS,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/invitations', { params: { query: { limit: 100 } } })).items,
  });

/** Invite by email; the link is emailed when possible and shown once; pending ones can be revoked. */
export function InvitationsSection() {
  const invitations = useInvitations();
  const timeZone = useTimeZone();
  const [created, setCreated] = useState<{ acceptUrl: string; emailed: boolean } | null>(null);
  const invite = useAdminMutation({
    mutationFn: async (body: NewInvitation) => unwrap(await api.POST('/api/v1/invitations', { body })),
    invalidates: [INVITATIONS],
    success: (invited) =>
      invited.emailed
        ? `Invitation emailed to ${invited.invitation.email}`
        : `Invitation created for ${invited.invitation.email}`,
    onSuccess: (invited) => setCreated(invited),
  });
  const revoke = useAdminMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/invitations/{id}', { params: { path: { id } } })),
    invalidates: [INVITATIONS],
    success: 'Invitation revoked',
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = String(data.get('name')).trim();
    invite.mutate(
      {
        email: String(data.get('email')).trim(),
        role: data.get('role') === 'admin' ? 'admin' : 'agent',
        ...(name ? { name } : {}),
      },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <section className="admin-section" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      {created && (
        <OneTimeSecret
          title="Invitation link"
          secret={created.acceptUrl}
          hint={
            created.emailed
              ? 'It was emailed to the person you invited; here it is in case it does not arrive. It is shown only now, and anyone with it can join.'
              : 'This organization cannot send email yet: send the link to the person you invited. It is shown only now, and anyone with it can join.'
          }
          onDismiss={() => setCreated(null)}
        />
      )}
      <form className="inline-form" onSubmit={submit} aria-label="Invite an agent">
        <TextField
          label="Email"
          name="email"
          type="email"
          required
          error={fieldError(invite.error, 'email')}
        />
        <TextField label="Name (optional)" name="name" maxLength={200} />
        <Select
          label="Role"
          name="role"
          defaultValue="agent"
          options={[
            { value: 'agent', label: 'Agent' },
            { value: 'admin', label: 'Admin' },
          ]}
        />
        <Button type="submit" variant="primary" disabled={invite.isPending}>
          Invite agent
        </Button>
      </form>
      <FormError error={invite.error} fields={['email']} />
      <h3>Pending invitations</h3>
      <QueryList
        query={invitations}
        noun="Invitations"
        lines={2}
        filter={(invitation) => invitation.status === 'pending'}
        empty={<EmptyState title="No pending invitations" />}
      >
        {(items) => (
          <Table caption="Pending invitations">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((invitation) => (
                <tr key={invitation.id}>
                  <td>{invitation.email}</td>
                  <td>{invitation.name}</td>
                  <td>{invitation.role === 'admin' ? 'Admin' : 'Agent'}</td>
                  <td>{formatTime(invitation.expiresAt, timeZone)}</td>
                  <td className="actions">
                    <Button
                      size="small"
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate(invitation.id)}
                    >
                      Revoke<span className="visually-hidden"> the invitation of {invitation.email}</span>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </QueryList>
      <FormError error={revoke.error} />
    </section>
  );
}
