import { useRef } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useStatuses } from '../../api/lookups.ts';
import { Badge, EmptyState, InlineError, Skeleton, useToast } from '../../ui/index.ts';
import { neighbour, recallQueue } from '../queue-memory.ts';
import { useAgent } from '../session.tsx';
import { useShortcuts } from '../shortcuts.tsx';
import { Composer, type ComposerHandle } from './composer.tsx';
import { Conversation } from './conversation.tsx';
import { PresenceBar } from './presence-bar.tsx';
import { SidePanel } from './side-panel.tsx';
import { useLiveTicket } from './use-live-ticket.ts';
import { useTicket, useUpdateTicket } from './use-ticket.ts';

export function TicketPage() {
  const { ticketId = '' } = useParams();
  const ticket = useTicket(ticketId);
  const live = useLiveTicket(ticketId);
  const save = useUpdateTicket(ticket.data);
  const statuses = useStatuses();
  const me = useAgent();
  const navigate = useNavigate();
  const notify = useToast();
  const composer = useRef<ComposerHandle>(null);
  const statusSelect = useRef<HTMLSelectElement>(null);

  const go = (step: 1 | -1) => {
    const next = neighbour(ticketId, step);
    if (next) navigate(`/tickets/${next}`);
    else
      notify(step === 1 ? 'This is the last ticket of the queue' : 'This is the first ticket of the queue');
  };
  useShortcuts({
    j: () => go(1),
    k: () => go(-1),
    r: () => composer.current?.start('public'),
    n: () => composer.current?.start('internal'),
    a: () => save.mutate({ assigneeId: me.agent.id }, { onSuccess: () => notify('Assigned to you') }),
    s: () => statusSelect.current?.focus(),
  });

  if (ticket.isPending) return <Skeleton lines={10} />;
  if (ticket.isError) {
    const missing = ticket.error instanceof ApiError && ticket.error.status === 404;
    return missing ? (
      <EmptyState title="This ticket does not exist">
        <Link to="/">Back to the queues</Link>
      </EmptyState>
    ) : (
      <InlineError>The ticket could not be loaded: {ticket.error.message}</InlineError>
    );
  }
  const status = statuses.data?.find((candidate) => candidate.id === ticket.data.statusId);
  const back = recallQueue()?.queueUrl ?? '/';
  return (
    <div className="ticket-page">
      <section className="ticket-main" aria-labelledby="ticket-title">
        <p className="ticket-back">
          <Link to={back}>← Back to the queue</Link>
        </p>
        <h1 id="ticket-title">
          <span className="muted">#{ticket.data.number}</span> {ticket.data.subject}{' '}
          {status && <Badge color={status.color}>{status.name}</Badge>}
        </h1>
        <PresenceBar viewers={live.viewers} myId={me.agent.id} />
        <Conversation ticket={ticket.data} />
        <Composer ref={composer} ticket={ticket.data} liveSeq={live.seq} />
      </section>
      <SidePanel
        ticket={ticket.data}
        save={save}
        statusRef={statusSelect}
        onReload={() => void ticket.refetch()}
      />
    </div>
  );
}
