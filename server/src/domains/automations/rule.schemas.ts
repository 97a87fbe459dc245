import { type Static, type TSchema, Type } from 'typebox';
import { Uuid } from '../../lib/http-schemas.ts';
import { SlaTimerSchema } from '../sla/sla.schemas.ts';
import { StatusCategorySchema } from '../ticket-settings/ticket-settings.schemas.ts';
import { SourceSchema } from '../tickets/tickets.schemas.ts';

// Version 1 of a rule's shape. Each part is a union on `type`, so later kinds join without touching
// the ones here, as the time triggers did; macros reuse the ticket actions' definitions.
export const RULE_SCHEMA_VERSION = 1;

const AnyOf = <T extends TSchema>(item: T, description?: string) =>
  Type.Array(item, {
    minItems: 1,
    maxItems: 100,
    uniqueItems: true,
    ...(description ? { description } : {}),
  });

/** A value a ticket field holds: an id, a tag list's member, a custom field's value; null for none. */
const FieldValue = Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean(), Type.Null()]);
const CustomFieldKey = Type.String({ pattern: '^[a-z][a-z0-9_]{0,49}$' });
const Tag = Type.String({ minLength: 1, maxLength: 50, pattern: '^[^\\s,]+$' });
const Tags = Type.Array(Tag, { minItems: 1, maxItems: 50, uniqueItems: true });

/** The ticket fields an update trigger can name: `customFields.<key>` for a custom field. */
export const UpdatedField = Type.String({
  pattern: '^(subject|statusId|priorityId|teamId|assigneeId|tags|customFields\\.[a-z][a-z0-9_]{0,49})$',
  description: 'subject, statusId, priorityId, teamId, assigneeId, tags or customFields.<key>',
});

// Triggers: which ticket events a rule looks at.

/** The most a time trigger waits: a year of 40-hour weeks. */
export const MAX_TRIGGER_HOURS = 2000;

const BusinessHours = Type.Number({
  minimum: 0.25,
  maximum: MAX_TRIGGER_HOURS,
  multipleOf: 0.25,
  description: "Business hours of the ticket's SLA calendar, in quarter hours",
});

/** Time triggers count only on tickets still being worked on. */
const OpenCategory = Type.Union([Type.Literal('new'), Type.Literal('open'), Type.Literal('pending')]);

const rule = <K extends string, T extends Record<string, TSchema>>(
  type: K,
  properties: T,
  description: string,
) => Type.Object({ type: Type.Literal(type), ...properties }, { additionalProperties: false, description });

export const TriggerSchema = Type.Union([
  rule('ticket.created', { sources: Type.Optional(AnyOf(SourceSchema)) }, 'A ticket was opened'),
  rule(
    'comment.added',
    {
      visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('internal')])),
      author: Type.Optional(Type.Union([Type.Literal('contact'), Type.Literal('agent')])),
    },
    "A comment was added (not a ticket's opening message)",
  ),
  rule(
    'ticket.updated',
    {
      field: Type.Optional(UpdatedField),
      from: Type.Optional(FieldValue),
      to: Type.Optional(FieldValue),
    },
    'A field changed; `from` and `to` only with `field`',
  ),
  rule('sla.at_risk', { timers: Type.Optional(AnyOf(SlaTimerSchema)) }, 'An SLA timer became at risk'),
  rule('sla.breached', { timers: Type.Optional(AnyOf(SlaTimerSchema)) }, 'An SLA timer breached'),
  rule(
    'time.in_status',
    {
      statusIds: Type.Optional(AnyOf(Uuid, 'Statuses (not solved or closed ones)')),
      categories: Type.Optional(AnyOf(OpenCategory)),
      hours: BusinessHours,
    },
    'The ticket has been in one of these statuses (or a status of one of these categories) for `hours` ' +
      'business hours without leaving them; give statusIds, categories or both',
  ),
  rule(
    'time.unassigned',
    { hours: BusinessHours },
    'The ticket, neither solved nor closed, has had no assignee for `hours` business hours',
  ),
  rule(
    'time.no_customer_reply',
    { hours: BusinessHours },
    "`hours` business hours have passed since an agent's last public reply, with no customer message " +
      'since (the ticket neither solved nor closed)',
  ),
]);
export type Trigger = Static<typeof TriggerSchema>;
export type TriggerType = Trigger['type'];

/** The triggers the time scheduler fires, rather than a ticket event. */
export type TimeTrigger = Extract<Trigger, { type: `time.${string}` }>;
export const isTimeTrigger = (trigger: Trigger): trigger is TimeTrigger => trigger.type.startsWith('time.');

// Conditions: what must hold of the ticket (and the event) for the actions to run.

const TextTarget = Type.Union(
  [Type.Literal('subject'), Type.Literal('body'), Type.Literal('subject_or_body')],
  {
    description: "body: the triggering comment for comment triggers, else the ticket's first comment",
  },
);

export const MAX_REGEX_LENGTH = 500;

