import { Button, TextField } from '../../ui/index.ts';
import { fieldError } from '../form-errors.tsx';

/** The name and colour every status and priority has, with the server's error beside each. */
export function NameAndColourFields({
  name,
  color,
  error,
}: {
  name: string | undefined;
  color: string;
  error: unknown;
}) {
  return (
    <>
      <TextField
        label="Name"
        name="name"
        required
        maxLength={60}
        defaultValue={name}
        error={fieldError(error, 'name')}
      />
      <TextField
        label="Colour"
        name="color"
        type="color"
        className="input input-color"
        defaultValue={color}
        error={fieldError(error, 'color')}
      />
    </>
  );
}

/** Cancel, and the submit button naming what it does (add or save). */
export function OptionFormActions({
  onCancel,
  pending,
  submitLabel,
}: {
  onCancel: () => void;
  pending: boolean;
  submitLabel: string;
}) {
  return (
    <div className="dialog-actions">
      <Button onClick={onCancel}>Cancel</Button>
      <Button type="submit" variant="primary" disabled={pending}>
        {submitLabel}
      </Button>
    </div>
  );
}
