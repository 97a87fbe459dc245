-- Automation actions that reach out: a team's manager (whom escalations email), the round-robin
-- pointer of each team, automatic emails to requesters and agents, and webhooks with their delivery log.

-- The team's manager (its lead): an agent of the organization; cleared when the agent is deleted.
alter table teams
  add column manager_id uuid,
  add foreign key (organization_id, manager_id) references agents (organization_id, id) on delete set null (manager_id);

-- The last agent a round-robin assignment chose in each team; the next one follows it in id order.
create table automation_round_robin (
  organization_id uuid not null references organizations (id) on delete cascade,
  team_id uuid not null,
  last_agent_id uuid not null,
  updated_at timestamptz not null default now(),
  primary key (organization_id, team_id),
  foreign key (organization_id, team_id) references teams (organization_id, id) on delete cascade
);

-- Emails a rule sends are 'automatic': to the requester (a contact; rate-limited together with
-- acknowledgements) or to an agent, never both. They carry the rule's subject and body templates,
-- filled in when the message is built.
alter table email_deliveries
  add column subject_template text,
  add column body_template text,
  drop constraint email_deliveries_kind_check,
  add constraint email_deliveries_kind_check
    check (kind in ('reply', 'acknowledgement', 'notification', 'automatic')),
  drop constraint email_deliveries_addressee_check,
  add constraint email_deliveries_addressee_check check (
    case when kind = 'notification' then agent_id is not null and notification is not null
         when kind = 'automatic' then (agent_id is null) <> (contact_id is null)
         else contact_id is not null end),
  add constraint email_deliveries_template_check check (
    (kind = 'automatic') = (subject_template is not null and body_template is not null));

-- One webhook call a rule made: what is sent (the same body on every attempt) and how it ended.
create table webhook_deliveries (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  rule_id uuid not null,
  ticket_id uuid not null,
  event_id uuid not null,
  url text not null,
  -- The rule's secret when the call was made: a later change of the rule does not re-sign old calls.
  secret text,
  payload text not null,
  state text not null default 'queued' check (state in ('queued', 'delivered', 'failed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id),
  foreign key (organization_id, rule_id) references automation_rules (organization_id, id) on delete cascade,
  foreign key (organization_id, ticket_id) references tickets (organization_id, id) on delete cascade
);
create index webhook_deliveries_rule_idx on webhook_deliveries (organization_id, rule_id, id desc);

-- Each attempt of a call: the HTTP status it got (null when none came), the error, how long it took.
create table webhook_attempts (
  organization_id uuid not null references organizations (id) on delete cascade,
  delivery_id uuid not null,
  attempt integer not null,
  status_code integer,
  error text,
  duration_ms integer not null,
  created_at timestamptz not null default now(),
  primary key (organization_id, delivery_id, attempt),
  foreign key (organization_id, delivery_id) references webhook_deliveries (organization_id, id) on delete cascade
);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['automation_round_robin', 'webhook_deliveries', 'webhook_attempts'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;
