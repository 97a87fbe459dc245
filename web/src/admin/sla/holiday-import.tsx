import { type FormEvent, useState } from 'react';
import { Button, TextField } from '../../ui/index.ts';
import { FormError, fieldError } from '../form-errors.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { CALENDARS, type Calendar, type Holiday, type HolidayImport, importHolidays } from './sla-api.ts';

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function importSummary(result: HolidayImport): string {
  const parts = [`${plural(result.imported, 'holiday')} imported`, `${result.alreadyThere} already there`];
  if (result.ignoredTimedEvents > 0)
    parts.push(`${plural(result.ignoredTimedEvents, 'timed event')} left out`);
  if (result.ignoredRecurringEvents > 0)
    parts.push(`${plural(result.ignoredRecurringEvents, 'recurring event')} left out`);
  return `${parts.join(', ')}.`;
}

const describeHoliday = (holiday: Holiday) =>
  [
    holiday.name ?? 'Unnamed',
    `: ${holiday.date}`,
    holiday.until ? ` to ${holiday.until}` : '',
    holiday.yearly ? ', every year' : '',
  ].join('');

/** Adds the all-day events of an .ics file (a country's public holidays, say) to the saved calendar. */
export function HolidayImportSection({ calendar }: { calendar: Calendar }) {
  const [file, setFile] = useState<File | null>(null);
  const upload = useAdminMutation({
    mutationFn: async (chosen: File) => importHolidays({ id: calendar.id, ics: await chosen.text() }),
    invalidates: [CALENDARS],
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) upload.mutate(file);
  };
  const result = upload.data;
  // The server appends what it imports after the holidays the calendar had.
  const added = result
    ? result.calendar.spec.holidays.slice(result.calendar.spec.holidays.length - result.imported)
    : [];
  return (
    <section className="admin-section" aria-labelledby="import-heading">
      <h2 id="import-heading">Import holidays</h2>
      <p className="muted">
        All-day events of an iCalendar file become holidays of the saved calendar; those it has stay as they
        are. Save your changes above first: the calendar reloads after an import.
      </p>
      <form className="inline-form" onSubmit={submit} aria-label="Import holidays">
        <TextField
          label="iCalendar file (.ics)"
          type="file"
          accept=".ics,text/calendar"
          required
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          error={fieldError(upload.error, 'ics')}
        />
        <Button type="submit" disabled={!file || upload.isPending}>
          Import holidays
        </Button>
      </form>
      <FormError error={upload.error} fields={['ics']} />
      <div role="status">
        {result && (
          <>
            <p>{importSummary(result)}</p>
            {added.length > 0 && (
              <ul aria-label="Holidays added">
                {added.map((holiday) => (
                  <li key={`${holiday.date}-${holiday.until ?? ''}-${holiday.yearly ?? false}`}>
                    {describeHoliday(holiday)}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </section>
  );
}
