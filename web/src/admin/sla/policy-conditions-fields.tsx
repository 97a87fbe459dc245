import type { Priority, TicketField } from '../../api/types.ts';
import { Button, Checkbox, Select, TextField } from '../../ui/index.ts';
import { fieldError } from '../form-errors.tsx';
import type { CustomFieldConditionDraft, PolicyDraft, Source } from './policy-draft.ts';

const SOURCES: { value: Source; label: string }[] = [
  { value: 'portal', label: 'Portal' },
  { value: 'email', label: 'Email' },
  { value: 'agent', label: 'Agent' },
  { value: 'api', label: 'API' },
];

type ConditionsDraft = Pick<
  PolicyDraft,
  'priorityIds' | 'teamIds' | 'companies' | 'tags' | 'sources' | 'customFields'
>;

type PolicyConditionsFieldsProps = {
  draft: ConditionsDraft;
  onChange: (change: Partial<ConditionsDraft>) => void;
  priorities: Priority[];
  teams: { id: string; name: string }[];
  fields: TicketField[];
  error: unknown;
};

/** Which tickets the policy covers: every condition filled in must hold, each by any of its values. */
export function PolicyConditionsFields(props: PolicyConditionsFieldsProps) {
  const { draft, onChange, priorities, teams, fields, error } = props;
  const errorOf = (field: string) => fieldError(error, `conditions.${field}`);
  return (
    <fieldset className="fieldset">
      <legend>Conditions</legend>
      <p className="field-hint">
        Leave everything empty to cover every ticket. Within one condition any of its values is enough.
      </p>
      <div className="form-grid">
        <ChoiceGroup
          legend="Priority is one of"
          options={priorities.map((priority) => ({ value: priority.id, label: priority.name }))}
          chosen={draft.priorityIds}
          onChange={(priorityIds) => onChange({ priorityIds })}
          error={errorOf('priorityIds')}
        />
        <ChoiceGroup
          legend="Team is one of"
          options={teams.map((team) => ({ value: team.id, label: team.name }))}
          chosen={draft.teamIds}
          onChange={(teamIds) => onChange({ teamIds })}
          error={errorOf('teamIds')}
        />
        <ChoiceGroup
          legend="Came in by"
          options={SOURCES}
          chosen={draft.sources}
          onChange={(sources) => onChange({ sources })}
          error={errorOf('sources')}
        />
      </div>
      <div className="form-grid">
        <TextField
          label="Requester's company is one of"
          hint="Separated by commas; case does not matter"
          value={draft.companies}
          onChange={(event) => onChange({ companies: event.target.value })}
          error={errorOf('companies')}
        />
        <TextField
          label="Has one of the tags"
          hint="Separated by commas"
          value={draft.tags}
          onChange={(event) => onChange({ tags: event.target.value })}
          error={errorOf('tags')}
        />
      </div>
      <CustomFieldConditions
        conditions={draft.customFields}
        fields={fields}
        onChange={(customFields) => onChange({ customFields })}
        errorAt={(index) => errorOf(`customFields.${index}`)}
      />
    </fieldset>
  );
}

type ChoiceGroupProps<T extends string> = {
  legend: string;
  options: { value: T; label: string }[];
  chosen: T[];
  onChange: (chosen: T[]) => void;
  error: string | null;
};

function ChoiceGroup<T extends string>({ legend, options, chosen, onChange, error }: ChoiceGroupProps<T>) {
  return (
    <fieldset className="stack choice-group">
      <legend>{legend}</legend>
      {options.length === 0 && <span className="muted">None yet</span>}
      {options.map((option) => (
        <Checkbox
          key={option.value}
          label={option.label}
          checked={chosen.includes(option.value)}
          onChange={(event) =>
            onChange(
              event.target.checked
                ? [...chosen, option.value]
                : chosen.filter((value) => value !== option.value),
            )
          }
        />
      ))}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}

type CustomFieldConditionsProps = {
  conditions: CustomFieldConditionDraft[];
  fields: TicketField[];
  onChange: (conditions: CustomFieldConditionDraft[]) => void;
  errorAt: (index: number) => string | null;
};

function CustomFieldConditions({ conditions, fields, onChange, errorAt }: CustomFieldConditionsProps) {
  const set = (index: number, change: Partial<CustomFieldConditionDraft>) =>
    onChange(conditions.map((condition, at) => (at === index ? { ...condition, ...change } : condition)));
  return (
    <div className="stack">
      {conditions.map((condition, index) => {
        const name = `Custom field ${index + 1}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a new condition has no identity but its place
          <div className="inline-form" key={index}>
            <Select
              label={name}
              emptyLabel="Choose a field"
              value={condition.key}
              options={fields.map((field) => ({ value: field.key, label: field.label }))}
              onChange={(event) => set(index, { key: event.target.value })}
            />
            <TextField
              label={`${name} is one of`}
              hint="Separated by commas"
              value={condition.values}
              onChange={(event) => set(index, { values: event.target.value })}
              error={errorAt(index)}
            />
            <Button size="small" onClick={() => onChange(conditions.filter((_, at) => at !== index))}>
              Remove<span className="visually-hidden"> {name}</span>
            </Button>
          </div>
        );
      })}
      {fields.length > 0 && (
        <div>
          <Button size="small" onClick={() => onChange([...conditions, { key: '', values: '' }])}>
            Add a custom field condition
          </Button>
        </div>
      )}
    </div>
  );
}
