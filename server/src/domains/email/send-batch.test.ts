import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import { freePort } from '../../test/free-port.ts';
import {
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';
import { addSupportAddress } from './email-test-helpers.ts';
import { type SmtpSink, startSmtpSink } from './outbound-test-helpers.ts';
import { replyTokenKey } from './reply-token.ts';
import { sendTicketEmails } from './send-ticket-email.ts';

type DeliveryState = { id: string; state: string; attempts: number; error: string | null };

// No workers: each test hands a batch of the sending queue's jobs over itself.
describe('outbound email: a batch of the sending queue', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let sink: SmtpSink;

  before(async () => {
    sink = await startSmtpSink();
    harness = await createTestApp({ JOB_WORKERS: 'false' });
    org = await signUpOrganization(harness.app);
    await addSupportAddress(harness.app, org);
  });
  after(async () => {
    await harness?.close();
    await sink?.close();
  });

  /** Public replies on fresh tickets, each queued for sending; their delivery ids. */
  const queueReplies = async (count: number): Promise<string[]> => {
    const commentIds: string[] = [];
    for (let index = 0; index < count; index++) {
      const as = org.owner.session;
      const ticket = await call(harness.app, 'POST', '/api/v1/tickets', {
        as,
        body: { subject: `Batch ${index}`, requester: { email: uniqueEmail('batch') } },
      });
      const posted = await call(harness.app, 'POST', `/api/v1/tickets/${ticket.json().id}/comments`, {
        as,
        body: { body: `Answer ${index}`, visibility: 'public' },
      });
      commentIds.push(posted.json().id);
    }
    const rows = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ id: string }>(
        'select id from email_deliveries where organization_id = $1 and comment_id = any($2::uuid[]) order by created_at',
        [org.organizationId, commentIds],
      ),
    );
    return rows.map((row) => row.id);
  };
  const deliveries = (ids: readonly string[]) =>
    withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<DeliveryState>(
        `select id, state, attempts, error from email_deliveries
          where organization_id = $1 and id = any($2::uuid[]) order by created_at`,
        [org.organizationId, ids],
      ),
    );
  const send = (ids: readonly string[], smtpRelayUrl: string) =>
    sendTicketEmails(
      {
        db: harness.db,
        logger: harness.app.log,
        secretKey: harness.config.secretKey,
        replyTokenKey: replyTokenKey(harness.config.secretKey),
        smtpRelayUrl,
        publicUrl: harness.config.publicUrl,
      },
      ids.map((deliveryId) => ({
        job: { organizationId: org.organizationId, deliveryId },
        lastAttempt: false,
      })),
    );

  test('each message of a batch is sent and recorded; one already sent is not sent again', async () => {
    const ids = await queueReplies(3);
    const retry = await send(ids, sink.url);
    assert.equal(retry.size, 0);
    assert.deepEqual(
      (await deliveries(ids)).map((row) => [row.state, row.attempts]),
      [
        ['sent', 1],
        ['sent', 1],
        ['sent', 1],
      ],
    );
    for (const index of [0, 1, 2])
      await sink.waitFor((message) => message.email.text.includes(`Answer ${index}`));
    const before = sink.messages.length;
    assert.equal((await send(ids, sink.url)).size, 0);
    assert.equal(sink.messages.length, before, 'nothing sent twice');
  });

  test('a server that cannot be reached is tried once: the rest of the batch waits, untried', async () => {
    const ids = await queueReplies(3);
    const nobody = `smtp://127.0.0.1:${await freePort()}`;
    const retry = await send(ids, nobody);
    assert.equal(retry.size, 3, 'all three are for later');
    const [tried, ...untried] = await deliveries(ids);
    assert.deepEqual([tried?.state, tried?.attempts], ['queued', 1]);
    assert.match(tried?.error ?? '', /ECONNREFUSED|connect/i);
    for (const row of untried) assert.deepEqual([row.state, row.attempts, row.error], ['queued', 0, null]);
  });
});
