import { useState } from 'react';
import { Link } from 'react-router';
import type { TicketField } from '../../api/types.ts';
import { Button, Checkbox, Select, TextField } from '../../ui/index.ts';
import { moveItem } from '../ticket-options/move-item.ts';

export type FormFieldDraft = { fieldKey: string; label: string; helpText: string; required: boolean };

type FormFieldsEditorProps = {
  fields: FormFieldDraft[];
  /** Custom fields a form may ask for: in use and visible to customers. */
  available: TicketField[];
  onChange: (fields: FormFieldDraft[]) => void;
  error: string | null;
};

/** The custom fields a form asks for, in order, each with its own label, help text and required flag. */
export function FormFieldsEditor({ fields, available, onChange, error }: FormFieldsEditorProps) {
  const [chosenKey, setChosenKey] = useState('');
  const unused = available.filter((field) => !fields.some((chosen) => chosen.fieldKey === field.key));
  const labelOf = (key: string) => available.find((field) => field.key === key)?.label ?? key;
  const set = (index: number, change: Partial<FormFieldDraft>) =>
    onChange(fields.map((field, at) => (at === index ? { ...field, ...change } : field)));
  const move = (from: number, to: number) => onChange(moveItem(fields, from, to));

  return (
    <fieldset className="fieldset">
      <legend>Fields</legend>
      <p className="field-hint">
        Every form asks for a subject and a message. Add custom fields that are visible to customers (
        <Link to="/admin/fields">custom fields</Link>).
      </p>
      {fields.map((field, index) => (
        <fieldset className="fieldset" key={field.fieldKey}>
          <legend>
            {index + 1}. {labelOf(field.fieldKey)} <code>{field.fieldKey}</code>
          </legend>
          <div className="form-grid">
            <TextField
              label="Label on this form"
              hint="Empty: the field's own label"
              maxLength={100}
              value={field.label}
              onChange={(event) => set(index, { label: event.target.value })}
            />
            <TextField
              label="Help text"
              maxLength={500}
              value={field.helpText}
              onChange={(event) => set(index, { helpText: event.target.value })}
            />
          </div>
          <div className="inline-form">
            <Checkbox
              label="Required"
              checked={field.required}
              onChange={(event) => set(index, { required: event.target.checked })}
            />
            <Button size="small" disabled={index === 0} onClick={() => move(index, index - 1)}>
              Move up<span className="visually-hidden"> {labelOf(field.fieldKey)}</span>
            </Button>
            <Button
              size="small"
              disabled={index === fields.length - 1}
              onClick={() => move(index, index + 1)}
            >
              Move down<span className="visually-hidden"> {labelOf(field.fieldKey)}</span>
            </Button>
            <Button size="small" onClick={() => onChange(fields.filter((_, at) => at !== index))}>
              Remove<span className="visually-hidden"> {labelOf(field.fieldKey)}</span>
            </Button>
          </div>
        </fieldset>
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {available.length === 0 ? (
        <p className="muted">No custom field is visible to customers yet.</p>
      ) : (
        <div className="inline-form">
          <Select
            label="Add a field"
            emptyLabel="Choose a field"
            value={chosenKey}
            options={unused.map((field) => ({ value: field.key, label: field.label }))}
            onChange={(event) => setChosenKey(event.target.value)}
          />
          <Button
            disabled={!chosenKey}
            onClick={() => {
              onChange([...fields, { fieldKey: chosenKey, label: '', helpText: '', required: false }]);
              setChosenKey('');
            }}
          >
            Add field
          </Button>
        </div>
      )}
    </fieldset>
  );
}
