import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  addAgent,
  assertError,
  type Credentials,
  call,
  createTestApp,
  type PortalCredentials,
  signInContact,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import {
  isEvent,
  listenLocally,
  openTestSocket,
  type ServerMessage,
  subscribe,
  type TestSocket,
} from './realtime-test-client.ts';

const SECRET = 'INTERNAL-NOTE-c41d';

describe('realtime over WebSockets (in-process fan-out)', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let owner: Credentials;
  let customer: { id: string; email: string; session: PortalCredentials };
  const sockets: TestSocket[] = [];

  const open = async (path: string, as: Credentials) => {
    const socket = await openTestSocket(harness.app, path, as);
    sockets.push(socket);
    return socket;
  };
  const newTicket = async (requesterEmail = customer.email) => {
    const response = await call(harness.app, 'POST', '/api/v1/tickets', {
      as: owner,
      body: { subject: 'Printer on fire', requester: { email: requesterEmail } },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: string }>().id;
  };
  const comment = async (ticketId: string, body: Record<string, unknown>, as: Credentials = owner) =>
    call(harness.app, 'POST', `/api/v1/tickets/${ticketId}/comments`, { as, body });

  before(async () => {
    harness = await createTestApp({ REALTIME_PRESENCE_TTL_SECONDS: '0.6' });
    org = await signUpOrganization(harness.app);
    owner = org.owner.session;
    customer = await signInContact(harness.app, org);
  });
  after(async () => {
    for (const socket of sockets) socket.kill();
    await harness.close();
  });

  test('an agent following a ticket gets its comments and changes, with the ticket version', async () => {
    const ticketId = await newTicket();
    const socket = await open('/api/v1/realtime', owner);
    const ack = await subscribe(socket, { ticket: ticketId });
    assert.equal(ack.type, 'subscribed');
    assert.equal(typeof ack.seq, 'number');
    const posted = await comment(ticketId, { body: 'On our way', visibility: 'public' });
    assert.equal(posted.statusCode, 201, posted.body);
    const event = await socket.next(isEvent('ticket.comment_added'));
    assert.equal(event.ticketId, ticketId);
    assert.ok((event.seq as number) > (ack.seq as number));
    const payload = event.payload as {
      comment: { id: string; bodyText: string; visibility: string };
      version: number;
    };
    assert.equal(payload.comment.id, posted.json().id);
    assert.equal(payload.comment.bodyText, 'On our way');
    assert.equal(typeof payload.version, 'number');
    await comment(ticketId, { body: SECRET, visibility: 'internal' });
    const note = await socket.next(isEvent('ticket.comment_added'));
    assert.equal((note.payload as { comment: { visibility: string } }).comment.visibility, 'internal');
  });

  test("another organization's ticket is refused exactly like a missing one", async () => {
    const other = await signUpOrganization(harness.app, 'Other Org');
    const theirs = await call(harness.app, 'POST', '/api/v1/tickets', {
      as: other.owner.session,
      body: { subject: 'Theirs', requester: { email: 'someone@example.test' } },
    });
    const socket = await open('/api/v1/realtime', owner);
    const refused = await subscribe(socket, { ticket: theirs.json().id });
    const missing = await subscribe(socket, { ticket: '0190f0f0-0000-7000-8000-000000000000' });
    for (const answer of [refused, missing]) {
      assert.equal(answer.type, 'error');
      assert.equal(answer.code, 'not_found');
    }
    assert.equal(refused.message, missing.message);
  });

  test('a socket needs a session, a token or a portal session, and a cookie from our own origin', async () => {
    await assert.rejects(openTestSocket(harness.app, '/api/v1/realtime', { token: 'act_nope' }), /401/);
    await assert.rejects(openTestSocket(harness.app, '/api/v1/portal/realtime', owner), /401/);
    await assert.rejects(
      openTestSocket(harness.app, '/api/v1/realtime', owner, { origin: 'https://evil.example' }),
      /403/,
    );
    sockets.push(
      await openTestSocket(harness.app, '/api/v1/realtime', owner, { origin: harness.config.publicUrl }),
    );
    const socket = await open('/api/v1/realtime', owner);
    assert.equal((await subscribe(socket, { queue: true })).type, 'subscribed');
  });

  test('a customer follows only their own tickets and never receives internal notes or presence', async () => {
    const ticketId = await newTicket();
    const strangersTicket = await newTicket('stranger@example.test');
    const portal = await open('/api/v1/portal/realtime', customer.session);
    assert.equal((await subscribe(portal, { ticket: ticketId })).type, 'subscribed');
    assert.equal((await subscribe(portal, { ticket: strangersTicket })).code, 'not_found');
    assert.equal((await subscribe(portal, { notifications: true })).code, 'forbidden');
    assert.equal((await subscribe(portal, { queue: true })).code, 'forbidden');
    portal.send({ type: 'presence', ref: 'p', ticketId, composing: null });
    assert.equal((await portal.next((m) => m.ref === 'p')).code, 'forbidden');

    const agent = await open('/api/v1/realtime', owner);
    await subscribe(agent, { ticket: ticketId });
    agent.send({ type: 'presence', ticketId, composing: 'note' });
    await comment(ticketId, { body: SECRET, visibility: 'internal' });
    await comment(ticketId, { body: 'Public answer', visibility: 'public' });
    // The agent sees both; by the time the public one reaches the customer the note was decided too.
    await agent.next(
      (m) => isEvent('ticket.comment_added')(m) && JSON.stringify(m).includes('Public answer'),
    );
    const reply = await portal.next(isEvent('ticket.comment_added'));
    assert.ok(JSON.stringify(reply).includes('Public answer'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const everything = JSON.stringify(portal.messages);
    assert.ok(!everything.includes(SECRET), everything);
    assert.ok(!portal.messages.some((m) => m.type === 'presence'));
  });

  test('reconnecting with the last seen seq catches up with no gap and no duplicate', async () => {
    const ticketId = await newTicket();
    const first = await open('/api/v1/realtime', owner);
    await subscribe(first, { ticket: ticketId });
    await comment(ticketId, { body: 'one', visibility: 'public' });
    const seen = await first.next(isEvent('ticket.comment_added'));
    first.kill();
    for (const body of ['two', 'three', 'four']) await comment(ticketId, { body, visibility: 'public' });

    const second = await open('/api/v1/realtime', owner);
    const ack = await subscribe(second, { ticket: ticketId }, seen.seq as number);
    await comment(ticketId, { body: 'five', visibility: 'public' });
    await second.next((m) => isEvent('ticket.comment_added')(m) && JSON.stringify(m).includes('five'));
    const events = second.messages.filter((m) => m.type === 'event');
    const bodies = events.map((m) => (m.payload as { comment?: { bodyText: string } }).comment?.bodyText);
    assert.deepEqual(bodies, ['two', 'three', 'four', 'five']);
    const seqs = events.map((m) => m.seq as number);
    assert.deepEqual(
      [...seqs].sort((a, b) => a - b),
      seqs,
    );
    assert.equal(new Set(seqs).size, seqs.length);
    assert.ok((ack.seq as number) >= (seqs[2] as number));
  });

  test('a position the server cannot catch up from answers resync', async () => {
    const ticketId = await newTicket();
    const socket = await open('/api/v1/realtime', owner);
    const answer = await subscribe(socket, { ticket: ticketId }, 10_000_000);
    assert.equal(answer.type, 'resync');
    assert.equal(typeof answer.seq, 'number');
    await socket.next((m) => m.type === 'subscribed');
  });

  test('presence: viewers and typists show to other agents and expire without heartbeats', async () => {
    const ticketId = await newTicket();
    const colleague = await addAgent(harness.app, org);
    const mine = await open('/api/v1/realtime', owner);
    const theirs = await open('/api/v1/realtime', colleague.session);
    await subscribe(mine, { ticket: ticketId });
    await subscribe(theirs, { ticket: ticketId });
    mine.send({ type: 'presence', ticketId, composing: 'reply' });
    const typing = await theirs.next(
      (m) => m.type === 'presence' && JSON.stringify(m.agents).includes(org.owner.id),
    );
    assert.deepEqual(typing.agents, [{ agentId: org.owner.id, composing: 'reply' }]);
    // No more heartbeats: gone within the (test's) 0.6 s time-to-live and a sweep.
    const started = Date.now();
    await theirs.next((m) => m.type === 'presence' && (m.agents as unknown[]).length === 0, 3000);
    assert.ok(Date.now() - started < 2000);
  });

  test('an agent gets their own notifications live, and no one else does', async () => {
    const ticketId = await newTicket();
    const colleague = await addAgent(harness.app, org);
    const bell = await open('/api/v1/realtime', colleague.session);
    const ownersBell = await open('/api/v1/realtime', owner);
    await subscribe(bell, { notifications: true });
    await subscribe(ownersBell, { notifications: true });
    const assigned = await call(harness.app, 'PATCH', `/api/v1/tickets/${ticketId}`, {
      as: owner,
      body: { assigneeId: colleague.id, version: 1 },
    });
    assert.equal(assigned.statusCode, 200, assigned.body);
    const notification = await bell.next(isEvent('notification.created'));
    assert.equal((notification.payload as { kind: string }).kind, 'assigned');
    assert.equal(notification.ticketId, ticketId);
    assert.ok(!ownersBell.messages.some((m: ServerMessage) => m.type === 'event'));
  });

  test('collision guard: a reply composed before another public reply answers 409 unless forced', async () => {
    const ticketId = await newTicket();
    const colleague = await addAgent(harness.app, org);
    const socket = await open('/api/v1/realtime', owner);
    const { seq: seenSeq } = await subscribe(socket, { ticket: ticketId });
    const mine = await comment(ticketId, { body: 'My own note first', visibility: 'internal', seenSeq });
    assert.equal(mine.statusCode, 201, 'my own changes never collide');
    await comment(ticketId, { body: 'Colleague answered', visibility: 'public' }, colleague.session);
    const blocked = await comment(ticketId, { body: 'Me too', visibility: 'public', seenSeq });
    assertError(blocked, 409, 'conflict');
    const changes = blocked.json().error.details.changes as {
      kind: string;
      payload: { comment: { bodyText: string } };
    }[];
    assert.equal(changes.length, 1);
    assert.equal(changes[0]?.payload.comment.bodyText, 'Colleague answered');
    const forced = await comment(ticketId, { body: 'Me too', visibility: 'public', seenSeq, force: true });
    assert.equal(forced.statusCode, 201, forced.body);
    const withoutGuard = await comment(ticketId, { body: 'Old client', visibility: 'public' });
    assert.equal(withoutGuard.statusCode, 201);
  });

  test('the SSE stream sends the same events with id: seq, and Last-Event-ID resumes after it', async () => {
    const created = await call(harness.app, 'POST', '/api/v1/api-tokens', {
      as: owner,
      body: { name: 'feed' },
    });
    const headers = { authorization: `Bearer ${created.json().token}` };
    const base = (await listenLocally(harness.app)).replace('ws://', 'http://');
    const ticketId = await newTicket();
    const opened = await readSse(`${base}/api/v1/events/stream?since=0`, headers, (frames) =>
      frames.some((f) => f.event === 'ready'),
    );
    const created1 = opened.find((f) => f.event === 'ticket.created' && f.data.includes(ticketId));
    assert.ok(created1, 'the ticket created earlier is caught up');
    assert.deepEqual(
      opened.filter((f) => f.id).map((f) => Number(f.id)),
      opened.filter((f) => f.id).map((f) => JSON.parse(f.data).seq),
    );
    await comment(ticketId, { body: 'Streamed', visibility: 'public' });
    const frames = await readSse(
      `${base}/api/v1/events/stream`,
      { ...headers, 'last-event-id': String(created1.id) },
      (all) => all.some((f) => f.data.includes('Streamed')),
    );
    const ids = frames.filter((f) => f.id).map((f) => Number(f.id));
    assert.equal(ids[0], Number(created1.id) + 1);
    assert.equal(new Set(ids).size, ids.length);
  });
});

type SseFrame = { id?: string; event?: string; data: string };

/**
 * Reads a Server-Sent Events stream on a connection of its own until `enough` says so, then drops
 * it (fetch's pooled connections would keep the server waiting at close).
 */
function readSse(
  url: string,
  headers: Record<string, string>,
  enough: (frames: SseFrame[]) => boolean,
): Promise<SseFrame[]> {
  return new Promise((resolve, reject) => {
    const frames: SseFrame[] = [];
    let buffered = '';
    const request = http.get(url, { headers, agent: false }, (response) => {
      assert.equal(response.headers['content-type'], 'text/event-stream; charset=utf-8');
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffered += chunk;
        const blocks = buffered.split('\n\n');
        buffered = blocks.pop() ?? '';
        for (const block of blocks) frames.push(parseFrame(block));
        if (!enough(frames)) return;
        request.destroy();
        resolve(frames);
      });
    });
    request.on('error', reject);
  });
}

function parseFrame(block: string): SseFrame {
  const frame: SseFrame = { data: '' };
  for (const line of block.split('\n')) {
    const [field, ...rest] = line.split(': ');
    const value = rest.join(': ');
    if (field === 'id') frame.id = value;
    if (field === 'event') frame.event = value;
    if (field === 'data') frame.data = value;
  }
  return frame;
}
