import { pipeline } from 'node:stream';
import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type ObjectStorage, objectKey } from '../../lib/storage/storage.ts';
import { sniffContentType } from '../attachments/content-type.ts';
import type { IncomingFile } from '../attachments/upload-attachment.ts';
import { UploadMeter } from '../attachments/upload-meter.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { getOrganization } from './get-organization.ts';
import type { Organization } from './organizations.schemas.ts';

export const MAX_LOGO_BYTES = 512 * 1024;
// Plain raster images only: SVG can carry scripts, and the logo is served to anyone on the portal.
const LOGO_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);

const logoTooLarge = () =>
  new AppError('payload_too_large', `A logo can be at most ${MAX_LOGO_BYTES} bytes`, {
    field: 'file',
    reason: 'file_size',
    limitBytes: MAX_LOGO_BYTES,
  });

/**
 * Replaces the portal's logo (admins). The file streams through the attachments' meter into storage
 * under a new name; its type is sniffed from the bytes, and anything but PNG, JPEG or WebP is
 * refused (422) and removed. The old logo's object goes once the new one is recorded.
 */
export async function setOrganizationLogo(
  db: Database,
  storage: ObjectStorage,
  input: { actor: Actor; openFile(maxBytes: number): Promise<IncomingFile> },
): Promise<Organization> {
  const { actor } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  const file = await input.openFile(MAX_LOGO_BYTES);
  const key = objectKey(organizationId, 'branding', `logo-${newId()}`);
  const meter = new UploadMeter(MAX_LOGO_BYTES, logoTooLarge);
  pipeline(file.stream, meter, () => undefined);
  let previousKey: string | null = null;
  let organization: Organization;
  try {
    await storage.put(key, meter);
    const measured = meter.measurement();
    const contentType = await sniffContentType(measured.head, measured.isUtf8Text);
    if (!LOGO_TYPES.has(contentType)) {
      throw new AppError('unprocessable', 'A logo must be a PNG, JPEG or WebP image', {
        field: 'file',
        contentType,
      });
    }
    organization = await withTenant(db, organizationId, async (tx) => {
      const [before] = await tx.query<{ logo_key: string | null }>(
        'select logo_key from organizations where id = $1 for update',
        [organizationId],
      );
      previousKey = before?.logo_key ?? null;
      await tx.query(
        'update organizations set logo_key = $2, logo_content_type = $3, updated_at = now() where id = $1',
        [organizationId, key, contentType],
      );
      await recordAudit(tx, {
        organizationId,
        actorType: 'agent',
        actorId: actor.agentId,
        action: 'organization.logo_changed',
        entityType: 'organization',
        entityId: organizationId,
        changes: { contentType, sizeBytes: measured.sizeBytes, sha256: measured.sha256 },
      });
      return getOrganization(tx, organizationId);
    });
  } catch (error) {
    await storage.delete(key).catch(() => undefined);
    throw meter.exceeded ?? error;
  }
  // A leftover old object would only cost space; the new logo is in place either way.
  if (previousKey) await storage.delete(previousKey).catch(() => undefined);
  return organization;
}
