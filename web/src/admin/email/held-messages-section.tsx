import { useQuery } from '@tanstack/react-query';
import { formatTime, useTimeZone } from '../../agent/format.ts';
import { api, unwrap } from '../../api/client.ts';
import type { ResponseOf } from '../../api/types.ts';
import { Button, EmptyState, Table } from '../../ui/index.ts';
import { FormError } from '../form-errors.tsx';
import { QueryList } from '../query-list.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';

type StoredEmail = ResponseOf<'/api/v1/inbound-emails', 'get'>['items'][number];
const HELD = ['inbound-emails', 'held'];

const WHY: Record<string, string> = {
  dmarc_failed: "Claims a customer's address but failed DMARC",
};

/** Quarantined and failed messages: release one to process it normally, or delete it for good. */
export function HeldMessagesSection() {
  const held = useQuery({
    queryKey: HELD,
    queryFn: async () => {
      const list = async (state: 'quarantined' | 'failed') =>
        unwrap(await api.GET('/api/v1/inbound-emails', { params: { query: { state, limit: 100 } } })).items;
      return [...(await list('quarantined')), ...(await list('failed'))];
    },
  });
  const release = useAdminMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/api/v1/inbound-emails/{id}/release', { params: { path: { id } } })),
    invalidates: [HELD],
    success: 'Released: the message is being processed',
  });
  const remove = useAdminMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/inbound-emails/{id}', { params: { path: { id } } })),
    invalidates: [HELD],
    success: 'Message deleted',
  });
  return (
    <section aria-labelledby="held-heading">
      <h2 id="held-heading">Held messages</h2>
      <FormError error={release.error ?? remove.error} fields={[]} />
      <QueryList query={held} noun="Messages" lines={3} empty={<EmptyState title="No held messages" />}>
        {(items) => <HeldTable emails={items} onRelease={release.mutate} onDelete={remove.mutate} />}
      </QueryList>
    </section>
  );
}

function HeldTable(props: {
  emails: StoredEmail[];
  onRelease: (id: string) => void;
  onDelete: (id: string) => void;
}) {
  const timeZone = useTimeZone();
  return (
    <Table caption="Held messages">
      <thead>
        <tr>
          <th scope="col">From</th>
          <th scope="col">Subject</th>
          <th scope="col">Why</th>
          <th scope="col">Received</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.emails.map((email) => (
          <tr key={email.id}>
            <td>{email.fromAddress ?? 'unknown'}</td>
            <td>{email.subject || '(no subject)'}</td>
            <td>
              {email.state === 'failed'
                ? `Failed: ${email.error ?? 'unknown error'}`
                : (WHY[email.outcome ?? ''] ?? email.outcome)}
            </td>
            <td>{formatTime(email.receivedAt, timeZone)}</td>
            <td className="actions">
              <a
                className="btn btn-secondary btn-small"
                href={`/api/v1/inbound-emails/${email.id}/raw`}
                download
              >
                Download
              </a>
              {email.state === 'quarantined' && (
                <Button size="small" onClick={() => props.onRelease(email.id)}>
                  Release
                </Button>
              )}
              <Button size="small" onClick={() => props.onDelete(email.id)}>
                Delete
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
