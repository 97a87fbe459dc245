import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import { newId } from '../../lib/ids.ts';
import {
  addAgent,
  type Credentials,
  call,
  createTestApp,
  errorOf,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';
import type { Contact } from './contacts.schemas.ts';

type ContactPage = { items: Contact[]; nextCursor: string | null };
type Person = { id: string; session: Credentials };

describe('contacts', () => {
  let harness: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let agentA: Person;

  const send = (as: Credentials, method: string, url: string, body?: unknown) =>
    call(harness.app, method, url, { as, body });

  async function createContact(
    as: Credentials,
    fields: { email?: string; name?: string; phone?: string; company?: string } = {},
  ): Promise<Contact> {
    const response = await send(as, 'POST', '/api/v1/contacts', { email: uniqueEmail('contact'), ...fields });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<Contact>();
  }

  const list = async (as: Credentials, query: Record<string, string>): Promise<ContactPage> => {
    const response = await call(harness.app, 'GET', '/api/v1/contacts', { as, query });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<ContactPage>();
  };

  /** Every contact the caller can see for a query, following cursors page by page. */
  async function listAll(as: Credentials, query: Record<string, string> = {}): Promise<Contact[]> {
    const items: Contact[] = [];
    let cursor: string | null = null;
    do {
      const page: ContactPage = await list(as, { ...query, limit: '2', ...(cursor ? { cursor } : {}) });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  /** A ticket requested by the contact, written straight to the database. */
  const insertTicket = (organizationId: string, contactId: string) =>
    withTenant(harness.db, organizationId, async (tx) => {
      const [status] = await tx.query<{ id: string }>(
        'select id from ticket_statuses where organization_id = $1 limit 1',
        [organizationId],
      );
      const [priority] = await tx.query<{ id: string }>(
        'select id from ticket_priorities where organization_id = $1 limit 1',
        [organizationId],
      );
      assert.ok(status && priority, 'the organization has ticket statuses and priorities');
      await tx.query(
        `insert into tickets (organization_id, id, number, subject, requester_id, status_id, priority_id)
         values ($1, $2, 1, 'Where is my order?', $3, $4, $5)`,
        [organizationId, newId(), contactId, status.id, priority.id],
      );
    });

  before(async () => {
    harness = await createTestApp();
    orgA = await signUpOrganization(harness.app, 'Org A');
    orgB = await signUpOrganization(harness.app, 'Org B');
    agentA = await addAgent(harness.app, orgA, 'agent');
  });
  after(() => harness.close());

  describe('create and read', () => {
    test('an agent creates a contact (201) and reads it back; the change is audited', async () => {
      const response = await send(agentA.session, 'POST', '/api/v1/contacts', {
        email: 'Pat.Buyer@Example.test',
        name: ' Pat Buyer ',
        phone: '+1 (555) 010-0199',
        company: 'Buyers Ltd',
      });
      assert.equal(response.statusCode, 201, response.body);
      const contact = response.json<Contact>();
      assert.equal(contact.email, 'Pat.Buyer@Example.test');
      assert.equal(contact.name, 'Pat Buyer');
      assert.equal(contact.phone, '+1 (555) 010-0199');
      assert.equal(contact.company, 'Buyers Ltd');

      const read = await send(agentA.session, 'GET', `/api/v1/contacts/${contact.id}`);
      assert.equal(read.statusCode, 200, read.body);
      assert.deepEqual(read.json<Contact>(), contact);

      const audit = await withTenant(harness.db, orgA.organizationId, (tx) =>
        tx.query<{ action: string; actor_id: string }>(
          'select action, actor_id from audit_events where organization_id = $1 and entity_id = $2',
          [orgA.organizationId, contact.id],
        ),
      );
      assert.deepEqual(audit, [{ action: 'contact.created', actor_id: agentA.id }]);
    });

    test('only the email is required; the other fields default to empty', async () => {
      const contact = await createContact(agentA.session, { email: uniqueEmail('bare') });
      assert.deepEqual([contact.name, contact.phone, contact.company], ['', '', '']);
    });

    test('an email is unique in an organization whatever its case, but not across organizations', async () => {
      const email = uniqueEmail('dupe');
      await createContact(agentA.session, { email });
      const duplicate = await send(orgA.owner.session, 'POST', '/api/v1/contacts', {
        email: email.toUpperCase(),
      });
      assert.equal(duplicate.statusCode, 409);
      assert.equal(errorOf(duplicate).code, 'conflict');
      assert.equal(errorOf(duplicate).details.field, 'email');
      await createContact(orgB.owner.session, { email });
    });

    test('a bad email, a phone with letters or an unknown property is 400', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ email: 'not-an-email' }, 'email'],
        [{ name: 'No email' }, 'email'],
        [{ email: uniqueEmail(), phone: 'call me maybe' }, 'phone'],
        [{ email: uniqueEmail(), phone: '555-CALL' }, 'phone'],
        [{ email: uniqueEmail(), notes: 'vip' }, 'notes'],
      ];
      for (const [body, field] of cases) {
        const response = await send(agentA.session, 'POST', '/api/v1/contacts', body);
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        assert.equal(errorOf(response).code, 'validation_failed');
        assert.equal(errorOf(response).details.field, field, JSON.stringify(body));
      }
    });

    test('a non-uuid id is 400, an unknown one 404', async () => {
      assert.equal((await send(agentA.session, 'GET', '/api/v1/contacts/123')).statusCode, 400);
      const missing = await send(
        agentA.session,
        'GET',
        '/api/v1/contacts/01900000-0000-7000-8000-000000000000',
      );
      assert.equal(missing.statusCode, 404);
      assert.equal(errorOf(missing).code, 'not_found');
    });
  });

  describe('update', () => {
    test('an agent changes some fields and the others stay; the change is audited', async () => {
      const contact = await createContact(orgA.owner.session, {
        name: 'Sam',
        phone: '555 0100',
        company: 'Old Co',
      });
      const response = await send(agentA.session, 'PATCH', `/api/v1/contacts/${contact.id}`, {
        company: 'New Co',
        phone: '',
      });
      assert.equal(response.statusCode, 200, response.body);
      const changed = response.json<Contact>();
      assert.deepEqual(
        { email: changed.email, name: changed.name, phone: changed.phone, company: changed.company },
        { email: contact.email, name: 'Sam', phone: '', company: 'New Co' },
      );
      assert.equal(changed.createdAt, contact.createdAt);
      assert.ok(changed.updatedAt >= contact.updatedAt);

      const audit = await withTenant(harness.db, orgA.organizationId, (tx) =>
        tx.query<{ actor_id: string; changes: { before: Contact; after: Contact } }>(
          `select actor_id, changes from audit_events
            where organization_id = $1 and entity_id = $2 and action = 'contact.updated'`,
          [orgA.organizationId, contact.id],
        ),
      );
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.actor_id, agentA.id);
      assert.equal(audit[0]?.changes.before.company, 'Old Co');
      assert.equal(audit[0]?.changes.after.company, 'New Co');
    });

    test("changing the email to another contact's is 409; to its own in another case is fine", async () => {
      const taken = await createContact(agentA.session);
      const contact = await createContact(agentA.session);
      const clash = await send(agentA.session, 'PATCH', `/api/v1/contacts/${contact.id}`, {
        email: taken.email.toUpperCase(),
      });
      assert.equal(clash.statusCode, 409);
      assert.equal(errorOf(clash).details.field, 'email');
      const recased = await send(agentA.session, 'PATCH', `/api/v1/contacts/${contact.id}`, {
        email: contact.email.toUpperCase(),
      });
      assert.equal(recased.statusCode, 200, recased.body);
      assert.equal(recased.json<Contact>().email, contact.email.toUpperCase());
    });

    test('an empty body, a bad email or a phone with letters is 400', async () => {
      const contact = await createContact(agentA.session);
      const cases: [Record<string, unknown>, string | undefined][] = [
        [{}, undefined],
        [{ email: 'nope' }, 'email'],
        [{ phone: 'ext. five' }, 'phone'],
      ];
      for (const [body, field] of cases) {
        const response = await send(agentA.session, 'PATCH', `/api/v1/contacts/${contact.id}`, body);
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        if (field) assert.equal(errorOf(response).details.field, field);
      }
    });
  });

  describe('delete', () => {
    test('agents may not delete; an owner may (204), and then it is gone', async () => {
      const contact = await createContact(agentA.session);
      const byAgent = await send(agentA.session, 'DELETE', `/api/v1/contacts/${contact.id}`);
      assert.equal(byAgent.statusCode, 403);
      assert.equal(errorOf(byAgent).code, 'forbidden');

      const byOwner = await send(orgA.owner.session, 'DELETE', `/api/v1/contacts/${contact.id}`);
      assert.equal(byOwner.statusCode, 204, byOwner.body);
      assert.equal((await send(agentA.session, 'GET', `/api/v1/contacts/${contact.id}`)).statusCode, 404);
      assert.equal(
        (await send(orgA.owner.session, 'DELETE', `/api/v1/contacts/${contact.id}`)).statusCode,
        404,
      );

      const actions = await withTenant(harness.db, orgA.organizationId, (tx) =>
        tx.query<{ action: string }>(
          'select action from audit_events where organization_id = $1 and entity_id = $2 order by id',
          [orgA.organizationId, contact.id],
        ),
      );
      assert.deepEqual(
        actions.map((row) => row.action),
        ['contact.created', 'contact.deleted'],
      );
    });

    test('a contact with a ticket cannot be deleted: 409 with the ticket count', async () => {
      const contact = await createContact(agentA.session);
      await insertTicket(orgA.organizationId, contact.id);
      const response = await send(orgA.owner.session, 'DELETE', `/api/v1/contacts/${contact.id}`);
      assert.equal(response.statusCode, 409, response.body);
      assert.equal(errorOf(response).code, 'conflict');
      assert.equal(errorOf(response).details.ticketCount, 1);
      assert.equal((await send(agentA.session, 'GET', `/api/v1/contacts/${contact.id}`)).statusCode, 200);
    });
  });

  describe('list', () => {
    test('pages by cursor through every contact once, ending with a null cursor', async () => {
      const org = await signUpOrganization(harness.app, 'Paging Org');
      const created = [
        await createContact(org.owner.session),
        await createContact(org.owner.session),
        await createContact(org.owner.session),
      ];
      const page1 = await list(org.owner.session, { limit: '2' });
      assert.equal(page1.items.length, 2);
      assert.ok(page1.nextCursor);
      const page2 = await list(org.owner.session, { limit: '2', cursor: page1.nextCursor });
      assert.equal(page2.items.length, 1);
      assert.equal(page2.nextCursor, null);
      assert.deepEqual(
        [...page1.items, ...page2.items].map((contact) => contact.id),
        created.map((contact) => contact.id),
      );
    });

    test('a garbage cursor is 400 on cursor', async () => {
      const response = await call(harness.app, 'GET', '/api/v1/contacts', {
        as: agentA.session,
        query: { cursor: '!!garbage!!' },
      });
      assert.equal(response.statusCode, 400);
      assert.equal(errorOf(response).code, 'validation_failed');
      assert.equal(errorOf(response).details.field, 'cursor');
    });

    test('q matches email, name and company, case-insensitively, across pages', async () => {
      const tag = `zq${newId().slice(-8)}`;
      const byEmail = await createContact(agentA.session, { email: `${tag}@example.test` });
      const byName = await createContact(agentA.session, { name: `Alex ${tag.toUpperCase()}` });
      const byCompany = await createContact(agentA.session, { company: `${tag} Industries` });
      await createContact(agentA.session, { name: 'Someone else', company: 'Other Inc' });

      const found = await listAll(agentA.session, { q: tag });
      assert.deepEqual(
        found.map((contact) => contact.id),
        [byEmail.id, byName.id, byCompany.id],
      );
      assert.deepEqual(await listAll(agentA.session, { q: `${tag}-nothing` }), []);
    });
    test('q is matched literally: % and _ are not wildcards', async () => {
      const tag = `lit${newId().slice(-8)}`;
      const underscore = await createContact(agentA.session, { company: `${tag} half_price` });
      await createContact(agentA.session, { company: `${tag} halfXprice` });
      const percent = await createContact(agentA.session, { company: `${tag} 100% off` });
      await createContact(agentA.session, { company: `${tag} 1000 off` });
      const ids = async (q: string) => (await listAll(agentA.session, { q })).map((contact) => contact.id);
      assert.deepEqual(await ids(`${tag} half_p`), [underscore.id]);
      assert.deepEqual(await ids(`${tag} 100%`), [percent.id]);
      assert.deepEqual(await ids(`${tag}%off`), []);
    });
  });

  describe('tenancy', () => {
    test("organization B gets 404 for organization A's contact, and A's contact is untouched", async () => {
      const contact = await createContact(agentA.session, { name: 'Private to A' });
      const asB = orgB.owner.session;
      const attempts: [string, unknown][] = [
        ['GET', undefined],
        ['PATCH', { name: 'Taken over' }],
        ['DELETE', undefined],
      ];
      for (const [method, body] of attempts) {
        const response = await send(asB, method, `/api/v1/contacts/${contact.id}`, body);
        assert.equal(response.statusCode, 404, `${method}: ${response.body}`);
      }
      const unchanged = await send(agentA.session, 'GET', `/api/v1/contacts/${contact.id}`);
      assert.deepEqual(unchanged.json<Contact>(), contact);
    });

    test("B's list never contains A's contacts, even when q matches them", async () => {
      const tag = `tenant${newId().slice(-8)}`;
      const ofA = await createContact(agentA.session, { email: `${tag}@a.example.test`, company: tag });
      const ofB = await createContact(orgB.owner.session, { email: `${tag}@b.example.test` });

      assert.deepEqual(
        (await listAll(orgB.owner.session, { q: tag })).map((contact) => contact.id),
        [ofB.id],
      );
      const everything = await listAll(orgB.owner.session);
      assert.ok(everything.some((contact) => contact.id === ofB.id));
      assert.ok(!everything.some((contact) => contact.id === ofA.id));
      const rows = await withTenant(harness.db, orgB.organizationId, (tx) =>
        tx.query<{ id: string }>('select id from contacts where organization_id = $1', [orgB.organizationId]),
      );
      assert.deepEqual(everything.map((contact) => contact.id).sort(), rows.map((row) => row.id).sort());
    });
  });
});
