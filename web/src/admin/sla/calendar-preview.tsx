import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button, TextField } from '../../ui/index.ts';
import { FormError, fieldError } from '../form-errors.tsx';
import { type Calendar, previewCalendar } from './sla-api.ts';
import { formatWallClock, instantOfWallClock } from './zoned-time.ts';

/** "A ticket created at T with an N-minute target is due at …", on the saved calendar. */
export function CalendarPreview({ calendar }: { calendar: Calendar }) {
  const { timeZone } = calendar.spec;
  const [created, setCreated] = useState('');
  const [minutes, setMinutes] = useState('120');
  const preview = useMutation({ mutationFn: previewCalendar });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    preview.mutate({
      id: calendar.id,
      start: instantOfWallClock(created, timeZone),
      minutes: Number(minutes),
    });
  };
  const answer = preview.data;
  return (
    <section className="admin-section" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview</h2>
      <p className="muted">When a ticket is due on this calendar as saved, in {timeZone}.</p>
      <form className="inline-form" onSubmit={submit} aria-label="Preview a due time">
        <TextField
          label={`Ticket created at (${timeZone})`}
          type="datetime-local"
          required
          value={created}
          onChange={(event) => setCreated(event.target.value)}
          error={fieldError(preview.error, 'start')}
        />
        <TextField
          label="Target (business minutes)"
          type="number"
          required
          min={0}
          max={525_600}
          value={minutes}
          onChange={(event) => setMinutes(event.target.value)}
          error={fieldError(preview.error, 'minutes')}
        />
        <Button type="submit" disabled={preview.isPending}>
          Preview due time
        </Button>
      </form>
      <FormError error={preview.error} fields={['start', 'minutes']} />
      <p role="status" className="preview-answer">
        {answer &&
          `A ticket created at ${formatWallClock(answer.start, timeZone)} with a ${answer.minutes}-minute target is due at ${answer.dueLocal}.`}
      </p>
    </section>
  );
}
