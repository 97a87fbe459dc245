import { createHmac, hkdfSync } from 'node:crypto';
import { safeEqual } from '../../lib/secrets.ts';

/**
 * A reply token names a ticket in our outgoing Message-IDs (`<ac1042-<mac>.<random>@domain>`) and
 * Reply-To addresses (`support+ac1042-<mac>@domain`), so a reply threads even when the customer's
 * client drops References. The MAC (HMAC-SHA-256 under a key derived from SECRET_KEY, over the
 * organization and the ticket number) means nobody can make a token for a ticket they were not sent.
 * Lowercase letters and digits only: some mail servers change the case of local parts.
 */
const TOKEN = /^ac(\d{1,12})-([0-9a-f]{16})$/i;

export const replyTokenKey = (secretKey: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secretKey, '', 'actionconnect email reply token', 32));

const macOf = (key: Buffer, organizationId: string, ticketNumber: number): string =>
  createHmac('sha256', key).update(`${organizationId}:${ticketNumber}`).digest('hex').slice(0, 16);

export const replyToken = (key: Buffer, organizationId: string, ticketNumber: number): string =>
  `ac${ticketNumber}-${macOf(key, organizationId, ticketNumber)}`;

/** The ticket number a token names, when its MAC is right for this organization; else null. */
export function ticketNumberOfToken(key: Buffer, organizationId: string, token: string): number | null {
  const match = TOKEN.exec(token);
  if (!match?.[1] || !match[2]) return null;
  const number = Number(match[1]);
  return safeEqual(macOf(key, organizationId, number), match[2].toLowerCase()) ? number : null;
}

/** Token candidates: the first dot-separated part of each Message-ID, the `+` part of each address. */
export function tokenCandidates(messageIds: readonly string[], addresses: readonly string[]): string[] {
  const fromIds = messageIds.map((id) => id.replace(/^<|>$/g, '').split(/[.@]/)[0] ?? '');
  const fromAddresses = addresses.map((address) => /\+([^@]+)@/.exec(address)?.[1] ?? '');
  return [...fromIds, ...fromAddresses].filter((candidate) => TOKEN.test(candidate));
}
