import type pg from 'pg';
import { type SlaOrganization, standardTargets } from './sla-setup.ts';

// Set-based SQL in the manner of generate.ts: staging tables in the session, then one insert per
// table. Ids are UUIDv7 of each row's own time (pg_temp.uuid7, created by the caller).

type Step = { sql: string; params: unknown[] };

const PRIORITY_PICK = `case when priority_roll < 0.15 then 'Low' when priority_roll < 0.75 then 'Normal'
                            when priority_roll < 0.93 then 'High' else 'Urgent' end`;

/** Contacts for `tickets` tickets: one per three, with a company each (policies may look at it). */
function contactSteps(org: SlaOrganization, contacts: number, now: Date): Step[] {
  return [
    { sql: 'drop table if exists sla_contacts', params: [] },
    {
      sql: `create temp table sla_contacts as
            select g as seq, $2::timestamptz - interval '400 days' + interval '1 second' * g as created_at,
                   pg_temp.uuid7($2::timestamptz - interval '400 days' + interval '1 second' * g) as id
              from generate_series(1, $1::int) g`,
      params: [contacts, now],
    },
    {
      sql: `insert into contacts (organization_id, id, email, name, company, created_at, updated_at)
            select $1::uuid, id, 'customer' || seq || '@customers.example', 'Customer ' || seq, 'Company ' || (seq % 50),
                   created_at, created_at
              from sla_contacts`,
      params: [org.organizationId],
    },
  ];
}

/**
 * Open tickets created over the last 30 days (more of them recently), each a conversation of
 * 1 + geometric comments, customer and agent taking turns 1 to 48 hours apart (a tenth of the agent's
 * are internal notes). After an agent's comment the status may move to Waiting on customer (which
 * pauses), In progress, or Resolved (only when the customer writes again); a customer's message
 * after Waiting or Resolved reopens the ticket. Every comment and change has its audit event, and
 * the first comment is marked as opening the ticket, as the application writes them.
 */
