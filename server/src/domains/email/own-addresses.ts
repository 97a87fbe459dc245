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
  return matchesOwnAddress(await ownAddresses(tx, organizationId));
}

/** The organization's support addresses, lower-cased. */
export async function ownAddresses(tx: Queryable, organizationId: string): Promise<string[]> {
  const rows = await tx.query<{ address: string }>(
    'select lower(address) as address from support_addresses where organization_id = $1',
    [organizationId],
  );
  return rows.map((row) => row.address);
}

export function matchesOwnAddress(own: readonly string[]): (address: string) => boolean {
  const addresses = new Set(own);
  return (address) => addresses.has(withoutPlusPart(address));
}
