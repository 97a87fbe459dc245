import { TextArea, TextField } from '../../ui/index.ts';
import type { Action } from './automations-api.ts';
import { customFieldOptions, fieldValueOptions, typedValue } from './field-values.ts';
import { type Kind, kindsOf, type PartEditorProps, type Problems, required } from './rule-kinds.tsx';
import { Choices, ListField, type NullableOption, OneOf, optionsOf } from './value-fields.tsx';

type Of<K extends Action['type']> = Extract<Action, { type: K }>;
type EmailText = { subject: string; body: string };

const action = kindsOf<Action>();
// null is a value ("no team"); '' is "not chosen yet", which the form refuses to send.
const NONE = '__none__';
const encode = (value: string | null) => (value === null ? NONE : value);
const decode = (value: string) => (value === NONE ? null : value);
const nullable = (options: NullableOption[]) =>
  options.map((option) => ({ value: encode(option.value), label: option.label }));

const emailProblems = ({ subject, body }: EmailText): Problems => ({
  ...required('subject', subject.trim() === '', 'Enter a subject'),
  ...required('body', body.trim() === '', 'Enter the message'),
});

function EmailFields<T extends EmailText>({ value, onChange, name, errorOf }: PartEditorProps<T>) {
  return (
    <>
      <TextField
        label={`${name}: subject`}
        hint="Placeholders as in canned responses, e.g. {{ticket.subject}}"
        value={value.subject}
        onChange={(event) => onChange({ ...value, subject: event.target.value })}
        error={errorOf('subject')}
      />
      <TextArea
        label={`${name}: message`}
        rows={4}
        value={value.body}
        onChange={(event) => onChange({ ...value, body: event.target.value })}
        error={errorOf('body')}
      />
    </>
  );
}

const STRATEGIES: { value: Of<'assign_by_strategy'>['strategy']; label: string }[] = [
  { value: 'round_robin', label: 'Round robin: the next member in turn' },
  { value: 'least_open', label: 'Least busy: fewest open tickets' },
];

/** Every action kind, in the order the picker offers them. */
export const ACTION_KINDS: Kind<Action>[] = [
  action('set_status', {
    label: 'Set the status',
    blank: () => ({ type: 'set_status', statusId: '' }),
    problems: (value) => required('statusId', value.statusId === '', 'Choose a status'),
    Editor: ({ value, onChange, name, lookups, errorOf }) => (
      <OneOf
        label={`${name}: status`}
        emptyLabel="Choose a status"
        value={value.statusId}
        options={optionsOf(lookups.statuses)}
        onChange={(statusId) => onChange({ type: 'set_status', statusId })}
        error={errorOf('statusId')}
      />
    ),
  }),
  action('set_priority', {
    label: 'Set the priority',
    blank: () => ({ type: 'set_priority', priorityId: '' }),
    problems: (value) => required('priorityId', value.priorityId === '', 'Choose a priority'),
    Editor: ({ value, onChange, name, lookups, errorOf }) => (
      <OneOf
        label={`${name}: priority`}
        emptyLabel="Choose a priority"
        value={value.priorityId}
        options={optionsOf(lookups.priorities)}
        onChange={(priorityId) => onChange({ type: 'set_priority', priorityId })}
        error={errorOf('priorityId')}
      />
    ),
  }),
  action('set_team', {
    label: 'Set the team',
    blank: () => ({ type: 'set_team', teamId: '' }),
    problems: (value) => required('teamId', value.teamId === '', 'Choose a team'),
    Editor: ({ value, onChange, name, lookups, errorOf }) => (
      <OneOf
        label={`${name}: team`}
        emptyLabel="Choose a team"
        value={value.teamId === '' ? '' : encode(value.teamId)}
        options={nullable(fieldValueOptions('teamId', lookups) ?? [])}
        onChange={(teamId) => onChange({ type: 'set_team', teamId: decode(teamId) })}
        error={errorOf('teamId')}
      />
    ),
  }),
  action('set_assignee', {
    label: 'Set the assignee',
    blank: () => ({ type: 'set_assignee', assigneeId: '' }),
    problems: (value) => required('assigneeId', value.assigneeId === '', 'Choose an agent'),
    Editor: ({ value, onChange, name, lookups, errorOf }) => (
      <OneOf
        label={`${name}: assignee`}
        emptyLabel="Choose an agent"
        value={value.assigneeId === '' ? '' : encode(value.assigneeId)}
        options={nullable(fieldValueOptions('assigneeId', lookups) ?? [])}
        onChange={(assigneeId) => onChange({ type: 'set_assignee', assigneeId: decode(assigneeId) })}
        error={errorOf('assigneeId')}
      />
    ),
  }),
  action('add_tags', {
    label: 'Add tags',
    blank: () => ({ type: 'add_tags', tags: [] }),
    problems: (value) => required('tags', value.tags.length === 0, 'Enter at least one tag'),
    Editor: ({ value, onChange, name, errorOf }) => (
      <ListField
        label={`${name}: tags to add`}
        values={value.tags}
        onChange={(tags) => onChange({ type: 'add_tags', tags })}
        error={errorOf('tags')}
      />
    ),
  }),
  action('remove_tags', {
    label: 'Remove tags',
    blank: () => ({ type: 'remove_tags', tags: [] }),
    problems: (value) => required('tags', value.tags.length === 0, 'Enter at least one tag'),
    Editor: ({ value, onChange, name, errorOf }) => (
      <ListField
        label={`${name}: tags to remove`}
        values={value.tags}
        onChange={(tags) => onChange({ type: 'remove_tags', tags })}
        error={errorOf('tags')}
      />
    ),
  }),
  action('set_custom_field', {
    label: 'Set a custom field',
    blank: () => ({ type: 'set_custom_field', key: '', value: null }),
    problems: (value) => required('key', value.key === '', 'Choose a field'),
    Editor: CustomFieldAction,
  }),
  action('add_internal_note', {
    label: 'Add an internal note',
    blank: () => ({ type: 'add_internal_note', body: '' }),
    problems: (value) => required('body', value.body.trim() === '', 'Enter the note'),
    Editor: ({ value, onChange, name, errorOf }) => (
      <TextArea
        label={`${name}: note`}
        rows={3}
        value={value.body}
        onChange={(event) => onChange({ type: 'add_internal_note', body: event.target.value })}
        error={errorOf('body')}
      />
    ),
  }),
  action('assign_by_strategy', {
    label: 'Assign within a team',
    blank: () => ({ type: 'assign_by_strategy', strategy: 'round_robin' }),
    Editor: ({ value, onChange, name, lookups, errorOf }) => (
      <div className="form-grid">
        <OneOf
          label={`${name}: team`}
          emptyLabel="The ticket's team"
          value={value.teamId ?? ''}
          options={optionsOf(lookups.teams)}
          onChange={(teamId) =>
            onChange({ type: value.type, strategy: value.strategy, ...(teamId ? { teamId } : {}) })
          }
          error={errorOf('teamId')}
        />
        <OneOf
          label={`${name}: strategy`}
          value={value.strategy}
          options={STRATEGIES}
          onChange={(strategy) => onChange({ ...value, strategy })}
        />
      </div>
    ),
  }),
  action('email_requester', {
    label: 'Email the requester',
    blank: () => ({ type: 'email_requester', subject: '', body: '' }),
    problems: emailProblems,
    Editor: EmailFields,
  }),
  action('email_agents', {
    label: 'Email agents',
    blank: () => ({ type: 'email_agents', to: 'assignee', subject: '', body: '' }),
    problems: emailProblems,
    Editor: (props) => (
      <>
        <AgentRecipients {...props} />
        <EmailFields {...props} />
      </>
    ),
  }),
  action('webhook', {
    label: 'Call a webhook',
    blank: () => ({ type: 'webhook', url: '' }),
    problems: (value) => required('url', !/^https?:\/\/\S/.test(value.url), 'Enter an https:// address'),
    Editor: ({ value, onChange, name, errorOf }) => (
      <div className="form-grid">
        <TextField
          label={`${name}: URL`}
          type="url"
          placeholder="https://"
          value={value.url}
          onChange={(event) => onChange({ ...value, url: event.target.value })}
          error={errorOf('url')}
        />
        <TextField
          label={`${name}: signing secret`}
          hint="Optional, 16 to 200 characters; signs each call (HMAC-SHA256)"
          value={value.secret ?? ''}
          minLength={16}
          maxLength={200}
          onChange={(event) => {
            const { secret: _old, ...rest } = value;
            onChange(event.target.value ? { ...rest, secret: event.target.value } : rest);
          }}
          error={errorOf('secret')}
        />
      </div>
    ),
  }),
];

