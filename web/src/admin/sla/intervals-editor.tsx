import { Button, TextField } from '../../ui/index.ts';
import { isOvernight, LOCAL_TIME_PATTERN } from './calendar-draft.ts';
import type { Interval } from './sla-api.ts';

type IntervalsEditorProps = {
  /** Names the intervals for screen readers and tests: "Monday interval 2 from". */
  label: string;
  intervals: Interval[];
  onChange: (intervals: Interval[]) => void;
  /** The server's error about one interval, by its index. */
  errorAt: (index: number) => string | null;
  /** What a day without intervals is. */
  emptyText: string;
};

/** Open intervals of one day, any number of them: split shifts, lunch breaks, overnight shifts. */
export function IntervalsEditor({ label, intervals, onChange, errorAt, emptyText }: IntervalsEditorProps) {
  const set = (index: number, end: 0 | 1, value: string) =>
    onChange(
      intervals.map((interval, at): Interval => {
        if (at !== index) return interval;
        return end === 0 ? [value, interval[1]] : [interval[0], value];
      }),
    );
  // A new interval starts where the last one ended, so adding the afternoon after lunch is quick.
  const nextStart = intervals.at(-1)?.[1] ?? '09:00';
  return (
    <div className="intervals">
      {intervals.length === 0 && <p className="muted">{emptyText}</p>}
      {intervals.map((interval, index) => {
        const name = `${label} interval ${index + 1}`;
        const error = errorAt(index);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: intervals have no identity but their place
          <div className="inline-form interval-row" key={index}>
            <TextField
              label={`${name} from`}
              hideLabel
              required
              pattern={LOCAL_TIME_PATTERN}
              placeholder="HH:MM"
              inputMode="numeric"
              className="input input-time"
              value={interval[0]}
              onChange={(event) => set(index, 0, event.target.value)}
              error={error}
            />
            <span aria-hidden="true">to</span>
            <TextField
              label={`${name} to`}
              hideLabel
              required
              pattern={LOCAL_TIME_PATTERN}
              placeholder="HH:MM"
              inputMode="numeric"
              className="input input-time"
              value={interval[1]}
              onChange={(event) => set(index, 1, event.target.value)}
            />
            {isOvernight(interval) && <span className="badge">Until {interval[1]} the next day</span>}
            <Button size="small" onClick={() => onChange(intervals.filter((_, at) => at !== index))}>
              Remove<span className="visually-hidden"> {name}</span>
            </Button>
          </div>
        );
      })}
      <Button size="small" onClick={() => onChange([...intervals, [nextStart, '']])}>
        Add interval<span className="visually-hidden"> to {label}</span>
      </Button>
    </div>
  );
}
