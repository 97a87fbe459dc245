import { Checkbox, TextField } from '../../ui/index.ts';
import type { Condition } from './automations-api.ts';
import { customFieldOf, customFieldOptions, fieldValueOptions, typedValue } from './field-values.ts';
import { type Kind, kindsOf, type PartEditorProps, required } from './rule-kinds.tsx';
import { SOURCES } from './trigger-kinds.tsx';
import { Choices, ListField, OneOf, optionsOf } from './value-fields.tsx';

type Of<K extends Condition['type']> = Extract<Condition, { type: K }>;
type TextTarget = Of<'text_words'>['in'];
type StatusCategory = Of<'status_category'>['in'][number];

const CATEGORIES: { value: StatusCategory; label: string }[] = [
  { value: 'new', label: 'New' },
  { value: 'open', label: 'Open' },
  { value: 'pending', label: 'Pending' },
  { value: 'solved', label: 'Solved' },
  { value: 'closed', label: 'Closed' },
];

const TEXT_TARGETS: { value: TextTarget; label: string }[] = [
  { value: 'subject_or_body', label: 'Subject or body' },
  { value: 'subject', label: 'Subject' },
  { value: 'body', label: 'Body' },
];

const condition = kindsOf<Condition>();
const CHOOSE_ONE = 'Choose at least one';
const ENTER_ONE = 'Enter at least one';
const chooseSome = (values: unknown[]) => required('in', values.length === 0, CHOOSE_ONE);
const enterSome = (values: unknown[]) => required('in', values.length === 0, ENTER_ONE);
/** Values picked from a fixed list: only the known ones, typed as the list's. */
const known = <T extends string>(options: { value: T }[], chosen: (string | null)[]) =>
  options.flatMap((option) => (chosen.includes(option.value) ? [option.value] : []));
const ids = (chosen: (string | null)[]) => chosen.filter((value): value is string => value !== null);

