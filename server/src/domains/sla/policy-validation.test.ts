import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  assertError,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { ANY_PRIORITY, makePolicyReferences, POLICIES, type PolicyReferences } from './sla-test-helpers.ts';

describe('SLA policy validation', () => {
  let harness: TestApp;
  let orgA: TestOrganization;
  let refsA: PolicyReferences;
  let refsB: PolicyReferences;

  const owner = () => orgA.owner.session;
  const send = (method: string, url: string, body?: unknown) =>
    call(harness.app, method, url, { as: owner(), body });

  before(async () => {
    harness = await createTestApp();
    orgA = await signUpOrganization(harness.app, 'Validation A');
    const orgB = await signUpOrganization(harness.app, 'Validation B');
    refsA = await makePolicyReferences(harness.app, orgA);
    refsB = await makePolicyReferences(harness.app, orgB);
  });
  after(() => harness.close());

  const create = (body: Record<string, unknown>) =>
    send('POST', POLICIES, { name: 'Checked', targets: ANY_PRIORITY, ...body });

  test('malformed parts are 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ targets: [] }, 'targets'],
      [{ targets: [{ priorityId: null }] }, 'targets.0'],
      [{ targets: [{ priorityId: null, firstResponseMinutes: 0 }] }, 'targets.0.firstResponseMinutes'],
      [{ targets: [{ priorityId: null, resolutionMinutes: 1.5 }] }, 'targets.0.resolutionMinutes'],
      [{ targets: [{ firstResponseMinutes: 10, resolutionMinutes: 60 }] }, 'targets.0.priorityId'],
      [{ conditions: { sources: ['fax'] } }, 'conditions.sources.0'],
      [{ conditions: { priorityIds: [] } }, 'conditions.priorityIds'],
      [{ conditions: { weekday: ['mon'] } }, 'conditions.weekday'],
      [{ conditions: { customFields: [{ key: 'plan', values: [] }] } }, 'conditions.customFields.0.values'],
      [{ hours: 'office' }, 'hours'],
      [{ pausableTimers: ['lunch'] }, 'pausableTimers.0'],
      [{ pausableTimers: ['resolution', 'resolution'] }, 'pausableTimers'],
      [{ calendarId: 'not-a-uuid' }, 'calendarId'],
      [{ name: ' ' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const response = await create(body);
      assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
      assert.equal(response.json().error.details.field, field, JSON.stringify(body));
    }
    for (const atRisk of [
      { percent: 100 },
      { percent: 0 },
      { minutesBefore: 0 },
      { percent: 50, minutesBefore: 5 },
      {},
    ]) {
      assertError(await create({ atRisk }), 400, 'validation_failed');
    }
  });

  test('two targets for one priority, or two for the others, are 422 on the second', async () => {
    const urgent = refsA.priorities.Urgent;
    const twice = await create({
      targets: [
        { priorityId: urgent, firstResponseMinutes: 10 },
        { priorityId: null, firstResponseMinutes: 60 },
        { priorityId: urgent, resolutionMinutes: 100 },
      ],
    });
    assertError(twice, 422, 'unprocessable', { field: 'targets.2.priorityId' });
    const twoCatchAlls = await create({
      targets: [
        { priorityId: null, firstResponseMinutes: 10 },
        { priorityId: null, resolutionMinutes: 100 },
      ],
    });
    assertError(twoCatchAlls, 422, 'unprocessable', { field: 'targets.1.priorityId' });
  });

  test('priorities, teams, custom fields and calendars must be the organization’s own (422 on the field)', async () => {
    const ghost = randomUUID();
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [
        { conditions: { priorityIds: [refsA.priorities.Low, ghost] } },
        { field: 'conditions.priorityIds', missing: [ghost] },
      ],
      [{ conditions: { priorityIds: [refsB.priorities.Low] } }, { field: 'conditions.priorityIds' }],
      [{ conditions: { teamIds: [refsB.teamId] } }, { field: 'conditions.teamIds', missing: [refsB.teamId] }],
      [
        {
          conditions: {
            customFields: [
              { key: 'plan', values: ['gold'] },
              { key: 'region', values: ['eu'] },
            ],
          },
        },
        { field: 'conditions.customFields.1.key' },
      ],
      [
        {
          targets: [
            { priorityId: null, firstResponseMinutes: 5 },
            { priorityId: refsB.priorities.Urgent, firstResponseMinutes: 5 },
          ],
        },
        { field: 'targets.1.priorityId' },
      ],
      [{ calendarId: refsB.calendarId }, { field: 'calendarId' }],
      [{ calendarId: ghost }, { field: 'calendarId' }],
    ];
    for (const [body, details] of cases) assertError(await create(body), 422, 'unprocessable', details);
  });

  test('an archived custom field may still be a condition', async () => {
    const field = await send('POST', '/api/v1/ticket-fields', {
      key: 'legacy_tier',
      label: 'Legacy tier',
      type: 'text',
    });
    assert.equal(field.statusCode, 201, field.body);
    assert.equal((await send('DELETE', `/api/v1/ticket-fields/${field.json().id}`)).statusCode, 204);
    const response = await create({
      conditions: { customFields: [{ key: 'legacy_tier', values: ['old'] }] },
    });
    assert.equal(response.statusCode, 201, response.body);
  });
});
