import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { BodyOf, TicketField } from '../../api/types.ts';
import { Button, Checkbox, Select, TextField } from '../../ui/index.ts';
import { FormError, fieldError } from '../form-errors.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { type EditableOption, FieldOptionsEditor } from './field-options-editor.tsx';

type NewField = BodyOf<'/api/v1/ticket-fields', 'post'>;
type FieldType = TicketField['type'];

export const FIELD_TYPES: { value: FieldType; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'date', label: 'Date' },
  { value: 'checkbox', label: 'Checkbox' },
  { value: 'select', label: 'Drop-down (one choice)' },
  { value: 'multiselect', label: 'Multiple choice' },
];
const hasOptions = (type: FieldType) => type === 'select' || type === 'multiselect';
const FIELDS_WITH_OWN_ERROR = ['key', 'label', 'options'];

async function saveField({ id, ...body }: NewField & { id?: string }) {
  if (!id) return unwrap(await api.POST('/api/v1/ticket-fields', { body }));
  const { key: _key, type: _type, ...changes } = body;
  return unwrap(await api.PATCH('/api/v1/ticket-fields/{id}', { params: { path: { id } }, body: changes }));
}

/** Defines a field (field null) or changes one; its key and type are fixed once it exists. */
export function FieldForm({ field, onSaved }: { field: TicketField | null; onSaved: () => void }) {
  const [type, setType] = useState<FieldType>(field?.type ?? 'text');
  const [options, setOptions] = useState<EditableOption[]>(
    () => field?.options.map((option) => ({ ...option, saved: true })) ?? [],
  );
  const save = useAdminMutation({
    mutationFn: saveField,
    invalidates: [['ticket-fields']],
    success: (saved) => `Field “${saved.label}” saved`,
    onSuccess: onSaved,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    save.mutate({
      ...(field ? { id: field.id } : {}),
      key: field?.key ?? String(data.get('key')).trim(),
      type,
      label: String(data.get('label')).trim(),
      required: data.get('required') === 'on',
      visibleToCustomers: data.get('visibleToCustomers') === 'on',
      ...(hasOptions(type) ? { options: options.map(({ value, label }) => ({ value, label })) } : {}),
    });
  };
  return (
    <form onSubmit={submit}>
      <TextField
        label="Label"
        name="label"
        required
        maxLength={100}
        defaultValue={field?.label}
        error={fieldError(save.error, 'label')}
      />
      {field ? (
        <p className="muted">
          Key <code>{field.key}</code>, type {FIELD_TYPES.find((t) => t.value === field.type)?.label}: fixed,
          because tickets store values by them.
        </p>
      ) : (
        <>
          <TextField
            label="Key"
            name="key"
            required
            pattern="[a-z][a-z0-9_]{0,49}"
            hint="Lowercase letters, digits and _, starting with a letter; names the field in the API and filters"
            error={fieldError(save.error, 'key')}
          />
          <Select
            label="Type"
            value={type}
            options={FIELD_TYPES}
            onChange={(event) => setType(event.target.value as FieldType)}
          />
        </>
      )}
      {hasOptions(type) && (
        <FieldOptionsEditor
          options={options}
          onChange={setOptions}
          error={fieldError(save.error, 'options')}
        />
      )}
      <div className="stack">
        <Checkbox
          label="Required when an agent opens a ticket"
          name="required"
          defaultChecked={field?.required}
        />
        <Checkbox
          label="Visible to customers (portal and intake forms)"
          name="visibleToCustomers"
          defaultChecked={field?.visibleToCustomers}
        />
      </div>
      <FormError error={save.error} fields={FIELDS_WITH_OWN_ERROR} />
      <div className="dialog-actions">
        <Button onClick={onSaved}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {field ? 'Save field' : 'Create field'}
        </Button>
      </div>
    </form>
  );
}
