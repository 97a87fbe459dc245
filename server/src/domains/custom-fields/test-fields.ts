import assert from 'node:assert/strict';
import { withTenant } from '../../db/tenant.ts';
import { call, signInContact, type TestApp, type TestOrganization } from '../../test/test-app.ts';
import type { TicketField } from './custom-fields.schemas.ts';

/** Test helpers shared by this domain's tests: fields and tickets made through the API. */
export async function defineField(
  harness: TestApp,
  org: TestOrganization,
  body: Record<string, unknown>,
): Promise<TicketField> {
  const response = await call(harness.app, 'POST', '/api/v1/ticket-fields', { as: org.owner.session, body });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<TicketField>();
}

/**
 * Opens a ticket through the portal (customers are not held to required fields), then gives it
 * custom field values directly, so a test can hold any mix of values whatever else is defined.
 */
export async function ticketWithValues(
  harness: TestApp,
  org: TestOrganization,
  values: Record<string, unknown>,
): Promise<string> {
  const customer = await signInContact(harness.app, org);
  const response = await call(harness.app, 'POST', '/api/v1/portal/tickets', {
    as: customer.session,
    body: { subject: 'Custom fields', body: 'Values are set below' },
  });
  assert.equal(response.statusCode, 201, response.body);
  const { id } = response.json<{ id: string }>();
  await withTenant(harness.db, org.organizationId, (tx) =>
    tx.query('update tickets set custom_fields = $3::jsonb where organization_id = $1 and id = $2', [
      org.organizationId,
      id,
      JSON.stringify(values),
    ]),
  );
  return id;
}

/** One field of every type: notes (text), seats (number), renewal (date), vip, plan (select), regions (multiselect). */
export async function defineFieldOfEachType(harness: TestApp, org: TestOrganization): Promise<void> {
  await defineField(harness, org, { key: 'notes', label: 'Notes', type: 'text' });
  await defineField(harness, org, { key: 'seats', label: 'Seats', type: 'number' });
  await defineField(harness, org, { key: 'renewal', label: 'Renewal', type: 'date' });
  await defineField(harness, org, { key: 'vip', label: 'VIP', type: 'checkbox' });
  await defineField(harness, org, { key: 'plan', label: 'Plan', type: 'select', options: PLAN_OPTIONS });
  await defineField(harness, org, {
    key: 'regions',
    label: 'Regions',
    type: 'multiselect',
    options: REGION_OPTIONS,
  });
}

export const PLAN_OPTIONS = [
  { value: 'gold', label: 'Gold' },
  { value: 'silver', label: 'Silver' },
];
export const REGION_OPTIONS = [
  { value: 'eu', label: 'Europe' },
  { value: 'us', label: 'United States' },
  { value: 'apac', label: 'Asia-Pacific' },
];
