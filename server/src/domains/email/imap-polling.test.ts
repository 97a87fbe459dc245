import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { ImapFlow } from 'imapflow';
import { withTenant } from '../../db/tenant.ts';
import { dovecotMissing, startDovecot, type TestImapServer } from '../../test/dovecot.ts';
import {
  assertError,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { addSupportAddress, rawMessage } from './email-test-helpers.ts';
import { IMPORTED_KEYWORD } from './imap-connection.ts';
import { type ImapPolling, startImapPolling } from './imap-poller.ts';

const missing = dovecotMissing();
if (missing) process.stdout.write(`# SKIPPED IMAP polling tests: ${missing}\n`);

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, ms = 15_000) {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('IMAP polling against a real Dovecot', { skip: missing ?? false }, () => {
  let harness: TestApp;
  let org: TestOrganization;
  let support: string;
  let dovecot: TestImapServer;
  let mailbox: ImapFlow;
  let polling: ImapPolling;
  let accountId: string;

  const startPolling = () =>
    startImapPolling(
      {
        db: harness.db,
        storage: harness.app.storage,
        jobs: harness.app.jobs,
        logger: harness.app.log,
        secretKey: harness.config.secretKey,
        maxBytes: harness.config.emailMaxBytes,
      },
      { rescanSeconds: 0.2 },
    );
  const settings = (server: TestImapServer) => ({
    host: '127.0.0.1',
    port: server.port,
    tls: 'none',
    username: server.user,
    password: server.password,
  });
  const imapRows = () =>
    withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ id: string; state: string; ticket_id: string | null; subject: string }>(
        `select id, state, ticket_id, subject from inbound_emails
          where organization_id = $1 and received_via = 'imap' order by received_at`,
        [org.organizationId],
      ),
    );
  const ticketCount = async () =>
    (await call(harness.app, 'GET', '/api/v1/tickets', { as: org.owner.session })).json().items.length;
  const append = (subject: string, folder = 'INBOX') =>
    mailbox.append(
      folder,
      rawMessage({
        from: `customer-${randomUUID().slice(0, 6)}@example.com`,
        to: support,
        subject,
        text: 'Hello',
      }),
    );
  const flagsIn = async (folder: string) => {
    const lock = await mailbox.getMailboxLock(folder);
    try {
      // Servers tell of messages moved away by another client only in answer to a NOOP (RFC 3501).
      await mailbox.noop();
      if (!mailbox.mailbox || mailbox.mailbox.exists === 0) return [];
      const found: { uid: number; flags: string[] }[] = [];
      for await (const message of mailbox.fetch('1:*', { uid: true, flags: true })) {
        found.push({ uid: message.uid, flags: [...(message.flags ?? [])] });
      }
      return found;
    } finally {
      lock.release();
    }
  };
  const processedCount = async (count: number) => {
    const rows = await imapRows();
    return rows.length === count && rows.every((row) => row.state === 'processed') ? rows : null;
  };

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app);
    support = await addSupportAddress(harness.app, org);
    dovecot = await startDovecot();
    mailbox = dovecot.client();
    await mailbox.connect();
    await mailbox.mailboxCreate('Processed');
    polling = startPolling();
  });
  after(async () => {
    await polling?.stop();
    await mailbox?.logout();
    await dovecot?.close();
    await harness?.close();
  });

  test('an account is saved only when its server accepts the login, and its password never comes back', async () => {
    const { password: _, ...rest } = settings(dovecot);
    const wrong = await call(harness.app, 'POST', '/api/v1/imap-accounts', {
      as: org.owner.session,
      body: { supportAddress: support, ...rest, password: 'not-the-password', afterImport: 'flag' },
    });
    assertError(wrong, 422, 'unprocessable', { field: 'host' });
    assert.match(wrong.json().error.message, /login failed/i);
    const created = await call(harness.app, 'POST', '/api/v1/imap-accounts', {
      as: org.owner.session,
      body: { supportAddress: support, ...settings(dovecot), afterImport: 'flag' },
    });
    assert.equal(created.statusCode, 201, created.body);
    accountId = created.json().id;
    const listed = await call(harness.app, 'GET', '/api/v1/imap-accounts', { as: org.owner.session });
    for (const body of [created.body, listed.body]) assert.ok(!body.includes(dovecot.password));
    const [row] = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ password_encrypted: string }>('select password_encrypted from imap_accounts where id = $1', [
        accountId,
      ]),
    );
    assert.ok(row && !row.password_encrypted.includes(dovecot.password), 'stored encrypted');
  });

  test('new messages become tickets and are flagged once stored (IDLE)', async () => {
    await append('Printer is on fire');
    await append('Invoice missing');
    const rows = await until('two imported messages', () => processedCount(2));
    assert.deepEqual(rows.map((row) => row.subject).sort(), ['Invoice missing', 'Printer is on fire']);
    assert.ok(rows.every((row) => row.ticket_id));
    await until('both flagged', async () =>
      (await flagsIn('INBOX')).every((message) => message.flags.includes(IMPORTED_KEYWORD)),
    );
    const account = (
      await call(harness.app, 'GET', '/api/v1/imap-accounts', { as: org.owner.session })
    ).json().items[0];
    assert.ok(account.lastPollAt);
    assert.equal(account.lastError, null);
  });

  test('a message stored but not flagged before a crash is fetched again after restart, and makes no duplicate', async () => {
    await polling.stop();
    const tickets = await ticketCount();
    const [first] = await flagsIn('INBOX');
    assert.ok(first);
    // As if the poller died between storing the message and flagging it.
    const lock = await mailbox.getMailboxLock('INBOX');
    await mailbox
      .messageFlagsRemove(String(first.uid), [IMPORTED_KEYWORD], { uid: true })
      .finally(() => lock.release());
    polling = startPolling();
    await until('the message flagged again', async () =>
      (await flagsIn('INBOX')).every((message) => message.flags.includes(IMPORTED_KEYWORD)),
    );
    assert.equal((await imapRows()).length, 2);
    assert.equal(await ticketCount(), tickets);
  });

  test('with "move", imported messages go to the chosen folder and leave the inbox', async () => {
    const changed = await call(harness.app, 'PATCH', `/api/v1/imap-accounts/${accountId}`, {
      as: org.owner.session,
      body: { afterImport: 'move', moveTo: 'Processed' },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    await append('Moved along');
    await until('the message imported', () => processedCount(3));
    // Everything in the mailbox is moved, the two flagged before too (they are known: no new rows).
    await until('the inbox emptied', async () => (await flagsIn('INBOX')).length === 0);
    assert.equal((await flagsIn('Processed')).length, 3);
    assert.equal((await imapRows()).length, 3);
  });

  test('one server process reads a mailbox at a time; another takes it over when that one stops', async () => {
    const holder = async () => {
      const [row] = await withTenant(harness.db, org.organizationId, (tx) =>
        tx.query<{ poller_id: string | null }>('select poller_id from imap_accounts where id = $1', [
          accountId,
        ]),
      );
      return row?.poller_id ?? null;
    };
    const first = await until('a poller holding the account', holder);
    const second = startPolling();
    try {
      // Five rescans of both pollers: the lease stays where it is.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(await holder(), first);
      await polling.stop();
      await until('the other poller holding it', async () => {
        const id = await holder();
        return id !== first && id;
      });
      await append('After the handover');
      await until('the message imported by the new holder', () => processedCount(4));
    } finally {
      polling = second;
    }
  });

  test('a missing folder is refused on save, with the server saying why', async () => {
    const response = await call(harness.app, 'PATCH', `/api/v1/imap-accounts/${accountId}`, {
      as: org.owner.session,
      body: { moveTo: 'No/Such/Folder' },
    });
    assertError(response, 422, 'unprocessable');
  });
});