export const ConditionSchema = Type.Union([
  rule('status', { in: AnyOf(Uuid) }, 'The status is one of these'),
  rule('status_category', { in: AnyOf(StatusCategorySchema) }, "The status's category is one of these"),
  rule('priority', { in: AnyOf(Uuid) }, 'The priority is one of these'),
  rule('team', { in: AnyOf(Type.Union([Uuid, Type.Null()]), 'null: no team') }, 'The team is one of these'),
  rule(
    'assignee',
    { in: AnyOf(Type.Union([Uuid, Type.Null()]), 'null: unassigned') },
    'The assignee is one of these',
  ),
  rule(
    'tags',
    { has: Type.Union([Type.Literal('any'), Type.Literal('none')]), tags: Tags },
    'The ticket has any of the tags, or none of them',
  ),
  rule('source', { in: AnyOf(SourceSchema) }, 'The ticket came in through one of these'),
  rule(
    'requester_email',
    { in: AnyOf(Type.String({ minLength: 3, maxLength: 254 })) },
    "The requester's address is one of these (case-insensitive)",
  ),
  rule(
    'requester_domain',
    { in: AnyOf(Type.String({ minLength: 1, maxLength: 253, pattern: '^[^@\\s]+$' })) },
    "The requester's address is at one of these domains (case-insensitive)",
  ),
  rule(
    'custom_field',
    { key: CustomFieldKey, in: AnyOf(FieldValue, 'One value for "equals"') },
    'The custom field holds one of these (a multiselect: any of them)',
  ),
  rule(
    'text_words',
    { in: TextTarget, words: AnyOf(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })) },
    'The text contains any of the words or phrases, whole and case-insensitive',
  ),
  rule(
    'text_regex',
    {
      in: TextTarget,
      pattern: Type.String({ minLength: 1, maxLength: MAX_REGEX_LENGTH }),
      ignoreCase: Type.Optional(Type.Boolean()),
    },
    'The text matches a JavaScript regular expression, given a time limit',
  ),
  rule(
    'business_hours',
    { is: Type.Union([Type.Literal('in'), Type.Literal('out')]) },
    "Now is in (or out of) the default SLA calendar's business hours",
  ),
  rule(
    'changed',
    { from: Type.Optional(AnyOf(FieldValue)), to: Type.Optional(AnyOf(FieldValue)) },
    'For update triggers: the field changed from one of `from` and/or to one of `to`',
  ),
]);
export type Condition = Static<typeof ConditionSchema>;

const Conditions = Type.Array(ConditionSchema, { maxItems: 50 });

export const ConditionsSchema = Type.Object(
  { all: Type.Optional(Conditions), any: Type.Optional(Conditions) },
  {
    additionalProperties: false,
    description: 'Every condition of `all`, and at least one of `any` when it has some; `{}` always holds',
  },
);
export type RuleConditions = Static<typeof ConditionsSchema>;

// Actions: what a rule changes, applied in order, all in one transaction. Emails and webhooks are
// queued in that transaction and sent after it commits.

/** Templates with the canned-response placeholders, checked when the rule is saved. */
const EmailText = {
  subject: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
  body: Type.String({ minLength: 1, maxLength: 10_000, pattern: '\\S' }),
};

/**
 * The actions that change only the ticket itself, shared with macros (which an agent applies by hand).
 * Each is its own schema so the two unions list the same definitions.
 */
export const SetStatusAction = rule('set_status', { statusId: Uuid }, 'Set the status');
export const SetPriorityAction = rule('set_priority', { priorityId: Uuid }, 'Set the priority');
export const SetTeamAction = rule(
  'set_team',
  { teamId: Type.Union([Uuid, Type.Null()]) },
  'Set the team (null: none)',
);
export const SetAssigneeAction = rule(
  'set_assignee',
  { assigneeId: Type.Union([Uuid, Type.Null()]) },
  'Set the assignee (null: nobody)',
);
export const AddTagsAction = rule('add_tags', { tags: Tags }, 'Add tags');
export const RemoveTagsAction = rule('remove_tags', { tags: Tags }, 'Remove tags');
export const SetCustomFieldAction = rule(
  'set_custom_field',
  { key: CustomFieldKey, value: Type.Unknown() },
  'Set a custom field (null clears it)',
);
export const AddInternalNoteAction = rule(
  'add_internal_note',
  { body: Type.String({ minLength: 1, maxLength: 10_000, pattern: '\\S' }) },
  'Add an internal note (by the automation, or by the agent applying a macro)',
);

export const ActionSchema = Type.Union([
  SetStatusAction,
  SetPriorityAction,
  SetTeamAction,
  SetAssigneeAction,
  AddTagsAction,
  RemoveTagsAction,
  SetCustomFieldAction,
  AddInternalNoteAction,
  rule(
    'assign_by_strategy',
    {
      teamId: Type.Optional(Uuid),
      strategy: Type.Union([Type.Literal('round_robin'), Type.Literal('least_open')]),
    },
    "Assign to one of the team's active agents (the ticket's team without teamId): the next in turn, " +
      'or the one with the fewest new, open or pending tickets (ties by id)',
  ),
  rule(
    'email_requester',
    EmailText,
    'Email the requester (Auto-Submitted: auto-replied), within the per-contact automatic-reply limit',
  ),
  rule(
    'email_agents',
    {
      to: Type.Union([
        Type.Literal('assignee'),
        Type.Literal('team'),
        Type.Literal('team_manager'),
        Type.Object({ agentId: Uuid }, { additionalProperties: false }),
      ]),
      ...EmailText,
    },
    "Email agents (Auto-Submitted: auto-generated): the assignee, the team's active members, its manager, " +
      'or one agent; inactive agents never',
  ),
  rule(
    'webhook',
    {
      url: Type.String({
        maxLength: 2000,
        pattern: '^https?://',
        description: 'https (see the docs for http)',
      }),
      secret: Type.Optional(
        Type.String({ minLength: 16, maxLength: 200, description: 'Signs each call (HMAC-SHA256)' }),
      ),
    },
    'POST the event, the ticket and the rule as JSON, signed, retried with backoff',
  ),
  rule(
    'apply_macro',
    { macroId: Uuid },
    "Apply a shared macro's actions, as if listed here (a macro with a reply is refused)",
  ),
]);
export type Action = Static<typeof ActionSchema>;
/** The actions a plan folds together: a macro's are listed in place of `apply_macro` first. */
export type PlannedAction = Exclude<Action, { type: 'apply_macro' }>;

export const ActionsSchema = Type.Array(ActionSchema, { minItems: 1, maxItems: 20 });
