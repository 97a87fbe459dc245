import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { AppError } from '../../lib/errors.ts';
import type { ContactActor } from '../auth/contact-sessions.ts';
import type { AutomationJobs } from '../automations/automation-queue.ts';
import { normalizeValue, type StoredValue } from '../custom-fields/field-values.ts';
import { validateCustomFields } from '../custom-fields/validate-custom-fields.ts';
import { getContactTicket } from '../portal/contact-tickets.ts';
import type { ContactTicket } from '../portal/portal.schemas.ts';
import { createTicket } from '../tickets/create-ticket.ts';
import type { FormSubmission } from './intake-forms.schemas.ts';
import { getOfferedForm, type OfferedForm } from './portal-forms.ts';

const fieldError = (key: string, message: string, details: Record<string, unknown> = {}) =>
  new AppError('unprocessable', message, { field: `customFields.${key}`, ...details });

/**
 * A customer sends an intake form: a ticket from the portal with the customer as requester, the
 * form's defaults (team, priority, tags), its custom field values and the customer's own uploads,
 * all in one transaction. The values obey the form, not the agents' rules: only its fields, its
 * required ones filled, each checked against its definition by validateCustomFields.
 */
export async function submitIntakeForm(
  db: Database,
  input: { contact: ContactActor; jobs: AutomationJobs; formId: string; submission: FormSubmission },
): Promise<ContactTicket> {
  const { contact, formId, submission } = input;
  const { organizationId, contactId } = contact;
  const form = await withTenant(db, organizationId, (tx) => getOfferedForm(tx, organizationId, formId));
  const ticket = await createTicket(db, {
    organizationId,
    jobs: input.jobs,
    openedBy: { type: 'contact', id: contactId },
    ticket: {
      subject: submission.subject,
      requesterId: contactId,
      source: 'portal',
      formId,
      teamId: form.defaults.teamId ?? undefined,
      priorityId: form.defaults.priorityId ?? undefined,
      tags: form.defaults.tags,
      customFields: submission.customFields ?? {},
      comment: {
        body: submission.body,
        html: submission.html,
        visibility: 'public',
        attachmentIds: submission.attachmentIds,
      },
    },
    // Read again inside the ticket's transaction: the form as it is when the ticket is written.
    customFieldsRule: async (tx, values) =>
      checkFormValues(tx, organizationId, await getOfferedForm(tx, organizationId, formId), values),
  });
  return withTenant(db, organizationId, (tx) => getContactTicket(tx, contact, ticket.id));
}

async function checkFormValues(
  tx: Queryable,
  organizationId: string,
  form: OfferedForm,
  values: Record<string, unknown>,
): Promise<Record<string, StoredValue>> {
  const fields = new Map(form.fields.map((field) => [field.key, field]));
  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const field = fields.get(key);
    if (!field) throw fieldError(key, `This form has no field "${key}"`);
    // A field left empty (null, blank text, no choice) is simply not given; the form decides whether
    // it had to be, whatever the field's rule for agents.
    const normalized = normalizeValue({ ...field, archived: false }, value);
    if (!normalized.ok || normalized.value !== null) given[key] = value;
  }
  const checked = await validateCustomFields(tx, organizationId, given, 'update');
  const stored: Record<string, StoredValue> = {};
  for (const [key, value] of Object.entries(checked)) if (value !== null) stored[key] = value;
  const missing = form.fields.filter((field) => field.required && stored[field.key] === undefined);
  const [first] = missing;
  if (first) {
    throw fieldError(
      first.key,
      `Required fields are missing: ${missing.map((field) => field.label).join(', ')}`,
      {
        missing: missing.map((field) => field.key),
      },
    );
  }
  return stored;
}
