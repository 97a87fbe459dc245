import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Button, EmptyState, InlineError, Skeleton } from '../../ui/index.ts';
import { rememberQueue } from '../queue-memory.ts';
import { useShortcuts } from '../shortcuts.tsx';
import { BulkBar } from './bulk-bar.tsx';
import { FilterBar } from './filter-bar.tsx';
import { filtersFromUrl, queueSource, type SortKey, type SortOrder } from './queue-source.ts';
import { useQueueTitle } from './queue-title.ts';
import { TicketTable } from './ticket-table.tsx';
import { useQueue } from './use-queue.ts';

const ENTER = 'Enter';

// A column's first click orders newest or highest first; SLA due, the most overdue first.
const FIRST_ORDER: Record<SortKey, SortOrder> = {
  updated: 'desc',
  created: 'desc',
  priority: 'desc',
  number: 'desc',
  sla: 'asc',
};

export function QueuePage() {
  const params = useParams();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const source = useMemo(() => queueSource(params), [params]);
  const refinements = useMemo(() => filtersFromUrl(search), [search]);
  const queue = useQueue(source, refinements);
  const title = useQueueTitle(source);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [cursor, setCursor] = useState(0);
  const tickets = useMemo(() => queue.data?.pages.flatMap((page) => page.items) ?? [], [queue.data]);

  // A new queue or filter starts with nothing selected.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on queue or filter change only
  useEffect(() => {
    setSelected(new Set());
    setCursor(0);
  }, [source?.key, search]);
  useEffect(() => {
    rememberQueue({
      ids: tickets.map((ticket) => ticket.id),
      queueUrl: window.location.pathname + window.location.search,
    });
  }, [tickets]);

  useShortcuts({
    j: () => setCursor((index) => Math.min(index + 1, tickets.length - 1)),
    k: () => setCursor((index) => Math.max(index - 1, 0)),
    [ENTER]: () => {
      const ticket = tickets[cursor];
      if (ticket) navigate(`/tickets/${ticket.id}`);
    },
  });

  const sortBy = (key: SortKey) => {
    const next = new URLSearchParams(search);
    const same = (refinements.sort ?? 'updated') === key;
    const current = refinements.order ?? 'desc';
    next.set('sort', key);
    next.set('order', same ? (current === 'desc' ? 'asc' : 'desc') : FIRST_ORDER[key]);
    setSearch(next);
  };

  if (!source) return <EmptyState title="There is no such queue" />;
  return (
    <section aria-labelledby="queue-title" className="queue">
      <div className="queue-header">
        <h1 id="queue-title">{title}</h1>
        {source.kind === 'filters' && <FilterBar search={search} onChange={setSearch} />}
      </div>
      {selected.size > 0 && <BulkBar ticketIds={[...selected]} onDone={() => setSelected(new Set())} />}
      {queue.isPending ? (
        <Skeleton lines={8} />
      ) : queue.isError ? (
        <InlineError>The tickets could not be loaded: {queue.error.message}</InlineError>
      ) : tickets.length === 0 ? (
        <EmptyState title="No tickets here">Nothing matches this queue right now.</EmptyState>
      ) : (
        <>
          <TicketTable
            caption={title}
            tickets={tickets}
            fetchedAt={queue.dataUpdatedAt}
            cursor={cursor}
            selected={selected}
            onSelect={setSelected}
            sort={
              source.kind === 'filters'
                ? { key: refinements.sort ?? 'updated', order: refinements.order ?? 'desc', onSort: sortBy }
                : null
            }
          />
          {queue.hasNextPage && (
            <div className="load-more">
              <Button onClick={() => queue.fetchNextPage()} disabled={queue.isFetchingNextPage}>
                {queue.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
