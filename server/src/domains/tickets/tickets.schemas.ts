import { type Static, Type } from 'typebox';
import { Email, PageQuery, Timestamp, Uuid } from '../../lib/http-schemas.ts';
import { AttachmentSummarySchema } from '../attachments/attachments.schemas.ts';
import { CustomFieldValuesSchema } from '../custom-fields/custom-fields.schemas.ts';
import { SlaTimerViewSchema } from '../sla/timer-view.ts';
import { MAX_CCS } from './ticket-ccs.ts';

export const SourceSchema = Type.Union([
  Type.Literal('portal'),
  Type.Literal('agent'),
  Type.Literal('email'),
  Type.Literal('api'),
]);
export type TicketSource = Static<typeof SourceSchema>;

const Tag = Type.String({
  minLength: 1,
  maxLength: 50,
  pattern: '^[^\\s,]+$',
  description: 'No spaces or commas',
});
export const MAX_TAGS = 50;
const Tags = Type.Array(Tag, { maxItems: MAX_TAGS, uniqueItems: true });
const Subject = Type.String({ minLength: 1, maxLength: 250, pattern: '\\S' });

export const TicketSchema = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  subject: Type.String(),
  requesterId: Uuid,
  assigneeId: Type.Union([Uuid, Type.Null()]),
  teamId: Type.Union([Uuid, Type.Null()]),
  statusId: Uuid,
  statusCategory: Type.String(),
  priorityId: Uuid,
  tags: Type.Array(Type.String()),
  source: SourceSchema,
  version: Type.Integer({ description: 'Send back as If-Match (or `version`) when updating' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  firstResponseAt: Type.Union([Timestamp, Type.Null()]),
  solvedAt: Type.Union([Timestamp, Type.Null()]),
  closedAt: Type.Union([Timestamp, Type.Null()]),
  mergedIntoId: Type.Union([Uuid, Type.Null()], {
    description: 'Set once this ticket was merged into another',
  }),
  customFields: CustomFieldValuesSchema,
  formId: Type.Union([Uuid, Type.Null()], {
    description: 'The intake form a customer opened it with on the portal; null otherwise',
  }),
  slaTimers: Type.Array(SlaTimerViewSchema, {
    description: 'The SLA timers of the policy that applies, counted to now; empty when none applies',
  }),
  slaDueAt: Type.Union([Timestamp, Type.Null()], {
    description: 'The earliest due time among running timers (what the `sla` sort orders by)',
  }),
});
export type Ticket = Static<typeof TicketSchema>;

/** A ticket as queues list it: with its requester, so a list needs no look-up per row. */
export const QueueTicketSchema = Type.Object({
  ...TicketSchema.properties,
  requester: Type.Object({ id: Uuid, name: Type.String(), email: Type.String() }),
});
export type QueueTicket = Static<typeof QueueTicketSchema>;

export const AttachmentIds = Type.Array(Uuid, {
  maxItems: 20,
  uniqueItems: true,
  description: 'Your uploads to this ticket (POST …/attachments) to send with the comment',
});

export const CommentInput = Type.Object(
  {
    body: Type.Optional(Type.String({ maxLength: 100_000, description: 'Plain text' })),
    html: Type.Optional(
      Type.String({ maxLength: 500_000, description: 'HTML; sanitized before it is stored' }),
    ),
    visibility: Type.Union([Type.Literal('public'), Type.Literal('internal')], {
      description: 'public replies reach the customer; internal notes never do',
    }),
    attachmentIds: Type.Optional(AttachmentIds),
  },
  { additionalProperties: false },
);
export type CommentInputType = Static<typeof CommentInput>;

/** An agent's comment may carry what its composer had seen, for the collision guard (docs/realtime.md). */
export const AgentCommentInput = Type.Object(
  {
    ...CommentInput.properties,
    seenSeq: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          'The realtime sequence number the composer was up to date with: a public reply or ticket change since then answers 409 with the changes',
      }),
    ),
    force: Type.Optional(
      Type.Boolean({ description: 'Send anyway, even if the ticket changed since seenSeq' }),
    ),
  },
  { additionalProperties: false },
);
export type AgentCommentInputType = Static<typeof AgentCommentInput>;

const CcEmails = Type.Array(Email, {
  maxItems: MAX_CCS,
  description: 'Customers copied on the conversation: contacts are made for new addresses',
});

export const CcListSchema = Type.Object({
  items: Type.Array(Type.Object({ id: Uuid, email: Type.String(), name: Type.String() })),
});

export const ReplaceCcsBody = Type.Object(
  { emails: CcEmails },
  { additionalProperties: false, description: 'The whole list: addresses left out are removed' },
);

