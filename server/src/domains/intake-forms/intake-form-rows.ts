import type { Queryable } from '../../db/client.ts';
import { AppError, isUniqueViolation, notFound } from '../../lib/errors.ts';
import type { FormDefaultsInput, FormFieldInput, IntakeForm } from './intake-forms.schemas.ts';

type FormRow = {
  id: string;
  name: string;
  description: string;
  is_active: boolean;
  position: number;
  default_team_id: string | null;
  default_priority_id: string | null;
  default_tags: string[];
  created_at: Date;
  updated_at: Date;
  fields: IntakeForm['fields'];
};

const FORM_SELECT = `select f.id, f.name, f.description, f.is_active, f.position, f.default_team_id,
    f.default_priority_id, f.default_tags, f.created_at, f.updated_at,
    coalesce((select jsonb_agg(jsonb_build_object('fieldKey', ff.field_key, 'label', ff.label,
                                                  'helpText', ff.help_text, 'required', ff.required,
                                                  'position', ff.position) order by ff.position, ff.field_key)
                from intake_form_fields ff
               where ff.organization_id = f.organization_id and ff.form_id = f.id), '[]') as fields
  from intake_forms f`;

const toIntakeForm = (row: FormRow): IntakeForm => ({
  id: row.id,
  name: row.name,
  description: row.description,
  isActive: row.is_active,
  position: row.position,
  fields: row.fields,
  defaults: { teamId: row.default_team_id, priorityId: row.default_priority_id, tags: row.default_tags },
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** Every form of the organization in display order (a short list, returned whole). */
export async function listIntakeForms(tx: Queryable, organizationId: string): Promise<IntakeForm[]> {
  const rows = await tx.query<FormRow>(
    `${FORM_SELECT} where f.organization_id = $1 order by f.position, f.id`,
    [organizationId],
  );
  return rows.map(toIntakeForm);
}

export async function getIntakeForm(
  tx: Queryable,
  organizationId: string,
  formId: string,
  options: { forUpdate?: boolean } = {},
): Promise<IntakeForm> {
  const [row] = await tx.query<FormRow>(
    `${FORM_SELECT} where f.organization_id = $1 and f.id = $2 ${options.forUpdate ? 'for update of f' : ''}`,
    [organizationId, formId],
  );
  if (!row) throw notFound('Intake form');
  return toIntakeForm(row);
}

/**
 * A form may only ask for custom fields in use that customers are allowed to see: agent-only fields
 * must never reach the portal. The definitions stay locked until the form is saved, so one cannot be
 * hidden or archived in between. Each field appears once.
 */
export async function assertFormFields(
  tx: Queryable,
  organizationId: string,
  fields: readonly FormFieldInput[],
): Promise<void> {
  const keys = fields.map((field) => field.fieldKey);
  const repeated = keys.find((key, index) => keys.indexOf(key) !== index);
  if (repeated !== undefined) {
    throw new AppError('unprocessable', `The field "${repeated}" is on the form twice`, { field: 'fields' });
  }
  if (keys.length === 0) return;
  const rows = await tx.query<{ key: string }>(
    `select key from ticket_field_definitions
      where organization_id = $1 and key = any($2::text[]) and archived_at is null and visible_to_customers
        for share`,
    [organizationId, keys],
  );
  const usable = new Set(rows.map((row) => row.key));
  const refused = keys.filter((key) => !usable.has(key));
  if (refused.length > 0) {
    throw new AppError(
      'unprocessable',
      'A form can only ask for custom fields that are in use and visible to customers',
      { field: 'fields', fieldKeys: refused },
    );
  }
}

/** The defaults must name this organization's team and priority; an unknown id is reported. */
export async function assertFormDefaults(
  tx: Queryable,
  organizationId: string,
  defaults: FormDefaultsInput,
): Promise<void> {
  const references = [
    ['teamId', 'teams', defaults.teamId],
    ['priorityId', 'ticket_priorities', defaults.priorityId],
  ] as const;
  for (const [field, table, id] of references) {
    if (!id) continue;
    const rows = await tx.query(`select 1 from ${table} where organization_id = $1 and id = $2 for share`, [
      organizationId,
      id,
    ]);
    if (rows.length === 0)
      throw new AppError('unprocessable', `Unknown ${field}`, { field: `defaults.${field}` });
  }
}

/** Replaces the form's fields; without positions they keep the order given. */
export async function replaceFormFields(
  tx: Queryable,
  organizationId: string,
  formId: string,
  fields: readonly FormFieldInput[],
): Promise<void> {
  await tx.query('delete from intake_form_fields where organization_id = $1 and form_id = $2', [
    organizationId,
    formId,
  ]);
  for (const [index, field] of fields.entries()) {
    await tx.query(
      `insert into intake_form_fields (organization_id, form_id, field_key, label, help_text, required, position)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        organizationId,
        formId,
        field.fieldKey,
        field.label?.trim() || null,
        field.helpText?.trim() || null,
        field.required,
        field.position ?? index,
      ],
    );
  }
}

export function rethrowDuplicateName(error: unknown): never {
  if (isUniqueViolation(error, 'intake_forms_name_key')) {
    throw new AppError('conflict', 'A form with this name exists', { field: 'name' });
  }
  throw error;
}
