import type { FormEvent } from 'react';
import type { Status } from '../../api/types.ts';
import { Checkbox, Select } from '../../ui/index.ts';
import { FormError } from '../form-errors.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { type StatusInput, saveStatus } from './option-endpoints.ts';
import { NameAndColourFields, OptionFormActions } from './option-form-fields.tsx';

export const STATUS_CATEGORIES: { value: Status['category']; label: string }[] = [
  { value: 'new', label: 'New' },
  { value: 'open', label: 'Open (work to do)' },
  { value: 'pending', label: 'Pending (waiting on someone)' },
  { value: 'solved', label: 'Solved' },
  { value: 'closed', label: 'Closed' },
];

export const categoryLabel = (category: Status['category']) =>
  STATUS_CATEGORIES.find((option) => option.value === category)?.label ?? category;

const FIELDS_WITH_OWN_ERROR = ['name', 'color'];

/** Adds a status (status null) or changes one: name, colour, category, SLA pause, default for new tickets. */
export function StatusForm({ status, onSaved }: { status: Status | null; onSaved: () => void }) {
  const save = useAdminMutation({
    mutationFn: saveStatus,
    invalidates: [['ticket-statuses']],
    success: (saved) => `Status “${saved.name}” saved`,
    onSuccess: onSaved,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.mutate({
      ...(status ? { id: status.id } : {}),
      name: String(form.get('name')).trim(),
      color: String(form.get('color')),
      category: String(form.get('category')) as StatusInput['category'],
      pausesSla: form.get('pausesSla') === 'on',
      isDefaultForNew: form.get('isDefaultForNew') === 'on',
    });
  };
  return (
    <form onSubmit={submit}>
      <NameAndColourFields name={status?.name} color={status?.color ?? '#2563eb'} error={save.error} />
      <Select
        label="Category"
        name="category"
        defaultValue={status?.category ?? 'open'}
        options={STATUS_CATEGORIES}
      />
      <p className="field-hint">The category decides SLA timers, reopening and reports.</p>
      <Checkbox label="Pauses the SLA clock" name="pausesSla" defaultChecked={status?.pausesSla} />
      {status?.isDefaultForNew ? (
        <p className="muted">New tickets get this status.</p>
      ) : (
        <Checkbox label="New tickets get this status" name="isDefaultForNew" />
      )}
      <FormError error={save.error} fields={FIELDS_WITH_OWN_ERROR} />
      <OptionFormActions
        onCancel={onSaved}
        pending={save.isPending}
        submitLabel={status ? 'Save status' : 'Add status'}
      />
    </form>
  );
}
