import { TextField } from '../../ui/index.ts';
import type { Trigger } from './automations-api.ts';
import { type Kind, kindsOf, type PartEditorProps, type Problems, required } from './rule-kinds.tsx';
import { Choices, optionsOf } from './value-fields.tsx';

type InStatus = Extract<Trigger, { type: 'time.in_status' }>;
type OpenCategory = NonNullable<InStatus['categories']>[number];

const OPEN_CATEGORIES: { value: OpenCategory; label: string }[] = [
  { value: 'new', label: 'New' },
  { value: 'open', label: 'Open' },
  { value: 'pending', label: 'Pending' },
];

const trigger = kindsOf<Trigger>();

// The server takes quarter hours from 0.25 to 2,000.
const hoursProblem = (hours: number): Problems =>
  required(
    'hours',
    !(hours >= 0.25 && hours <= 2000 && Number.isInteger(hours * 4)),
    'Enter 0.25 to 2000 hours, in quarter hours',
  );

function Hours<T extends { type: string; hours: number }>({
  value,
  onChange,
  name,
  errorOf,
}: PartEditorProps<T>) {
  return (
    <TextField
      label={`${name}: business hours`}
      hint="Counted on the calendar of the ticket's SLA policy, else the organization's default one"
      type="number"
      min={0.25}
      max={2000}
      step={0.25}
      value={Number.isNaN(value.hours) ? '' : String(value.hours)}
      onChange={(event) => onChange({ ...value, hours: event.target.valueAsNumber })}
      error={errorOf('hours')}
    />
  );
}

function InStatusEditor(props: PartEditorProps<InStatus>) {
  const { value, onChange, name, lookups, errorOf } = props;
  // Solved and closed tickets never fire, so only the statuses a ticket can wait in are offered.
  const waiting = lookups.statuses.filter((status) => !['solved', 'closed'].includes(status.category));
  const ids = (chosen: (string | null)[]) => chosen.filter((id): id is string => id !== null);
  return (
    <div className="stack">
      <Choices
        legend={`${name}: in one of these statuses`}
        options={optionsOf(waiting)}
        chosen={value.statusIds ?? []}
        onChange={(chosen) => onChange({ ...value, statusIds: orNone(ids(chosen)) })}
        error={errorOf('statusIds')}
      />
      <Choices
        legend={`${name}: or in a status of these categories`}
        options={OPEN_CATEGORIES}
        chosen={value.categories ?? []}
        onChange={(chosen) =>
          onChange({
            ...value,
            categories: orNone(
              OPEN_CATEGORIES.flatMap((option) => (chosen.includes(option.value) ? [option.value] : [])),
            ),
          })
        }
        error={null}
      />
      <Hours {...props} />
    </div>
  );
}

/** An empty choice is left out rather than sent empty. */
const orNone = <T,>(values: T[]): T[] | undefined => (values.length > 0 ? values : undefined);

/** The time-based trigger kinds: a ticket has been in a state for some business hours. */
export const TIME_TRIGGER_KINDS: Kind<Trigger>[] = [
  trigger('time.in_status', {
    label: 'A ticket has been in a status for a while',
    blank: () => ({ type: 'time.in_status', hours: 8 }),
    problems: (value) => ({
      ...required(
        'statusIds',
        !value.statusIds?.length && !value.categories?.length,
        'Choose at least one status or category',
      ),
      ...hoursProblem(value.hours),
    }),
    Editor: InStatusEditor,
  }),
  trigger('time.unassigned', {
    label: 'A ticket has been unassigned for a while',
    blank: () => ({ type: 'time.unassigned', hours: 2 }),
    problems: (value) => hoursProblem(value.hours),
    Editor: Hours,
  }),
  trigger('time.no_customer_reply', {
    label: 'The customer has not replied for a while',
    blank: () => ({ type: 'time.no_customer_reply', hours: 48 }),
    problems: (value) => hoursProblem(value.hours),
    Editor: Hours,
  }),
];