/** Every condition kind, in the order the picker offers them. */
export const CONDITION_KINDS: Kind<Condition>[] = [
  condition('status', {
    label: 'Status',
    blank: () => ({ type: 'status', in: [] }),
    problems: (value) => chooseSome(value.in),
    Editor: ({ value, onChange, name, lookups, errorOf }) => (
      <Choices
        legend={`${name}: status is one of`}
        options={optionsOf(lookups.statuses)}
        chosen={value.in}
        onChange={(chosen) => onChange({ type: 'status', in: ids(chosen) })}
        error={errorOf('in')}
      />
    ),
  }),
  condition('status_category', {
    label: 'Status category',
    blank: () => ({ type: 'status_category', in: [] }),
    problems: (value) => chooseSome(value.in),
    Editor: ({ value, onChange, name, errorOf }) => (
      <Choices
        legend={`${name}: status category is one of`}
        options={CATEGORIES}
        chosen={value.in}
        onChange={(chosen) => onChange({ type: 'status_category', in: known(CATEGORIES, chosen) })}
        error={errorOf('in')}
      />
    ),
  }),
  condition('priority', {
    label: 'Priority',
    blank: () => ({ type: 'priority', in: [] }),
    problems: (value) => chooseSome(value.in),
    Editor: ({ value, onChange, name, lookups, errorOf }) => (
      <Choices
        legend={`${name}: priority is one of`}
        options={optionsOf(lookups.priorities)}
        chosen={value.in}
        onChange={(chosen) => onChange({ type: 'priority', in: ids(chosen) })}
        error={errorOf('in')}
      />
    ),
  }),
  condition('team', {
    label: 'Team',
    blank: () => ({ type: 'team', in: [] }),
    problems: (value) => chooseSome(value.in),
    Editor: ({ value, onChange, name, lookups, errorOf }) => (
      <Choices
        legend={`${name}: team is one of`}
        options={fieldValueOptions('teamId', lookups) ?? []}
        chosen={value.in}
        onChange={(chosen) => onChange({ type: 'team', in: chosen })}
        error={errorOf('in')}
      />
    ),
  }),
  condition('assignee', {
    label: 'Assignee',
    blank: () => ({ type: 'assignee', in: [] }),
    problems: (value) => chooseSome(value.in),
    Editor: ({ value, onChange, name, lookups, errorOf }) => (
      <Choices
        legend={`${name}: assignee is one of`}
        options={fieldValueOptions('assigneeId', lookups) ?? []}
        chosen={value.in}
        onChange={(chosen) => onChange({ type: 'assignee', in: chosen })}
        error={errorOf('in')}
      />
    ),
  }),
  condition('tags', {
    label: 'Tags',
    blank: () => ({ type: 'tags', has: 'any', tags: [] }),
    problems: (value) => required('tags', value.tags.length === 0, ENTER_ONE),
    Editor: ({ value, onChange, name, errorOf }) => (
      <div className="form-grid">
        <OneOf
          label={`${name}: the ticket has`}
          value={value.has}
          options={[
            { value: 'any', label: 'Any of the tags' },
            { value: 'none', label: 'None of the tags' },
          ]}
          onChange={(has) => onChange({ ...value, has })}
        />
        <ListField
          label={`${name}: tags`}
          values={value.tags}
          onChange={(tags) => onChange({ ...value, tags })}
          error={errorOf('tags')}
        />
      </div>
    ),
  }),
  condition('source', {
    label: 'Came in by',
    blank: () => ({ type: 'source', in: [] }),
    problems: (value) => chooseSome(value.in),
    Editor: ({ value, onChange, name, errorOf }) => (
      <Choices
        legend={`${name}: came in by one of`}
        options={SOURCES}
        chosen={value.in}
        onChange={(chosen) => onChange({ type: 'source', in: known(SOURCES, chosen) })}
        error={errorOf('in')}
      />
    ),
  }),
  condition('requester_email', {
    label: "Requester's email address",
    blank: () => ({ type: 'requester_email', in: [] }),
    problems: (value) => enterSome(value.in),
    Editor: ({ value, onChange, name, errorOf }) => (
      <ListField
        label={`${name}: requester's address is one of`}
        values={value.in}
        onChange={(addresses) => onChange({ type: 'requester_email', in: addresses })}
        error={errorOf('in')}
      />
    ),
  }),
  condition('requester_domain', {
    label: "Requester's email domain",
    blank: () => ({ type: 'requester_domain', in: [] }),
    problems: (value) => enterSome(value.in),
    Editor: ({ value, onChange, name, errorOf }) => (
      <ListField
        label={`${name}: requester's domain is one of`}
        hint="Separated by commas, e.g. example.com"
        values={value.in}
        onChange={(domains) => onChange({ type: 'requester_domain', in: domains })}
        error={errorOf('in')}
      />
    ),
  }),
  condition('custom_field', {
    label: 'Custom field',
    blank: () => ({ type: 'custom_field', key: '', in: [] }),
    problems: (value) => ({
      ...required('key', value.key === '', 'Choose a field'),
      ...chooseSome(value.in),
    }),
    Editor: CustomFieldCondition,
  }),
  condition('text_words', {
    label: 'Text contains words',
    blank: () => ({ type: 'text_words', in: 'subject_or_body', words: [] }),
    problems: (value) => required('words', value.words.length === 0, 'Enter at least one word or phrase'),
    Editor: ({ value, onChange, name, errorOf }) => (
      <div className="form-grid">
        <OneOf
          label={`${name}: look in`}
          value={value.in}
          options={TEXT_TARGETS}
          onChange={(target) => onChange({ ...value, in: target })}
        />
        <ListField
          label={`${name}: words or phrases`}
          hint="Separated by commas; whole words, any case"
          values={value.words}
          onChange={(words) => onChange({ ...value, words })}
          error={errorOf('words')}
        />
      </div>
    ),
  }),
  condition('text_regex', {
    label: 'Text matches a pattern',
    blank: () => ({ type: 'text_regex', in: 'subject_or_body', pattern: '' }),
    problems: (value) => required('pattern', value.pattern.trim() === '', 'Enter a pattern'),
    Editor: ({ value, onChange, name, errorOf }) => (
      <div className="form-grid">
        <OneOf
          label={`${name}: look in`}
          value={value.in}
          options={TEXT_TARGETS}
          onChange={(target) => onChange({ ...value, in: target })}
        />
        <TextField
          label={`${name}: regular expression`}
          hint="JavaScript syntax, e.g. order #\d+"
          value={value.pattern}
          onChange={(event) => onChange({ ...value, pattern: event.target.value })}
          error={errorOf('pattern')}
        />
        <Checkbox
          label={`${name}: ignore case`}
          checked={value.ignoreCase ?? false}
          onChange={(event) => onChange({ ...value, ignoreCase: event.target.checked })}
        />
      </div>
    ),
  }),
  condition('business_hours', {
    label: 'Business hours',
    blank: () => ({ type: 'business_hours', is: 'in' }),
    Editor: ({ value, onChange, name }) => (
      <OneOf
        label={`${name}: now is`}
        value={value.is}
        options={[
          { value: 'in', label: 'Within business hours' },
          { value: 'out', label: 'Outside business hours' },
        ]}
        onChange={(is) => onChange({ type: 'business_hours', is })}
      />
    ),
  }),
  condition('changed', {
    label: 'Changed from / to',
    blank: () => ({ type: 'changed' }),
    problems: (value) =>
      required('to', !value.from?.length && !value.to?.length, 'Give the values it changed from or to'),
    Editor: ChangedCondition,
  }),
];

