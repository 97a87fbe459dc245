import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import {
  addAgent,
  assertError,
  call,
  createTestApp,
  type PortalCredentials,
  signInContact,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { acceptInboundEmail, LARGEST_RAW_IN_ROW } from './accept-inbound-email.ts';
import { PROCESS_INBOUND_EMAIL } from './email-queues.ts';
import {
  addSupportAddress,
  dnsTable,
  processingDeps,
  rawMessage,
  waitProcessed,
} from './email-test-helpers.ts';
import { processInboundEmail } from './process-inbound-email.ts';

const SENDER_IP = '192.0.2.10';
// customer.example lets only SENDER_IP send and asks receivers to reject the rest (DMARC p=reject).
const DNS: Record<string, string[][]> = {
  'TXT customer.example': [[`v=spf1 ip4:${SENDER_IP} -all`]],
  'TXT _dmarc.customer.example': [['v=DMARC1; p=reject']],
};
const resolver = dnsTable(DNS);

describe('stored messages for agents: full text, raw download, quarantine', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let support: string;
  let agent: { session: { cookie: string; csrfToken: string } };
  let customer: PortalCredentials;
  const customerAddress = `known-${randomUUID().slice(0, 6)}@customer.example`;

  before(async () => {
    // No workers: each message is processed here, with the DNS table above.
    harness = await createTestApp({ JOB_WORKERS: 'false' });
    org = await signUpOrganization(harness.app);
    support = await addSupportAddress(harness.app, org);
    agent = await addAgent(harness.app, org, 'agent');
    customer = (await signInContact(harness.app, org, customerAddress)).session;
  });
  after(() => harness.close());

  const processStored = (inboundEmailId: string) =>
    processInboundEmail(processingDeps(harness, resolver), {
      organizationId: org.organizationId,
      inboundEmailId,
    });
  const receive = async (raw: Buffer, ip: string) => {
    const accepted = await acceptInboundEmail(harness.app, {
      organizationId: org.organizationId,
      supportAddressId: null,
      raw,
      envelope: {
        via: 'smtp',
        from: customerAddress,
        to: [support],
        remoteAddress: ip,
        helo: 'mail.customer.example',
      },
    });
    await processStored(accepted.id);
    return waitProcessed(harness.db, org.organizationId, accepted.id);
  };
  const spoofed = (subject: string, text = 'Send me the invoices') =>
    receive(rawMessage({ from: customerAddress, to: support, subject, text }), '203.0.113.66');
  /** A text long enough that its message is kept in storage rather than in its row. */
  const longText = () => `Log attached below.\n\n${'0123456789abcdef '.repeat(LARGEST_RAW_IN_ROW / 16)}`;
  const rawLocation = async (id: string) => {
    const [row] = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ in_row: boolean; storage_key: string | null }>(
        'select raw is not null as in_row, storage_key from inbound_emails where id = $1',
        [id],
      ),
    );
    assert.ok(row, id);
    return row;
  };
  const get = (url: string, as: { cookie: string; csrfToken: string } = agent.session) =>
    call(harness.app, 'GET', url, { as });

  test('an email comment names its message; an agent reads its full text and downloads it raw', async () => {
    const raw = rawMessage({
      from: customerAddress,
      to: support,
      subject: 'Printer',
      text: 'It jams again.\n\nOn Monday, Support wrote:\n> Did you restart it?',
    });
    const row = await receive(raw, SENDER_IP);
    assert.equal(row.outcome, 'new_ticket');
    const comments = (await get(`/api/v1/tickets/${row.ticket_id}/comments`)).json().items;
    assert.equal(comments[0].inboundEmailId, row.id);

    const shown = await get(`/api/v1/inbound-emails/${row.id}`);
    assert.equal(shown.statusCode, 200, shown.body);
    const email = shown.json();
    assert.equal(email.outcome, 'new_ticket');
    assert.equal(email.ticketId, row.ticket_id);
    assert.equal(email.commentId, comments[0].id);
    assert.match(email.text, /Did you restart it\?/);
    assert.equal(email.strippedText, 'It jams again.');
    assert.equal(email.authResults.dmarc.result, 'pass');
    assert.deepEqual(email.from, { address: customerAddress, name: '' });

    const download = await get(`/api/v1/inbound-emails/${row.id}/raw`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'message/rfc822');
    assert.equal(download.headers['content-disposition'], `attachment; filename="${row.id}.eml"`);
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(download.rawPayload, raw);
    assert.deepEqual(await rawLocation(row.id), { in_row: true, storage_key: null });
  });

  test('a message over the size kept in rows is stored, processed, shown and downloaded from storage', async () => {
    const raw = rawMessage({ from: customerAddress, to: support, subject: 'Logs', text: longText() });
    assert.ok(raw.length > LARGEST_RAW_IN_ROW);
    const row = await receive(raw, SENDER_IP);
    assert.equal(row.outcome, 'new_ticket');
    const { in_row, storage_key } = await rawLocation(row.id);
    assert.equal(in_row, false);
    assert.ok(storage_key && (await harness.app.storage.exists(storage_key)));
    assert.match((await get(`/api/v1/inbound-emails/${row.id}`)).json().text, /^Log attached below\./);
    assert.deepEqual((await get(`/api/v1/inbound-emails/${row.id}/raw`)).rawPayload, raw);
  });

  test('admins list messages by state; agents may not list them', async () => {
    const held = await spoofed('Spoofed list');
    assert.equal(held.state, 'quarantined');
    const listed = await get('/api/v1/inbound-emails?state=quarantined', org.owner.session);
    assert.equal(listed.statusCode, 200, listed.body);
    const items = listed.json().items as { id: string; state: string }[];
    assert.ok(items.some((item) => item.id === held.id));
    assert.ok(items.every((item) => item.state === 'quarantined'));
    assertError(await get('/api/v1/inbound-emails'), 403, 'forbidden');
  });

  test('a released message is processed without the DMARC hold, once', async () => {
    const held = await spoofed('Really me, from my phone');
    const released = await call(harness.app, 'POST', `/api/v1/inbound-emails/${held.id}/release`, {
      as: agent.session,
    });
    assert.equal(released.statusCode, 202, released.body);
    await processStored(held.id);
    const after = await waitProcessed(harness.db, org.organizationId, held.id);
    assert.deepEqual([after.state, after.outcome], ['processed', 'new_ticket']);
    const again = await call(harness.app, 'POST', `/api/v1/inbound-emails/${held.id}/release`, {
      as: agent.session,
    });
    assertError(again, 409, 'conflict');
    assert.ok((await get(`/api/v1/inbound-emails/${held.id}`)).json().releasedAt);
  });

  test('two agents releasing one held message at once: one release, one conflict, one job', async () => {
    const held = await spoofed('Released twice');
    const jobsOfMessage = async () => {
      const [row] = await harness.db.query<{ count: number }>(
        `select count(*)::int as count from pgboss.job where name = $1 and data->>'inboundEmailId' = $2`,
        [PROCESS_INBOUND_EMAIL.name, held.id],
      );
      return row?.count ?? 0;
    };
    const accepted = await jobsOfMessage();
    const release = () =>
      call(harness.app, 'POST', `/api/v1/inbound-emails/${held.id}/release`, { as: agent.session });
    // On PostgreSQL both releases are made to meet: the row is held locked until both wait for it.
    // (PGlite runs one transaction at a time, so there they cannot overlap at all.)
    const answers =
      harness.db.kind === 'postgres'
        ? await whileLocked(harness.db, held.id, 2, () => Promise.all([release(), release()]))
        : await Promise.all([release(), release()]);
    assert.deepEqual(answers.map((answer) => answer.statusCode).sort(), [202, 409]);
    assert.equal(await jobsOfMessage(), accepted + 1);
  });

  test('deleting a held message removes its row and its raw copy; a processed one cannot be deleted', async () => {
    const heldInRow = await spoofed('Spam');
    const heldInStorage = await spoofed('Spam with a long text', longText());
    const { storage_key } = await rawLocation(heldInStorage.id);
    assert.ok(storage_key && (await harness.app.storage.exists(storage_key)));
    for (const held of [heldInRow, heldInStorage]) {
      const deleted = await call(harness.app, 'DELETE', `/api/v1/inbound-emails/${held.id}`, {
        as: agent.session,
      });
      assert.equal(deleted.statusCode, 204, deleted.body);
      assertError(await get(`/api/v1/inbound-emails/${held.id}`), 404, 'not_found');
    }
    assert.equal(await harness.app.storage.exists(storage_key), false);

    const kept = await receive(
      rawMessage({ from: customerAddress, to: support, subject: 'Kept', text: 'Hi' }),
      SENDER_IP,
    );
    const refused = await call(harness.app, 'DELETE', `/api/v1/inbound-emails/${kept.id}`, {
      as: agent.session,
    });
    assertError(refused, 409, 'conflict');
  });

  test("a customer's portal session opens none of these routes, not even for their own message", async () => {
    const own = await spoofed('Mine');
    for (const [method, url] of [
      ['GET', '/api/v1/inbound-emails'],
      ['GET', `/api/v1/inbound-emails/${own.id}`],
      ['GET', `/api/v1/inbound-emails/${own.id}/raw`],
      ['POST', `/api/v1/inbound-emails/${own.id}/release`],
      ['DELETE', `/api/v1/inbound-emails/${own.id}`],
      ['GET', '/api/v1/imap-accounts'],
    ] as const) {
      const response = await call(harness.app, method, url, { as: customer });
      assert.equal(response.statusCode, 401, `${method} ${url}`);
      assert.ok(!response.body.includes('Send me the invoices'));
    }
    const portalView = await call(harness.app, 'GET', '/api/v1/portal/tickets', { as: customer });
    assert.ok(!portalView.body.includes('inboundEmailId'));
    const [row] = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ state: string }>('select state from inbound_emails where id = $1', [own.id]),
    );
    assert.equal(row?.state, 'quarantined', 'untouched');
  });
});

/**
 * Runs `work` while another transaction holds the message's row locked, and lets go once `waiters`
 * statements of the database wait for a lock: whatever they were about to do then happens at once.
 */
async function whileLocked<T>(db: Database, id: string, waiters: number, work: () => Promise<T>): Promise<T> {
  let letGo: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    letGo = resolve;
  });
  let locked: () => void = () => undefined;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = db.transaction(async (tx) => {
    await tx.query('select 1 from inbound_emails where id = $1 for update', [id]);
    locked();
    await held;
  });
  await isLocked;
  const done = work();
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const [row] = await db.query<{ count: number }>(
      `select count(*)::int as count from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if ((row?.count ?? 0) >= waiters) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  letGo();
  await holder;
  return done;
}
