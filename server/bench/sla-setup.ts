import type pg from 'pg';
import type { Database } from '../src/db/client.ts';
import { signUp } from '../src/domains/organizations/sign-up.ts';
import { type CalendarSpec, validateCalendarSpec } from '../src/domains/sla/calendar-spec.ts';
import { newId } from '../src/lib/ids.ts';

/** An organization as the SLA bench sets it up: signed up by the real code, then given its SLA set-up. */
export type SlaOrganization = {
  organizationId: string;
  ownerId: string;
  calendarId: string;
  statuses: Record<string, string>;
  priorities: Record<string, string>;
};

const DAY_MS = 86_400_000;
const dateOf = (at: Date, days: number) => new Date(at.getTime() + days * DAY_MS).toISOString().slice(0, 10);

/**
 * Split-shift office hours in a zone with daylight saving, yearly and one-off holidays, special hours,
 * and two holidays near `now` (one inside the tickets' month of history, one ahead), so the business
 * time of most timers crosses a closed day.
 */
export function officeCalendar(now: Date): CalendarSpec {
  const weekday = [
    ['08:00', '12:00'],
    ['13:00', '18:00'],
  ] as [string, string][];
  const spec: CalendarSpec = {
    timeZone: 'Europe/Berlin',
    hours: {
      mon: weekday,
      tue: weekday,
      wed: weekday,
      thu: weekday,
      fri: weekday,
      sat: [['10:00', '14:00']],
    },
    holidays: [
      { date: '2020-01-01', yearly: true, name: "New Year's Day" },
      { date: '2020-05-01', yearly: true, name: 'Labour Day' },
      { date: '2020-10-03', yearly: true, name: 'German Unity Day' },
      { date: '2020-12-25', until: '2020-12-26', yearly: true, name: 'Christmas' },
      { date: '2026-04-03', until: '2026-04-06', name: 'Easter' },
      { date: '2027-03-26', until: '2027-03-29', name: 'Easter' },
      { date: dateOf(now, -10), name: 'Company day' },
      { date: dateOf(now, 5), until: dateOf(now, 6), name: 'Offsite' },
    ],
    specialHours: [
      { date: '2026-12-24', hours: [['09:00', '12:00']] },
      { date: '2026-12-31', hours: [] },
    ],
  };
  const errors = validateCalendarSpec(spec);
  if (errors.length > 0) throw new Error(`Bench calendar is invalid: ${JSON.stringify(errors)}`);
  return spec;
}

/**
 * Two policies, tried in order: VIP-tagged tickets on round-the-clock hours with tight targets, then
 * everyone else on the office calendar with targets per priority. Both promise all three timers.
 */
function policies(priorities: Record<string, string>) {
  return [
    {
      name: 'VIP',
      conditions: { tags: ['vip'] },
      targets: [
        { priorityId: null, firstResponseMinutes: 30, nextResponseMinutes: 60, resolutionMinutes: 480 },
      ],
      hours: 'calendar',
      pausableTimers: ['next_response', 'resolution'],
      atRisk: { percent: 75 },
    },
    {
      name: 'Standard',
      conditions: {},
      targets: [
        {
          priorityId: priorities.Urgent,
          firstResponseMinutes: 60,
          nextResponseMinutes: 120,
          resolutionMinutes: 960,
        },
        {
          priorityId: priorities.High,
          firstResponseMinutes: 120,
          nextResponseMinutes: 240,
          resolutionMinutes: 1440,
        },
        { priorityId: null, firstResponseMinutes: 240, nextResponseMinutes: 480, resolutionMinutes: 2880 },
      ],
      hours: 'business',
      pausableTimers: ['resolution'],
      atRisk: { minutesBefore: 60 },
    },
  ];
}

/** The Standard policy's minutes for a priority name, as the SQL-made timers must carry them. */
export function standardTargets(priority: string): { firstResponse: number; resolution: number } {
  if (priority === 'Urgent') return { firstResponse: 60, resolution: 960 };
  if (priority === 'High') return { firstResponse: 120, resolution: 1440 };
  return { firstResponse: 240, resolution: 2880 };
}

export async function createSlaOrganization(
  db: Database,
  client: pg.Client,
  input: { name: string; now: Date },
): Promise<SlaOrganization> {
  const slug = input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const { organizationId, ownerId } = await signUp(db, {
    organizationName: input.name,
    slug,
    name: 'Owner',
    email: `owner@${slug}.example`,
    password: 'bench-owner-password',
    timeZone: 'Europe/Berlin',
  });
  const named = async (table: string) => {
    const { rows } = await client.query<{ id: string; name: string }>(
      `select id, name from ${table} where organization_id = $1`,
      [organizationId],
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.id]));
  };
  const statuses = await named('ticket_statuses');
  const priorities = await named('ticket_priorities');
  const { rows } = await client.query<{ id: string }>(
    `update sla_calendars set spec = $2 where organization_id = $1 and is_default returning id`,
    [organizationId, officeCalendar(input.now)],
  );
  const calendarId = rows[0]?.id;
  if (!calendarId) throw new Error('The signed-up organization has no default calendar');
  for (const [index, policy] of policies(priorities).entries()) {
    await client.query(
      `insert into sla_policies (organization_id, id, name, position, conditions, targets, hours,
                                 pausable_timers, at_risk)
       values ($1, $9, $2, $3, $4, $5, $6, $7, $8)`,
      [
        organizationId,
        policy.name,
        index + 1,
        policy.conditions,
        JSON.stringify(policy.targets),
        policy.hours,
        policy.pausableTimers,
        policy.atRisk,
        newId(),
      ],
    );
  }
  return { organizationId, ownerId, calendarId, statuses, priorities };
}
