import { Link, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/client.ts';
import { Button, EmptyState, InlineError, Skeleton, useToast } from '../../ui/index.ts';
import { formatDay, formatTime } from '../format.ts';
import { usePortal } from '../portal-layout.tsx';
import type { CustomerRequest } from '../portal-types.ts';
import { Conversation } from './conversation.tsx';
import { LiveRequest } from './live-request.tsx';
import { ReplyForm } from './reply-form.tsx';
import { StatusBadge } from './status-badge.tsx';
import { useRequest, useResolve } from './use-requests.ts';

/** One request: its status by name, the public conversation, a reply box and "mark as resolved". */
export function RequestPage() {
  const { ticketId = '' } = useParams();
  const { slug } = usePortal();
  const request = useRequest(ticketId);
  const back = (
    <p className="portal-back">
      <Link to={`/portal/${slug}/requests`}>← My requests</Link>
    </p>
  );
  if (request.isPending) return <Skeleton lines={8} />;
  if (request.isError) {
    const missing = request.error instanceof ApiError && [400, 404].includes(request.error.status);
    return missing ? (
      <EmptyState title="This request does not exist">{back}</EmptyState>
    ) : (
      <InlineError>The request could not be loaded: {request.error.message}</InlineError>
    );
  }
  const closed = request.data.status.category === 'closed';
  return (
    <>
      {back}
      <h1>
        {request.data.subject} <span className="portal-muted">#{request.data.number}</span>
      </h1>
      <div className="portal-request-summary">
        <StatusBadge status={request.data.status} />
        <span>
          Opened <time dateTime={request.data.createdAt}>{formatTime(request.data.createdAt)}</time>
        </span>
        <ResolveButton request={request.data} />
      </div>
      <RequestFields request={request.data} />
      <Conversation requestId={request.data.id} />
      {!closed && <LiveRequest requestId={request.data.id} />}
      {closed ? (
        <p className="portal-note">This request is closed. To follow up, please open a new request.</p>
      ) : (
        <ReplyForm request={request.data} />
      )}
    </>
  );
}

/** Offered while the request is still open; a solved or closed one has nothing to resolve. */
function ResolveButton({ request }: { request: CustomerRequest }) {
  const resolve = useResolve(request.id);
  const notify = useToast();
  if (['solved', 'closed'].includes(request.status.category)) return null;
  return (
    <>
      <Button
        onClick={() => resolve.mutate(undefined, { onSuccess: () => notify('Marked as resolved') })}
        disabled={resolve.isPending}
      >
        Mark as resolved
      </Button>
      {resolve.isError && <InlineError>{errorMessage(resolve.error)}</InlineError>}
    </>
  );
}

/** The values of the custom fields the team shares with customers. */
function RequestFields({ request }: { request: CustomerRequest }) {
  if (request.fields.length === 0) return null;
  const shown = (field: CustomerRequest['fields'][number]) => {
    if (Array.isArray(field.valueLabel)) return field.valueLabel.join(', ');
    if (field.valueLabel !== null) return field.valueLabel;
    if (typeof field.value === 'boolean') return field.value ? 'Yes' : 'No';
    if (field.type === 'date' && typeof field.value === 'string') return formatDay(field.value);
    return String(field.value);
  };
  return (
    <dl className="portal-fields">
      {request.fields.map((field) => (
        <div key={field.key}>
          <dt>{field.label}</dt>
          <dd>{shown(field)}</dd>
        </div>
      ))}
    </dl>
  );
}
