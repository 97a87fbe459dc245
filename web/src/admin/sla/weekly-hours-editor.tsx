import { type CalendarDraft, WEEKDAYS } from './calendar-draft.ts';
import { IntervalsEditor } from './intervals-editor.tsx';

type WeeklyHoursEditorProps = {
  hours: CalendarDraft['hours'];
  onChange: (hours: CalendarDraft['hours']) => void;
  /** The server's error for a field of the spec, e.g. `spec.hours.mon.1`. */
  errorOf: (field: string) => string | null;
};

/** Open hours per weekday, local to the calendar's time zone; a day without intervals is closed. */
export function WeeklyHoursEditor({ hours, onChange, errorOf }: WeeklyHoursEditorProps) {
  return (
    <fieldset className="fieldset">
      <legend>Weekly hours</legend>
      <p className="field-hint">
        Times are HH:MM in the calendar's time zone; 24:00 ends a day. An interval that ends before it starts
        (22:00 to 06:00) runs overnight into the next day.
      </p>
      <div className="weekdays">
        {WEEKDAYS.map(({ key, name }) => (
          <fieldset className="weekday" key={key}>
            <legend>{name}</legend>
            <IntervalsEditor
              label={name}
              intervals={hours[key]}
              onChange={(intervals) => onChange({ ...hours, [key]: intervals })}
              errorAt={(index) => errorOf(`spec.hours.${key}.${index}`)}
              emptyText="Closed"
            />
          </fieldset>
        ))}
      </div>
    </fieldset>
  );
}
