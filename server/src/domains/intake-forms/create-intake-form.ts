import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import {
  assertFormDefaults,
  assertFormFields,
  getIntakeForm,
  replaceFormFields,
  rethrowDuplicateName,
} from './intake-form-rows.ts';
import { type CreateIntakeFormInput, type IntakeForm, MAX_FORMS } from './intake-forms.schemas.ts';

/** Adds a form at the end of the list unless a position is given; active unless said otherwise. */
export function createIntakeForm(
  db: Database,
  input: CreateIntakeFormInput & { actor: Actor },
): Promise<IntakeForm> {
  const { actor } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  const fields = input.fields ?? [];
  const defaults = input.defaults ?? {};
  const id = newId();
  return withTenant(db, organizationId, async (tx) => {
    const [count] = await tx.query<{ count: number }>(
      'select count(*)::int as count from intake_forms where organization_id = $1',
      [organizationId],
    );
    if ((count?.count ?? 0) >= MAX_FORMS) {
      throw new AppError('conflict', `An organization has at most ${MAX_FORMS} forms; delete one first`);
    }
    await assertFormFields(tx, organizationId, fields);
    await assertFormDefaults(tx, organizationId, defaults);
    await tx
      .query(
        `insert into intake_forms (organization_id, id, name, description, is_active, position, default_team_id,
                                   default_priority_id, default_tags)
         values ($1, $2, $3, $4, $5,
                 coalesce($6, (select coalesce(max(position) + 1, 0) from intake_forms where organization_id = $1)),
                 $7, $8, $9)`,
        [
          organizationId,
          id,
          input.name.trim(),
          input.description?.trim() ?? '',
          input.isActive ?? true,
          input.position ?? null,
          defaults.teamId ?? null,
          defaults.priorityId ?? null,
          defaults.tags ?? [],
        ],
      )
      .catch(rethrowDuplicateName);
    await replaceFormFields(tx, organizationId, id, fields);
    const form = await getIntakeForm(tx, organizationId, id);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'intake_form.created',
      entityType: 'intake_form',
      entityId: id,
      changes: { after: form },
    });
    return form;
  });
}
