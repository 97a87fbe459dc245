import { useState } from 'react';
import { Checkbox, type Option, Select, TextField } from '../../ui/index.ts';

/** A choice whose value may be null ("no team", "unassigned"); '' stands for null in the form. */
export type NullableOption = { value: string | null; label: string };

const keyOf = (value: string | null) => value ?? '';

type ChoicesProps = {
  legend: string;
  options: NullableOption[];
  chosen: (string | null)[];
  onChange: (chosen: (string | null)[]) => void;
  error: string | null;
};

/** Any number of values from the organization's data, as checkboxes. */
export function Choices({ legend, options, chosen, onChange, error }: ChoicesProps) {
  return (
    <fieldset className="stack choice-group">
      <legend>{legend}</legend>
      {options.length === 0 && <span className="muted">None yet</span>}
      {options.map((option) => (
        <Checkbox
          key={keyOf(option.value)}
          label={option.label}
          checked={chosen.includes(option.value)}
          onChange={(event) =>
            onChange(
              event.target.checked
                ? [...chosen, option.value]
                : chosen.filter((value) => value !== option.value),
            )
          }
        />
      ))}
      <FieldError error={error} />
    </fieldset>
  );
}

export function FieldError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <span className="field-error" role="alert">
      {error}
    </span>
  );
}

export const splitList = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

type ListFieldProps = {
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  error: string | null;
  hint?: string;
};

/** A list typed as text separated by commas; the text is kept as typed so a trailing comma stays. */
export function ListField({ label, values, onChange, error, hint = 'Separated by commas' }: ListFieldProps) {
  const [text, setText] = useState(() => values.join(', '));
  return (
    <TextField
      label={label}
      hint={hint}
      value={text}
      error={error}
      onChange={(event) => {
        setText(event.target.value);
        onChange(splitList(event.target.value));
      }}
    />
  );
}

type OneOfProps<T extends string> = {
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
  error?: string | null;
  emptyLabel?: string;
};

/** One value from a fixed list, with the error beside it. */
export function OneOf<T extends string>({
  label,
  value,
  options,
  onChange,
  error,
  emptyLabel,
}: OneOfProps<T>) {
  const known = new Set<string>(options.map((option) => option.value));
  // '' is the empty choice, offered only with `emptyLabel`.
  const isOption = (chosen: string): chosen is T =>
    known.has(chosen) || (chosen === '' && emptyLabel !== undefined);
  return (
    <div className="stack">
      <Select
        label={label}
        value={value}
        options={options}
        emptyLabel={emptyLabel}
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          if (isOption(event.target.value)) onChange(event.target.value);
        }}
      />
      <FieldError error={error ?? null} />
    </div>
  );
}

/** Options from a loaded list of named things. */
export const optionsOf = (items: { id: string; name: string }[]): Option[] =>
  items.map((item) => ({ value: item.id, label: item.name }));
