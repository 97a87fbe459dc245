import type { TicketField } from '../../api/types.ts';
import { Select, TextField } from '../../ui/index.ts';
import type { Trigger } from './automations-api.ts';
import {
  customFieldOf,
  type FieldValue,
  fieldValueOptions,
  typedValue,
  watchableFields,
} from './field-values.ts';
import { type Kind, kindsOf, type PartEditorProps } from './rule-kinds.tsx';
import { TIME_TRIGGER_KINDS } from './time-trigger-kinds.tsx';
import { Choices, type NullableOption, OneOf } from './value-fields.tsx';

type Source = NonNullable<Extract<Trigger, { type: 'ticket.created' }>['sources']>[number];
type Timer = NonNullable<Extract<Trigger, { type: 'sla.at_risk' }>['timers']>[number];

export const SOURCES: { value: Source; label: string }[] = [
  { value: 'portal', label: 'Portal' },
  { value: 'email', label: 'Email' },
  { value: 'agent', label: 'Agent' },
  { value: 'api', label: 'API' },
];

const TIMERS: { value: Timer; label: string }[] = [
  { value: 'first_response', label: 'First response' },
  { value: 'next_response', label: 'Next response' },
  { value: 'resolution', label: 'Resolution' },
];

const trigger = kindsOf<Trigger>();

function SlaTimers<T extends { type: string; timers?: Timer[] }>({
  value,
  onChange,
  name,
}: PartEditorProps<T>) {
  return (
    <Choices
      legend={`${name}: timers (none chosen: any)`}
      options={TIMERS}
      chosen={value.timers ?? []}
      onChange={(chosen) => {
        const timers = TIMERS.flatMap((timer) => (chosen.includes(timer.value) ? [timer.value] : []));
        onChange({ ...value, timers: timers.length > 0 ? timers : undefined });
      }}
      error={null}
    />
  );
}

/** Every trigger kind, in the order the picker offers them. */
export const TRIGGER_KINDS: Kind<Trigger>[] = [
  trigger('ticket.created', {
    label: 'A ticket is created',
    blank: () => ({ type: 'ticket.created' }),
    Editor: ({ value, onChange, name, errorOf }) => (
      <Choices
        legend={`${name}: came in by (none chosen: any)`}
        options={SOURCES}
        chosen={value.sources ?? []}
        onChange={(chosen) => {
          const sources = SOURCES.flatMap((source) => (chosen.includes(source.value) ? [source.value] : []));
          // An empty filter means "any source": it is left out rather than sent empty.
          onChange({ type: 'ticket.created', sources: sources.length > 0 ? sources : undefined });
        }}
        error={errorOf('sources')}
      />
    ),
  }),
  trigger('comment.added', {
    label: 'A comment is added',
    blank: () => ({ type: 'comment.added' }),
    Editor: ({ value, onChange, name }) => (
      <div className="form-grid">
        <OneOf
          label={`${name}: visibility`}
          value={value.visibility ?? 'any'}
          options={[
            { value: 'any', label: 'Public or internal' },
            { value: 'public', label: 'Public' },
            { value: 'internal', label: 'Internal' },
          ]}
          onChange={(visibility) =>
            onChange({ ...value, visibility: visibility === 'any' ? undefined : visibility })
          }
        />
        <OneOf
          label={`${name}: written by`}
          value={value.author ?? 'any'}
          options={[
            { value: 'any', label: 'Anyone' },
            { value: 'contact', label: 'The customer' },
            { value: 'agent', label: 'An agent' },
          ]}
          onChange={(author) => onChange({ ...value, author: author === 'any' ? undefined : author })}
        />
      </div>
    ),
  }),
  trigger('ticket.updated', {
    label: 'A ticket field changes',
    blank: () => ({ type: 'ticket.updated' }),
    Editor: UpdatedTrigger,
  }),
  trigger('sla.at_risk', {
    label: 'An SLA timer is at risk',
    blank: () => ({ type: 'sla.at_risk' }),
    Editor: SlaTimers,
  }),
  trigger('sla.breached', {
    label: 'An SLA timer breaches',
    blank: () => ({ type: 'sla.breached' }),
    Editor: SlaTimers,
  }),
  ...TIME_TRIGGER_KINDS,
];

function UpdatedTrigger(props: PartEditorProps<Extract<Trigger, { type: 'ticket.updated' }>>) {
  const { value, onChange, name, lookups, errorOf } = props;
  const options = fieldValueOptions(value.field, lookups);
  const field = customFieldOf(lookups, value.field);
  return (
    <div className="form-grid">
      <OneOf
        label={`${name}: field`}
        value={value.field ?? ''}
        emptyLabel="Any field"
        options={watchableFields(lookups)}
        onChange={(watched) => onChange({ type: 'ticket.updated', ...(watched ? { field: watched } : {}) })}
        error={errorOf('field')}
      />
      {value.field && (
        <>
          <ValuePicker
            label={`${name}: from`}
            value={value.from}
            options={options}
            field={field}
            onChange={(from) => onChange({ ...value, from })}
            error={errorOf('from')}
          />
          <ValuePicker
            label={`${name}: to`}
            value={value.to}
            options={options}
            field={field}
            onChange={(to) => onChange({ ...value, to })}
            error={errorOf('to')}
          />
        </>
      )}
    </div>
  );
}

// null is a value ("no team"); the empty choice is "any value", which leaves the filter out.
const NONE = '__none__';

type ValuePickerProps = {
  label: string;
  value: FieldValue | undefined;
  options: NullableOption[] | null;
  field: TicketField | undefined;
  onChange: (value: FieldValue | undefined) => void;
  error: string | null;
};

function ValuePicker({ label, value, options, field, onChange, error }: ValuePickerProps) {
  if (!options)
    return (
      <TextField
        label={label}
        hint="Empty: any value"
        value={value === undefined || value === null ? '' : String(value)}
        onChange={(event) =>
          onChange(event.target.value === '' ? undefined : typedValue(event.target.value, field))
        }
        error={error}
      />
    );
  return (
    <div className="stack">
      <Select
        label={label}
        emptyLabel="Any value"
        value={value === undefined ? '' : value === null ? NONE : String(value)}
        options={options.map((option) => ({ value: option.value ?? NONE, label: option.label }))}
        onChange={(event) => {
          const chosen = event.target.value;
          onChange(chosen === '' ? undefined : chosen === NONE ? null : typedValue(chosen, field));
        }}
      />
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
