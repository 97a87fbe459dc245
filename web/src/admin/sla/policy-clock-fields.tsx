import { Checkbox, Select, TextField, Toggle } from '../../ui/index.ts';
import { fieldError } from '../form-errors.tsx';
import type { PolicyDraft } from './policy-draft.ts';
import type { Calendar, SlaTimer } from './sla-api.ts';

const TIMERS: { value: SlaTimer; label: string }[] = [
  { value: 'first_response', label: 'First response' },
  { value: 'next_response', label: 'Next response' },
  { value: 'resolution', label: 'Resolution' },
];

type ClockDraft = Pick<PolicyDraft, 'hours' | 'calendarId' | 'pausableTimers' | 'atRiskKind' | 'atRiskValue'>;

type PolicyClockFieldsProps = {
  draft: ClockDraft;
  onChange: (change: Partial<ClockDraft>) => void;
  calendars: Calendar[];
  error: unknown;
};

/** How the policy's timers count: which hours, on which calendar, what pauses them, when they are at risk. */
export function PolicyClockFields({ draft, onChange, calendars, error }: PolicyClockFieldsProps) {
  const defaultCalendar = calendars.find((calendar) => calendar.isDefault);
  const toggleTimer = (timer: SlaTimer, on: boolean) =>
    onChange({
      pausableTimers: on
        ? [...draft.pausableTimers, timer]
        : draft.pausableTimers.filter((chosen) => chosen !== timer),
    });
  return (
    <fieldset className="fieldset">
      <legend>Clock</legend>
      <p className="field-hint">
        Business hours count only the calendar's open time; calendar hours count every minute.
      </p>
      <Toggle
        label="Count"
        value={draft.hours}
        options={[
          { value: 'business', label: 'Business hours' },
          { value: 'calendar', label: 'Calendar hours' },
        ]}
        onChange={(hours) => onChange({ hours })}
      />
      <div className="form-grid">
        <Select
          label="Calendar"
          emptyLabel={`The default calendar${defaultCalendar ? ` (now ${defaultCalendar.name})` : ''}`}
          value={draft.calendarId}
          options={calendars.map((calendar) => ({ value: calendar.id, label: calendar.name }))}
          onChange={(event) => onChange({ calendarId: event.target.value })}
        />
        <Select
          label="At risk when"
          value={draft.atRiskKind}
          options={[
            { value: 'percent', label: 'this share of the target is used' },
            { value: 'minutesBefore', label: 'this many minutes are left' },
          ]}
          onChange={(event) => onChange({ atRiskKind: event.target.value as ClockDraft['atRiskKind'] })}
        />
        <TextField
          label={draft.atRiskKind === 'percent' ? 'Percent of the target used' : 'Minutes before due'}
          type="number"
          required
          min={1}
          max={draft.atRiskKind === 'percent' ? 99 : undefined}
          value={draft.atRiskValue}
          onChange={(event) => onChange({ atRiskValue: event.target.value })}
          error={fieldError(error, 'atRisk')}
        />
      </div>
      {fieldError(error, 'calendarId') && (
        <p className="field-error" role="alert">
          {fieldError(error, 'calendarId')}
        </p>
      )}
      <fieldset className="stack choice-group">
        <legend>Timers that pause while the ticket is in a status that pauses the SLA</legend>
        {TIMERS.map((timer) => (
          <Checkbox
            key={timer.value}
            label={timer.label}
            checked={draft.pausableTimers.includes(timer.value)}
            onChange={(event) => toggleTimer(timer.value, event.target.checked)}
          />
        ))}
      </fieldset>
    </fieldset>
  );
}
