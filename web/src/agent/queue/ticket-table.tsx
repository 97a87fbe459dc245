import type { QueueTicket } from '../../api/types.ts';
import { Checkbox, SortHeader, Table } from '../../ui/index.ts';
import type { SortKey, SortOrder } from './queue-source.ts';
import { TicketRow } from './ticket-row.tsx';

type TicketTableProps = {
  caption: string;
  tickets: QueueTicket[];
  fetchedAt: number;
  cursor: number;
  selected: Set<string>;
  onSelect: (next: Set<string>) => void;
  /** Null where the list has a fixed order (saved views sort themselves). */
  sort: { key: SortKey; order: SortOrder; onSort: (key: SortKey) => void } | null;
};

export function TicketTable({
  caption,
  tickets,
  fetchedAt,
  cursor,
  selected,
  onSelect,
  sort,
}: TicketTableProps) {
  const allSelected = tickets.length > 0 && tickets.every((ticket) => selected.has(ticket.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };
  const header = (key: SortKey, label: string) =>
    sort ? (
      <SortHeader
        label={label}
        active={sort.key === key}
        direction={sort.order}
        onSort={() => sort.onSort(key)}
      />
    ) : (
      <th scope="col">{label}</th>
    );
  return (
    <div className="table-scroll">
      <Table caption={caption}>
        <thead>
          <tr>
            <th scope="col" className="col-check">
              <Checkbox
                label="Select all tickets shown"
                hideLabel
                checked={allSelected}
                onChange={() =>
                  onSelect(allSelected ? new Set() : new Set(tickets.map((ticket) => ticket.id)))
                }
              />
            </th>
            {header('number', '#')}
            <th scope="col">Subject</th>
            <th scope="col">Requester</th>
            <th scope="col">Status</th>
            {header('priority', 'Priority')}
            <th scope="col">Assignee</th>
            <th scope="col">Team</th>
            {header('sla', 'SLA due')}
            {header('updated', 'Updated')}
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket, index) => (
            <TicketRow
              key={ticket.id}
              ticket={ticket}
              fetchedAt={fetchedAt}
              current={index === cursor}
              selected={selected.has(ticket.id)}
              onToggle={() => toggle(ticket.id)}
            />
          ))}
        </tbody>
      </Table>
    </div>
  );
}
