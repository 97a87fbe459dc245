import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Comment } from '../../api/types.ts';
import { Badge, InlineError, Skeleton } from '../../ui/index.ts';

/**
 * Under a comment that came by email: the comment shows the new part only; the whole message (quoted
 * history, signature), its sender verification and the original file are one click away.
 */
export function EmailOrigin({ inboundEmailId }: { inboundEmailId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="email-origin" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Show the full email</summary>
      {open && <FullEmail id={inboundEmailId} />}
    </details>
  );
}

function FullEmail({ id }: { id: string }) {
  const email = useQuery({
    queryKey: ['inbound-email', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/inbound-emails/{id}', { params: { path: { id } } })),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (email.isPending) return <Skeleton lines={3} />;
  if (email.isError) return <InlineError>The email could not be loaded: {email.error.message}</InlineError>;
  const { authResults } = email.data;
  return (
    <div className="email-full">
      <p className="muted">
        From {email.data.from?.address ?? 'an unknown sender'}
        {authResults ? (
          <>
            {' '}
            · sender check: <Badge>DMARC {authResults.dmarc.result}</Badge>{' '}
            <Badge>SPF {authResults.spf.result}</Badge>
          </>
        ) : (
          ' · sender not checked (not received over SMTP)'
        )}
      </p>
      <pre className="email-text">{email.data.text}</pre>
      <a href={`/api/v1/inbound-emails/${id}/raw`} download>
        Download the original message (.eml)
      </a>
    </div>
  );
}

type Delivery = NonNullable<Comment['emailDelivery']>;

/** How the emailing of a public reply went: waiting or retrying, sent, or failed with the reason. */
export function DeliveryStatus({ delivery }: { delivery: Delivery }) {
  const to = delivery.recipients.join(', ');
  if (delivery.state === 'sent') return <span className="muted">Emailed to {to}</span>;
  if (delivery.state === 'queued')
    return (
      <span className="muted">{delivery.attempts > 0 ? `Retrying email to ${to}` : `Emailing ${to}…`}</span>
    );
  return <span className="delivery-failed">Email not delivered: {delivery.error ?? 'unknown error'}</span>;
}
