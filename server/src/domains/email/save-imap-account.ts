import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError, isUniqueViolation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { sealSecret } from '../../lib/secret-box.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { IMAP_PASSWORD_PURPOSE, imapAccountRow, settingsOf, toImapAccount } from './imap-account-rows.ts';
import type { CreateImapAccountInput, ImapAccount, UpdateImapAccountInput } from './imap-accounts.schemas.ts';
import { type ImapSettings, testImapConnection } from './imap-connection.ts';

type SaveDeps = { db: Database; secretKey: string };

/** Adds a mailbox to poll for one of the organization's support addresses, once it is reachable. */
export async function createImapAccount(
  deps: SaveDeps,
  input: { actor: Actor; account: CreateImapAccountInput },
): Promise<ImapAccount> {
  const { actor, account } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  const settings = completeSettings(account);
  const enabled = account.enabled ?? true;
  if (enabled) await assertReachable(settings);
  const id = newId();
  return saving(async () =>
    withTenant(deps.db, organizationId, async (tx) => {
      await assertSupportAddress(tx, organizationId, account.supportAddress);
      await tx.query(
        `insert into imap_accounts (organization_id, id, support_address, host, port, tls, username,
                                    password_encrypted, mailbox, after_import, move_to, poll_seconds, enabled)
         values ($1, $2, lower($3), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          organizationId,
          id,
          account.supportAddress.trim(),
          ...settingsColumns(deps.secretKey, settings),
          account.pollSeconds ?? 60,
          enabled,
        ],
      );
      await audit(tx, actor, id, 'email.imap_account_created');
      return toImapAccount(await imapAccountRow(tx, organizationId, id));
    }),
  );
}

/** Changes an account; an unchanged password need not be sent again. Re-tested unless disabled. */
export async function updateImapAccount(
  deps: SaveDeps,
  input: { actor: Actor; id: string; changes: UpdateImapAccountInput },
): Promise<ImapAccount> {
  const { actor, id, changes } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  const current = await withTenant(deps.db, organizationId, (tx) => imapAccountRow(tx, organizationId, id));
  const merged = { ...settingsOf(current, deps.secretKey), ...withoutUndefined(changes) };
  const settings = completeSettings(merged);
  const enabled = changes.enabled ?? current.enabled;
  if (enabled) await assertReachable(settings);
  return withTenant(deps.db, organizationId, async (tx) => {
    await tx.query(
      `update imap_accounts
          set host = $3, port = $4, tls = $5, username = $6, password_encrypted = $7, mailbox = $8,
              after_import = $9, move_to = $10, poll_seconds = $11, enabled = $12, last_error = null,
              updated_at = now()
        where organization_id = $1 and id = $2`,
      [
        organizationId,
        id,
        ...settingsColumns(deps.secretKey, settings),
        changes.pollSeconds ?? current.poll_seconds,
        enabled,
      ],
    );
    await audit(tx, actor, id, 'email.imap_account_updated');
    return toImapAccount(await imapAccountRow(tx, organizationId, id));
  });
}

export async function deleteImapAccount(db: Database, input: { actor: Actor; id: string }): Promise<void> {
  const { actor, id } = input;
  requireAdmin(actor);
  await withTenant(db, actor.organizationId, async (tx) => {
    await imapAccountRow(tx, actor.organizationId, id);
    await tx.query('delete from imap_accounts where organization_id = $1 and id = $2', [
      actor.organizationId,
      id,
    ]);
    await audit(tx, actor, id, 'email.imap_account_deleted');
  });
}

type SettingsInput = Omit<ImapSettings, 'mailbox' | 'moveTo'> & { mailbox?: string; moveTo?: string | null };

function completeSettings(input: SettingsInput): ImapSettings {
  const settings: ImapSettings = {
    host: input.host.trim(),
    port: input.port,
    tls: input.tls,
    username: input.username,
    password: input.password,
    mailbox: input.mailbox ?? 'INBOX',
    afterImport: input.afterImport,
    moveTo: input.afterImport === 'move' ? (input.moveTo ?? null) : null,
  };
  if (settings.afterImport === 'move' && !settings.moveTo)
    throw new AppError('validation_failed', 'Say which folder imported messages move to', {
      field: 'moveTo',
    });
  if (settings.moveTo === settings.mailbox)
    throw new AppError('validation_failed', 'Imported messages must move to another folder', {
      field: 'moveTo',
    });
  return settings;
}

const settingsColumns = (secretKey: string, settings: ImapSettings) => [
  settings.host,
  settings.port,
  settings.tls,
  settings.username,
  sealSecret(secretKey, IMAP_PASSWORD_PURPOSE, settings.password),
  settings.mailbox,
  settings.afterImport,
  settings.moveTo,
];

async function assertReachable(settings: ImapSettings): Promise<void> {
  const problem = await testImapConnection(settings);
  if (problem)
    throw new AppError('unprocessable', `The IMAP server could not be used: ${problem}`, { field: 'host' });
}

async function assertSupportAddress(tx: Queryable, organizationId: string, address: string): Promise<void> {
  const [row] = await tx.query(
    'select 1 from support_addresses where organization_id = $1 and lower(address) = lower($2)',
    [organizationId, address.trim()],
  );
  if (!row)
    throw new AppError('validation_failed', `${address} is not one of the organization's support addresses`, {
      field: 'supportAddress',
    });
}

async function saving<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('conflict', 'This support address already has an IMAP account', {
      field: 'supportAddress',
    });
  }
}

const withoutUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

function audit(tx: Queryable, actor: Actor, id: string, action: string) {
  return recordAudit(tx, {
    organizationId: actor.organizationId,
    actorType: 'agent',
    actorId: actor.agentId,
    action,
    entityType: 'imap_account',
    entityId: id,
  });
}
