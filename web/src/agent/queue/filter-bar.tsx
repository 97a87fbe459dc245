import { usePriorities, useStatuses } from '../../api/lookups.ts';
import { Select } from '../../ui/index.ts';

type FilterBarProps = { search: URLSearchParams; onChange: (next: URLSearchParams) => void };

/** Narrowing by status and priority; each choice is a query-string parameter the API understands. */
export function FilterBar({ search, onChange }: FilterBarProps) {
  const statuses = useStatuses();
  const priorities = usePriorities();
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    onChange(next);
  };
  return (
    <div className="filter-bar">
      <Select
        label="Status"
        emptyLabel="Any status"
        value={search.get('statusId') ?? ''}
        options={(statuses.data ?? []).map((status) => ({ value: status.id, label: status.name }))}
        onChange={(event) => set('statusId', event.target.value)}
      />
      <Select
        label="Priority"
        emptyLabel="Any priority"
        value={search.get('priorityId') ?? ''}
        options={(priorities.data ?? []).map((priority) => ({ value: priority.id, label: priority.name }))}
        onChange={(event) => set('priorityId', event.target.value)}
      />
    </div>
  );
}
