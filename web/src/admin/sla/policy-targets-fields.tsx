import { ApiError } from '../../api/client.ts';
import type { Priority } from '../../api/types.ts';
import { Button, Select, TextField } from '../../ui/index.ts';
import { fieldError } from '../form-errors.tsx';
import { DURATION_PATTERN, EMPTY_TARGET, METRICS, type TargetDraft } from './policy-draft.ts';

type PolicyTargetsFieldsProps = {
  targets: TargetDraft[];
  priorities: Priority[];
  onChange: (targets: TargetDraft[]) => void;
  error: unknown;
};

/** Whether the server's error names exactly `field` (not something inside it). */
const isExactly = (error: unknown, field: string) =>
  error instanceof ApiError && error.details.field === field;

/** Times promised per priority; one target may cover every priority the others do not name. */
export function PolicyTargetsFields({ targets, priorities, onChange, error }: PolicyTargetsFieldsProps) {
  const set = (index: number, change: Partial<TargetDraft>) =>
    onChange(targets.map((target, at) => (at === index ? { ...target, ...change } : target)));
  return (
    <fieldset className="fieldset">
      <legend>Targets</legend>
      <p className="field-hint">
        Hours and minutes (h:mm) of business time, or of every minute when the policy counts calendar hours. A
        time left empty is not promised; give at least one per target.
      </p>
      {targets.map((target, index) => {
        const name = `Target ${index + 1}`;
        const field = `targets.${index}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a new target has no identity but its place
          <fieldset className="fieldset" key={index}>
            <legend>{name}</legend>
            <div className="form-grid">
              <Select
                label="Priority"
                emptyLabel="Every other priority"
                value={target.priorityId}
                options={priorities.map((priority) => ({ value: priority.id, label: priority.name }))}
                onChange={(event) => set(index, { priorityId: event.target.value })}
              />
              {METRICS.map((metric) => (
                <TextField
                  key={metric.key}
                  label={metric.label}
                  placeholder="h:mm"
                  pattern={DURATION_PATTERN}
                  value={target[metric.key]}
                  onChange={(event) => set(index, { [metric.key]: event.target.value })}
                  error={fieldError(error, `${field}.${metric.key}`)}
                />
              ))}
            </div>
            {fieldError(error, `${field}.priorityId`) && (
              <p className="field-error" role="alert">
                {fieldError(error, `${field}.priorityId`)}
              </p>
            )}
            {isExactly(error, field) && (
              <p className="field-error" role="alert">
                Give at least one of the times for this target.
              </p>
            )}
            <Button size="small" onClick={() => onChange(targets.filter((_, at) => at !== index))}>
              Remove<span className="visually-hidden"> {name}</span>
            </Button>
          </fieldset>
        );
      })}
      {isExactly(error, 'targets') && (
        <p className="field-error" role="alert">
          A policy needs at least one target.
        </p>
      )}
      <Button size="small" onClick={() => onChange([...targets, EMPTY_TARGET])}>
        Add target
      </Button>
    </fieldset>
  );
}
