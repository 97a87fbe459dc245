-- In-app notifications for agents (assigned to you, mentioned, customer replied on your ticket, SLA at
-- risk on your ticket), written in the transaction of the change that caused them, and each agent's
-- choice of which kinds also reach them by email. In-app is always on.

create table notifications (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  agent_id uuid not null,
  kind text not null check (kind in ('assigned', 'mentioned', 'customer_replied', 'sla_at_risk')),
  ticket_id uuid not null,
  -- The agent who caused it; null for a customer, an automation rule or the SLA clock.
  actor_agent_id uuid,
  comment_id uuid,
  details jsonb not null default '{}',
  read_at timestamptz,
  created_at timestamptz not null default app_now(),
  primary key (organization_id, id),
  foreign key (organization_id, agent_id) references agents (organization_id, id) on delete cascade,
  foreign key (organization_id, ticket_id) references tickets (organization_id, id) on delete cascade
);
-- An agent's list and the bell's count: newest first (ids are time-ordered), unread ones alone.
create index notifications_agent_idx on notifications (organization_id, agent_id, id desc);
create index notifications_agent_unread_idx on notifications (organization_id, agent_id, id desc)
  where read_at is null;

-- Only the kinds an agent changed are stored; a missing row means email on.
create table notification_preferences (
  organization_id uuid not null references organizations (id) on delete cascade,
  agent_id uuid not null,
  kind text not null check (kind in ('assigned', 'mentioned', 'customer_replied', 'sla_at_risk')),
  email boolean not null,
  primary key (organization_id, agent_id, kind),
  foreign key (organization_id, agent_id) references agents (organization_id, id) on delete cascade
);

alter table email_deliveries
  drop constraint email_deliveries_notification_check,
  add constraint email_deliveries_notification_check
    check (notification in ('assigned', 'mentioned', 'customer_replied', 'sla_at_risk'));

alter table email_templates
  drop constraint email_templates_kind_check,
  add constraint email_templates_kind_check
    check (kind in ('acknowledgement', 'assigned', 'mentioned', 'customer_replied', 'sla_at_risk'));

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['notifications', 'notification_preferences'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;
