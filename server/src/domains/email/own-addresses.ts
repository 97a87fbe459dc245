import type { Queryable } from '../../db/client.ts';

/** `support+anything@help.example` is `support@help.example`: reply tokens ride in the plus part. */
export const withoutPlusPart = (address: string): string =>
  address
    .trim()
    .toLowerCase()
    .replace(/\+[^@]*@/, '@');

/** Whether an address is one of the organization's support addresses, in any plus-address variant. */
export async function ownAddressMatcher(
  tx: Queryable,
  organizationId: string,
): Promise<(address: string) => boolean> {
  const rows = await tx.query<{ address: string }>(
    'select lower(address) as address from support_addresses where organization_id = $1',
    [organizationId],
  );
  const own = new Set(rows.map((row) => row.address));
  return (address) => own.has(withoutPlusPart(address));
}
