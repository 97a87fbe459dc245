-- SLA timers on tickets. A ticket's timers are derived from its history (audit events), so the
-- times that history carries come from the application's clock: a transaction sets app.now, and
-- tests drive a clock of their own through it.
create function app_now() returns timestamptz language sql stable as $$
  select coalesce(nullif(current_setting('app.now', true), '')::timestamptz, now())
$$;
alter table audit_events alter column created_at set default app_now();
alter table tickets alter column created_at set default app_now();
alter table ticket_comments alter column created_at set default app_now();

-- The comment that opens a ticket is the request, not an answer: say so on its event. Until now it
-- was the one written in the creating transaction, at the creation's instant.
update audit_events c set changes = c.changes || '{"opensTicket": true}'
  from audit_events t
 where c.action = 'ticket.comment_added' and t.action = 'ticket.created'
   and t.organization_id = c.organization_id and t.entity_id = c.entity_id
   and t.created_at = c.created_at;

-- One row per timer of a ticket: its current cycle as last derived. Rewritten whenever the ticket's
-- history, its policy or its calendar changes; the scheduler reads next_check_at.
create table sla_timers (
  organization_id uuid not null references organizations (id) on delete cascade,
  ticket_id uuid not null,
  timer text not null check (timer in ('first_response', 'next_response', 'resolution')),
  policy_id uuid not null,
  -- next_response counts its cycles (one per customer message awaiting an answer); the others 1.
  cycle integer not null default 1,
  target_minutes integer not null,
  hours text not null check (hours in ('business', 'calendar')),
  calendar_id uuid not null,
  state text not null check (state in ('running', 'paused', 'stopped', 'fulfilled')),
  -- Stages already announced by an sla_events row, so each is announced once per timer state.
  stage text not null check (stage in ('ok', 'at_risk', 'breached')),
  started_at timestamptz not null,
  -- Only while running: the instants the timer becomes at risk and breaches.
  at_risk_at timestamptz,
  due_at timestamptz,
  fulfilled_at timestamptz,
  -- Business minutes used and left as of computed_at (exact while not running).
  used_minutes double precision not null,
  remaining_minutes double precision not null,
  computed_at timestamptz not null,
  -- The next instant this timer changes stage on its own: at_risk_at, then due_at; null when none.
  next_check_at timestamptz,
  -- How the due time came about, for the explain view.
  explanation jsonb not null default '{}',
  primary key (organization_id, ticket_id, timer),
  foreign key (organization_id, ticket_id) references tickets (organization_id, id) on delete cascade
);
-- The scheduler's one question, across organizations: which timers change stage by now.
create index sla_timers_next_check_idx on sla_timers (next_check_at) where next_check_at is not null;

-- The metric event log: applied, paused, resumed, fulfilled, at_risk, breached.
create table sla_events (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  ticket_id uuid not null,
  timer text not null check (timer in ('first_response', 'next_response', 'resolution')),
  cycle integer not null,
  kind text not null check (kind in ('applied', 'paused', 'resumed', 'fulfilled', 'at_risk', 'breached')),
  policy_id uuid not null,
  -- When it happened on the ticket (a breach at its due instant), and when it was written down.
  occurred_at timestamptz not null,
  recorded_at timestamptz not null default app_now(),
  details jsonb not null default '{}',
  primary key (organization_id, id),
  foreign key (organization_id, ticket_id) references tickets (organization_id, id) on delete cascade
);
create index sla_events_ticket_idx on sla_events (organization_id, ticket_id, occurred_at);
create index sla_events_report_idx on sla_events (organization_id, kind, occurred_at);

-- The queue's "next due" sort: the earliest due instant among a ticket's running timers,
-- 'infinity' when none runs, so the column sorts and pages like any other.
alter table tickets add column sla_due_at timestamptz not null default 'infinity';
create index tickets_sla_due_idx on tickets (organization_id, sla_due_at, id);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['sla_timers', 'sla_events'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;
