import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { DNSResolver } from 'mailauth';
import {
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { acceptInboundEmail, LARGEST_RAW_IN_ROW } from './accept-inbound-email.ts';
import {
  addSupportAddress,
  dnsTable,
  processingDeps,
  rawMessage,
  waitProcessed,
} from './email-test-helpers.ts';
import { processInboundEmails } from './process-inbound-email.ts';
import { takeRawCopy } from './recent-raw-copies.ts';

describe('processing stored messages a batch at a time', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let support: string;

  before(async () => {
    // No workers: the test hands the batch over itself.
    harness = await createTestApp({ JOB_WORKERS: 'false' });
    org = await signUpOrganization(harness.app);
    support = await addSupportAddress(harness.app, org);
  });
  after(() => harness.close());

  const store = async (raw: Buffer) => {
    const accepted = await acceptInboundEmail(harness.app, {
      organizationId: org.organizationId,
      supportAddressId: null,
      raw,
      envelope: { via: 'http', from: null, to: [support], remoteAddress: null, helo: null },
    });
    return { organizationId: org.organizationId, inboundEmailId: accepted.id };
  };
  const customer = () => `batch-${randomUUID().slice(0, 6)}@customer.example`;

  test('messages accepted at the same moment are each stored once, the same bytes twice as one', async () => {
    const raws = [1, 2, 3].map((n) =>
      rawMessage({ from: customer(), to: support, subject: `At once ${n}`, text: 'Hello' }),
    );
    const accepted = await Promise.all(
      [...raws, raws[0] as Buffer].map((raw) =>
        acceptInboundEmail(harness.app, {
          organizationId: org.organizationId,
          supportAddressId: null,
          raw,
          envelope: { via: 'http', from: null, to: [support], remoteAddress: null, helo: null },
        }),
      ),
    );
    assert.equal(new Set(accepted.map((message) => message.id)).size, 3);
    assert.equal(accepted[3]?.id, accepted[0]?.id);
    const deps = processingDeps(harness, dnsTable({}));
    const jobs = accepted.slice(0, 3).map((message) => ({
      organizationId: org.organizationId,
      inboundEmailId: message.id,
    }));
    assert.equal((await processInboundEmails(deps, jobs)).size, 0);
  });

  /** A request and an answer to it (by its sender, or a colleague), stored; `threaded` checks the answer joined its ticket. */
  const requestAndReply = async (answeredBy: 'requester' | 'colleague') => {
    const requester = customer();
    const replyFrom = answeredBy === 'requester' ? requester : customer();
    const messageId = `${randomUUID()}@customer.example`;
    const opening = await store(
      rawMessage({ from: requester, to: support, subject: 'Broken', text: 'It broke', messageId }),
    );
    const reply = await store(
      rawMessage({
        from: replyFrom,
        to: support,
        subject: 'Re: Broken',
        text: 'Still broken',
        inReplyTo: messageId,
      }),
    );
    const threaded = async () => {
      const opened = await waitProcessed(harness.db, org.organizationId, opening.inboundEmailId);
      const replied = await waitProcessed(harness.db, org.organizationId, reply.inboundEmailId);
      assert.deepEqual([opened.outcome, replied.outcome], ['new_ticket', 'reply']);
      assert.equal(replied.ticket_id, opened.ticket_id);
    };
    return { opening, reply, threaded };
  };

  test('a reply to a message of the same batch threads onto the ticket that message opens', async () => {
    const { opening, reply, threaded } = await requestAndReply('requester');
    const failures = await processInboundEmails(processingDeps(harness, dnsTable({})), [opening, reply]);
    assert.equal(failures.size, 0);
    await threaded();
  });

  test("a reply whose sender checks finish before its request's, in one batch, still threads onto it", async () => {
    // The request's domain answers DNS slowly, so the reply is parsed and checked first: the batch
    // must still record the two in the order they arrived.
    const slowDns: DNSResolver = async (name, type) => {
      if (name.toLowerCase().includes('slow.example'))
        await new Promise((resolve) => setTimeout(resolve, 300));
      throw Object.assign(new Error(`${type} ${name}: not found`), { code: 'ENOTFOUND' });
    };
    const messageId = `${randomUUID()}@slow.example`;
    const storeFrom = async (raw: Buffer, helo: string) => {
      const accepted = await acceptInboundEmail(harness.app, {
        organizationId: org.organizationId,
        supportAddressId: null,
        raw,
        envelope: { via: 'smtp', from: null, to: [support], remoteAddress: '192.0.2.7', helo },
      });
      return { organizationId: org.organizationId, inboundEmailId: accepted.id };
    };
    const opening = await storeFrom(
      rawMessage({ from: 'ann@slow.example', to: support, subject: 'Broken', text: 'It broke', messageId }),
      'mx.slow.example',
    );
    const reply = await storeFrom(
      rawMessage({
        from: 'bob@fast.example',
        to: support,
        subject: 'Re: Broken',
        text: 'Mine too',
        inReplyTo: messageId,
      }),
      'mx.fast.example',
    );
    const failures = await processInboundEmails(processingDeps(harness, slowDns), [opening, reply]);
    assert.equal(failures.size, 0);
    const opened = await waitProcessed(harness.db, org.organizationId, opening.inboundEmailId);
    const replied = await waitProcessed(harness.db, org.organizationId, reply.inboundEmailId);
    assert.deepEqual([opened.outcome, replied.outcome], ['new_ticket', 'reply']);
    assert.equal(replied.ticket_id, opened.ticket_id);
  });

  test('a reply in a batch recorded beside the batch of the message it answers waits and threads', async () => {
    // A colleague's answer (another sender, so nothing else orders the two), in a batch of its own.
    const { opening, reply, threaded } = await requestAndReply('colleague');
    const deps = processingDeps(harness, dnsTable({}));
    const failures = await Promise.all([
      processInboundEmails(deps, [opening]),
      processInboundEmails(deps, [reply]),
    ]);
    assert.deepEqual(
      failures.map((batch) => batch.size),
      [0, 0],
    );
    await threaded();
  });

  test("recorded side by side, a batch still threads a colleague's answer and catches a second copy", async () => {
    const messageId = `${randomUUID()}@customer.example`;
    const opening = await store(
      rawMessage({ from: customer(), to: support, subject: 'Printer', text: 'Jammed', messageId }),
    );
    const strangers = await Promise.all(
      [1, 2, 3].map((n) =>
        store(rawMessage({ from: customer(), to: support, subject: `Other ${n}`, text: 'Hi' })),
      ),
    );
    const colleague = await store(
      rawMessage({
        from: customer(),
        to: support,
        subject: 'Re: Printer',
        text: 'Mine too',
        inReplyTo: messageId,
      }),
    );
    // The same message again, as another relay passed it on: other bytes, the same Message-ID.
    const copy = await store(
      rawMessage({ from: customer(), to: support, subject: 'Printer', text: 'Jammed (relayed)', messageId }),
    );
    const failures = await processInboundEmails(processingDeps(harness, dnsTable({})), [
      opening,
      ...strangers,
      colleague,
      copy,
    ]);
    assert.equal(failures.size, 0);
    // One copy opens the ticket, the other is marked a duplicate of it (which one is the batch's order).
    const copies = await Promise.all(
      [opening, copy].map((message) => waitProcessed(harness.db, org.organizationId, message.inboundEmailId)),
    );
    assert.deepEqual(copies.map((row) => row.outcome).sort(), ['duplicate', 'new_ticket']);
    assert.equal(copies[0]?.ticket_id, copies[1]?.ticket_id);
    const joined = await waitProcessed(harness.db, org.organizationId, colleague.inboundEmailId);
    assert.equal(joined.outcome, 'reply');
    assert.equal(joined.ticket_id, copies[0]?.ticket_id);
    for (const stranger of strangers) {
      const row = await waitProcessed(harness.db, org.organizationId, stranger.inboundEmailId);
      assert.equal(row.outcome, 'new_ticket');
    }
  });

  test('a message that cannot be recorded fails alone: the rest of its batch is recorded', async () => {
    const good = [customer(), customer()].map((from) =>
      rawMessage({ from, to: support, subject: 'Fine', text: 'A good message' }),
    );
    // PostgreSQL text cannot hold a NUL character: this message fails in the recording transaction.
    const poison = rawMessage({ from: customer(), to: support, subject: 'Bad\u0000subject', text: 'Poison' });
    const jobs = [await store(good[0] as Buffer), await store(poison), await store(good[1] as Buffer)];
    const failures = await processInboundEmails(processingDeps(harness, dnsTable({})), jobs);
    assert.deepEqual([...failures.keys()], [jobs[1]]);
    for (const job of [jobs[0], jobs[2]]) {
      const row = await waitProcessed(harness.db, org.organizationId, job?.inboundEmailId ?? '');
      assert.equal(row.outcome, 'new_ticket');
    }
  });

  test('a message whose stored copy is gone fails alone, before anything is recorded', async () => {
    const large = `${'A long log line. '.repeat(LARGEST_RAW_IN_ROW / 16)}`;
    const jobs = [
      await store(rawMessage({ from: customer(), to: support, subject: 'Kept', text: 'Hi' })),
      await store(rawMessage({ from: customer(), to: support, subject: 'Lost', text: large })),
    ];
    const [row] = await harness.db.query<{ storage_key: string }>(
      'select storage_key from inbound_emails where organization_id = $1 and id = $2',
      [org.organizationId, jobs[1]?.inboundEmailId],
    );
    await harness.app.storage.delete(row?.storage_key ?? '');
    // As in a process other than the one that accepted them, which holds no copies of its own: the
    // small message is read from its row, the large one from storage.
    for (const job of jobs) takeRawCopy(job.inboundEmailId);
    const failures = await processInboundEmails(processingDeps(harness, dnsTable({})), jobs);
    assert.deepEqual([...failures.keys()], [jobs[1]]);
    assert.match(String(failures.get(jobs[1] as (typeof jobs)[number])), /missing from storage/);
    assert.equal(
      (await waitProcessed(harness.db, org.organizationId, jobs[0]?.inboundEmailId ?? '')).outcome,
      'new_ticket',
    );
  });
});