function historySteps(org: SlaOrganization, tickets: number, now: Date): Step[] {
  const o = org.organizationId;
  return [
    { sql: 'drop table if exists sla_tickets, sla_comments, sla_changes', params: [] },
    {
      sql: `create temp table sla_tickets as
            with born as (
              select n as number, $2::timestamptz - interval '1 hour' - interval '30 days' * random() ^ 2 as created_at,
                     least(12, 1 + floor(-ln(1 - random()) * 2.5))::int as comments,
                     exp(random() * ln(48)) as gap_hours,
                     1 + floor($3::int * random())::int as requester_seq,
                     random() as priority_roll, random() as tag_roll, random() as source_roll
                from generate_series(1, $1::int) n)
            select b.*, pg_temp.uuid7(b.created_at) as id,
                   least($2::timestamptz - interval '1 minute',
                         b.created_at + interval '1 hour' * b.gap_hours * (b.comments - 1)) as last_at
              from born b`,
      params: [tickets, now, Math.ceil(tickets / 3)],
    },
    {
      sql: `create temp table sla_comments as
            select s.*, pg_temp.uuid7(s.at) as id,
                   case when s.author_type = 'agent' then
                     case when s.roll < 0.35 then 'Waiting on customer' when s.roll < 0.55 then 'In progress'
                          when s.roll < 0.62 and not s.last then 'Resolved' end end as agent_to
              from (select t.id as ticket_id, k, k = t.comments as last, random() as roll,
                           t.created_at + (t.last_at - t.created_at) * ((k - 1)::float8 / greatest(t.comments - 1, 1)) as at,
                           case when k % 2 = 1 then 'contact' else 'agent' end as author_type,
                           case when k % 2 = 1 then c.id else $1::uuid end as author_id,
                           case when k % 2 = 0 and random() < 0.1 then 'internal' else 'public' end as visibility
                      from sla_tickets t
                      join sla_contacts c on c.seq = t.requester_seq
                     cross join lateral generate_series(1, t.comments) k) s`,
      params: [org.ownerId],
    },
    {
      sql: `create temp table sla_changes as
            with wanted as (
              select ticket_id, at + interval '1 second' as at, author_type, author_id,
                     case when author_type = 'agent' then agent_to
                          when lag(agent_to) over (partition by ticket_id order by k)
                                 in ('Waiting on customer', 'Resolved') then 'Open' end as to_name
                from sla_comments),
            chained as (
              select w.*, coalesce(lag(to_name) over (partition by ticket_id order by at), 'Open') as from_name
                from wanted w where to_name is not null)
            select *, pg_temp.uuid7(at) as id from chained where to_name <> from_name`,
      params: [],
    },
    { sql: 'analyze sla_tickets, sla_comments, sla_changes', params: [] },
    {
      sql: `insert into tickets (organization_id, id, number, subject, requester_id, status_id, priority_id,
                                 created_at, updated_at, version, assignee_id, tags, source, first_response_at)
            select $1::uuid, t.id, t.number, 'Order ' || t.number || ' has not arrived', c.id,
                   ($2::jsonb ->> coalesce(last.to_name, 'Open'))::uuid, ($3::jsonb ->> ${PRIORITY_PICK})::uuid,
                   t.created_at, t.last_at, 1 + t.comments + coalesce(last.changes, 0),
                   case when t.comments > 1 then $4::uuid end,
                   case when tag_roll < 0.5 then '{}' when tag_roll < 0.75 then '{billing}'
                        when tag_roll < 0.9 then '{bug}' else '{vip}' end::text[],
                   case when source_roll < 0.6 then 'email' when source_roll < 0.9 then 'portal' else 'api' end,
                   answered.first_at
              from sla_tickets t
              join sla_contacts c on c.seq = t.requester_seq
              left join (select distinct on (ticket_id) ticket_id, to_name, count(*) over (partition by ticket_id) as changes
                           from sla_changes order by ticket_id, at desc) last on last.ticket_id = t.id
              left join (select ticket_id, min(at) as first_at from sla_comments
                          where author_type = 'agent' and visibility = 'public' group by ticket_id) answered
                     on answered.ticket_id = t.id
             order by t.number`,
      params: [o, org.statuses, org.priorities, org.ownerId],
    },
    {
      sql: `insert into ticket_comments (organization_id, id, ticket_id, author_type, author_id, visibility,
                                         body_text, body_html, created_at)
            select $1::uuid, id, ticket_id, author_type, author_id, visibility, body, '<p>' || body || '</p>', at
              from (select *, case when author_type = 'contact' then 'My order has still not arrived. Any news?'
                                   else 'We are looking into it and will get back to you.' end as body
                      from sla_comments) m`,
      params: [o],
    },
    {
      sql: `insert into audit_events (organization_id, id, actor_type, actor_id, action, entity_type, entity_id,
                                      changes, created_at)
            select $1::uuid, pg_temp.uuid7(t.created_at), 'contact', c.id, 'ticket.created', 'ticket', t.id,
                   jsonb_build_object('subject', 'Order ' || t.number || ' has not arrived', 'requesterId', c.id,
                                      'statusId', $2::jsonb ->> 'Open', 'priorityId', tk.priority_id,
                                      'assigneeId', null),
                   t.created_at
              from sla_tickets t
              join sla_contacts c on c.seq = t.requester_seq
              join tickets tk on tk.organization_id = $1 and tk.id = t.id`,
      params: [o, org.statuses],
    },
    {
      sql: `insert into audit_events (organization_id, id, actor_type, actor_id, action, entity_type, entity_id,
                                      changes, created_at)
            select $1::uuid, pg_temp.uuid7(at), author_type, author_id, 'ticket.comment_added', 'ticket', ticket_id,
                   jsonb_build_object('commentId', id, 'visibility', visibility)
                     || case when k = 1 then '{"opensTicket": true}' else '{}' end::jsonb,
                   at
              from sla_comments
            union all
            select $1::uuid, id, author_type, author_id, 'ticket.status_changed', 'ticket', ticket_id,
                   jsonb_build_object('field', 'statusId', 'from', $2::jsonb ->> from_name, 'to', $2::jsonb ->> to_name)
                     || case when author_type = 'contact' then '{"reason": "customer_reply"}' else '{}' end::jsonb,
                   at
              from sla_changes`,
      params: [o, org.statuses],
    },
  ];
}

/**
 * Open tickets whose timers are written directly (not derived): a creation event each (so a check
 * that comes due can derive them again), first-response and resolution timers as the Standard
 * policy would have them, running and ok, at risk at a random instant in the next 14 days.
 */
