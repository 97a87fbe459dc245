import assert from 'node:assert/strict';
import { withTenant } from '../../db/tenant.ts';
import {
  type Credentials,
  call,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';
import type { Ticket } from '../tickets/tickets.schemas.ts';
import type { AutomationRule, AutomationRun } from './automations.schemas.ts';

export const AUTOMATIONS = '/api/v1/automations';

/** An organization's statuses, priorities (by name) and a team, for rules to name. */
export type Names = { statuses: Record<string, string>; priorities: Record<string, string> };

export async function namesOf(harness: TestApp, as: Credentials): Promise<Names> {
  const byName = async (url: string) =>
    Object.fromEntries(
      (await call(harness.app, 'GET', url, { as }))
        .json<{ items: { id: string; name: string }[] }>()
        .items.map((item) => [item.name, item.id]),
    );
  return {
    statuses: await byName('/api/v1/ticket-statuses'),
    priorities: await byName('/api/v1/ticket-priorities'),
  };
}

export async function createTeam(harness: TestApp, as: Credentials, name: string): Promise<string> {
  const response = await call(harness.app, 'POST', '/api/v1/teams', { as, body: { name } });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<{ id: string }>().id;
}

export async function createRule(
  harness: TestApp,
  as: Credentials,
  body: Record<string, unknown>,
): Promise<AutomationRule> {
  const response = await call(harness.app, 'POST', AUTOMATIONS, { as, body: { name: 'Rule', ...body } });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<AutomationRule>();
}

export async function openTicket(
  harness: TestApp,
  as: Credentials,
  body: Record<string, unknown> = {},
): Promise<Ticket> {
  const response = await call(harness.app, 'POST', '/api/v1/tickets', {
    as,
    body: { subject: 'Printer on fire', requester: { email: uniqueEmail('customer') }, ...body },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<Ticket>();
}

export async function readTicket(harness: TestApp, as: Credentials, ticketId: string): Promise<Ticket> {
  return (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}`, { as })).json<Ticket>();
}

/** Changes a ticket as a person would, at its current version. */
export async function patchTicket(
  harness: TestApp,
  as: Credentials,
  ticketId: string,
  body: Record<string, unknown>,
): Promise<void> {
  const { version } = await readTicket(harness, as, ticketId);
  const response = await call(harness.app, 'PATCH', `/api/v1/tickets/${ticketId}`, {
    as,
    body: { ...body, version },
  });
  assert.equal(response.statusCode, 200, response.body);
}

export async function runsOf(harness: TestApp, as: Credentials, ruleId: string): Promise<AutomationRun[]> {
  const response = await call(harness.app, 'GET', `${AUTOMATIONS}/${ruleId}/runs`, { as });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<{ items: AutomationRun[] }>().items;
}

/**
 * Waits until the automation job has dealt with every event the ticket has now (its cursor reached
 * the newest), polling: a rule that did not fire is then known not to, and one that did has.
 */
export async function settled(harness: TestApp, org: TestOrganization, ticketId: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ done: boolean }>(
        `select coalesce((select last_event_id from automation_cursors where organization_id = $1 and ticket_id = $2)
                  >= greatest(
                       (select max(id::text)::uuid from audit_events
                         where organization_id = $1 and entity_type = 'ticket' and entity_id = $2),
                       (select max(id::text)::uuid from sla_events
                         where organization_id = $1 and ticket_id = $2 and kind in ('at_risk', 'breached'))),
                false) as done`,
        [org.organizationId, ticketId],
      ),
    );
    if (row?.done) return;
    if (Date.now() > deadline) assert.fail(`the automation job did not catch up with ticket ${ticketId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
