import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import {
  addAgent,
  assertError,
  type Credentials,
  call,
  createTestApp,
  signInContact,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import type { CalendarSpec } from './calendar-spec.ts';
import type { Calendar } from './sla.schemas.ts';

const CALENDARS = '/api/v1/calendars';

const EMEA_SPEC: CalendarSpec = {
  timeZone: 'Europe/Berlin',
  hours: {
    mon: [
      ['08:00', '12:00'],
      ['13:00', '17:00'],
    ],
    sat: [['22:00', '06:00']],
    sun: [['10:00', '14:00']],
  },
  holidays: [
    { date: '2025-12-25', until: '2025-12-26', yearly: true, name: 'Christmas' },
    { date: '2025-05-01' },
  ],
  specialHours: [
    { date: '2025-12-24', hours: [['09:00', '12:00']] },
    { date: '2025-12-31', hours: [] },
  ],
};

describe('SLA calendars', () => {
  let harness: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let agentA: { id: string; session: Credentials };

  const send = (as: Credentials, method: string, url: string, body?: unknown) =>
    call(harness.app, method, url, { as, body });
  const owner = () => orgA.owner.session;

  async function createCalendar(org: TestOrganization, name: string, spec = EMEA_SPEC): Promise<Calendar> {
    const response = await send(org.owner.session, 'POST', CALENDARS, { name, spec });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<Calendar>();
  }

  async function calendars(org: TestOrganization): Promise<Calendar[]> {
    const response = await send(org.owner.session, 'GET', CALENDARS);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ items: Calendar[] }>().items;
  }

  async function defaultCalendar(org: TestOrganization): Promise<Calendar> {
    const found = (await calendars(org)).filter((calendar) => calendar.isDefault);
    assert.equal(found.length, 1, 'exactly one default');
    return found[0] as Calendar;
  }

  async function createPolicy(org: TestOrganization, name: string, calendarId: string | null) {
    const response = await send(org.owner.session, 'POST', '/api/v1/sla-policies', {
      name,
      calendarId,
      targets: [{ priorityId: null, firstResponseMinutes: 60 }],
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: string; name: string }>();
  }

  const auditActions = (org: TestOrganization, entityId: string) =>
    withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ action: string }>(
        `select action from audit_events where organization_id = $1 and entity_id = $2 order by id`,
        [org.organizationId, entityId],
      ),
    ).then((rows) => rows.map((row) => row.action));

  before(async () => {
    harness = await createTestApp();
    orgA = await signUpOrganization(harness.app, 'Calendars A');
    orgB = await signUpOrganization(harness.app, 'Calendars B');
    agentA = await addAgent(harness.app, orgA, 'agent');
  });
  after(() => harness.close());

  describe('create, read, change', () => {
    test('an admin adds a calendar; it is not the default; the change is audited', async () => {
      const created = await createCalendar(orgA, '  EMEA support  ');
      assert.equal(created.name, 'EMEA support');
      assert.deepEqual(created.spec, EMEA_SPEC);
      assert.equal(created.isDefault, false);
      const fetched = await send(owner(), 'GET', `${CALENDARS}/${created.id}`);
      assert.equal(fetched.statusCode, 200, fetched.body);
      assert.deepEqual(fetched.json(), created);
      assert.deepEqual(await auditActions(orgA, created.id), ['sla_calendar.created']);
    });

    test('the list is sorted by name, whatever the case', async () => {
      await createCalendar(orgA, 'americas');
      const names = (await calendars(orgA)).map((calendar) => calendar.name);
      assert.deepEqual(
        names,
        [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
      );
      assert.ok(names.includes('americas') && names.includes('Business hours'));
    });

    test('PATCH renames or replaces the spec; the rest stays', async () => {
      const calendar = await createCalendar(orgA, 'APAC');
      const renamed = await send(owner(), 'PATCH', `${CALENDARS}/${calendar.id}`, { name: 'APAC hours' });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json<Calendar>().name, 'APAC hours');
      assert.deepEqual(renamed.json<Calendar>().spec, EMEA_SPEC);

      const spec: CalendarSpec = {
        timeZone: 'Asia/Tokyo',
        hours: { mon: [['09:00', '18:00']] },
        holidays: [],
        specialHours: [],
      };
      const respecced = await send(owner(), 'PATCH', `${CALENDARS}/${calendar.id}`, { spec });
      assert.equal(respecced.statusCode, 200, respecced.body);
      assert.equal(respecced.json<Calendar>().name, 'APAC hours');
      assert.deepEqual(respecced.json<Calendar>().spec, spec);
      assert.deepEqual(await auditActions(orgA, calendar.id), [
        'sla_calendar.created',
        'sla_calendar.updated',
        'sla_calendar.updated',
      ]);
      assertError(await send(owner(), 'PATCH', `${CALENDARS}/${calendar.id}`, {}), 400, 'validation_failed');
    });

    test('a name taken in any case is 409 on name, on create and rename; another organization may use it', async () => {
      const taken = await createCalendar(orgA, 'Weekend desk');
      assertError(
        await send(owner(), 'POST', CALENDARS, { name: 'WEEKEND DESK', spec: EMEA_SPEC }),
        409,
        'conflict',
        {
          field: 'name',
        },
      );
      const other = await createCalendar(orgA, 'Night desk');
      assertError(
        await send(owner(), 'PATCH', `${CALENDARS}/${other.id}`, { name: 'weekend desk' }),
        409,
        'conflict',
        {
          field: 'name',
        },
      );
      await createCalendar(orgB, taken.name);
    });
  });

  describe('spec validation', () => {
    const withSpec = (changes: Record<string, unknown>) => ({
      name: `Bad ${randomUUID()}`,
      spec: { ...EMEA_SPEC, ...changes },
    });

    test('malformed times, dates and days are 400 naming the field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ hours: { mon: [['9:00', '17:00']] } }, 'spec.hours.mon.0.0'],
        [{ hours: { tue: [['09:00', '24:30']] } }, 'spec.hours.tue.0.1'],
        [{ hours: { wed: [['09:00']] } }, 'spec.hours.wed.0'],
        [{ hours: { funday: [['09:00', '17:00']] } }, 'spec.hours.funday'],
        [{ holidays: [{ date: '2025-13-01' }] }, 'spec.holidays.0.date'],
        [{ holidays: [{ date: '2025-12-24', until: '24.12.2025' }] }, 'spec.holidays.0.until'],
        [{ specialHours: [{ date: '2025-12-24' }] }, 'spec.specialHours.0.hours'],
        [{ timeZone: undefined }, 'spec.timeZone'],
      ];
      for (const [changes, field] of cases) {
        const response = await send(owner(), 'POST', CALENDARS, withSpec(changes));
        assertError(response, 400, 'validation_failed', { field });
      }
    });

    test('a time zone that is not an IANA zone is 422 on spec.timeZone, on create and on change', async () => {
      for (const timeZone of ['Mars/Olympus_Mons', 'CEST', 'GMT+25']) {
        assertError(await send(owner(), 'POST', CALENDARS, withSpec({ timeZone })), 422, 'unprocessable', {
          field: 'spec.timeZone',
        });
      }
      const calendar = await createCalendar(orgA, 'Zone checked');
      const response = await send(owner(), 'PATCH', `${CALENDARS}/${calendar.id}`, {
        spec: { ...EMEA_SPEC, timeZone: 'Europe/Atlantis' },
      });
      assertError(response, 422, 'unprocessable', { field: 'spec.timeZone' });
    });

    test("the engine's rules are checked on save: overlaps (overnight shifts too), impossible dates", async () => {
      const overlapping = withSpec({ hours: { sat: [['22:00', '06:00']], sun: [['05:00', '09:00']] } });
      const response = await send(owner(), 'POST', CALENDARS, overlapping);
      assertError(response, 422, 'unprocessable', { field: 'spec.hours.sun.0' });
      const impossible = withSpec({ holidays: [{ date: '2025-02-29' }] });
      assertError(await send(owner(), 'POST', CALENDARS, impossible), 422, 'unprocessable', {
        field: 'spec.holidays.0.date',
      });
    });
  });

  describe('the default calendar', () => {
    test('a new organization has one: "Business hours", Mon–Fri 09:00–17:00 in its time zone', async () => {
      const response = await call(harness.app, 'POST', '/api/v1/signup', {
        body: {
          organizationName: 'Lisbon desk',
          name: 'Olga Owner',
          email: `owner-${randomUUID().slice(0, 8)}@example.test`,
          password: 'correct horse battery staple',
          timeZone: 'Europe/Lisbon',
        },
      });
      assert.equal(response.statusCode, 201, response.body);
      const cookie = response.cookies.find((c) => c.name === 'ac_session')?.value ?? '';
      const listed = await send({ cookie, csrfToken: response.json().csrfToken }, 'GET', CALENDARS);
      const weekday = [['09:00', '17:00']];
      assert.deepEqual(
        listed
          .json<{ items: Calendar[] }>()
          .items.map(({ name, isDefault, spec }) => ({ name, isDefault, spec })),
        [
          {
            name: 'Business hours',
            isDefault: true,
            spec: {
              timeZone: 'Europe/Lisbon',
              hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
              holidays: [],
              specialHours: [],
            },
          },
        ],
      );
    });

    test('every organization signing up has exactly one default calendar', async () => {
      // As the owner of the tables, outside any tenant. Only this test's organizations: a shared
      // database also holds other tests' (some made with bare SQL); the migration's test covers
      // the organizations that existed before calendars.
      const rows = await harness.db.query<{ defaults: number }>(
        `select (select count(*)::int from sla_calendars c where c.organization_id = o.id and c.is_default) as defaults
           from organizations o where o.id = any($1::uuid[])`,
        [[orgA.organizationId, orgB.organizationId]],
      );
      assert.equal(rows.length, 2);
      assert.deepEqual(new Set(rows.map((row) => row.defaults)), new Set([1]));
    });

    test('the default moves to another calendar, and only the default cannot be deleted', async () => {
      const original = await defaultCalendar(orgA);
      const next = await createCalendar(orgA, 'Follow the sun');
      assertError(await send(owner(), 'DELETE', `${CALENDARS}/${original.id}`), 409, 'conflict');

      const moved = await send(owner(), 'POST', `${CALENDARS}/${next.id}/default`);
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json<Calendar>().isDefault, true);
      assert.equal((await defaultCalendar(orgA)).id, next.id);
      assert.deepEqual(await auditActions(orgA, next.id), [
        'sla_calendar.created',
        'sla_calendar.made_default',
      ]);

      const again = await send(owner(), 'POST', `${CALENDARS}/${next.id}/default`);
      assert.equal(again.statusCode, 200, 'making the default the default changes nothing');
      assertError(await send(owner(), 'DELETE', `${CALENDARS}/${next.id}`), 409, 'conflict');
      assert.equal((await send(owner(), 'DELETE', `${CALENDARS}/${original.id}`)).statusCode, 204);
      assertError(await send(owner(), 'GET', `${CALENDARS}/${original.id}`), 404, 'not_found');
      assert.equal((await defaultCalendar(orgB)).name, 'Business hours', "B's default is its own");
    });

    test('two admins moving the default at once leave one default', async () => {
      const [first, second] = [
        await createCalendar(orgB, 'Race one'),
        await createCalendar(orgB, 'Race two'),
      ];
      const responses = await Promise.all(
        [first, second].map((calendar) =>
          send(orgB.owner.session, 'POST', `${CALENDARS}/${calendar.id}/default`),
        ),
      );
      assert.deepEqual(
        responses.map((response) => response.statusCode),
        [200, 200],
      );
      assert.ok([first.id, second.id].includes((await defaultCalendar(orgB)).id));
    });
  });

  describe('deleting', () => {
    test('a calendar a policy uses is 409 naming the policies; once none does, it goes', async () => {
      const calendar = await createCalendar(orgA, 'In use');
      const gold = await createPolicy(orgA, 'Gold', calendar.id);
      const silver = await createPolicy(orgA, 'Silver', calendar.id);
      await createPolicy(orgA, 'Default-hours policy', null);

      const refused = await send(owner(), 'DELETE', `${CALENDARS}/${calendar.id}`);
      assertError(refused, 409, 'conflict', {
        policies: [
          { id: gold.id, name: 'Gold' },
          { id: silver.id, name: 'Silver' },
        ],
      });
      for (const policy of [gold, silver]) {
        const changed = await send(owner(), 'PATCH', `/api/v1/sla-policies/${policy.id}`, {
          calendarId: null,
        });
        assert.equal(changed.statusCode, 200, changed.body);
      }
      assert.equal((await send(owner(), 'DELETE', `${CALENDARS}/${calendar.id}`)).statusCode, 204);
      assertError(await send(owner(), 'DELETE', `${CALENDARS}/${calendar.id}`), 404, 'not_found');
      assert.deepEqual(await auditActions(orgA, calendar.id), [
        'sla_calendar.created',
        'sla_calendar.deleted',
      ]);
    });
  });

  describe('who may', () => {
    test('agents read calendars but change nothing', async () => {
      const calendar = await createCalendar(orgA, 'Agents look');
      const listed = await send(agentA.session, 'GET', CALENDARS);
      assert.equal(listed.statusCode, 200, listed.body);
      assert.equal((await send(agentA.session, 'GET', `${CALENDARS}/${calendar.id}`)).statusCode, 200);
      const attempts: [string, string, unknown?][] = [
        ['POST', CALENDARS, { name: 'Mine', spec: EMEA_SPEC }],
        ['PATCH', `${CALENDARS}/${calendar.id}`, { name: 'Mine' }],
        ['DELETE', `${CALENDARS}/${calendar.id}`],
        ['POST', `${CALENDARS}/${calendar.id}/default`],
      ];
      for (const [method, url, body] of attempts) {
        assertError(await send(agentA.session, method, url, body), 403, 'forbidden');
      }
    });

    test("customers' portal sessions reach no calendar", async () => {
      const contact = await signInContact(harness.app, orgA);
      const calendar = await defaultCalendar(orgA);
      for (const url of [CALENDARS, `${CALENDARS}/${calendar.id}`]) {
        assertError(await send(contact.session, 'GET', url), 401, 'unauthenticated');
      }
    });

    test("another organization's calendar is 404 on every route", async () => {
      const calendar = await createCalendar(orgA, 'Private');
      const attempts: [string, string, unknown?][] = [
        ['GET', `${CALENDARS}/${calendar.id}`],
        ['PATCH', `${CALENDARS}/${calendar.id}`, { name: 'Taken over' }],
        ['DELETE', `${CALENDARS}/${calendar.id}`],
        ['POST', `${CALENDARS}/${calendar.id}/default`],
      ];
      for (const [method, url, body] of attempts) {
        assertError(await send(orgB.owner.session, method, url, body), 404, 'not_found');
      }
      assert.equal(
        (await send(owner(), 'GET', `${CALENDARS}/${calendar.id}`)).json<Calendar>().name,
        'Private',
      );
    });
  });
});
