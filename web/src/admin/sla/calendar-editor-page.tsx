import { Link, useParams } from 'react-router';
import { useTimeZone } from '../../agent/format.ts';
import { InlineError, Skeleton } from '../../ui/index.ts';
import { CalendarEditor } from './calendar-editor.tsx';
import { CalendarPreview } from './calendar-preview.tsx';
import { HolidayImportSection } from './holiday-import.tsx';
import { useCalendar } from './sla-api.ts';

/** /admin/calendars/new or /admin/calendars/:calendarId: the editor, then the preview and .ics import. */
export function CalendarEditorPage() {
  const { calendarId = 'new' } = useParams();
  const isNew = calendarId === 'new';
  const calendar = useCalendar(isNew ? null : calendarId);
  const organizationZone = useTimeZone();
  return (
    <section className="narrow-page" aria-labelledby="calendar-editor-title">
      <p className="ticket-back">
        <Link to="/admin/calendars">← All calendars</Link>
      </p>
      <h1 id="calendar-editor-title">{isNew ? 'New calendar' : `Edit “${calendar.data?.name ?? '…'}”`}</h1>
      {calendar.data?.isDefault && (
        <p className="muted">The default calendar: policies that name none count on it.</p>
      )}
      {isNew ? (
        <CalendarEditor calendar={null} timeZone={organizationZone} />
      ) : calendar.isPending ? (
        <Skeleton lines={8} />
      ) : calendar.isError ? (
        <InlineError>The calendar could not be loaded: {calendar.error.message}</InlineError>
      ) : (
        <>
          {/* A save or an import gives a new updatedAt: the form starts again from what was stored. */}
          <CalendarEditor
            key={calendar.data.updatedAt}
            calendar={calendar.data}
            timeZone={organizationZone}
          />
          <CalendarPreview calendar={calendar.data} />
          <HolidayImportSection calendar={calendar.data} />
        </>
      )}
    </section>
  );
}
