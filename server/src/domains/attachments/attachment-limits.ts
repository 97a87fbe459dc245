import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';

export type AttachmentLimits = { maxBytes: number; quotaBytes: number };
export type AttachmentAllowance = AttachmentLimits & { usedBytes: number };

/** The organization's limits (its own, or the instance's) and how much of its quota is used. */
export async function attachmentAllowance(
  tx: Queryable,
  organizationId: string,
  instance: AttachmentLimits,
): Promise<AttachmentAllowance> {
  const [row] = await tx.query<{ max_bytes: number; quota_bytes: number; used_bytes: number }>(
    `select coalesce(o.attachment_max_bytes, $2)::float8 as max_bytes,
            coalesce(o.attachment_quota_bytes, $3)::float8 as quota_bytes,
            coalesce((select u.used_bytes from attachment_usage u where u.organization_id = o.id), 0)::float8 as used_bytes
       from organizations o where o.id = $1`,
    [organizationId, instance.maxBytes, instance.quotaBytes],
  );
  if (!row) throw new AppError('not_found', 'Organization not found');
  return { maxBytes: row.max_bytes, quotaBytes: row.quota_bytes, usedBytes: row.used_bytes };
}

/** How many bytes one more upload may have, and the error for one that has more. */
export function uploadLimit(allowance: AttachmentAllowance): { bytes: number; exceeded: () => AppError } {
  const remaining = Math.max(0, allowance.quotaBytes - allowance.usedBytes);
  if (allowance.maxBytes <= remaining)
    return { bytes: allowance.maxBytes, exceeded: () => fileTooLarge(allowance) };
  return { bytes: remaining, exceeded: () => quotaExceeded(allowance) };
}

export const fileTooLarge = ({ maxBytes }: AttachmentLimits) =>
  new AppError('payload_too_large', `A file can be at most ${maxBytes} bytes`, {
    field: 'file',
    reason: 'file_size',
    limitBytes: maxBytes,
  });

export const quotaExceeded = ({ quotaBytes, usedBytes }: AttachmentAllowance) =>
  new AppError('payload_too_large', "This file does not fit in the organization's attachment quota", {
    field: 'file',
    reason: 'quota',
    quotaBytes,
    usedBytes,
  });

/**
 * Admins may lower their organization's limits but not raise them past the instance's, which protect
 * the server's disk or bucket shared by every organization. Null returns to the instance's limit.
 */
export function assertWithinInstanceLimits(
  instance: AttachmentLimits,
  wanted: { attachmentMaxBytes?: number | null; attachmentQuotaBytes?: number | null },
): void {
  if ((wanted.attachmentMaxBytes ?? 0) > instance.maxBytes) {
    throw new AppError('validation_failed', `attachmentMaxBytes can be at most ${instance.maxBytes}`, {
      field: 'attachmentMaxBytes',
    });
  }
  if ((wanted.attachmentQuotaBytes ?? 0) > instance.quotaBytes) {
    throw new AppError('validation_failed', `attachmentQuotaBytes can be at most ${instance.quotaBytes}`, {
      field: 'attachmentQuotaBytes',
    });
  }
}
