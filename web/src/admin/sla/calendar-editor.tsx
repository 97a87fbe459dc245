import { type FormEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, TextField } from '../../ui/index.ts';
import { FormError, fieldError } from '../form-errors.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { type CalendarDraft, calendarDraftOf, calendarInputOf, specError } from './calendar-draft.ts';
import { HolidaysEditor } from './holidays-editor.tsx';
import { CALENDARS, type Calendar, saveCalendar } from './sla-api.ts';
import { SpecialHoursEditor } from './special-hours-editor.tsx';
import { WeeklyHoursEditor } from './weekly-hours-editor.tsx';

// Suggestions only: the server decides what an IANA zone is.
const TIME_ZONES = Intl.supportedValuesOf('timeZone');

const FIELDS_WITH_OWN_ERROR = ['name', 'spec.timeZone', 'spec.hours', 'spec.holidays', 'spec.specialHours'];

/** Name, time zone, weekly hours, holidays and special hours of a new (null) or saved calendar. */
export function CalendarEditor({ calendar, timeZone }: { calendar: Calendar | null; timeZone: string }) {
  const navigate = useNavigate();
  const zonesId = useId();
  const [draft, setDraft] = useState(() => calendarDraftOf(calendar, timeZone));
  const set = <K extends keyof CalendarDraft>(key: K, value: CalendarDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const save = useAdminMutation({
    mutationFn: saveCalendar,
    invalidates: [CALENDARS],
    success: (saved) => `Calendar “${saved.name}” saved`,
    // A new calendar opens as a saved one, where its preview and holiday import are.
    onSuccess: (saved) => calendar === null && navigate(`/admin/calendars/${saved.id}`),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ ...(calendar ? { id: calendar.id } : {}), ...calendarInputOf(draft) });
  };
  const errorOf = (field: string) => specError(save.error, field);
  return (
    <form onSubmit={submit} aria-label="Calendar">
      <div className="form-grid">
        <TextField
          label="Name"
          required
          maxLength={100}
          value={draft.name}
          onChange={(event) => set('name', event.target.value)}
          error={fieldError(save.error, 'name')}
        />
        <TextField
          label="Time zone"
          required
          list={zonesId}
          hint="An IANA name, e.g. Europe/Berlin; every time and date of the calendar is local to it"
          value={draft.timeZone}
          onChange={(event) => set('timeZone', event.target.value)}
          error={errorOf('spec.timeZone')}
        />
        <datalist id={zonesId}>
          {TIME_ZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </div>
      <WeeklyHoursEditor hours={draft.hours} onChange={(hours) => set('hours', hours)} errorOf={errorOf} />
      <HolidaysEditor
        holidays={draft.holidays}
        onChange={(holidays) => set('holidays', holidays)}
        errorOf={errorOf}
      />
      <SpecialHoursEditor
        specialHours={draft.specialHours}
        onChange={(specialHours) => set('specialHours', specialHours)}
        errorOf={errorOf}
      />
      <FormError error={save.error} fields={FIELDS_WITH_OWN_ERROR} />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {calendar ? 'Save calendar' : 'Create calendar'}
        </Button>
      </div>
    </form>
  );
}
