import { type ReactNode, useId } from 'react';
import { TextField } from '../../ui/index.ts';
import type { FormField } from '../portal-types.ts';
import type { InputValue } from './form-values.ts';

type FieldInputProps = {
  field: FormField;
  value: InputValue;
  error: string | undefined;
  onChange: (value: InputValue) => void;
};

export const requiredLabel = (label: string, required: boolean) => (required ? `${label} (required)` : label);

/** One of the form's custom fields, as the input its type needs, with its help text and problem. */
export function FieldInput({ field, value, error, onChange }: FieldInputProps) {
  const label = requiredLabel(field.label, field.required);
  const hint = field.helpText ?? undefined;
  const common = { 'aria-required': field.required, 'aria-invalid': error ? true : undefined };
  switch (field.type) {
    case 'text':
    case 'number':
    case 'date':
      return (
        <TextField
          label={label}
          hint={hint}
          error={error}
          type={field.type === 'date' ? 'date' : 'text'}
          inputMode={field.type === 'number' ? 'decimal' : undefined}
          value={String(value)}
          onChange={(event) => onChange(event.target.value)}
          {...common}
        />
      );
    case 'checkbox':
      return (
        <Described hint={hint} error={error}>
          {(describedBy) => (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={value === true}
                onChange={(event) => onChange(event.target.checked)}
                aria-describedby={describedBy}
                {...common}
              />
              <span>{label}</span>
            </label>
          )}
        </Described>
      );
    case 'select':
      return (
        <Described hint={hint} error={error}>
          {(describedBy, id) => (
            <>
              <label htmlFor={id}>{label}</label>
              <select
                id={id}
                className="input"
                value={String(value)}
                onChange={(event) => onChange(event.target.value)}
                aria-describedby={describedBy}
                {...common}
              >
                <option value="">Choose…</option>
                {field.options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </>
          )}
        </Described>
      );
    case 'multiselect': {
      const chosen = Array.isArray(value) ? value : [];
      return (
        <Described hint={hint} error={error} group={label}>
          {(describedBy) =>
            field.options.map((option) => (
              <label key={option.value} className="checkbox">
                <input
                  type="checkbox"
                  checked={chosen.includes(option.value)}
                  onChange={(event) =>
                    onChange(
                      event.target.checked
                        ? [...chosen, option.value]
                        : chosen.filter((other) => other !== option.value),
                    )
                  }
                  aria-describedby={describedBy}
                  // The first option carries the group's state, so a problem can take the focus to it.
                  {...(option === field.options[0] ? common : {})}
                />
                <span>{option.label}</span>
              </label>
            ))
          }
        </Described>
      );
    }
  }
}

type DescribedProps = {
  hint: string | undefined;
  error: string | undefined;
  /** A group of controls (a multiselect's options) gets a fieldset with this legend. */
  group?: string;
  children: (describedBy: string | undefined, id: string) => ReactNode;
};

/** The frame TextField gives its input, for the other controls: help text and problem tied by ids. */
function Described({ hint, error, group, children }: DescribedProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const notes = (
    <>
      {hint && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
  if (group) {
    return (
      <fieldset className="field portal-fieldset">
        <legend>{group}</legend>
        {children(describedBy || undefined, id)}
        {notes}
      </fieldset>
    );
  }
  return (
    <div className="field">
      {children(describedBy || undefined, id)}
      {notes}
    </div>
  );
}
