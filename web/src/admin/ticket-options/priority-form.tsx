import type { FormEvent } from 'react';
import type { Priority } from '../../api/types.ts';
import { Checkbox, TextField } from '../../ui/index.ts';
import { FormError, fieldError } from '../form-errors.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { savePriority } from './option-endpoints.ts';
import { NameAndColourFields, OptionFormActions } from './option-form-fields.tsx';

/** Adds a priority (priority null) or changes one: name, colour, rank, default. */
export function PriorityForm({ priority, onSaved }: { priority: Priority | null; onSaved: () => void }) {
  const save = useAdminMutation({
    mutationFn: savePriority,
    invalidates: [['ticket-priorities']],
    success: (saved) => `Priority “${saved.name}” saved`,
    onSuccess: onSaved,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.mutate({
      ...(priority ? { id: priority.id } : {}),
      name: String(form.get('name')).trim(),
      color: String(form.get('color')),
      rank: Number(form.get('rank')),
      isDefault: form.get('isDefault') === 'on',
    });
  };
  return (
    <form onSubmit={submit}>
      <NameAndColourFields name={priority?.name} color={priority?.color ?? '#3b82f6'} error={save.error} />
      <TextField
        label="Rank"
        name="rank"
        type="number"
        min={0}
        max={1000}
        required
        hint="Higher is more urgent; sorting by priority uses it"
        defaultValue={priority?.rank ?? 50}
        error={fieldError(save.error, 'rank')}
      />
      {priority?.isDefault ? (
        <p className="muted">New tickets get this priority.</p>
      ) : (
        <Checkbox label="New tickets get this priority" name="isDefault" />
      )}
      <FormError error={save.error} fields={['name', 'color', 'rank']} />
      <OptionFormActions
        onCancel={onSaved}
        pending={save.isPending}
        submitLabel={priority ? 'Save priority' : 'Add priority'}
      />
    </form>
  );
}