function timedTicketSteps(org: SlaOrganization, tickets: number, now: Date): Step[] {
  const o = org.organizationId;
  const targets = (timer: 'firstResponse' | 'resolution') =>
    `case t.priority ${['Low', 'Normal', 'High', 'Urgent'].map((p) => `when '${p}' then ${standardTargets(p)[timer]}`).join(' ')} end`;
  return [
    { sql: 'drop table if exists sla_timed', params: [] },
    {
      sql: `create temp table sla_timed as
            select n as number, s.*, pg_temp.uuid7(s.created_at) as id,
                   $2::timestamptz + interval '1 minute' + interval '14 days' * random() as at_risk_at
              from generate_series(1, $1::int) n
             cross join lateral (
               select $2::timestamptz - interval '1 hour' - interval '30 days' * random() ^ 2 as created_at,
                      1 + floor($3::int * random())::int as requester_seq,
                      ${PRIORITY_PICK} as priority
                 from (select random() as priority_roll, n) r) s`,
      params: [tickets, now, Math.ceil(tickets / 3)],
    },
    {
      sql: `insert into tickets (organization_id, id, number, subject, requester_id, status_id, priority_id,
                                 created_at, updated_at, source, sla_due_at)
            select $1::uuid, t.id, t.number, 'Order ' || t.number || ' has not arrived', c.id, ($2::jsonb ->> 'Open')::uuid,
                   ($3::jsonb ->> t.priority)::uuid, t.created_at, t.created_at, 'email', t.at_risk_at + interval '1 hour'
              from sla_timed t join sla_contacts c on c.seq = t.requester_seq
             order by t.number`,
      params: [o, org.statuses, org.priorities],
    },
    {
      sql: `insert into audit_events (organization_id, id, actor_type, actor_id, action, entity_type, entity_id,
                                      changes, created_at)
            select $1::uuid, pg_temp.uuid7(t.created_at), 'contact', c.id, 'ticket.created', 'ticket', t.id,
                   jsonb_build_object('subject', 'Order ' || t.number || ' has not arrived', 'requesterId', c.id,
                                      'statusId', $2::jsonb ->> 'Open', 'priorityId', $3::jsonb ->> t.priority,
                                      'assigneeId', null),
                   t.created_at
              from sla_timed t join sla_contacts c on c.seq = t.requester_seq`,
      params: [o, org.statuses, org.priorities],
    },
    {
      sql: `insert into sla_timers (organization_id, ticket_id, timer, policy_id, cycle, target_minutes, hours,
                                    calendar_id, state, stage, started_at, at_risk_at, due_at, used_minutes,
                                    remaining_minutes, computed_at, next_check_at)
            select $1::uuid, t.id, x.timer, (select id from sla_policies where organization_id = $1 and name = 'Standard'),
                   1, x.target, 'business', $3, 'running', 'ok', t.created_at, x.at_risk_at,
                   x.at_risk_at + interval '1 hour', x.target / 2.0, x.target / 2.0, $2, x.at_risk_at
              from sla_timed t
             cross join lateral (values
               ('first_response', ${targets('firstResponse')}, t.at_risk_at),
               ('resolution', ${targets('resolution')}, t.at_risk_at + interval '2 days')
             ) as x(timer, target, at_risk_at)`,
      params: [o, now, org.calendarId],
    },
  ];
}

async function run(client: pg.Client, org: SlaOrganization, steps: Step[]): Promise<void> {
  await client.query('begin');
  try {
    for (const step of steps) await client.query(step.sql, step.params);
    await client.query(
      `insert into ticket_counters (organization_id, last_number)
       select $1::uuid, coalesce(max(number), 0) from tickets where organization_id = $1
       on conflict (organization_id) do update set last_number = excluded.last_number`,
      [org.organizationId],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

export function generateHistories(client: pg.Client, org: SlaOrganization, tickets: number, now: Date) {
  return run(client, org, [
    ...contactSteps(org, Math.ceil(tickets / 3), now),
    ...historySteps(org, tickets, now),
  ]);
}

export function generateTimedTickets(client: pg.Client, org: SlaOrganization, tickets: number, now: Date) {
  return run(client, org, [
    ...contactSteps(org, Math.ceil(tickets / 3), now),
    ...timedTicketSteps(org, tickets, now),
  ]);
}
