import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type TenantSecret = { organizationId: string; secret: string };

/**
 * A bearer secret that names its organization: `<prefix>_<organization id>_<random>`. Looking it up
 * happens inside that organization's row-level-security scope, and only its hash is ever stored.
 */
export function newTenantSecret(prefix: string, organizationId: string): string {
  return `${prefix}_${organizationId}_${randomBytes(32).toString('base64url')}`;
}

export function parseTenantSecret(prefix: string, value: string): TenantSecret | null {
  const parts = value.split('_');
  if (parts.length < 3 || parts[0] !== prefix) return null;
  const organizationId = parts[1] ?? '';
  if (!UUID.test(organizationId)) return null;
  return { organizationId, secret: value };
}

/** Secrets are 256 random bits, so a plain SHA-256 is enough to store them safely. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const randomToken = (): string => randomBytes(32).toString('base64url');

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
