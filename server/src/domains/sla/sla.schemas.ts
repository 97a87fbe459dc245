import { type Static, type TSchema, Type } from 'typebox';
import { Name, PageQuery, Timestamp, Uuid } from '../../lib/http-schemas.ts';
import { SourceSchema } from '../tickets/tickets.schemas.ts';
import { SlaTimerViewSchema } from './timer-view.ts';

// Calendars: when the business-hours clock runs.

const LocalTime = Type.String({
  pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$',
  description: 'Local time as HH:MM; 24:00 ends a day',
});
const LocalDate = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
  description: 'YYYY-MM-DD',
});

const Interval = Type.Tuple([LocalTime, LocalTime], {
  description: 'From, to; a `to` before `from` runs overnight into the next day',
});
const Intervals = Type.Array(Interval, { maxItems: 12 });

const WeeklyHours = Type.Object(
  {
    mon: Type.Optional(Intervals),
    tue: Type.Optional(Intervals),
    wed: Type.Optional(Intervals),
    thu: Type.Optional(Intervals),
    fri: Type.Optional(Intervals),
    sat: Type.Optional(Intervals),
    sun: Type.Optional(Intervals),
  },
  { additionalProperties: false, description: 'Open intervals per weekday; a missing day is closed' },
);

const Holiday = Type.Object(
  {
    date: LocalDate,
    until: Type.Optional(LocalDate),
    yearly: Type.Optional(Type.Boolean({ description: 'Recurs on the same month and day every year' })),
    name: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false, description: 'Closed from `date` to `until`, both included' },
);

const SpecialHours = Type.Object(
  { date: LocalDate, hours: Intervals },
  { additionalProperties: false, description: "Replaces that date's hours; `[]` closes it" },
);

export const CalendarSpecSchema = Type.Object(
  {
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'An IANA time zone' }),
    hours: WeeklyHours,
    holidays: Type.Array(Holiday, { maxItems: 500 }),
    specialHours: Type.Array(SpecialHours, { maxItems: 500 }),
  },
  { additionalProperties: false },
);

export const CalendarSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  spec: CalendarSpecSchema,
  isDefault: Type.Boolean({ description: 'Policies without a calendar count on this one' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Calendar = Static<typeof CalendarSchema>;

export const CreateCalendarBody = Type.Object(
  { name: Name(100), spec: CalendarSpecSchema },
  { additionalProperties: false },
);

export const UpdateCalendarBody = Type.Object(
  { name: Type.Optional(Name(100)), spec: Type.Optional(CalendarSpecSchema) },
  { additionalProperties: false, minProperties: 1 },
);
export type CalendarChanges = Static<typeof UpdateCalendarBody>;

// Policies: which tickets get which targets.

const CustomFieldCondition = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,49}$' }),
    values: Type.Array(Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
      minItems: 1,
      maxItems: 100,
      description: 'Any of them matches; a multiselect matches when it holds one of them',
    }),
  },
  { additionalProperties: false },
);

const AnyOf = <T extends TSchema>(item: T) =>
  Type.Optional(Type.Array(item, { minItems: 1, maxItems: 100, uniqueItems: true }));

