import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import {
  type PlaceholderValues,
  parseTemplate,
  renderTemplate,
} from '../canned-responses/canned-template.ts';
import type { EmailTemplate, TemplateKindType } from './email-settings.schemas.ts';

type TemplateText = { subject: string; body: string };

const DEFAULTS: Record<TemplateKindType, TemplateText> = {
  acknowledgement: {
    subject: 'We received your request: {{ticket.subject}}',
    body:
      'Hello {{requester.first_name}},\n\n' +
      'Thank you for writing to {{organization.name}}. Your request #{{ticket.number}} has been received ' +
      'and we will answer as soon as we can.\n\nTo add anything, reply to this email.',
  },
};

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
    return { kind, ...(stored ?? DEFAULTS[kind]), isDefault: !stored };
  });
}

/** Saves a template after checking both parts with the canned-response engine (known placeholders only). */
export function saveEmailTemplate(
  db: Database,
  input: { actor: Actor; kind: TemplateKindType; template: TemplateText },
): Promise<EmailTemplate> {
  const { actor, kind, template } = input;
  requireAdmin(actor);
  parseTemplate(template.subject);
  parseTemplate(template.body);
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
    return { kind, ...template, isDefault: false };
  });
}

/** The organization's template (or the built-in one) with its placeholders filled in. */
export async function renderEmailTemplate(
  tx: Queryable,
  organizationId: string,
  kind: TemplateKindType,
  values: PlaceholderValues,
): Promise<TemplateText> {
  const template = (await storedTemplate(tx, organizationId, kind)) ?? DEFAULTS[kind];
  return {
    subject: renderTemplate(parseTemplate(template.subject), values).replace(/[\r\n]+/g, ' '),
    body: renderTemplate(parseTemplate(template.body), values),
  };
}