export const CreateTicketBody = Type.Object(
  {
    subject: Subject,
    requesterId: Type.Optional(Uuid),
    requester: Type.Optional(
      Type.Object(
        { email: Email, name: Type.Optional(Type.String({ maxLength: 200 })) },
        { additionalProperties: false, description: 'Found by email, or created on the fly' },
      ),
    ),
    assigneeId: Type.Optional(Uuid),
    teamId: Type.Optional(Uuid),
    statusId: Type.Optional(Uuid),
    priorityId: Type.Optional(Uuid),
    tags: Type.Optional(Tags),
    source: Type.Optional(Type.Union([Type.Literal('agent'), Type.Literal('api')])),
    customFields: Type.Optional(CustomFieldValuesSchema),
    comment: Type.Optional(CommentInput),
    ccEmails: Type.Optional(CcEmails),
  },
  { additionalProperties: false },
);
export type CreateTicketInputBody = Static<typeof CreateTicketBody>;

export const UpdateTicketBody = Type.Object(
  {
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'Or send the If-Match header' })),
    subject: Type.Optional(Subject),
    assigneeId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    teamId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    statusId: Type.Optional(Uuid),
    priorityId: Type.Optional(Uuid),
    tags: Type.Optional(Tags),
    customFields: Type.Optional(CustomFieldValuesSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type TicketChanges = Omit<Static<typeof UpdateTicketBody>, 'version'>;

export const BulkUpdateBody = Type.Object(
  {
    ticketIds: Type.Array(Uuid, { minItems: 1, maxItems: 100, uniqueItems: true }),
    changes: Type.Object(
      {
        assigneeId: Type.Optional(Type.Union([Uuid, Type.Null()])),
        teamId: Type.Optional(Type.Union([Uuid, Type.Null()])),
        statusId: Type.Optional(Uuid),
        priorityId: Type.Optional(Uuid),
        tags: Type.Optional(Tags),
        addTags: Type.Optional(Tags),
        removeTags: Type.Optional(Tags),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
  },
  { additionalProperties: false },
);
export type BulkTicketChanges = Static<typeof BulkUpdateBody>['changes'];

export const EmailDeliverySchema = Type.Object(
  {
    state: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')]),
    attempts: Type.Integer({ description: 'Sending attempts so far' }),
    error: Type.Union([Type.String(), Type.Null()], {
      description: 'Why the last attempt failed (or the bounce)',
    }),
    recipients: Type.Array(Type.String()),
    sentAt: Type.Union([Timestamp, Type.Null()]),
  },
  { description: 'How the emailing of a public agent reply went; null when the comment is not emailed' },
);
export type EmailDelivery = Static<typeof EmailDeliverySchema>;

export const CommentSchema = Type.Object({
  id: Uuid,
  ticketId: Uuid,
  authorType: Type.Union([Type.Literal('agent'), Type.Literal('contact'), Type.Literal('system')]),
  authorId: Type.Union([Uuid, Type.Null()]),
  visibility: Type.Union([Type.Literal('public'), Type.Literal('internal')]),
  bodyText: Type.String(),
  bodyHtml: Type.String(),
  mentionedAgentIds: Type.Array(Uuid),
  attachments: Type.Array(AttachmentSummarySchema),
  inboundEmailId: Type.Union([Uuid, Type.Null()], {
    description: 'The email this comment was made from: GET /inbound-emails/{id} (full text) and /raw',
  }),
  emailDelivery: Type.Union([EmailDeliverySchema, Type.Null()]),
  createdAt: Timestamp,
});
export type Comment = Static<typeof CommentSchema>;

export const TicketEventSchema = Type.Object({
  id: Uuid,
  action: Type.String(),
  actorType: Type.String(),
  actorId: Type.Union([Uuid, Type.Null()]),
  changes: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Timestamp,
});
export type TicketEvent = Static<typeof TicketEventSchema>;

export const CommentListQuery = Type.Object(
  {
    ...PageQuery,
    order: Type.Union([Type.Literal('asc'), Type.Literal('desc')], {
      default: 'asc',
      description: '`desc` with `limit=20` gives the 20 newest',
    }),
  },
  { additionalProperties: false },
);

const QueueCount = {
  count: Type.Integer({ description: 'Counting stops at 10,000' }),
  countCapped: Type.Boolean({ description: 'More tickets match than `count`' }),
};

export const QueueCountsSchema = Type.Object({
  queues: Type.Array(
    Type.Object({
      queue: Type.Union([Type.Literal('mine'), Type.Literal('unassigned'), Type.Literal('open')], {
        description: 'My open tickets, unassigned open tickets, all open tickets',
      }),
      ...QueueCount,
    }),
  ),
  teams: Type.Array(Type.Object({ teamId: Uuid, ...QueueCount }), {
    description: "Each team's open tickets",
  }),
});
export type QueueCounts = Static<typeof QueueCountsSchema>;
