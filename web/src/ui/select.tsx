import { type Ref, type SelectHTMLAttributes, useId } from 'react';

export type Option = { value: string; label: string };

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  options: Option[];
  /** Adds a first option with an empty value (e.g. "Unassigned"). */
  emptyLabel?: string;
  ref?: Ref<HTMLSelectElement>;
};

export function Select({ label, options, emptyLabel, ...select }: SelectProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="input" {...select}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
