import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import {
  assertFormDefaults,
  assertFormFields,
  getIntakeForm,
  replaceFormFields,
  rethrowDuplicateName,
} from './intake-form-rows.ts';
import type { IntakeForm, IntakeFormChanges } from './intake-forms.schemas.ts';

/**
 * Changes what is given. `fields` replaces the whole list and `defaults` the keys it names (null
 * clears a team or priority). Fields are checked again on every change of them, so a field made
 * agent-only since has to leave the form before it is saved with it.
 */
export function updateIntakeForm(
  db: Database,
  input: { actor: Actor; formId: string; changes: IntakeFormChanges },
): Promise<IntakeForm> {
  const { actor, formId, changes } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  const defaults = changes.defaults ?? {};
  return withTenant(db, organizationId, async (tx) => {
    const before = await getIntakeForm(tx, organizationId, formId, { forUpdate: true });
    if (changes.fields) await assertFormFields(tx, organizationId, changes.fields);
    await assertFormDefaults(tx, organizationId, defaults);
    await tx
      .query(
        `update intake_forms
            set name = coalesce($3, name), description = coalesce($4, description),
                is_active = coalesce($5, is_active), position = coalesce($6, position),
                default_team_id = case when $7 then $8::uuid else default_team_id end,
                default_priority_id = case when $9 then $10::uuid else default_priority_id end,
                default_tags = coalesce($11, default_tags), updated_at = now()
          where organization_id = $1 and id = $2`,
        [
          organizationId,
          formId,
          changes.name?.trim() ?? null,
          changes.description?.trim() ?? null,
          changes.isActive ?? null,
          changes.position ?? null,
          defaults.teamId !== undefined,
          defaults.teamId ?? null,
          defaults.priorityId !== undefined,
          defaults.priorityId ?? null,
          defaults.tags ?? null,
        ],
      )
      .catch(rethrowDuplicateName);
    if (changes.fields) await replaceFormFields(tx, organizationId, formId, changes.fields);
    const after = await getIntakeForm(tx, organizationId, formId);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'intake_form.updated',
      entityType: 'intake_form',
      entityId: formId,
      changes: { before, after },
    });
    return after;
  });
}
