import { nameOf, useAgents } from '../../api/lookups.ts';
import type { TicketEvent } from '../../api/types.ts';
import { InlineError, Skeleton } from '../../ui/index.ts';
import { formatTime, useTimeZone } from '../format.ts';
import { useEvents } from './use-ticket.ts';

/** What each kind of ticket event says after its author's name (the history, the collision dialog). */
export const EVENT_ACTIONS: Record<string, string> = {
  'ticket.created': 'created the ticket',
  'ticket.comment_added': 'added a message',
  'ticket.status_changed': 'changed the status',
  'ticket.priority_changed': 'changed the priority',
  'ticket.assignee_changed': 'changed the assignee',
  'ticket.team_changed': 'changed the team',
  'ticket.tags_changed': 'changed the tags',
  'ticket.ccs_changed': 'changed the CCs',
  'ticket.subject_changed': 'changed the subject',
  'ticket.custom_field_changed': 'changed a field',
  'ticket.merged': 'merged the ticket',
  'ticket.merge_received': 'merged another ticket into this one',
  'ticket.macro_applied': 'applied a macro',
};

/** Who changed what and when, newest first, folded away until asked for. */
export function History({ ticketId }: { ticketId: string }) {
  const events = useEvents(ticketId);
  return (
    <details className="history">
      <summary>History</summary>
      {events.isPending ? (
        <Skeleton />
      ) : events.isError ? (
        <InlineError>{events.error.message}</InlineError>
      ) : (
        <ol>
          {[...events.data.items].reverse().map((event) => (
            <HistoryItem key={event.id} event={event} />
          ))}
        </ol>
      )}
    </details>
  );
}

function HistoryItem({ event }: { event: TicketEvent }) {
  const agents = useAgents();
  const timeZone = useTimeZone();
  const who =
    event.actorType === 'agent' ? (nameOf(agents.data, event.actorId) ?? 'An agent') : event.actorType;
  return (
    <li>
      <strong>{who}</strong> {EVENT_ACTIONS[event.action] ?? event.action}{' '}
      <time className="muted" dateTime={event.createdAt}>
        {formatTime(event.createdAt, timeZone)}
      </time>
    </li>
  );
}
