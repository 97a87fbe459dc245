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
import { defineField, defineFieldOfEachType, ticketWithValues } from './test-fields.ts';
import { validateCustomFields } from './validate-custom-fields.ts';

describe('validateCustomFields', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;

  const validate = (input: Record<string, unknown>, mode: 'create' | 'update', organization = org) =>
    withTenant(harness.db, organization.organizationId, (tx) =>
      validateCustomFields(tx, organization.organizationId, input, mode),
    );

  /** The 422 a bad value gets, naming `customFields.<key>`. */
  async function assertRejected(input: Record<string, unknown>, mode: 'create' | 'update', key: string) {
    await assert.rejects(validate(input, mode), (error: unknown) => {
      assert.ok(error instanceof AppError, String(error));
      assert.equal(error.code, 'unprocessable');
      assert.equal(error.details.field, `customFields.${key}`, `${JSON.stringify(input)}: ${error.message}`);
      return true;
    });
  }

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app, 'Fields');
    other = await signUpOrganization(harness.app, 'Other');
    await defineFieldOfEachType(harness, org);
    await defineField(harness, org, { key: 'account', label: 'Account', type: 'text', required: true });
    const legacy = await defineField(harness, org, {
      key: 'legacy',
      label: 'Legacy',
      type: 'text',
      required: true,
    });
    const archived = await call(harness.app, 'DELETE', `/api/v1/ticket-fields/${legacy.id}`, {
      as: org.owner.session,
    });
    assert.equal(archived.statusCode, 204);
  });
  after(() => harness.close());

  test('good values of every type come back normalized', async () => {
    const cases: [string, unknown, unknown][] = [
      ['notes', '  Called twice  ', 'Called twice'],
      ['notes', 'x'.repeat(10_000), 'x'.repeat(10_000)],
      ['seats', 12, 12],
      ['seats', -1.5, -1.5],
      ['seats', 0, 0],
      ['renewal', '2024-02-29', '2024-02-29'],
      ['vip', true, true],
      ['vip', false, false],
      ['plan', 'gold', 'gold'],
      ['regions', ['apac', 'eu'], ['eu', 'apac']],
    ];
    for (const [key, value, stored] of cases) {
      assert.deepEqual(
        await validate({ [key]: value }, 'update'),
        { [key]: stored },
        `${key} ${String(value)}`,
      );
    }
  });

  test('bad values of every type are 422 on customFields.<key>', async () => {
    const cases: [string, unknown][] = [
      ['notes', 42],
      ['notes', 'x'.repeat(10_001)],
      ['seats', '12'],
      ['seats', Number.POSITIVE_INFINITY],
      ['seats', Number.NaN],
      ['renewal', '2023-02-29'],
      ['renewal', '2024-13-01'],
      ['renewal', '2024-1-01'],
      ['renewal', '2024-02-01T00:00:00Z'],
      ['renewal', 20240201],
      ['vip', 'true'],
      ['vip', 1],
      ['plan', 'bronze'],
      ['plan', ['gold']],
      ['regions', 'eu'],
      ['regions', ['eu', 'eu']],
      ['regions', ['eu', 'mars']],
      ['regions', [1]],
    ];
    for (const [key, value] of cases) await assertRejected({ [key]: value }, 'update', key);
  });

  test('an unknown key is 422, and so is a key only another organization defined', async () => {
    await assertRejected({ nope: 'x' }, 'update', 'nope');
    await assert.rejects(validate({ notes: 'x' }, 'update', other), /no custom field "notes"/);
  });

  test('on update null, blank text and an empty list clear a value, but not a required one', async () => {
    assert.deepEqual(await validate({ notes: null, seats: null, regions: [], plan: null }, 'update'), {
      notes: null,
      seats: null,
      regions: null,
      plan: null,
    });
    assert.deepEqual(await validate({ notes: '   ' }, 'update'), { notes: null });
    await assertRejected({ account: null }, 'update', 'account');
    await assertRejected({ account: '  ' }, 'update', 'account');
    assert.deepEqual(await validate({}, 'update'), {}, 'required fields are only checked on create');
  });

  test('on create required fields must be given, and "no value" is simply left out', async () => {
    await assert.rejects(validate({ notes: 'x' }, 'create'), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.details.field, 'customFields.account');
      assert.deepEqual(error.details.missing, ['account'], 'the archived required field is not asked for');
      return true;
    });
    await assertRejected({ account: null }, 'create', 'account');
    assert.deepEqual(await validate({ account: 'ACME', notes: null, regions: [] }, 'create'), {
      account: 'ACME',
    });
  });

  test('archived fields cannot be set or cleared', async () => {
    await assertRejected({ legacy: 'x' }, 'update', 'legacy');
    await assertRejected({ legacy: null }, 'update', 'legacy');
  });

  test('the documented merge stores updates and drops cleared keys', async () => {
    const ticketId = await ticketWithValues(harness, org, { account: 'ACME', notes: 'old', seats: 3 });
    const stored = await withTenant(harness.db, org.organizationId, async (tx) => {
      const changes = await validateCustomFields(tx, org.organizationId, { notes: null, seats: 4 }, 'update');
      const [row] = await tx.query<{ custom_fields: Record<string, unknown> }>(
        `update tickets set custom_fields = jsonb_strip_nulls(custom_fields || $3::jsonb)
          where organization_id = $1 and id = $2 returning custom_fields`,
        [org.organizationId, ticketId, JSON.stringify(changes)],
      );
      return row?.custom_fields;
    });
    assert.deepEqual(stored, { account: 'ACME', seats: 4 });
  });
});
