import pg from 'pg';
import { AGENT_PHRASES, CUSTOMER_PHRASES, SUBJECTS } from './phrases.ts';
import type { SignedUpOrganization } from './tenants.ts';

export type GenerateInput = {
  databaseUrl: string;
  tickets: number;
  comments: number;
  organizations: number;
  /** Ranks 1..n, already signed up over HTTP with the default statuses and priorities. */
  signedUp: SignedUpOrganization[];
  log: (line: string) => void;
};

/** The address generated contacts have, so HTTP scenarios can name existing requesters by email. */
export const contactEmail = (seq: number) => `customer${seq}@customers.example`;

// UUIDv7 from a timestamp, as the application makes them, so rows keep their time order by id.
export const UUID7 = `create function pg_temp.uuid7(ts timestamptz) returns uuid language sql volatile as $$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    placing substring(int8send(floor(extract(epoch from ts) * 1000)::bigint) from 3) from 1 for 6),
    52, 1), 53, 1), 'hex')::uuid $$`;

// Organization sizes follow Zipf (weight 1/rank): with 1,000 organizations the largest holds ~13%.
// Each has about one agent per 2,500 tickets and one contact per 3 tickets.
const ORGANIZATIONS = `create temp table bench_orgs as
  with ranked as (select r, 1.0 / r as w, sum(1.0 / r) over () as total from generate_series(1, $1::int) r),
  sized as (
    select r as rank, ($3::uuid[])[r] as given_id, ($4::uuid[])[r] as given_owner,
           now() - interval '1 day' * (200 + floor(random() * 900)) as created_at,
           greatest(1, round($2::float8 * w / total))::int as tickets
      from ranked)
  select rank, 'bench-' || rank as slug, created_at, tickets,
         coalesce(given_id, pg_temp.uuid7(created_at)) as id,
         coalesce(given_owner, pg_temp.uuid7(created_at)) as owner_id,
         least(200, greatest(2, ceil(tickets / 2500.0)))::int as agents,
         greatest(3, ceil(tickets / 3.0))::int as contacts
    from sized`;

