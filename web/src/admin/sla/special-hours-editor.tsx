import { Button, TextField } from '../../ui/index.ts';
import type { SpecialHoursDraft } from './calendar-draft.ts';
import { IntervalsEditor } from './intervals-editor.tsx';

type SpecialHoursEditorProps = {
  specialHours: SpecialHoursDraft[];
  onChange: (specialHours: SpecialHoursDraft[]) => void;
  errorOf: (field: string) => string | null;
};

/** Dates whose hours replace their weekday's: a half day on 24 December, or opening on a holiday. */
export function SpecialHoursEditor({ specialHours, onChange, errorOf }: SpecialHoursEditorProps) {
  const set = (index: number, change: Partial<SpecialHoursDraft>) =>
    onChange(specialHours.map((special, at) => (at === index ? { ...special, ...change } : special)));
  return (
    <fieldset className="fieldset">
      <legend>Special hours</legend>
      <p className="field-hint">
        These hours replace the weekday's on that date, holiday or not; without intervals the date is closed.
      </p>
      {specialHours.map((special, index) => {
        const name = `Special date ${index + 1}`;
        const field = `spec.specialHours.${index}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a new row has no identity but its place
          <div className="special-date" key={index}>
            <div className="inline-form">
              <TextField
                label={name}
                type="date"
                required
                value={special.date}
                onChange={(event) => set(index, { date: event.target.value })}
                error={errorOf(`${field}.date`)}
              />
              <Button size="small" onClick={() => onChange(specialHours.filter((_, at) => at !== index))}>
                Remove<span className="visually-hidden"> {name}</span>
              </Button>
            </div>
            <IntervalsEditor
              label={name}
              intervals={special.hours}
              onChange={(hours) => set(index, { hours })}
              errorAt={(at) => errorOf(`${field}.hours.${at}`)}
              emptyText="Closed all day"
            />
          </div>
        );
      })}
      <Button size="small" onClick={() => onChange([...specialHours, { date: '', hours: [] }])}>
        Add special date
      </Button>
    </fieldset>
  );
}
