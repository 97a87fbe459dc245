import { memo } from 'react';
import { Link } from 'react-router';
import { nameOf, useAgents, usePriorities, useStatuses, useTeams } from '../../api/lookups.ts';
import type { QueueTicket } from '../../api/types.ts';
import { Badge, Checkbox } from '../../ui/index.ts';
import { formatTime, useTimeZone } from '../format.ts';
import { QueueSlaBadge } from '../sla/sla-badge.tsx';

type TicketRowProps = {
  ticket: QueueTicket;
  /** When the list was fetched: the SLA badge counts down from there. */
  fetchedAt: number;
  current: boolean;
  selected: boolean;
  onToggle: () => void;
};

/**
 * One dense row; the requester comes with the list and the other names from the cached lookup
 * lists, so rows cost no requests of their own.
 */
export const TicketRow = memo(function TicketRow({
  ticket,
  fetchedAt,
  current,
  selected,
  onToggle,
}: TicketRowProps) {
  const statuses = useStatuses();
  const priorities = usePriorities();
  const agents = useAgents();
  const teams = useTeams();
  const timeZone = useTimeZone();
  const status = statuses.data?.find((candidate) => candidate.id === ticket.statusId);
  const priority = priorities.data?.find((candidate) => candidate.id === ticket.priorityId);
  return (
    <tr aria-selected={selected} className={current ? 'row-current' : undefined}>
      <td className="col-check">
        <Checkbox label={`Select ticket ${ticket.number}`} hideLabel checked={selected} onChange={onToggle} />
      </td>
      <td className="col-number">{ticket.number}</td>
      <td className="col-subject">
        <Link to={`/tickets/${ticket.id}`}>{ticket.subject}</Link>
      </td>
      <td>{ticket.requester.name || ticket.requester.email}</td>
      <td>{status ? <Badge color={status.color}>{status.name}</Badge> : '…'}</td>
      <td>{priority ? <Badge color={priority.color}>{priority.name}</Badge> : '—'}</td>
      <td>{nameOf(agents.data, ticket.assigneeId) ?? <span className="muted">Unassigned</span>}</td>
      <td>{nameOf(teams.data, ticket.teamId) ?? '—'}</td>
      <td>
        <QueueSlaBadge timers={ticket.slaTimers} fetchedAt={fetchedAt} />
      </td>
      <td>
        <time dateTime={ticket.updatedAt}>{formatTime(ticket.updatedAt, timeZone)}</time>
      </td>
    </tr>
  );
});
