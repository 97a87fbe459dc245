import { useId } from 'react';

export type ToggleOption<T extends string> = { value: T; label: string; className?: string };

type ToggleProps<T extends string> = {
  label: string;
  value: T;
  options: ToggleOption<T>[];
  onChange: (value: T) => void;
};

/** A segmented choice made of real radio buttons: arrow keys, focus and screen readers work natively. */
export function Toggle<T extends string>({ label, value, options, onChange }: ToggleProps<T>) {
  const name = useId();
  return (
    <fieldset className="toggle">
      <legend className="visually-hidden">{label}</legend>
      {options.map((option) => (
        <label key={option.value} className={option.className}>
          <input
            type="radio"
            className="visually-hidden"
            name={name}
            value={option.value}
            checked={option.value === value}
            onChange={() => onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
