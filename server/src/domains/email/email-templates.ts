import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import {
  PLACEHOLDERS,
  type PlaceholderValues,
  parseTemplate,
  renderTemplate,
} from '../canned-responses/canned-template.ts';
import type { EmailTemplate, TemplateKindType } from './email-settings.schemas.ts';

type TemplateText = { subject: string; body: string };

/** What a notification adds to the canned-response names: `agent.*` is the agent it is sent to. */
const NOTIFICATION_PLACEHOLDERS = [...PLACEHOLDERS, 'actor.name', 'comment.text', 'ticket.url'] as const;
export type NotificationValues = PlaceholderValues &
  Record<(typeof NOTIFICATION_PLACEHOLDERS)[number], string>;

/**
 * An automation's email: to the requester, the canned-response names but `agent.*` (nobody answers);
 * to an agent, `agent.*` is that agent and the ticket's link is there too.
 */
export const AUTOMATION_PLACEHOLDERS = {
  requester: PLACEHOLDERS.filter((name) => !name.startsWith('agent.')),
  agent: [...PLACEHOLDERS, 'ticket.url'],
} as const satisfies Record<string, readonly string[]>;
export type AutomationAudience = keyof typeof AUTOMATION_PLACEHOLDERS;

/** Checks a rule's subject or body as it is saved, so a typo is refused then, never met when sending. */
export const parseAutomationTemplate = (audience: AutomationAudience, text: string) =>
  parseTemplate(text, new Set(AUTOMATION_PLACEHOLDERS[audience]));

/** A rule's subject and body with the placeholders filled in. */
export function renderAutomationEmail(
  audience: AutomationAudience,
  template: TemplateText,
  values: Readonly<Record<string, string>>,
): TemplateText {
  return {
    subject: renderTemplate(parseAutomationTemplate(audience, template.subject), values).replace(
      /[\r\n]+/g,
      ' ',
    ),
    body: renderTemplate(parseAutomationTemplate(audience, template.body), values),
  };
}

const KNOWN_PLACEHOLDERS: Record<TemplateKindType, readonly string[]> = {
  acknowledgement: PLACEHOLDERS,
  assigned: NOTIFICATION_PLACEHOLDERS,
  mentioned: NOTIFICATION_PLACEHOLDERS,
  customer_replied: NOTIFICATION_PLACEHOLDERS,
  sla_at_risk: NOTIFICATION_PLACEHOLDERS,
};

const ANSWER_BY_EMAIL =
  '\n\nOpen the ticket: {{ticket.url}}\nReply to this email to answer the customer (your reply is public).';

const DEFAULTS: Record<TemplateKindType, TemplateText> = {
  acknowledgement: {
    subject: 'We received your request: {{ticket.subject}}',
    body:
      'Hello {{requester.first_name}},\n\n' +
      'Thank you for writing to {{organization.name}}. Your request #{{ticket.number}} has been received ' +
      'and we will answer as soon as we can.\n\nTo add anything, reply to this email.',
  },
  assigned: {
    subject: 'Assigned to you: {{ticket.subject}}',
    body:
      '{{actor.name}} assigned ticket #{{ticket.number}} from {{requester.name}} ({{requester.email}}) to you.' +
      ANSWER_BY_EMAIL,
  },
  mentioned: {
    subject: '{{actor.name}} mentioned you: {{ticket.subject}}',
    body:
      '{{actor.name}} mentioned you in an internal note on ticket #{{ticket.number}}:\n\n{{comment.text}}' +
      ANSWER_BY_EMAIL,
  },
  customer_replied: {
    subject: '{{requester.name}} replied: {{ticket.subject}}',
    body: `{{requester.name}} replied on ticket #{{ticket.number}}:\n\n{{comment.text}}${ANSWER_BY_EMAIL}`,
  },
  sla_at_risk: {
    subject: 'SLA at risk: {{ticket.subject}}',
    body:
      'Ticket #{{ticket.number}} from {{requester.name}} ({{requester.email}}) is close to missing its SLA ' +
      `target (priority {{ticket.priority}}, status {{ticket.status}}).${ANSWER_BY_EMAIL}`,
  },
};

const parseFor = (kind: TemplateKindType, text: string) =>
  parseTemplate(text, new Set(KNOWN_PLACEHOLDERS[kind]));

async function storedTemplate(tx: Queryable, organizationId: string, kind: TemplateKindType) {
  const [row] = await tx.query<TemplateText>(
    'select subject, body from email_templates where organization_id = $1 and kind = $2',
    [organizationId, kind],
  );
  return row ?? null;
}

export function getEmailTemplate(db: Database, actor: Actor, kind: TemplateKindType): Promise<EmailTemplate> {
  requireAdmin(actor);
  return withTenant(db, actor.organizationId, async (tx) => {
    const stored = await storedTemplate(tx, actor.organizationId, kind);
    return {
      kind,
      ...(stored ?? DEFAULTS[kind]),
      isDefault: !stored,
      placeholders: [...KNOWN_PLACEHOLDERS[kind]],
    };
  });
}

/** Saves a template after checking both parts with the canned-response engine (its kind's placeholders only). */
export function saveEmailTemplate(
  db: Database,
  input: { actor: Actor; kind: TemplateKindType; template: TemplateText },
): Promise<EmailTemplate> {
  const { actor, kind, template } = input;
  requireAdmin(actor);
  parseFor(kind, template.subject);
  parseFor(kind, template.body);
  return withTenant(db, actor.organizationId, async (tx) => {
    await tx.query(
      `insert into email_templates (organization_id, kind, subject, body) values ($1, $2, $3, $4)
       on conflict (organization_id, kind) do update set subject = $3, body = $4, updated_at = now()`,
      [actor.organizationId, kind, template.subject, template.body],
    );
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'email.template_updated',
      entityType: 'organization',
      entityId: actor.organizationId,
      changes: { kind },
    });
    return { kind, ...template, isDefault: false, placeholders: [...KNOWN_PLACEHOLDERS[kind]] };
  });
}

/** The organization's template (or the built-in one) with its placeholders filled in. */
export async function renderEmailTemplate(
  tx: Queryable,
  organizationId: string,
  kind: TemplateKindType,
  values: PlaceholderValues | NotificationValues,
): Promise<TemplateText> {
  const template = (await storedTemplate(tx, organizationId, kind)) ?? DEFAULTS[kind];
  return {
    subject: renderTemplate(parseFor(kind, template.subject), values).replace(/[\r\n]+/g, ' '),
    body: renderTemplate(parseFor(kind, template.body), values),
  };
}
