-- Automation rules (trigger, conditions, actions as versioned JSON data), the log of their runs, and
-- each ticket's cursor into its own event history: the audit events and SLA stage events are the
-- outbox the automation job reads after the change that wrote them commits.

create table automation_rules (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  name text not null,
  -- Rules run in position order for each event, each seeing the ticket as the ones before left it.
  position integer not null,
  enabled boolean not null default true,
  -- The shape of trigger, conditions and actions; a later version reads older rules as they were saved.
  schema_version integer not null default 1,
  trigger jsonb not null check (jsonb_typeof(trigger) = 'object'),
  conditions jsonb not null default '{}' check (jsonb_typeof(conditions) = 'object'),
  actions jsonb not null check (jsonb_typeof(actions) = 'array'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id)
);
create index automation_rules_position_idx on automation_rules (organization_id, position);

-- The last event of the ticket the automation job has dealt with (an audit_events or sla_events id:
-- both are time-ordered UUIDs written under the ticket's row lock, so they rise in commit order).
create table automation_cursors (
  organization_id uuid not null references organizations (id) on delete cascade,
  ticket_id uuid not null,
  last_event_id uuid not null,
  updated_at timestamptz not null default now(),
  primary key (organization_id, ticket_id),
  foreign key (organization_id, ticket_id) references tickets (organization_id, id) on delete cascade
);

-- One row per rule whose trigger an event matched: what its conditions said and what it changed.
create table automation_runs (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  rule_id uuid not null,
  ticket_id uuid not null,
  event_id uuid not null,
  event_type text not null,
  -- How many automation-caused changes led to the triggering event (0: a person or the SLA clock).
  depth integer not null,
  outcome text not null check (outcome in ('applied', 'no_change', 'not_matched', 'loop_stopped', 'failed')),
  conditions jsonb not null default '[]',
  changes jsonb not null default '[]',
  error text,
  created_at timestamptz not null default app_now(),
  primary key (organization_id, id),
  -- A rule fires at most once per ticket per triggering event, whatever retries the job makes.
  unique (organization_id, rule_id, event_id),
  foreign key (organization_id, rule_id) references automation_rules (organization_id, id) on delete cascade,
  foreign key (organization_id, ticket_id) references tickets (organization_id, id) on delete cascade
);
create index automation_runs_rule_idx on automation_runs (organization_id, rule_id, id desc);
create index automation_runs_ticket_idx on automation_runs (organization_id, ticket_id);

-- The job reads a ticket's events after its cursor; audit events by id for that.
create index audit_events_entity_id_idx on audit_events (organization_id, entity_type, entity_id, id);
create index sla_events_ticket_id_idx on sla_events (organization_id, ticket_id, id);

-- Tickets that exist now start after their latest event: rules act on what happens from here on,
-- never on history replayed.
insert into automation_cursors (organization_id, ticket_id, last_event_id)
select t.organization_id, t.id, last.id
  from tickets t
  cross join lateral (
    select greatest(
      (select a.id from audit_events a
        where a.organization_id = t.organization_id and a.entity_type = 'ticket' and a.entity_id = t.id
        order by a.id desc limit 1),
      (select e.id from sla_events e
        where e.organization_id = t.organization_id and e.ticket_id = t.id
        order by e.id desc limit 1)) as id
  ) last
 where last.id is not null;

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['automation_rules', 'automation_cursors', 'automation_runs'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;