const RECIPIENTS = [
  { value: 'assignee', label: 'The assignee' },
  { value: 'team', label: "The ticket team's members" },
  { value: 'team_manager', label: "The ticket team's manager" },
] as const;

function AgentRecipients({ value, onChange, name, lookups, errorOf }: PartEditorProps<Of<'email_agents'>>) {
  const chosen = typeof value.to === 'string' ? value.to : value.to.agentId;
  const options = [
    ...RECIPIENTS,
    ...lookups.agents.map((agent) => ({ value: agent.id, label: `Agent: ${agent.name}` })),
  ];
  return (
    <OneOf
      label={`${name}: to`}
      value={chosen}
      options={options}
      onChange={(to) => {
        const named = RECIPIENTS.find((recipient) => recipient.value === to);
        onChange({ ...value, to: named ? named.value : { agentId: to } });
      }}
      error={errorOf('to')}
    />
  );
}

function CustomFieldAction({
  value,
  onChange,
  name,
  lookups,
  errorOf,
}: PartEditorProps<Of<'set_custom_field'>>) {
  const field = lookups.fields.find((candidate) => candidate.key === value.key);
  const options = customFieldOptions(field);
  const shown = value.value === null || value.value === undefined ? '' : String(value.value);
  const set = (text: string) => onChange({ ...value, value: text === '' ? null : typedValue(text, field) });
  return (
    <div className="form-grid">
      <OneOf
        label={`${name}: field`}
        emptyLabel="Choose a field"
        value={value.key}
        options={lookups.fields.map((candidate) => ({ value: candidate.key, label: candidate.label }))}
        onChange={(key) => onChange({ type: 'set_custom_field', key, value: null })}
        error={errorOf('key')}
      />
      {field?.type === 'multiselect' ? (
        <Choices
          legend={`${name}: values`}
          options={field.options}
          chosen={Array.isArray(value.value) ? value.value.map(String) : []}
          onChange={(chosen) => onChange({ ...value, value: chosen.length > 0 ? chosen : null })}
          error={errorOf('value')}
        />
      ) : options ? (
        <OneOf
          label={`${name}: value`}
          emptyLabel="Clear it"
          value={shown}
          options={nullable(options)}
          onChange={set}
          error={errorOf('value')}
        />
      ) : (
        <TextField
          label={`${name}: value`}
          hint="Empty clears it"
          value={shown}
          onChange={(event) => set(event.target.value)}
          error={errorOf('value')}
        />
      )}
    </div>
  );
}
