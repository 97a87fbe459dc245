import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertError,
  type Credentials,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';
import { addSupportAddress } from '../email/email-test-helpers.ts';

type CcList = { items: { id: string; email: string; name: string }[] };

describe('ticket CCs', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let owner: Credentials;
  let support: string;
  let requester: string;
  let ticketId: string;

  const putCcs = (emails: string[], as: Credentials = owner, id = ticketId) =>
    call(harness.app, 'PUT', `/api/v1/tickets/${id}/ccs`, { as, body: { emails } });
  const ccsOf = async (id = ticketId) =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${id}/ccs`, { as: owner }))
      .json<CcList>()
      .items.map((cc) => cc.email);
  const ccEvents = async () =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}/events`, { as: owner }))
      .json<{ items: { action: string; actorType: string; changes: Record<string, unknown> }[] }>()
      .items.filter((event) => event.action === 'ticket.ccs_changed');

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app);
    owner = org.owner.session;
    support = await addSupportAddress(harness.app, org);
    requester = uniqueEmail('requester');
    const opened = await call(harness.app, 'POST', '/api/v1/tickets', {
      as: owner,
      body: { subject: 'Printer on fire', requester: { email: requester } },
    });
    ticketId = opened.json().id;
  });
  after(() => harness.close());

  test('a new ticket has none; PUT replaces the list, making contacts for new addresses', async () => {
    assert.deepEqual(await ccsOf(), []);
    const ada = uniqueEmail('ada');
    const bob = uniqueEmail('bob');
    const saved = await putCcs([ada, bob, ada.toUpperCase()]);
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(
      saved.json<CcList>().items.map((cc) => cc.email),
      [ada, bob],
      'each address once, case aside',
    );
    const contacts = await call(harness.app, 'GET', '/api/v1/contacts', { as: owner, query: { q: ada } });
    assert.ok(contacts.json().items.some((contact: { email: string }) => contact.email === ada));

    const carol = uniqueEmail('carol');
    assert.equal((await putCcs([bob, carol])).statusCode, 200);
    assert.deepEqual((await ccsOf()).sort(), [bob, carol].sort());
    const [, second] = await ccEvents();
    assert.deepEqual(second?.changes, { added: [carol], removed: [ada] });
    assert.equal(second?.actorType, 'agent');
  });

  test('saving the same list again records nothing; an empty list removes them all', async () => {
    const before = (await ccEvents()).length;
    await putCcs(await ccsOf());
    assert.equal((await ccEvents()).length, before);
    const current = await ccsOf();
    assert.equal((await putCcs([])).statusCode, 200);
    assert.deepEqual(await ccsOf(), []);
    assert.deepEqual((await ccEvents()).at(-1)?.changes, { added: [], removed: current });
  });

  test('bad addresses, the requester, a support address (plus part or not) and more than 20 are refused', async () => {
    assertError(await putCcs(['not an address']), 400, 'validation_failed');
    assertError(await putCcs([requester.toUpperCase()]), 400, 'validation_failed', { field: 'emails' });
    assertError(await putCcs([support]), 400, 'validation_failed', { field: 'emails', email: support });
    const plus = support.replace('@', '+ac1-0123@');
    assertError(await putCcs([plus]), 400, 'validation_failed', { field: 'emails' });
    const many = Array.from({ length: 21 }, (_, index) => uniqueEmail(`cc${index}`));
    assertError(await putCcs(many), 400, 'validation_failed', { field: 'emails' });
    assert.equal((await putCcs(many.slice(0, 20))).statusCode, 200, 'twenty is the limit');
    assert.equal((await ccsOf()).length, 20);
  });

  test('a ticket opened with ccEmails has them; the requester among them is refused', async () => {
    const colleague = uniqueEmail('colleague');
    const opened = await call(harness.app, 'POST', '/api/v1/tickets', {
      as: owner,
      body: { subject: 'Copied', requester: { email: requester }, ccEmails: [colleague] },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    assert.deepEqual(await ccsOf(opened.json().id), [colleague]);
    const refused = await call(harness.app, 'POST', '/api/v1/tickets', {
      as: owner,
      body: { subject: 'Copied', requester: { email: requester }, ccEmails: [requester] },
    });
    assertError(refused, 400, 'validation_failed', { field: 'ccEmails' });
  });

  test("another organization's ticket is a 404 both ways", async () => {
    const other = await signUpOrganization(harness.app, 'Other Org');
    assertError(
      await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}/ccs`, { as: other.owner.session }),
      404,
      'not_found',
    );
    assertError(await putCcs([uniqueEmail()], other.owner.session), 404, 'not_found');
    assert.equal((await ccsOf()).length, 20, 'the list is untouched');
  });
});
