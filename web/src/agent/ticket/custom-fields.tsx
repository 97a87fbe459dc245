import { useTicketFields } from '../../api/lookups.ts';
import type { TicketField } from '../../api/types.ts';
import { Checkbox, Select, TextField } from '../../ui/index.ts';

type Values = Record<string, unknown>;

/** One input per active custom field, by its type; values are keyed by the field's key. */
export function CustomFields({ values, onChange }: { values: Values; onChange: (next: Values) => void }) {
  const fields = useTicketFields();
  const active = (fields.data ?? []).filter((field) => !field.archivedAt);
  if (active.length === 0) return null;
  const set = (key: string, value: unknown) => {
    const next = { ...values };
    if (value === '' || value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  return (
    <fieldset className="custom-fields">
      <legend>Fields</legend>
      {active.map((field) => (
        <FieldInput
          key={field.id}
          field={field}
          value={values[field.key]}
          onChange={(value) => set(field.key, value)}
        />
      ))}
    </fieldset>
  );
}

type FieldInputProps = { field: TicketField; value: unknown; onChange: (value: unknown) => void };

function FieldInput({ field, value, onChange }: FieldInputProps) {
  const label = field.required ? `${field.label} (required)` : field.label;
  switch (field.type) {
    case 'checkbox':
      return (
        <div className="field">
          <Checkbox
            label={field.label}
            checked={value === true}
            onChange={(event) => onChange(event.target.checked)}
          />
        </div>
      );
    case 'select':
      return (
        <Select
          label={label}
          emptyLabel="—"
          value={typeof value === 'string' ? value : ''}
          options={field.options}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case 'multiselect': {
      const chosen = Array.isArray(value) ? value.map(String) : [];
      return (
        <fieldset className="field">
          <legend>{label}</legend>
          {field.options.map((option) => (
            <Checkbox
              key={option.value}
              label={option.label}
              checked={chosen.includes(option.value)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...chosen, option.value]
                    : chosen.filter((item) => item !== option.value),
                )
              }
            />
          ))}
        </fieldset>
      );
    }
    case 'number':
      return (
        <TextField
          label={label}
          type="number"
          value={typeof value === 'number' ? String(value) : ''}
          onChange={(event) => onChange(event.target.value === '' ? '' : Number(event.target.value))}
        />
      );
    case 'date':
    case 'text':
      return (
        <TextField
          label={label}
          type={field.type === 'date' ? 'date' : 'text'}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value)}
        />
      );
  }
}
