import type { Database, Queryable } from '../../db/client.ts';
import { withoutTenant, withTenant } from '../../db/tenant.ts';
import { notFound } from '../../lib/errors.ts';
import { openSecret } from '../../lib/secret-box.ts';
import type { ImapAccount } from './imap-accounts.schemas.ts';
import type { ImapSettings } from './imap-connection.ts';

/** The purpose the IMAP passwords' encryption key is derived for (see lib/secret-box.ts). */
export const IMAP_PASSWORD_PURPOSE = 'imap-account-password';

export type ImapAccountRow = {
  organization_id: string;
  id: string;
  support_address: string;
  host: string;
  port: number;
  tls: ImapSettings['tls'];
  username: string;
  password_encrypted: string;
  mailbox: string;
  after_import: ImapSettings['afterImport'];
  move_to: string | null;
  poll_seconds: number;
  enabled: boolean;
  last_poll_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = `organization_id, id, support_address, host, port, tls, username, password_encrypted, mailbox,
  after_import, move_to, poll_seconds, enabled, last_poll_at, last_error, last_error_at, created_at, updated_at`;

export const toImapAccount = (row: ImapAccountRow): ImapAccount => ({
  id: row.id,
  supportAddress: row.support_address,
  host: row.host,
  port: row.port,
  tls: row.tls,
  username: row.username,
  mailbox: row.mailbox,
  afterImport: row.after_import,
  moveTo: row.move_to,
  pollSeconds: row.poll_seconds,
  enabled: row.enabled,
  lastPollAt: row.last_poll_at?.toISOString() ?? null,
  lastError: row.last_error,
  lastErrorAt: row.last_error_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export function settingsOf(row: ImapAccountRow, secretKey: string): ImapSettings {
  return {
    host: row.host,
    port: row.port,
    tls: row.tls,
    username: row.username,
    password: openSecret(secretKey, IMAP_PASSWORD_PURPOSE, row.password_encrypted),
    mailbox: row.mailbox,
    afterImport: row.after_import,
    moveTo: row.move_to,
  };
}

export async function imapAccountRow(
  tx: Queryable,
  organizationId: string,
  id: string,
): Promise<ImapAccountRow> {
  const [row] = await tx.query<ImapAccountRow>(
    `select ${COLUMNS} from imap_accounts where organization_id = $1 and id = $2`,
    [organizationId, id],
  );
  if (!row) throw notFound('IMAP account');
  return row;
}

export function listImapAccountRows(db: Database, organizationId: string): Promise<ImapAccountRow[]> {
  return withTenant(db, organizationId, (tx) =>
    tx.query<ImapAccountRow>(
      `select ${COLUMNS} from imap_accounts where organization_id = $1 order by lower(support_address)`,
      [organizationId],
    ),
  );
}

/**
 * The enabled accounts, of every organization, this poller reads: those whose lease it holds
 * (renewed here) and those whose lease is free or ran out (taken here). An account another live
 * poller holds is left to it.
 */
export function leaseImapAccounts(
  db: Database,
  poller: { id: string; leaseSeconds: number },
): Promise<ImapAccountRow[]> {
  return withoutTenant(db, (tx) =>
    tx.query<ImapAccountRow>(
      `update imap_accounts set poller_id = $1, poller_lease_until = now() + make_interval(secs => $2)
        where enabled and (poller_id = $1 or poller_lease_until is null or poller_lease_until < now())
        returning ${COLUMNS}`,
      [poller.id, poller.leaseSeconds],
    ),
  );
}

/** Gives this poller's accounts back at once, so another process need not wait for the leases to run out. */
export async function releaseImapAccounts(db: Database, pollerId: string): Promise<void> {
  await withoutTenant(db, (tx) =>
    tx.query('update imap_accounts set poller_lease_until = null where poller_id = $1', [pollerId]),
  );
}

/** What the last poll did, for the admin page: its time, and the error if it failed (cleared on success). */
export async function recordPoll(
  db: Database,
  account: { organizationId: string; id: string },
  error: string | null,
): Promise<void> {
  await withTenant(db, account.organizationId, (tx) =>
    tx.query(
      error
        ? `update imap_accounts set last_error = $3, last_error_at = now() where organization_id = $1 and id = $2`
        : `update imap_accounts set last_poll_at = now(), last_error = null where organization_id = $1 and id = $2`,
      error ? [account.organizationId, account.id, error] : [account.organizationId, account.id],
    ),
  );
}
