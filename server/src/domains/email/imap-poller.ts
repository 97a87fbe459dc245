import { randomUUID } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import {
  type ImapAccountRow,
  leaseImapAccounts,
  recordPoll,
  releaseImapAccounts,
  settingsOf,
} from './imap-account-rows.ts';
import { describeImapError, type ImapSettings, imapClient } from './imap-connection.ts';
import { type ImapImportDeps, importNewMessages } from './import-imap-messages.ts';

export type ImapPollerDeps = ImapImportDeps & { secretKey: string };

export type ImapPolling = { stop(): Promise<void> };

type RunningAccount = { version: number; stop(): Promise<void> };

const MAX_BACKOFF_MS = 5 * 60_000;

// A lease outlives a few missed rescans (a slow database), not a dead process.
const LEASE_RESCANS = 3;

/**
 * Keeps one connection per enabled IMAP account whose lease this process holds, so each mailbox is
 * read by one server process. The accounts table is read again every `rescanSeconds` (renewing the
 * leases), so an account an admin adds, changes or removes is picked up without a restart, and an
 * account whose process died is taken over once its lease runs out.
 */
export function startImapPolling(deps: ImapPollerDeps, options: { rescanSeconds: number }): ImapPolling {
  const running = new Map<string, RunningAccount>();
  const poller = { id: randomUUID(), leaseSeconds: options.rescanSeconds * LEASE_RESCANS };
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const rescan = async () => {
    try {
      const rows = await leaseImapAccounts(deps.db, poller);
      const wanted = new Map(rows.map((row) => [row.id, row]));
      for (const [id, account] of running) {
        if (wanted.get(id)?.updated_at.getTime() === account.version) continue;
        running.delete(id);
        await account.stop();
      }
      for (const row of rows) {
        if (!running.has(row.id) && !stopped) running.set(row.id, pollAccount(deps, row));
      }
    } catch (error) {
      deps.logger.error({ err: error }, 'imap accounts could not be read');
    }
    if (!stopped) timer = setTimeout(() => void rescan(), options.rescanSeconds * 1000);
  };
  void rescan();

  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.all([...running.values()].map((account) => account.stop()));
      running.clear();
      await releaseImapAccounts(deps.db, poller.id).catch((error) =>
        deps.logger.warn({ err: error }, 'imap leases could not be released; they run out'),
      );
    },
  };
}

/** Connects, imports, waits for news; on any failure records it and reconnects with backoff. */
function pollAccount(deps: ImapPollerDeps, row: ImapAccountRow): RunningAccount {
  const account = { organizationId: row.organization_id, id: row.id };
  const log = deps.logger.child({ organizationId: row.organization_id, imapAccountId: row.id });
  let stopped = false;
  let interrupt: () => void = () => {};
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      interrupt = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  let backoff = 1000;
  const session = async () => {
    const settings = settingsOf(row, deps.secretKey);
    const connection = imapClient(settings, { disableAutoIdle: true });
    // New mail may be announced while we are busy importing: remembered, so the wait returns at once.
    let news = false;
    // Only while this session runs: a late 'close' must not cut the backoff pause after it.
    let active = true;
    connection.on('exists', () => {
      news = true;
      if (active) interrupt();
    });
    connection.on('close', () => {
      if (active) interrupt();
    });
    connection.on('error', (error: Error) => log.warn({ err: error }, 'imap connection error'));
    try {
      await connection.connect();
      const lock = await connection.getMailboxLock(settings.mailbox);
      try {
        await pollWhileConnected(connection, settings);
      } finally {
        lock.release();
      }
    } finally {
      active = false;
      await connection.logout().catch(() => connection.close());
    }
    if (!stopped) throw new Error('the IMAP server closed the connection');

    async function pollWhileConnected(connection: ImapFlow, settings: ImapSettings) {
      const mailbox = {
        organizationId: row.organization_id,
        accountId: row.id,
        supportAddress: row.support_address,
      };
      while (!stopped && connection.usable) {
        news = false;
        const imported = await importNewMessages(deps, connection, mailbox, settings);
        if (imported > 0) log.info({ imported }, 'imap messages imported');
        await recordPoll(deps.db, account, null);
        backoff = 1000;
        if (!news && !stopped) await waitForMail(connection, row.poll_seconds * 1000);
      }
    }
  };

  /** With IDLE the server announces new mail at once; without, the timer is the poll interval. */
  const waitForMail = async (connection: ImapFlow, pollMs: number) => {
    // The next command (the search) ends the IDLE.
    if (connection.capabilities.has('IDLE')) void connection.idle().catch(() => interrupt());
    await pause(pollMs);
  };

  const done = (async () => {
    while (!stopped) {
      try {
        await session();
      } catch (error) {
        if (stopped) break;
        const problem = describeImapError(error);
        log.warn({ err: error, retryInMs: backoff }, 'imap polling failed');
        await recordPoll(deps.db, account, problem).catch(() => {});
        await pause(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  })();

  return {
    version: row.updated_at.getTime(),
    stop: async () => {
      stopped = true;
      interrupt();
      await done;
    },
  };
}
