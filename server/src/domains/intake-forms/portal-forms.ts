import type { Queryable } from '../../db/client.ts';
import { notFound } from '../../lib/errors.ts';
import type { PortalForm } from './intake-forms.schemas.ts';

type PortalFormRow = Omit<PortalForm, 'fields'> & {
  default_team_id: string | null;
  default_priority_id: string | null;
  default_tags: string[];
  fields: PortalForm['fields'];
};

/** An active form as the portal offers it, with the defaults its tickets start with. */
export type OfferedForm = PortalForm & {
  defaults: { teamId: string | null; priorityId: string | null; tags: string[] };
};

// Fields resolve against their definitions at read time: one archived or made agent-only since the
// form was saved drops out here, so the portal never shows an agent-only field.
const OFFERED_FORM_SELECT = `select f.id, f.name, f.description, f.default_team_id, f.default_priority_id,
    f.default_tags,
    coalesce((select jsonb_agg(jsonb_build_object('key', d.key, 'label', coalesce(ff.label, d.label),
                                                  'helpText', ff.help_text, 'type', d.type,
                                                  'options', d.options, 'required', ff.required)
                                order by ff.position, ff.field_key)
                from intake_form_fields ff
                join ticket_field_definitions d on d.organization_id = ff.organization_id and d.key = ff.field_key
               where ff.organization_id = f.organization_id and ff.form_id = f.id
                 and d.visible_to_customers and d.archived_at is null), '[]') as fields
  from intake_forms f`;

const toOfferedForm = (row: PortalFormRow): OfferedForm => ({
  id: row.id,
  name: row.name,
  description: row.description,
  fields: row.fields,
  defaults: { teamId: row.default_team_id, priorityId: row.default_priority_id, tags: row.default_tags },
});

/** What a customer sees of a form: no defaults (teams, priorities and tags are agents' business). */
export const toPortalForm = ({ defaults: _defaults, ...form }: OfferedForm): PortalForm => form;

/** The organization's active forms in display order. */
export async function listOfferedForms(tx: Queryable, organizationId: string): Promise<OfferedForm[]> {
  const rows = await tx.query<PortalFormRow>(
    `${OFFERED_FORM_SELECT} where f.organization_id = $1 and f.is_active order by f.position, f.id`,
    [organizationId],
  );
  return rows.map(toOfferedForm);
}

/** One active form; an inactive or unknown one is not found. */
export async function getOfferedForm(
  tx: Queryable,
  organizationId: string,
  formId: string,
): Promise<OfferedForm> {
  const [row] = await tx.query<PortalFormRow>(
    `${OFFERED_FORM_SELECT} where f.organization_id = $1 and f.id = $2 and f.is_active`,
    [organizationId, formId],
  );
  if (!row) throw notFound('Form');
  return toOfferedForm(row);
}
