import { Button, Checkbox, Table, TextField } from '../../ui/index.ts';
import type { HolidayDraft } from './calendar-draft.ts';

type HolidaysEditorProps = {
  holidays: HolidayDraft[];
  onChange: (holidays: HolidayDraft[]) => void;
  errorOf: (field: string) => string | null;
};

const NEW_HOLIDAY: HolidayDraft = { date: '', until: '', yearly: false, name: '' };

/** Closed local dates: one day or a range, once or every year. */
export function HolidaysEditor({ holidays, onChange, errorOf }: HolidaysEditorProps) {
  const set = (index: number, change: Partial<HolidayDraft>) =>
    onChange(holidays.map((holiday, at) => (at === index ? { ...holiday, ...change } : holiday)));
  return (
    <fieldset className="fieldset">
      <legend>Holidays</legend>
      <p className="field-hint">
        Closed all day. “Until” makes a range (both days included); a yearly holiday repeats on the same dates
        every year.
      </p>
      {holidays.length === 0 ? (
        <p className="muted">No holidays.</p>
      ) : (
        <Table caption="Holidays">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Until</th>
              <th scope="col">Yearly</th>
              <th scope="col">Name</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {holidays.map((holiday, index) => {
              const name = `Holiday ${index + 1}`;
              const field = `spec.holidays.${index}`;
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: a new row has no identity but its place
                <tr key={index}>
                  <td>
                    <TextField
                      label={`${name} date`}
                      hideLabel
                      type="date"
                      required
                      value={holiday.date}
                      onChange={(event) => set(index, { date: event.target.value })}
                      error={errorOf(`${field}.date`)}
                    />
                  </td>
                  <td>
                    <TextField
                      label={`${name} until`}
                      hideLabel
                      type="date"
                      value={holiday.until}
                      onChange={(event) => set(index, { until: event.target.value })}
                      error={errorOf(`${field}.until`)}
                    />
                  </td>
                  <td>
                    <Checkbox
                      label={`${name} repeats every year`}
                      hideLabel
                      checked={holiday.yearly}
                      onChange={(event) => set(index, { yearly: event.target.checked })}
                    />
                  </td>
                  <td>
                    <TextField
                      label={`${name} name`}
                      hideLabel
                      maxLength={100}
                      value={holiday.name}
                      onChange={(event) => set(index, { name: event.target.value })}
                      error={errorOf(`${field}.name`)}
                    />
                  </td>
                  <td className="actions">
                    <Button size="small" onClick={() => onChange(holidays.filter((_, at) => at !== index))}>
                      Remove<span className="visually-hidden"> {name}</span>
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      <Button size="small" onClick={() => onChange([...holidays, NEW_HOLIDAY])}>
        Add holiday
      </Button>
    </fieldset>
  );
}
