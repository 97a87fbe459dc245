import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  addAgent,
  type Credentials,
  call,
  createTestApp,
  errorOf,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { AUTOMATIONS, createRule, openTicket, settled } from './automation-test-helpers.ts';
import type { AutomationRule, WebhookDelivery } from './automations.schemas.ts';
import { BlockedAddressError, publicAddressLookup } from './webhook-lookup.ts';

const SECRET = 'whsec-0123456789abcdef';

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

/** A receiver on loopback, as a customer's endpoint would check us: it recomputes the signature. */
type Receiver = {
  url: string;
  received: Received[];
  /** The status for each next call, in order; 200 once they run out. */
  answers: number[];
  close(): Promise<void>;
};

async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: '', received: [], answers: [], close: async () => undefined };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const status = receiver.answers.shift() ?? 200;
      if (status >= 300 && status < 400) response.setHeader('location', '/elsewhere');
      response.statusCode = status;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}

/** What the docs tell receivers to do: HMAC-SHA256 of "<timestamp>.<raw body>", compared in constant time. */
function signatureIsValid(received: Received, secret: string): boolean {
  const timestamp = received.headers['x-actionconnect-timestamp'];
  const signature = received.headers['x-actionconnect-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${received.body}`).digest('hex')}`;
  return (
    expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
  );
}

describe('webhook actions', () => {
  let harness: TestApp;
  let receiver: Receiver;
  let org: TestOrganization;
  let as: Credentials;

  before(async () => {
    receiver = await startReceiver();
    harness = await createTestApp({ WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true', WEBHOOK_RETRY_SECONDS: '1' });
    org = await signUpOrganization(harness.app);
    as = org.owner.session;
  });
  after(async () => {
    await harness?.close();
    await receiver?.close();
  });

  const deliveriesOf = async (ruleId: string) => {
    const response = await call(harness.app, 'GET', `${AUTOMATIONS}/${ruleId}/webhook-deliveries`, { as });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ items: WebhookDelivery[] }>().items;
  };
  /** Polls the delivery log until the rule's newest call is no longer waiting. */
  const finished = async (ruleId: string): Promise<WebhookDelivery> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [delivery] = await deliveriesOf(ruleId);
      if (delivery && delivery.state !== 'queued') return delivery;
      if (Date.now() > deadline) assert.fail(`the webhook is still ${delivery?.state ?? 'missing'}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const ruleCalling = (path: string) =>
    createRule(harness, as, {
      trigger: { type: 'ticket.created' },
      conditions: { all: [{ type: 'text_words', in: 'subject', words: [path] }] },
      actions: [{ type: 'webhook', url: `${receiver.url}/${path}`, secret: SECRET }],
    });

  test('posts the event, the ticket and the rule as JSON, signed with the timestamp', async () => {
    const rule = await ruleCalling('signed');
    const ticket = await openTicket(harness, as, { subject: 'signed call' });
    await settled(harness, org, ticket.id);
    const delivery = await finished(rule.id);
    assert.equal(delivery.state, 'delivered');
    assert.equal(delivery.ticketId, ticket.id);
    assert.deepEqual(
      delivery.attempts.map((attempt) => [attempt.attempt, attempt.statusCode, attempt.error]),
      [[1, 200, null]],
    );

    const calls = receiver.received.filter((received) => received.path === '/signed');
    assert.equal(calls.length, 1);
    const [received] = calls;
    assert.ok(received);
    assert.equal(received.headers['content-type'], 'application/json');
    assert.ok(signatureIsValid(received, SECRET), 'the signature checks out');
    assert.ok(!signatureIsValid(received, 'another-secret-of-16'), 'another secret does not');
    assert.ok(
      !signatureIsValid({ ...received, body: received.body.replace('signed call', 'forged call') }, SECRET),
      'a changed body does not',
    );
    const body = JSON.parse(received.body);
    assert.equal(body.id, delivery.id);
    assert.equal(body.event.type, 'ticket.created');
    assert.equal(body.ticket.id, ticket.id);
    assert.equal(body.ticket.subject, 'signed call');
    assert.deepEqual(body.rule, { id: rule.id, name: rule.name });
  });

  test('a failing receiver is retried with backoff, each attempt in the delivery log', async () => {
    const rule = await ruleCalling('flaky');
    receiver.answers.push(500, 503);
    const ticket = await openTicket(harness, as, { subject: 'flaky call' });
    const delivery = await finished(rule.id);
    assert.equal(delivery.state, 'delivered');
    assert.deepEqual(
      delivery.attempts.map((attempt) => [attempt.attempt, attempt.statusCode]),
      [
        [1, 500],
        [2, 503],
        [3, 200],
      ],
    );
    assert.ok(delivery.attempts.every((attempt) => attempt.durationMs >= 0));
    const calls = receiver.received.filter((received) => received.path === '/flaky');
    assert.equal(calls.length, 3);
    assert.equal(
      new Set(calls.map((received) => received.body)).size,
      1,
      'every attempt sends the same body',
    );
    assert.ok(calls.every((received) => signatureIsValid(received, SECRET)));
    const [first, last] = [calls[0], calls[2]];
    assert.ok(first && last);
    const gap =
      Number(last.headers['x-actionconnect-timestamp']) - Number(first.headers['x-actionconnect-timestamp']);
    assert.ok(gap >= 1, `the retries waited (${gap}s)`);
    assert.equal(delivery.ticketId, ticket.id);
  });

  test('a redirect is not followed: the call fails at once', async () => {
    const rule = await ruleCalling('moved');
    receiver.answers.push(302);
    await openTicket(harness, as, { subject: 'moved call' });
    const delivery = await finished(rule.id);
    assert.equal(delivery.state, 'failed');
    assert.equal(delivery.attempts.length, 1);
    assert.equal(delivery.attempts[0]?.statusCode, 302);
    assert.match(delivery.attempts[0]?.error ?? '', /redirect/);
    assert.deepEqual(
      receiver.received.filter((received) => received.path === '/elsewhere'),
      [],
    );
  });

  test("the secret is an admin's to read: agents see the rule without it", async () => {
    const rule = await ruleCalling('secretive');
    const agent = await addAgent(harness.app, org);
    const read = async (session: Credentials) =>
      (await call(harness.app, 'GET', `${AUTOMATIONS}/${rule.id}`, { as: session })).json<AutomationRule>()
        .actions[0];
    assert.deepEqual(await read(as), { type: 'webhook', url: `${receiver.url}/secretive`, secret: SECRET });
    assert.deepEqual(await read(agent.session), { type: 'webhook', url: `${receiver.url}/secretive` });
    const listed = (await call(harness.app, 'GET', AUTOMATIONS, { as: agent.session })).json<{
      items: AutomationRule[];
    }>();
    assert.ok(!JSON.stringify(listed).includes(SECRET), 'nor in the list');
  });

  test('only public addresses: inward literals refused at save, inward names refused at call', async () => {
    for (const [host, range] of [
      ['10.1.2.3', 'private'],
      ['169.254.169.254', 'linkLocal'],
      ['[fd00::1]', 'uniqueLocal'],
      ['0.0.0.0', 'unspecified'],
    ]) {
      const saved = await call(harness.app, 'POST', AUTOMATIONS, {
        as,
        body: {
          name: `Calls ${host}`,
          trigger: { type: 'ticket.created' },
          actions: [{ type: 'webhook', url: `https://${host}/hook` }],
        },
      });
      assert.equal(saved.statusCode, 422, `${host}: ${saved.body}`);
      assert.match(errorOf(saved).message, new RegExp(`not a public one \\(${range}\\)`));
    }
    // A name is checked when it is called, against every address it resolves to.
    const resolve = (allowHttpLoopback: boolean) =>
      new Promise<unknown>((done) =>
        publicAddressLookup({ allowHttpLoopback })('localhost', { all: true }, (error, addresses) =>
          done(error ?? addresses),
        ),
      );
    assert.ok((await resolve(false)) instanceof BlockedAddressError, 'localhost is refused');
    const allowed = await resolve(true);
    assert.ok(Array.isArray(allowed) && allowed.length > 0, 'unless loopback calls are allowed');
  });
});