// Numbers are interpolated (they are ours, not input); the phrase lists come from the bench_text table.
const steps = (signedUp: number, exponentialMean: number): { label: string; sql: string }[] => [
  {
    label: 'organizations',
    sql: `insert into organizations (id, slug, name, time_zone, default_language, created_at, updated_at)
          select id, slug, 'Bench Company ' || rank, 'UTC', 'en', created_at, created_at
            from bench_orgs where rank > ${signedUp};
          -- Signed-up organizations are backdated so their history fits inside their lifetime.
          update organizations o set created_at = b.created_at from bench_orgs b where o.id = b.id`,
  },
  {
    label: 'statuses and priorities (copied from a signed-up organization)',
    sql: `insert into ticket_statuses (organization_id, id, name, color, position, category, pauses_sla,
                                     is_default_for_new, created_at, updated_at)
          select o.id, pg_temp.uuid7(o.created_at), s.name, s.color, s.position, s.category, s.pauses_sla,
                 s.is_default_for_new, o.created_at, o.created_at
            from bench_orgs o cross join ticket_statuses s
           where o.rank > ${signedUp} and s.organization_id = (select id from bench_orgs where rank = 1);
          insert into ticket_priorities (organization_id, id, name, color, position, rank, is_default,
                                       created_at, updated_at)
          select o.id, pg_temp.uuid7(o.created_at), p.name, p.color, p.position, p.rank, p.is_default,
                 o.created_at, o.created_at
            from bench_orgs o cross join ticket_priorities p
           where o.rank > ${signedUp} and p.organization_id = (select id from bench_orgs where rank = 1);
          create temp table bench_statuses as
          select organization_id, row_number() over (partition by organization_id order by position) as pick,
                 id, category
            from ticket_statuses where organization_id in (select id from bench_orgs);
          create temp table bench_priorities as
          select organization_id, row_number() over (partition by organization_id order by position) as pick, id
            from ticket_priorities where organization_id in (select id from bench_orgs)`,
  },
  {
    label: 'agents',
    sql: `create temp table bench_agents as
          select o.id as organization_id, g as seq, o.rank, o.slug, o.created_at + interval '1 day' * g as created_at,
                 case when g = 1 then o.owner_id else pg_temp.uuid7(o.created_at + interval '1 day' * g) end as id
            from bench_orgs o cross join lateral generate_series(1, o.agents) g;
          -- Everyone shares the signed-up owner's password hash: hashing thousands would take minutes.
          insert into agents (organization_id, id, email, name, role, password_hash, created_at, updated_at)
          select organization_id, id,
                 case when seq = 1 then 'owner' else 'agent' || seq end || '@' || slug || '.example',
                 'Agent ' || seq, case seq when 1 then 'owner' when 2 then 'admin' else 'agent' end,
                 (select password_hash from agents
                   where organization_id = (select id from bench_orgs where rank = 1) and role = 'owner'), created_at, created_at
            from bench_agents where not (rank <= ${signedUp} and seq = 1)`,
  },
  {
    label: 'contacts',
    sql: `create temp table bench_contacts as
          select o.id as organization_id, g as seq, o.created_at + interval '1 second' * g as created_at,
                 pg_temp.uuid7(o.created_at + interval '1 second' * g) as id
            from bench_orgs o cross join lateral generate_series(1, o.contacts) g;
          insert into contacts (organization_id, id, email, name, company, created_at, updated_at)
          select organization_id, id, 'customer' || seq || '@customers.example', 'Customer ' || seq,
                 'Company ' || (seq % 50), created_at, created_at
            from bench_contacts order by organization_id, id;
          analyze bench_contacts`,
  },
  {
    // More tickets recently (the rate grows linearly over an organization's life); a conversation of
    // 1 + exponential(mean comments/ticket - 1) comments, replies 1 to 72 hours apart. Tickets touched in
    // the last two weeks are mostly open, older ones mostly closed.
    label: 'tickets (staging)',
    sql: `create temp table bench_tickets as
          with born as (
            select o.id as organization_id, n as number, o.agents,
                   o.created_at + (now() - o.created_at) * sqrt((n - 1 + random()) / o.tickets) as created_at,
                   least(200, 1 + floor(-ln(1 - random()) * ${exponentialMean}::float8))::int as comments,
                   exp(random() * ln(72)) as gap_hours,
                   1 + floor(o.contacts * random() ^ 2)::int as requester_seq,
                   case when random() >= 0.03 then 1 + floor(random() * o.agents)::int end as assignee_seq,
                   random() as status_roll, random() as priority_roll, random() as tag_roll
              from bench_orgs o cross join lateral generate_series(1, o.tickets) n),
          touched as (
            select b.*, greatest(b.created_at, least(now(),
                     b.created_at + interval '1 hour' * b.gap_hours * (b.comments - 1))) as updated_at
              from born b)
          select t.*, pg_temp.uuid7(t.created_at) as id,
                 case when t.updated_at > now() - interval '14 days' then
                   case when status_roll < 0.40 then 1 when status_roll < 0.60 then 2 when status_roll < 0.75 then 3
                        when status_roll < 0.95 then 4 else 5 end
                 else
                   case when status_roll < 0.01 then 1 when status_roll < 0.02 then 2 when status_roll < 0.04 then 3
                        when status_roll < 0.10 then 4 else 5 end
                 end as status_pick,
                 case when priority_roll < 0.2 then 1 when priority_roll < 0.8 then 2
                      when priority_roll < 0.95 then 3 else 4 end as priority_pick
            from touched t;
          analyze bench_tickets`,
  },
  {
    label: 'tickets',
    sql: `insert into tickets (organization_id, id, number, subject, requester_id, status_id, priority_id,
                             created_at, updated_at, version, assignee_id, tags, source, first_response_at,
                             solved_at, closed_at)
          select t.organization_id, t.id, t.number, x.subjects[1 + (t.number * 7919) % cardinality(x.subjects)],
                 c.id, s.id, p.id, t.created_at, t.updated_at, 1 + (t.comments - 1) / 2 + (t.status_pick > 1)::int,
                 a.id,
                 case when tag_roll < 0.3 then '{}' when tag_roll < 0.6 then '{billing}' when tag_roll < 0.8 then '{bug}'
                      when tag_roll < 0.9 then '{feature-request}' else '{billing,vip}' end::text[],
                 (array['email', 'email', 'email', 'email', 'portal', 'portal', 'portal', 'agent', 'api', 'email'])
                   [1 + t.number % 10],
                 case when t.comments > 1 then t.created_at + (t.updated_at - t.created_at) / (t.comments - 1) end,
                 case when s.category in ('solved', 'closed') then t.updated_at end,
                 case when s.category = 'closed' then t.updated_at end
            from bench_tickets t
            cross join bench_text x
            join bench_contacts c on c.organization_id = t.organization_id and c.seq = t.requester_seq
            join bench_statuses s on s.organization_id = t.organization_id
                                 and s.pick = least(t.status_pick, (select max(pick) from bench_statuses))
            join bench_priorities p on p.organization_id = t.organization_id
                                   and p.pick = least(t.priority_pick, (select max(pick) from bench_priorities))
            left join bench_agents a on a.organization_id = t.organization_id and a.seq = t.assignee_seq
           order by t.organization_id, t.number`,
  },
  {
    label: 'comments',
    sql: `insert into ticket_comments (organization_id, id, ticket_id, author_type, author_id, visibility,
                                     body_text, body_html, created_at)
          select organization_id, pg_temp.uuid7(at), ticket_id, author_type, author_id, visibility, body_text,
                 '<p>' || replace(replace(body_text, E'\\n\\n', '</p><p>'), E'\\n', '<br>') || '</p>', at
            from (
              select t.organization_id, t.id as ticket_id,
                     t.created_at + (t.updated_at - t.created_at) * ((k - 1)::float8 / greatest(b.comments - 1, 1)) as at,
                     case when k % 2 = 1 then 'contact' else 'agent' end as author_type,
                     case when k % 2 = 1 then t.requester_id else coalesce(t.assignee_id, o.owner_id) end as author_id,
                     case when k % 2 = 0 and random() < 0.15 then 'internal' else 'public' end as visibility,
                     case when k % 2 = 1 then
                       E'Hello,\\n\\n' || x.customer[1 + floor(random() * cardinality(x.customer))::int] || ' '
                         || x.customer[1 + floor(random() * cardinality(x.customer))::int]
                         || E'\\n\\nBest regards,\\n' || 'Customer'
                     else
                       E'Hi,\\n\\n' || x.agent[1 + floor(random() * cardinality(x.agent))::int] || ' '
                         || x.agent[1 + floor(random() * cardinality(x.agent))::int]
                         || E'\\n\\nKind regards,\\nSupport'
                     end as body_text
                from bench_tickets b
                join tickets t on t.organization_id = b.organization_id and t.id = b.id
                join bench_orgs o on o.id = b.organization_id
                cross join bench_text x
                cross join lateral generate_series(1, b.comments) k) generated`,
  },
  {
    label: 'audit events (ticket.created, ticket.comment_added)',
    sql: `insert into audit_events (organization_id, id, actor_type, actor_id, action, entity_type, entity_id,
                                  changes, created_at)
          select t.organization_id, pg_temp.uuid7(t.created_at), 'agent', o.owner_id, 'ticket.created', 'ticket', t.id,
                 jsonb_build_object('subject', t.subject, 'requesterId', t.requester_id, 'statusId', t.status_id,
                                    'priorityId', t.priority_id, 'assigneeId', t.assignee_id),
                 t.created_at
            from tickets t join bench_orgs o on o.id = t.organization_id;
          insert into audit_events (organization_id, id, actor_type, actor_id, action, entity_type, entity_id,
                                  changes, created_at)
          select organization_id, pg_temp.uuid7(created_at), author_type, author_id, 'ticket.comment_added',
                 'ticket', ticket_id, jsonb_build_object('commentId', id, 'visibility', visibility), created_at
            from ticket_comments where organization_id in (select id from bench_orgs)`,
  },
  {
    label: 'ticket counters',
    sql: `insert into ticket_counters (organization_id, last_number)
          select id, tickets from bench_orgs
          on conflict (organization_id) do update set last_number = excluded.last_number`,
  },
];

