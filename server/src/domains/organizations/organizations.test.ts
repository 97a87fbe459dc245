import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withoutTenant, withTenant } from '../../db/tenant.ts';
import {
  addAgent,
  call,
  createTestApp,
  PASSWORD,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
  uniqueSlug,
} from '../../test/test-app.ts';

describe('sign-up', () => {
  let harness: TestApp;
  before(async () => {
    harness = await createTestApp();
  });
  after(() => harness.close());

  const signUp = (body: Record<string, unknown>) => call(harness.app, 'POST', '/api/v1/signup', { body });
  const validBody = () => ({
    organizationName: 'Globex Help',
    name: 'Hank',
    email: uniqueEmail(),
    password: PASSWORD,
  });

  test('creates the organization, its owner and a session', async () => {
    const response = await signUp({
      ...validBody(),
      slug: uniqueSlug(),
      timeZone: 'Europe/Paris',
      defaultLanguage: 'fr',
    });
    assert.equal(response.statusCode, 201);
    const body = response.json();
    assert.equal(body.agent.role, 'owner');
    assert.equal(body.organization.timeZone, 'Europe/Paris');
    assert.equal(body.organization.defaultLanguage, 'fr');
    assert.deepEqual(body.organization.supportAddresses, []);
    assert.ok(response.cookies.some((cookie) => cookie.name === 'ac_session'));
  });

  test('defaults to UTC and English, and derives the slug from the name', async () => {
    const name = `Café Crème ${uniqueSlug('x')}`;
    const first = await signUp({ ...validBody(), organizationName: name });
    assert.equal(first.statusCode, 201);
    const { organization } = first.json();
    assert.equal(organization.timeZone, 'UTC');
    assert.equal(organization.defaultLanguage, 'en');
    assert.match(organization.slug, /^cafe-creme-x-/);
    const second = await signUp({ ...validBody(), organizationName: name });
    assert.equal(second.statusCode, 201);
    assert.notEqual(second.json().organization.slug, organization.slug);
    assert.ok(second.json().organization.slug.startsWith(organization.slug));
  });

  test('a chosen slug that is taken is a 409 on the slug, and nothing is half-created', async () => {
    const slug = uniqueSlug();
    assert.equal((await signUp({ ...validBody(), slug })).statusCode, 201);
    const email = uniqueEmail('loser');
    const taken = await signUp({ ...validBody(), email, slug });
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().error.details.field, 'slug');
    const agents = await withoutTenant(harness.db, (tx) =>
      tx.query('select 1 from agents where email = $1', [email]),
    );
    assert.equal(agents.length, 0);
  });

  test('bad input is a 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...validBody(), email: 'not-an-email' }, 'email'],
      [{ ...validBody(), password: 'short' }, 'password'],
      [{ ...validBody(), slug: 'No Spaces' }, 'slug'],
      [{ ...validBody(), timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ ...validBody(), defaultLanguage: 'not a language' }, 'defaultLanguage'],
      [{ ...validBody(), organizationName: '   ' }, 'organizationName'],
      [{ ...validBody(), plan: 'enterprise' }, 'plan'],
      [{ organizationName: 'x', name: 'y', password: PASSWORD }, 'email'],
    ];
    for (const [body, field] of cases) {
      const response = await signUp(body);
      assert.equal(response.statusCode, 400, `${field}: ${response.body}`);
      assert.equal(response.json().error.code, 'validation_failed');
      assert.equal(response.json().error.details.field, field);
    }
  });
});

describe('organization settings', () => {
  let harness: TestApp;
  let org: TestOrganization;
  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app);
  });
  after(() => harness.close());

  test('any agent reads the settings; only admins change them', async () => {
    const agent = await addAgent(harness.app, org, 'agent');
    const read = await call(harness.app, 'GET', '/api/v1/organization', { as: agent.session });
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().id, org.organizationId);
    const write = await call(harness.app, 'PATCH', '/api/v1/organization', {
      as: agent.session,
      body: { name: 'Nope' },
    });
    assert.equal(write.statusCode, 403);
    const admin = await addAgent(harness.app, org, 'admin');
    const allowed = await call(harness.app, 'PATCH', '/api/v1/organization', {
      as: admin.session,
      body: { name: 'Yes' },
    });
    assert.equal(allowed.statusCode, 200);
  });

  test('an owner changes name, time zone, language and support addresses, and it is audited', async () => {
    const address = `help-${uniqueSlug()}@support.example.test`;
    const response = await call(harness.app, 'PATCH', '/api/v1/organization', {
      as: org.owner.session,
      body: {
        name: 'Initech Support',
        timeZone: 'America/New_York',
        defaultLanguage: 'pt-br',
        supportAddresses: [address.toUpperCase(), `billing-${address}`],
      },
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.name, 'Initech Support');
    assert.equal(body.timeZone, 'America/New_York');
    assert.equal(body.defaultLanguage, 'pt-BR');
    assert.deepEqual(body.supportAddresses, [address, `billing-${address}`].sort());
    const audit = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query(`select 1 from audit_events where organization_id = $1 and action = 'organization.updated'`, [
        org.organizationId,
      ]),
    );
    assert.ok(audit.length >= 1);
  });

  test("another organization's support address is a 409 and changes nothing", async () => {
    const address = `shared-${uniqueSlug()}@support.example.test`;
    await call(harness.app, 'PATCH', '/api/v1/organization', {
      as: org.owner.session,
      body: { supportAddresses: [address] },
    });
    const other = await signUpOrganization(harness.app, 'Other');
    const clash = await call(harness.app, 'PATCH', '/api/v1/organization', {
      as: other.owner.session,
      body: { name: 'Renamed', supportAddresses: [address] },
    });
    assert.equal(clash.statusCode, 409);
    assert.equal(clash.json().error.details.field, 'supportAddresses');
    const after = await call(harness.app, 'GET', '/api/v1/organization', { as: other.owner.session });
    assert.equal(after.json().name, 'Other');
  });

  test('bad settings are 400s naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ timeZone: 'Nowhere/Land' }, 'timeZone'],
      [{ supportAddresses: ['not an email'] }, 'supportAddresses.0'],
      [{ slug: 'cannot-change-here' }, 'slug'],
    ];
    for (const [body, field] of cases) {
      const response = await call(harness.app, 'PATCH', '/api/v1/organization', {
        as: org.owner.session,
        body,
      });
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.json().error.details.field, field);
    }
    const empty = await call(harness.app, 'PATCH', '/api/v1/organization', {
      as: org.owner.session,
      body: {},
    });
    assert.equal(empty.statusCode, 400);
  });
});
