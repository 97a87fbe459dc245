import { useEffect, useState } from 'react';
import { usePriorities, useStatuses } from '../../api/lookups.ts';
import { Select, TextField } from '../../ui/index.ts';

type FilterBarProps = { search: URLSearchParams; onChange: (next: URLSearchParams) => void };

/** Narrowing by status, priority and tags; each choice is a query-string parameter the API understands. */
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
      <TagFilter search={search} onChange={onChange} />
    </div>
  );
}

/**
 * Tags as typed, applied on Enter or when the field is left (not on every keystroke, which would
 * load the queue once per letter). Each tag becomes one `tag` parameter: a ticket must carry all.
 */
function TagFilter({ search, onChange }: FilterBarProps) {
  const applied = search.getAll('tag').join(' ');
  const [text, setText] = useState(applied);
  useEffect(() => setText(applied), [applied]);
  const apply = () => {
    const tags = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
    if (tags.join(' ') === applied) return;
    const next = new URLSearchParams(search);
    next.delete('tag');
    for (const tag of tags) next.append('tag', tag);
    onChange(next);
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
    >
      <TextField
        label="Tags"
        placeholder="e.g. vip billing"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onBlur={apply}
      />
    </form>
  );
}
