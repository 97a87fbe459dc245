import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { Actor } from '../auth/actor.ts';
import type { SlaJobs } from '../sla/recompute-sla.ts';
import { createPolicy } from '../sla/save-policy.ts';
import { createTicket } from '../tickets/create-ticket.ts';

/**
 * The demo's tickets, each opened `minutesAgo` before the seed ran, so that under the demo policy
 * (calendar hours: the stages do not depend on the weekday or hour the demo starts at) the queue
 * shows a timer of every stage. Each stays in its stage for at least half an hour.
 */
export const DEMO_SLA_TICKETS = [
  {
    subject: 'Invoices page shows an error',
    requester: 'ada@example.com',
    priority: 'Urgent',
    minutesAgo: 120, // first response (1 h) breached by an hour
    body: 'Since this morning the invoices page only says "Something went wrong".',
  },
  {
    subject: 'How do I export my contacts?',
    requester: 'grace@example.com',
    priority: 'Normal',
    minutesAgo: 200, // first response (4 h) at risk from 3 h, 40 minutes left
    body: 'I would like a CSV of all our contacts. Is there an export?',
  },
  {
    subject: 'Password reset email never arrives',
    requester: 'linus@example.com',
    priority: 'High',
    minutesAgo: 10, // first response (2 h): on track
    body: 'I asked for a password reset three times and received nothing.',
  },
  {
    subject: 'Please confirm our new billing address',
    requester: 'ada@example.com',
    priority: 'Normal',
    status: 'Waiting on customer',
    minutesAgo: 60, // resolution paused while waiting on the customer
    body: 'We moved; the new address is in the attached letter.',
  },
] as const;

/** Around the clock, per priority: what a small support team might promise. */
const DEMO_TARGETS = [
  { priority: 'Urgent', firstResponseMinutes: 60, nextResponseMinutes: 60, resolutionMinutes: 240 },
  { priority: 'High', firstResponseMinutes: 120, nextResponseMinutes: 120, resolutionMinutes: 480 },
  { priority: null, firstResponseMinutes: 240, nextResponseMinutes: 240, resolutionMinutes: 1440 },
];

type Named = { id: string; name: string };

/** The demo's SLA policy, then its tickets, each created with a clock set back so its history is old. */
export async function seedDemoSla(deps: { db: Database; jobs: SlaJobs }, owner: Actor): Promise<void> {
  const { db, jobs } = deps;
  const { organizationId } = owner;
  const names = await withTenant(db, organizationId, async (tx) => {
    const rows = (table: string, name: string) =>
      tx.query<Named>(`select id, ${name} as name from ${table} where organization_id = $1`, [
        organizationId,
      ]);
    return {
      priorities: await rows('ticket_priorities', 'name'),
      statuses: await rows('ticket_statuses', 'name'),
      contacts: await rows('contacts', 'email'),
    };
  });
  const idOf = (rows: Named[], name: string) => {
    const id = rows.find((row) => row.name === name)?.id;
    if (!id) throw new Error(`The demo organization has no ${name}`);
    return id;
  };
  await createPolicy(db, {
    actor: owner,
    jobs,
    name: 'Demo support, around the clock',
    hours: 'calendar',
    atRisk: { percent: 75 },
    targets: DEMO_TARGETS.map(({ priority, ...minutes }) => ({
      priorityId: priority && idOf(names.priorities, priority),
      ...minutes,
    })),
  });
  const seededAt = db.clock().getTime();
  for (const ticket of DEMO_SLA_TICKETS) {
    const openedAt = new Date(seededAt - ticket.minutesAgo * 60_000);
    const requesterId = idOf(names.contacts, ticket.requester);
    // The customer wrote in through the portal; every change is stamped with the clock set back.
    await createTicket(
      { ...db, clock: () => openedAt },
      {
        organizationId,
        jobs,
        openedBy: { type: 'contact', id: requesterId },
        ticket: {
          subject: ticket.subject,
          requesterId,
          source: 'portal',
          priorityId: idOf(names.priorities, ticket.priority),
          ...('status' in ticket ? { statusId: idOf(names.statuses, ticket.status) } : {}),
          comment: { body: ticket.body, visibility: 'public' },
        },
      },
    );
  }
}