/**
 * Fills the database with set-based SQL: every organization beyond the signed-up ones, agents,
 * contacts, tickets, their conversations and audit trail, all satisfying the schema's constraints.
 * Then VACUUM ANALYZE and a CHECKPOINT, so the measurements start from a settled database.
 */
export async function generate(input: GenerateInput): Promise<void> {
  const client = new pg.Client({ connectionString: input.databaseUrl });
  await client.connect();
  const timed = async (label: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    input.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  try {
    await client.query(`set synchronous_commit = off; set work_mem = '256MB'; select setseed(0.42)`);
    await client.query(UUID7);
    // floor(exponential with mean m) is geometric with mean 1 / (e^(1/m) - 1): m is chosen to make that
    // the wanted number of replies per ticket, so the comments add up to the size asked for.
    const replies = Math.max(0, input.comments / input.tickets - 1);
    const exponentialMean = replies > 0 ? 1 / Math.log(1 + 1 / replies) : 0;
    await timed('organization sizes', () =>
      client.query(ORGANIZATIONS, [
        input.organizations,
        input.tickets,
        input.signedUp.map((organization) => organization.organizationId),
        input.signedUp.map((organization) => organization.ownerId),
      ]),
    );
    await client.query(
      'create temp table bench_text as select $1::text[] as subjects, $2::text[] as customer, $3::text[] as agent',
      [SUBJECTS, CUSTOMER_PHRASES, AGENT_PHRASES],
    );
    for (const step of steps(input.signedUp.length, exponentialMean)) {
      await timed(step.label, () => client.query(step.sql));
    }
    await timed('vacuum analyze', () => client.query('vacuum analyze'));
    await timed('checkpoint', () => client.query('checkpoint'));
  } finally {
    await client.end();
  }
}