export const PolicyConditionsSchema = Type.Object(
  {
    priorityIds: AnyOf(Uuid),
    teamIds: AnyOf(Uuid),
    companies: AnyOf(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
    tags: AnyOf(Type.String({ minLength: 1, maxLength: 50 })),
    sources: AnyOf(SourceSchema),
    customFields: Type.Optional(Type.Array(CustomFieldCondition, { maxItems: 20 })),
  },
  {
    additionalProperties: false,
    description: 'Every condition given must hold, each by any of its values; `{}` matches every ticket',
  },
);
export type PolicyConditions = Static<typeof PolicyConditionsSchema>;

const Minutes = Type.Optional(Type.Integer({ minimum: 1, maximum: 525_600 }));

export const PolicyTargetSchema = Type.Object(
  {
    priorityId: Type.Union([Uuid, Type.Null()], {
      description: 'Null: tickets whose priority no other target names',
    }),
    firstResponseMinutes: Minutes,
    nextResponseMinutes: Minutes,
    resolutionMinutes: Minutes,
  },
  { additionalProperties: false, minProperties: 2 },
);
export type PolicyTarget = Static<typeof PolicyTargetSchema>;

const Targets = Type.Array(PolicyTargetSchema, { minItems: 1, maxItems: 51 });

export const SlaTimerSchema = Type.Union([
  Type.Literal('first_response'),
  Type.Literal('next_response'),
  Type.Literal('resolution'),
]);
export type SlaTimer = Static<typeof SlaTimerSchema>;

const PausableTimers = Type.Array(SlaTimerSchema, {
  uniqueItems: true,
  maxItems: 3,
  description: 'Timers that stop while the ticket is in a status that pauses the SLA',
});

export const AtRiskSchema = Type.Union(
  [
    Type.Object({ percent: Type.Integer({ minimum: 1, maximum: 99 }) }, { additionalProperties: false }),
    Type.Object({ minutesBefore: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  ],
  { description: 'When a timer counts as at risk: a share of its target used, or minutes left' },
);

const HoursSchema = Type.Union([Type.Literal('business'), Type.Literal('calendar')], {
  description: 'business: only the calendar’s open hours count; calendar: every minute does',
});

export const PolicySchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  position: Type.Integer(),
  enabled: Type.Boolean(),
  conditions: PolicyConditionsSchema,
  targets: Type.Array(PolicyTargetSchema),
  calendarId: Type.Union([Uuid, Type.Null()], { description: "Null: the organization's default" }),
  hours: HoursSchema,
  pausableTimers: PausableTimers,
  atRisk: AtRiskSchema,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Policy = Static<typeof PolicySchema>;

const policyFields = {
  name: Name(100),
  enabled: Type.Boolean(),
  conditions: PolicyConditionsSchema,
  targets: Targets,
  calendarId: Type.Union([Uuid, Type.Null()]),
  hours: HoursSchema,
  pausableTimers: PausableTimers,
  atRisk: AtRiskSchema,
};

export const CreatePolicyBody = Type.Object(
  {
    name: policyFields.name,
    targets: policyFields.targets,
    enabled: Type.Optional(policyFields.enabled),
    conditions: Type.Optional(policyFields.conditions),
    calendarId: Type.Optional(policyFields.calendarId),
    hours: Type.Optional(policyFields.hours),
    pausableTimers: Type.Optional(policyFields.pausableTimers),
    atRisk: Type.Optional(policyFields.atRisk),
  },
  { additionalProperties: false },
);
export type CreatePolicyInput = Static<typeof CreatePolicyBody>;

export const UpdatePolicyBody = Type.Object(
  {
    name: Type.Optional(policyFields.name),
    targets: Type.Optional(policyFields.targets),
    enabled: Type.Optional(policyFields.enabled),
    conditions: Type.Optional(policyFields.conditions),
    calendarId: Type.Optional(policyFields.calendarId),
    hours: Type.Optional(policyFields.hours),
    pausableTimers: Type.Optional(policyFields.pausableTimers),
    atRisk: Type.Optional(policyFields.atRisk),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PolicyChanges = Static<typeof UpdatePolicyBody>;

export const ReorderPoliciesBody = Type.Object(
  {
    ids: Type.Array(Uuid, {
      minItems: 1,
      maxItems: 100,
      uniqueItems: true,
      description: 'Every policy id, in the new order',
    }),
  },
  { additionalProperties: false },
);

// Timers on tickets and their metric events.

const TimerName = Type.Union([
  Type.Literal('first_response'),
  Type.Literal('next_response'),
  Type.Literal('resolution'),
]);
const EventKind = Type.Union([
  Type.Literal('applied'),
  Type.Literal('paused'),
  Type.Literal('resumed'),
  Type.Literal('fulfilled'),
  Type.Literal('at_risk'),
  Type.Literal('breached'),
]);

export const TimerExplanationSchema = Type.Object({
  text: Type.String({
    description: 'e.g. "Due Tue 1 Dec 10:30 because created Mon 30 Nov 16:00, 2 h business time, …"',
  }),
  timeZone: Type.String(),
  hours: HoursSchema,
  pauses: Type.Array(
    Type.Object({
      from: Timestamp,
      to: Type.Union([Timestamp, Type.Null()], { description: 'Null while it lasts' }),
      kind: Type.Union([Type.Literal('paused'), Type.Literal('stopped')]),
      statusName: Type.String(),
      minutes: Type.Number({ description: 'The business (or calendar) minutes it held the timer' }),
    }),
  ),
});

export const SlaEventSchema = Type.Object({
  id: Uuid,
  ticketId: Uuid,
  timer: TimerName,
  cycle: Type.Integer(),
  kind: EventKind,
  policyId: Uuid,
  occurredAt: Timestamp,
  recordedAt: Timestamp,
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const TicketSlaSchema = Type.Object({
  timers: Type.Array(Type.Object({ ...SlaTimerViewSchema.properties, explanation: TimerExplanationSchema })),
  events: Type.Array(SlaEventSchema, { description: 'Oldest first' }),
});

export const SlaEventQuerySchema = Type.Object(
  {
    kind: Type.Optional(Type.Array(EventKind, { maxItems: 6 })),
    timer: Type.Optional(Type.Array(TimerName, { maxItems: 3 })),
    ticketId: Type.Optional(Uuid),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Occurred at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Occurred before' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
