import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import { AppError } from '../../lib/errors.ts';
import {
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { customFieldFilterSql, resolveCustomFieldFilters } from './custom-field-filters.ts';
import { defineField, defineFieldOfEachType, PLAN_OPTIONS, ticketWithValues } from './test-fields.ts';

describe('custom field filters', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  const tickets: Record<string, string> = {};

  /** The ids of the organization's tickets matching the filters, through the same SQL a queue will use. */
  const matching = (filters: string[], organization = org) =>
    withTenant(harness.db, organization.organizationId, async (tx) => {
      const conditions = await resolveCustomFieldFilters(tx, organization.organizationId, filters);
      const params: unknown[] = [organization.organizationId];
      const bind = (value: unknown) => `$${params.push(value)}`;
      const where = customFieldFilterSql(conditions, bind) ?? 'true';
      const rows = await tx.query<{ id: string }>(
        `select t.id from tickets t where t.organization_id = $1 and ${where}`,
        params,
      );
      const names = Object.entries(tickets).filter(([, id]) => rows.some((row) => row.id === id));
      return names.map(([name]) => name).sort();
    });

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app, 'Filters');
    other = await signUpOrganization(harness.app, 'Other');
    await defineFieldOfEachType(harness, org);
    const old = await defineField(harness, org, { key: 'old', label: 'Old', type: 'text' });
    tickets.a = await ticketWithValues(harness, org, {
      notes: 'key:value',
      seats: 10,
      renewal: '2025-01-31',
      vip: true,
      plan: 'gold',
      regions: ['eu', 'us'],
      old: 'kept',
    });
    tickets.b = await ticketWithValues(harness, org, {
      seats: 2.5,
      vip: false,
      plan: 'silver',
      regions: ['us'],
    });
    tickets.c = await ticketWithValues(harness, org, {});
    await call(harness.app, 'DELETE', `/api/v1/ticket-fields/${old.id}`, { as: org.owner.session });
    // Another organization's ticket with the same values must never show up.
    await defineField(harness, other, { key: 'plan', label: 'Plan', type: 'select', options: PLAN_OPTIONS });
    await ticketWithValues(harness, other, { plan: 'gold' });
  });
  after(() => harness.close());

  test('each type matches by equality; a multiselect by holding the value', async () => {
    const cases: [string[], string[]][] = [
      [[], ['a', 'b', 'c']],
      [['notes:key:value'], ['a']],
      [['seats:10'], ['a']],
      [['seats:2.5'], ['b']],
      [['seats:1e1'], ['a']],
      [['renewal:2025-01-31'], ['a']],
      [['vip:true'], ['a']],
      [['vip:false'], ['b', 'c']],
      [['plan:gold'], ['a']],
      [['regions:us'], ['a', 'b']],
      [['regions:apac'], []],
      [['regions:us', 'regions:eu'], ['a']],
      [['plan:silver', 'regions:us'], ['b']],
      [['plan:gold', 'plan:silver'], []],
      [['old:kept'], ['a']],
    ];
    for (const [filters, expected] of cases) {
      assert.deepEqual(await matching(filters), expected, filters.join(' & '));
    }
  });

  test('filters never reach another organization, which may not even know the key', async () => {
    assert.deepEqual(await matching(['plan:gold'], other), []);
    await assert.rejects(matching(['seats:10'], other), /no custom field "seats"/);
  });

  test('an unknown key or a value the field could never hold is 422 on customField', async () => {
    for (const filter of [
      'nope:1',
      'seats:ten',
      'seats:',
      'renewal:2025-02-30',
      'vip:yes',
      'plan:bronze',
      'regions:mars',
      'notes',
    ]) {
      await assert.rejects(matching([filter]), (error: unknown) => {
        assert.ok(error instanceof AppError, String(error));
        assert.equal(error.code, 'unprocessable');
        assert.deepEqual(error.details, { ...error.details, field: 'customField', filter }, filter);
        return true;
      });
    }
  });
});