function CustomFieldCondition({
  value,
  onChange,
  name,
  lookups,
  errorOf,
}: PartEditorProps<Of<'custom_field'>>) {
  const field = lookups.fields.find((candidate) => candidate.key === value.key);
  const options = customFieldOptions(field);
  return (
    <div className="form-grid">
      <OneOf
        label={`${name}: field`}
        value={value.key}
        emptyLabel="Choose a field"
        options={lookups.fields.map((candidate) => ({ value: candidate.key, label: candidate.label }))}
        onChange={(key) => onChange({ type: 'custom_field', key, in: [] })}
        error={errorOf('key')}
      />
      {options ? (
        <Choices
          legend={`${name}: holds one of`}
          options={options}
          chosen={value.in.map((item) => (item === null ? null : String(item)))}
          onChange={(chosen) =>
            onChange({ ...value, in: ids(chosen).map((item) => typedValue(item, field)) })
          }
          error={errorOf('in')}
        />
      ) : (
        <ListField
          key={value.key}
          label={`${name}: holds one of`}
          values={value.in.map(String)}
          onChange={(typed) => onChange({ ...value, in: typed.map((item) => typedValue(item, field)) })}
          error={errorOf('in')}
        />
      )}
    </div>
  );
}

function ChangedCondition({
  value,
  onChange,
  name,
  lookups,
  triggerField,
  errorOf,
}: PartEditorProps<Of<'changed'>>) {
  const options = fieldValueOptions(triggerField, lookups);
  const field = customFieldOf(lookups, triggerField);
  const orNothing = <K extends 'from' | 'to'>(key: K, values: Of<'changed'>[K]) =>
    values && values.length > 0 ? { [key]: values } : {};
  const editor = (key: 'from' | 'to', label: string) =>
    options ? (
      <Choices
        legend={`${name}: ${label}`}
        options={options}
        chosen={(value[key] ?? []).map((item) => (item === null ? null : String(item)))}
        onChange={(chosen) => {
          const { [key]: _dropped, ...rest } = value;
          const typed = chosen.map((item) => (item === null ? null : typedValue(item, field)));
          onChange({ ...rest, ...orNothing(key, typed) });
        }}
        error={errorOf(key)}
      />
    ) : (
      <ListField
        label={`${name}: ${label}`}
        values={(value[key] ?? []).map(String)}
        onChange={(typed) => {
          const { [key]: _dropped, ...rest } = value;
          onChange({
            ...rest,
            ...orNothing(
              key,
              typed.map((item) => typedValue(item, field)),
            ),
          });
        }}
        error={errorOf(key)}
      />
    );
  return (
    <>
      <p className="field-hint">
        For a rule whose trigger is a field changing: compares the old and new value of{' '}
        {triggerField ?? 'that field'}.
      </p>
      <div className="form-grid">
        {editor('from', 'changed from one of')}
        {editor('to', 'changed to one of')}
      </div>
    </>
  );
}