describe('IMAP polling without IDLE', { skip: missing ?? false }, () => {
  test('a server without IDLE is polled every pollSeconds, and its failures are recorded', async () => {
    const harness = await createTestApp();
    const dovecot = await startDovecot({ idle: false });
    let polling: ImapPolling | null = null;
    try {
      const org = await signUpOrganization(harness.app);
      const support = await addSupportAddress(harness.app, org);
      const created = await call(harness.app, 'POST', '/api/v1/imap-accounts', {
        as: org.owner.session,
        body: {
          supportAddress: support,
          host: '127.0.0.1',
          port: dovecot.port,
          tls: 'none',
          username: dovecot.user,
          password: dovecot.password,
          afterImport: 'flag',
          pollSeconds: 5,
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      polling = startImapPolling(
        {
          db: harness.db,
          storage: harness.app.storage,
          jobs: harness.app.jobs,
          logger: harness.app.log,
          secretKey: harness.config.secretKey,
          maxBytes: harness.config.emailMaxBytes,
        },
        { rescanSeconds: 0.2 },
      );
      const account = async () =>
        (await call(harness.app, 'GET', '/api/v1/imap-accounts', { as: org.owner.session })).json().items[0];
      await until('a first poll', async () => (await account()).lastPollAt);
      const client = dovecot.client();
      await client.connect();
      assert.ok(!client.capabilities.has('IDLE'));
      await client.append(
        'INBOX',
        rawMessage({ from: 'old@example.com', to: support, subject: 'Polled', text: 'Hi' }),
      );
      await client.logout();
      const started = Date.now();
      await until(
        'the polled message',
        async () => {
          const rows = await withTenant(harness.db, org.organizationId, (tx) =>
            tx.query("select 1 from inbound_emails where organization_id = $1 and subject = 'Polled'", [
              org.organizationId,
            ]),
          );
          return rows.length === 1;
        },
        10_000,
      );
      assert.ok(Date.now() - started < 8_000);
      await dovecot.close();
      await until('the failure recorded', async () => (await account()).lastError, 10_000);
    } finally {
      await polling?.stop();
      await dovecot.close().catch(() => {});
      await harness.close();
    }
  });
});
