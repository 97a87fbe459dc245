import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError, isUniqueViolation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { getOrganization } from './get-organization.ts';
import { assertTimeZone, canonicalLanguage } from './organization-settings.ts';
import type { Organization } from './organizations.schemas.ts';

export type UpdateOrganizationInput = {
  actor: Actor;
  name?: string;
  timeZone?: string;
  defaultLanguage?: string;
  supportAddresses?: string[];
  reopenOnCustomerReply?: boolean;
  /** Null returns to the instance's limit; absent leaves it as it is. */
  attachmentMaxBytes?: number | null;
  attachmentQuotaBytes?: number | null;
  brandColor?: string;
  /** Null removes it; absent leaves it as it is. */
  portalHost?: string | null;
};

export function updateOrganization(db: Database, input: UpdateOrganizationInput): Promise<Organization> {
  const { actor } = input;
  requireAdmin(actor);
  if (input.timeZone) assertTimeZone(input.timeZone);
  const language = input.defaultLanguage ? canonicalLanguage(input.defaultLanguage) : null;
  return withTenant(db, actor.organizationId, async (tx) => {
    const before = await getOrganization(tx, actor.organizationId);
    if (input.portalHost !== undefined) await setPortalHost(tx, actor.organizationId, input.portalHost);
    await tx.query(
      `update organizations set name = coalesce($2, name), time_zone = coalesce($3, time_zone),
              default_language = coalesce($4, default_language),
              reopen_on_customer_reply = coalesce($5, reopen_on_customer_reply),
              attachment_max_bytes = case when $6 then $7::bigint else attachment_max_bytes end,
              attachment_quota_bytes = case when $8 then $9::bigint else attachment_quota_bytes end,
              brand_color = coalesce($10, brand_color),
              updated_at = now()
        where id = $1`,
      [
        actor.organizationId,
        input.name?.trim() ?? null,
        input.timeZone ?? null,
        language,
        input.reopenOnCustomerReply ?? null,
        input.attachmentMaxBytes !== undefined,
        input.attachmentMaxBytes ?? null,
        input.attachmentQuotaBytes !== undefined,
        input.attachmentQuotaBytes ?? null,
        input.brandColor?.toLowerCase() ?? null,
      ],
    );
    if (input.supportAddresses)
      await replaceSupportAddresses(tx, actor.organizationId, input.supportAddresses);
    const after = await getOrganization(tx, actor.organizationId);
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'organization.updated',
      entityType: 'organization',
      entityId: actor.organizationId,
      changes: { before, after },
    });
    return after;
  });
}

async function replaceSupportAddresses(
  tx: Queryable,
  organizationId: string,
  addresses: string[],
): Promise<void> {
  const unique = [...new Set(addresses.map((address) => address.trim().toLowerCase()))];
  await tx.query('delete from support_addresses where organization_id = $1', [organizationId]);
  for (const address of unique) {
    try {
      await tx.query('insert into support_addresses (organization_id, id, address) values ($1, $2, $3)', [
        organizationId,
        newId(),
        address,
      ]);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new AppError('conflict', `${address} is already the support address of another organization`, {
        field: 'supportAddresses',
      });
    }
  }
}

async function setPortalHost(tx: Queryable, organizationId: string, host: string | null): Promise<void> {
  try {
    await tx.query('update organizations set portal_host = $2 where id = $1', [
      organizationId,
      host?.toLowerCase() ?? null,
    ]);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('conflict', `${host} already opens another organization's portal`, {
      field: 'portalHost',
    });
  }
}
