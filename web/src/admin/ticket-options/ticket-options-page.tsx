import { usePriorities, useStatuses } from '../../api/lookups.ts';
import { Badge } from '../../ui/index.ts';
import { priorityEndpoints, statusEndpoints } from './option-endpoints.ts';
import { OptionSection } from './option-section.tsx';
import { PriorityForm } from './priority-form.tsx';
import { categoryLabel, StatusForm } from './status-form.tsx';

/** Statuses and priorities: the two ordered lists every ticket picks from. */
export function TicketOptionsPage() {
  const statuses = useStatuses();
  const priorities = usePriorities();
  return (
    <>
      <h1>Statuses and priorities</h1>
      <OptionSection
        title="Statuses"
        noun="status"
        queryKey={['ticket-statuses']}
        list={statuses}
        endpoints={statusEndpoints}
        details={(status) => (
          <>
            <Badge>{categoryLabel(status.category)}</Badge>
            {status.pausesSla && <Badge>Pauses SLA</Badge>}
            {status.isDefaultForNew && <Badge>Default for new tickets</Badge>}
          </>
        )}
        form={(status, close) => <StatusForm status={status} onSaved={close} />}
      />
      <OptionSection
        title="Priorities"
        noun="priority"
        queryKey={['ticket-priorities']}
        list={priorities}
        endpoints={priorityEndpoints}
        details={(priority) => (
          <>
            <Badge>Rank {priority.rank}</Badge>
            {priority.isDefault && <Badge>Default</Badge>}
          </>
        )}
        form={(priority, close) => <PriorityForm priority={priority} onSaved={close} />}
      />
    </>
  );
}
