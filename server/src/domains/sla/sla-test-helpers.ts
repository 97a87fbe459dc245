import assert from 'node:assert/strict';
import type { App } from '../../app.ts';
import { call, type TestOrganization } from '../../test/test-app.ts';
import type { Calendar, Policy } from './sla.schemas.ts';

export const POLICIES = '/api/v1/sla-policies';
/** The smallest valid targets: one hour to first response, for every priority. */
export const ANY_PRIORITY = [{ priorityId: null, firstResponseMinutes: 60 }];

/** What a policy can name in an organization: its priorities by name, a team, a `plan` field, a calendar. */
export type PolicyReferences = { priorities: Record<string, string>; teamId: string; calendarId: string };

export async function makePolicyReferences(app: App, org: TestOrganization): Promise<PolicyReferences> {
  const as = org.owner.session;
  const priorities = (await call(app, 'GET', '/api/v1/ticket-priorities', { as })).json<{
    items: { id: string; name: string }[];
  }>().items;
  const team = await call(app, 'POST', '/api/v1/teams', { as, body: { name: 'Tier 2' } });
  assert.equal(team.statusCode, 201, team.body);
  const field = await call(app, 'POST', '/api/v1/ticket-fields', {
    as,
    body: {
      key: 'plan',
      label: 'Plan',
      type: 'select',
      options: [
        { value: 'gold', label: 'Gold' },
        { value: 'silver', label: 'Silver' },
      ],
    },
  });
  assert.equal(field.statusCode, 201, field.body);
  const calendar = await call(app, 'POST', '/api/v1/calendars', {
    as,
    body: {
      name: 'Around the clock',
      spec: { timeZone: 'UTC', hours: { mon: [['00:00', '24:00']] }, holidays: [], specialHours: [] },
    },
  });
  assert.equal(calendar.statusCode, 201, calendar.body);
  return {
    priorities: Object.fromEntries(priorities.map((priority) => [priority.name, priority.id])),
    teamId: team.json().id,
    calendarId: calendar.json<Calendar>().id,
  };
}

export async function createPolicy(
  app: App,
  org: TestOrganization,
  body: Record<string, unknown>,
): Promise<Policy> {
  const response = await call(app, 'POST', POLICIES, {
    as: org.owner.session,
    body: { targets: ANY_PRIORITY, ...body },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<Policy>();
}
