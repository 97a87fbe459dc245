import { Button, TextField } from '../../ui/index.ts';

export type EditableOption = { value: string; label: string; saved: boolean };

type FieldOptionsEditorProps = {
  options: EditableOption[];
  onChange: (options: EditableOption[]) => void;
  error: string | null;
};

/** The choices of a select field. A saved option's value is fixed: tickets store it. */
export function FieldOptionsEditor({ options, onChange, error }: FieldOptionsEditorProps) {
  const set = (index: number, change: Partial<EditableOption>) =>
    onChange(options.map((option, at) => (at === index ? { ...option, ...change } : option)));
  return (
    <fieldset className="fieldset">
      <legend>Options</legend>
      {options.map((option, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a new row has no identity but its place yet
        <div className="inline-form" key={index}>
          <TextField
            label={`Option ${index + 1} label`}
            required
            maxLength={100}
            value={option.label}
            onChange={(event) =>
              set(index, {
                label: event.target.value,
                // A new option's value follows its label until someone types one.
                ...(option.saved
                  ? {}
                  : { value: event.target.value.trim().toLowerCase().replace(/\s+/g, '_') }),
              })
            }
          />
          <TextField
            label={`Option ${index + 1} value`}
            required
            maxLength={100}
            readOnly={option.saved}
            hint={option.saved ? 'Stored on tickets; fixed' : undefined}
            value={option.value}
            onChange={(event) => set(index, { value: event.target.value })}
          />
          <Button size="small" onClick={() => onChange(options.filter((_, at) => at !== index))}>
            Remove<span className="visually-hidden"> option {index + 1}</span>
          </Button>
        </div>
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <Button size="small" onClick={() => onChange([...options, { value: '', label: '', saved: false }])}>
        Add option
      </Button>
    </fieldset>
  );
}
