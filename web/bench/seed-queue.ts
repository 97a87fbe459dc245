// Fills a fresh data folder (the embedded PGlite the server uses by default) with the demo
// organization and a queue of tickets, through the server's own database layer: set-based SQL is
// seconds where the same number of API calls would be minutes.
import pino from 'pino';
import { openDatabase } from '../../server/src/db/client.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { withoutTenant, withTenant } from '../../server/src/db/tenant.ts';
import { DEMO_SLUG, seedDemo } from '../../server/src/domains/organizations/seed-demo.ts';
import { RECOMPUTE_SLA } from '../../server/src/domains/sla/recompute-sla.ts';
import { startJobQueue } from '../../server/src/jobs/job-queue.ts';

/** The demo organization with `tickets` open tickets from `contacts` customers, spread over 90 days. */
export async function seedQueue(input: {
  dataDir: string;
  publicUrl: string;
  tickets: number;
  contacts: number;
}) {
  const db = await openDatabase({ databaseUrl: null, dataDir: input.dataDir });
  try {
    await migrate(db);
    // The demo's SLA policy queues its recomputation; the server's workers run it later.
    const jobs = await startJobQueue(db, {
      queues: [RECOMPUTE_SLA],
      logger: pino({ level: 'warn' }),
      pollingIntervalSeconds: 60,
    });
    await seedDemo({ db, jobs }, input.publicUrl);
    await jobs.stop();
    const [organization] = await withoutTenant(db, (tx) =>
      tx.query<{ id: string }>('select id from organizations where slug = $1', [DEMO_SLUG]),
    );
    if (!organization) throw new Error('the demo organization was not created');
    await withTenant(db, organization.id, async (tx) => {
      await tx.query(
        `insert into contacts (organization_id, id, email, name)
         select $1, gen_random_uuid(), 'customer' || n || '@customers.example', 'Customer ' || n
           from generate_series(1, $2::int) n`,
        [organization.id, input.contacts],
      );
      // Statuses and priorities cycle; every ticket is open (new/open/pending), assignees and teams vary.
      await tx.query(
        `with statuses as (select array_agg(id order by position) as ids, array_agg(category order by position) as categories
                             from ticket_statuses where organization_id = $1 and category in ('new', 'open', 'pending')),
              priorities as (select array_agg(id order by position) as ids from ticket_priorities where organization_id = $1),
              agents as (select array_agg(id order by id) as ids from agents where organization_id = $1),
              teams as (select array_agg(id order by id) as ids from teams where organization_id = $1),
              people as (select array_agg(id order by id) as ids from contacts where organization_id = $1),
              numbered as (select n, now() - make_interval(secs => (90 * 86400.0 * n) / $2) as at
                             from generate_series(1, $2::int) n)
         insert into tickets (organization_id, id, number, subject, requester_id, status_id, status_category,
                              priority_id, assignee_id, team_id, tags, created_at, updated_at)
         select $1, gen_random_uuid(), d.demo + n, 'Queue bench ticket ' || n,
                p.ids[1 + n % cardinality(p.ids)],
                s.ids[1 + n % cardinality(s.ids)], s.categories[1 + n % cardinality(s.ids)],
                pr.ids[1 + n % cardinality(pr.ids)],
                case when n % 3 = 0 then null else a.ids[1 + n % cardinality(a.ids)] end,
                case when n % 2 = 0 then t.ids[1] end,
                case when n % 5 = 0 then array['vip'] else '{}' end,
                at, at
           from numbered, statuses s, priorities pr, agents a, teams t, people p,
                -- numbered after the demo's own tickets
                (select count(*)::int as demo from tickets where organization_id = $1) d`,
        [organization.id, input.tickets],
      );
      await tx.query(
        `insert into ticket_counters (organization_id, last_number) values ($1, $2)
         on conflict (organization_id) do update set last_number = ticket_counters.last_number + excluded.last_number`,
        [organization.id, input.tickets],
      );
    });
    await withoutTenant(db, (tx) => tx.query('analyze'));
  } finally {
    await db.close();
  }
}
