import { type Static, Type } from 'typebox';
import { Name, Timestamp, Uuid } from '../../lib/http-schemas.ts';
import { ActionsSchema, ConditionsSchema, TriggerSchema } from './rule.schemas.ts';

export const AutomationRuleSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  position: Type.Integer({ description: 'Rules run in this order for each event' }),
  enabled: Type.Boolean(),
  schemaVersion: Type.Integer({ description: 'The version of the trigger, conditions and actions shape' }),
  trigger: TriggerSchema,
  conditions: ConditionsSchema,
  actions: ActionsSchema,
  templateKey: Type.Union([Type.String(), Type.Null()], {
    description: 'The template this rule was enabled from, if any',
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type AutomationRule = Static<typeof AutomationRuleSchema>;

export const CreateRuleBody = Type.Object(
  {
    name: Name(200),
    enabled: Type.Optional(Type.Boolean({ default: true })),
    trigger: TriggerSchema,
    conditions: Type.Optional(ConditionsSchema),
    actions: ActionsSchema,
  },
  { additionalProperties: false },
);
export type CreateRuleInput = Static<typeof CreateRuleBody>;

export const UpdateRuleBody = Type.Object(
  {
    name: Type.Optional(Name(200)),
    enabled: Type.Optional(Type.Boolean()),
    trigger: Type.Optional(TriggerSchema),
    conditions: Type.Optional(ConditionsSchema),
    actions: Type.Optional(ActionsSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type RuleChanges = Static<typeof UpdateRuleBody>;

export const ReorderRulesBody = Type.Object(
  {
    ids: Type.Array(Uuid, { maxItems: 500, uniqueItems: true, description: 'Every rule, in the new order' }),
  },
  { additionalProperties: false },
);

export const ConditionResultSchema = Type.Object({
  path: Type.String({ description: 'Where the condition sits in the rule: all.0, any.2' }),
  type: Type.String(),
  matched: Type.Boolean(),
  note: Type.Optional(
    Type.String({ description: 'Why, when it is not plain (a regex that ran out of time)' }),
  ),
});
export type ConditionResult = Static<typeof ConditionResultSchema>;

export const FieldChangeSchema = Type.Object({
  field: Type.String({
    description:
      'statusId, tags, customFields.<key>; note for an internal note; email (a run: { recipients, subject }; ' +
      'a test: { to, subject }) or webhook (its URL) for what is sent',
  }),
  from: Type.Unknown(),
  to: Type.Unknown(),
});
export type FieldChange = Static<typeof FieldChangeSchema>;

export const RunOutcomeSchema = Type.Union(
  [
    Type.Literal('applied'),
    Type.Literal('no_change'),
    Type.Literal('not_matched'),
    Type.Literal('loop_stopped'),
    Type.Literal('failed'),
  ],
  { description: 'loop_stopped: the chain of automation-caused changes reached its depth bound' },
);
export type RunOutcome = Static<typeof RunOutcomeSchema>;

export const AutomationRunSchema = Type.Object({
  id: Uuid,
  ruleId: Uuid,
  ticketId: Uuid,
  event: Type.Object({ id: Uuid, type: Type.String() }),
  depth: Type.Integer(),
  outcome: RunOutcomeSchema,
  conditions: Type.Array(ConditionResultSchema),
  changes: Type.Array(FieldChangeSchema),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});
export type AutomationRun = Static<typeof AutomationRunSchema>;

export const TestRuleBody = Type.Object({ ticketId: Uuid }, { additionalProperties: false });

export const RuleTestSchema = Type.Object({
  matched: Type.Boolean({ description: 'Whether the conditions hold: the actions would run' }),
  conditions: Type.Array(ConditionResultSchema),
  changes: Type.Array(FieldChangeSchema, {
    description: 'What the actions would change; nothing is applied',
  }),
});
export type RuleTest = Static<typeof RuleTestSchema>;

export const WebhookAttemptSchema = Type.Object({
  attempt: Type.Integer({ description: '1 for the first call, then each retry' }),
  statusCode: Type.Union([Type.Integer(), Type.Null()], { description: 'null: no answer came' }),
  error: Type.Union([Type.String(), Type.Null()]),
  durationMs: Type.Integer(),
  createdAt: Timestamp,
});

export const WebhookDeliverySchema = Type.Object({
  id: Uuid,
  ruleId: Uuid,
  ticketId: Uuid,
  eventId: Uuid,
  url: Type.String(),
  state: Type.Union([Type.Literal('queued'), Type.Literal('delivered'), Type.Literal('failed')], {
    description: 'queued: waiting for its first call or a retry',
  }),
  attempts: Type.Array(WebhookAttemptSchema),
  createdAt: Timestamp,
});
export type WebhookDelivery = Static<typeof WebhookDeliverySchema>;
