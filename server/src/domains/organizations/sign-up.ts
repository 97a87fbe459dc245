import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError, isUniqueViolation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { createDefaultCalendar } from '../sla/calendar-rows.ts';
import { createDefaultTicketSettings } from '../ticket-settings/create-default-ticket-settings.ts';
import { assertTimeZone, canonicalLanguage, slugFromName } from './organization-settings.ts';

export type SignUpInput = {
  organizationName: string;
  slug?: string;
  name: string;
  email: string;
  password: string;
  timeZone?: string;
  defaultLanguage?: string;
};

export type SignedUp = { organizationId: string; ownerId: string; slug: string };

/**
 * Creates an organization with its owner, the default statuses and priorities and the default SLA
 * calendar, all or nothing.
 */
export async function signUp(db: Database, input: SignUpInput): Promise<SignedUp> {
  const timeZone = input.timeZone ?? 'UTC';
  assertTimeZone(timeZone);
  const defaultLanguage = canonicalLanguage(input.defaultLanguage ?? 'en');
  const passwordHash = await hashPassword(input.password);
  // A slug made from the name gets a short suffix when taken; one the user chose is a conflict instead.
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = input.slug ?? withSuffix(slugFromName(input.organizationName), attempt);
    try {
      return await createOrganization(db, { ...input, slug, timeZone, defaultLanguage, passwordHash });
    } catch (error) {
      if (!isUniqueViolation(error, 'organizations_slug_key')) throw error;
      if (input.slug) throw new AppError('conflict', 'This slug is taken', { field: 'slug' });
    }
  }
  throw new AppError('conflict', 'Could not find a free slug; choose one', { field: 'slug' });
}

const withSuffix = (slug: string, attempt: number) =>
  attempt === 0 ? slug : `${slug}-${randomBytes(3).toString('hex')}`;

type CreateOrganizationInput = Omit<SignUpInput, 'password'> & {
  slug: string;
  timeZone: string;
  defaultLanguage: string;
  passwordHash: string;
};

function createOrganization(db: Database, input: CreateOrganizationInput): Promise<SignedUp> {
  const organizationId = newId();
  const ownerId = newId();
  return withTenant(db, organizationId, async (tx) => {
    await tx.query(
      `insert into organizations (id, slug, name, time_zone, default_language) values ($1, $2, $3, $4, $5)`,
      [organizationId, input.slug, input.organizationName.trim(), input.timeZone, input.defaultLanguage],
    );
    await tx.query(
      `insert into agents (organization_id, id, email, name, role, password_hash)
       values ($1, $2, $3, $4, 'owner', $5)`,
      [organizationId, ownerId, input.email, input.name.trim(), input.passwordHash],
    );
    await createDefaultTicketSettings(tx, organizationId);
    await createDefaultCalendar(tx, organizationId, input.timeZone);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: ownerId,
      action: 'organization.created',
      entityType: 'organization',
      entityId: organizationId,
      changes: { slug: input.slug },
    });
    return { organizationId, ownerId, slug: input.slug };
  });
}
